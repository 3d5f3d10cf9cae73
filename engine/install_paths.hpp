// Where an installed tsr finds its plugin and built-in templates, with no environment
// variables and from any prefix: beside the binary first (a tree moved or unpacked elsewhere,
// e.g. `dpkg -x`), then the prefix it was configured for (config.h). An uninstalled build
// finds the source tree's templates through build/tsr-uninstalled, a file meson writes into
// the build tree only; no source-tree path is compiled into the binary.
#pragma once

#include <filesystem>
#include <vector>

namespace tsr {

/// Folders that may hold the built-in templates (agenda.svg, ...), best first, without
/// checking that they exist: $TSR_TEMPLATES_DIR when set; PREFIX/share/tsr/templates of the
/// tree the running program (or the library holding this code) is installed in; the build
/// tree's source templates; the configured TSR_DATADIR/templates (always last).
std::vector<std::filesystem::path> template_dir_candidates();

/// Files that may be the tsr GStreamer plugin (libgsttsr.so), best first, unchecked: beside
/// the running program's tree (PREFIX/<plugindir>/), then the configured TSR_PLUGINDIR.
std::vector<std::filesystem::path> installed_plugin_candidates();

/// Folders that may hold the message catalogs (LANG/LC_MESSAGES/tsr.mo), best first,
/// unchecked: the build tree's po/ (build/tsr-uninstalled, second line), PREFIX/share/locale
/// beside the running program, the configured TSR_LOCALEDIR (always last).
std::vector<std::filesystem::path> locale_dir_candidates();

/// `dir` without `tail`'s trailing components ("/opt/t/usr/bin" less "bin" is "/opt/t/usr");
/// empty when `dir` does not end with them. Both lexically normal.
std::filesystem::path strip_tail(const std::filesystem::path& dir,
                                 const std::filesystem::path& tail);

} // namespace tsr
