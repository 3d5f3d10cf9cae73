// Reading playlist.toml into a Playlist, with every problem of the file reported.
#pragma once

#include "diagnostics.hpp"
#include "playlist.hpp"

#include <filesystem>
#include <memory>
#include <optional>

namespace tsr {

struct LoadOptions {
    /// "Now", for warnings about things that will never show (a past one-off, an ended
    /// window). nullopt: no such warnings. The loader never reads the real clock itself.
    std::optional<Instant> now;
    /// Check that named files exist and look inside audio (MPEG-4) and SVG files. Tests of
    /// the schedule alone turn it off.
    bool check_files = true;
};

struct LoadResult {
    std::shared_ptr<const Playlist> playlist; ///< null when there were errors
    Diagnostics diagnostics;
};

/// `where` is the playlist folder or its .toml file.
LoadResult load_playlist(const std::filesystem::path& where, const LoadOptions& options = {});

/// The playlist.toml a folder-or-file argument names.
std::filesystem::path playlist_file_of(const std::filesystem::path& where);

/// Folder of built-in templates (agenda.svg, ...): the first of template_dir_candidates()
/// (install_paths.hpp) that exists, else the configured data dir.
std::filesystem::path builtin_templates_dir();

} // namespace tsr
