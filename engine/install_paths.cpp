#include "install_paths.hpp"

#include "config.h"

#include <glib.h>

#include <dlfcn.h>
#include <fstream>
#include <string>

namespace tsr {

namespace fs = std::filesystem;

namespace {

/// `path` relative to the configured prefix ("lib/x86_64-linux-gnu/gstreamer-1.0"); empty
/// when it lies outside it (then only the configured absolute path is used).
fs::path under_prefix(const char* path) {
    fs::path rel = fs::path(path).lexically_relative(TSR_PREFIX);
    if (rel.empty() || *rel.begin() == "..") return {};
    return rel;
}

fs::path program_dir() {
    gchar* exe = g_file_read_link("/proc/self/exe", nullptr);
    if (!exe) return {};
    fs::path dir = fs::path(exe).parent_path();
    g_free(exe);
    return dir;
}

/// The folder of the binary holding this code: the tsr program, or the plugin library when
/// the plugin runs in another program (gst-launch-1.0).
fs::path code_dir() {
    Dl_info info{};
    if (!dladdr(reinterpret_cast<void*>(&template_dir_candidates), &info) || !info.dli_fname)
        return {};
    fs::path file(info.dli_fname);
    if (!file.is_absolute()) return {};
    return file.parent_path();
}

/// Line `index` of build/tsr-uninstalled (0: the templates folder, 1: the message catalogs),
/// for a binary in build/tools or build/plugins; empty when there is none.
fs::path uninstalled_line(const fs::path& dir, int index) {
    std::ifstream in(dir.parent_path() / "tsr-uninstalled");
    std::string line;
    for (int i = 0; i <= index; ++i)
        if (!in || !std::getline(in, line)) return {};
    if (line.empty() || line.size() > 4000) return {};
    return line;
}

fs::path uninstalled_templates(const fs::path& dir) {
    return uninstalled_line(dir, 0);
}

void add(std::vector<fs::path>& out, const fs::path& p) {
    if (p.empty()) return;
    for (const fs::path& q : out)
        if (q == p) return;
    out.push_back(p);
}

} // namespace

fs::path strip_tail(const fs::path& dir, const fs::path& tail) {
    fs::path d = dir.lexically_normal();
    if (!d.empty() && !d.has_filename()) d = d.parent_path(); // "a/b/" -> "a/b"
    fs::path t = tail.lexically_normal();
    if (t.empty() || t.is_absolute()) return {};
    std::vector<fs::path> parts(t.begin(), t.end());
    if (!parts.empty() && parts.back().empty()) parts.pop_back();
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        if (d.filename() != *it) return {};
        d = d.parent_path();
    }
    return d;
}

std::vector<fs::path> template_dir_candidates() {
    std::vector<fs::path> out;
    if (const char* env = g_getenv("TSR_TEMPLATES_DIR"); env && *env) add(out, env);
    const fs::path data = under_prefix(TSR_DATADIR);
    const fs::path bin = under_prefix(TSR_BINDIR);
    const fs::path plugins = under_prefix(TSR_PLUGINDIR);
    const fs::path prog = program_dir();
    const fs::path code = code_dir();
    if (!data.empty()) {
        if (fs::path root = strip_tail(prog, bin); !bin.empty() && !root.empty())
            add(out, root / data / "templates");
        if (fs::path root = strip_tail(code, plugins); !plugins.empty() && !root.empty())
            add(out, root / data / "templates");
    }
    if (!prog.empty()) add(out, uninstalled_templates(prog));
    if (!code.empty()) add(out, uninstalled_templates(code));
    add(out, fs::path(TSR_DATADIR) / "templates");
    return out;
}

std::vector<fs::path> locale_dir_candidates() {
    std::vector<fs::path> out;
    const fs::path prog = program_dir();
    const fs::path code = code_dir();
    if (!prog.empty()) add(out, uninstalled_line(prog, 1));
    if (!code.empty()) add(out, uninstalled_line(code, 1));
    const fs::path locale = under_prefix(TSR_LOCALEDIR);
    const fs::path bin = under_prefix(TSR_BINDIR);
    if (!locale.empty() && !bin.empty())
        if (fs::path root = strip_tail(prog, bin); !root.empty()) add(out, root / locale);
    add(out, fs::path(TSR_LOCALEDIR));
    return out;
}

std::vector<fs::path> installed_plugin_candidates() {
    std::vector<fs::path> out;
    const fs::path bin = under_prefix(TSR_BINDIR);
    const fs::path plugins = under_prefix(TSR_PLUGINDIR);
    if (!bin.empty() && !plugins.empty())
        if (fs::path root = strip_tail(program_dir(), bin); !root.empty())
            add(out, root / plugins / "libgsttsr.so");
    add(out, fs::path(TSR_PLUGINDIR) / "libgsttsr.so");
    return out;
}

} // namespace tsr
