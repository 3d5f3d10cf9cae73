#include "tsr_plugin.hpp"
#include "i18n.hpp"

#include "install_paths.hpp"

#include <glib.h>
#include <gst/gst.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace tsr {

namespace {

bool have_elements() {
    for (const char* name : {"tsrshow", "tsrslidesrc", "tsrtickersrc", "tsrcompose",
                             "tsrremindersrc", "tsrdeadline"}) {
        GstElementFactory* f = gst_element_factory_find(name);
        if (!f) return false;
        gst_object_unref(f);
    }
    return true;
}

} // namespace

bool ensure_tsr_plugin(std::string* error) {
    if (have_elements()) return true;
    std::vector<std::filesystem::path> candidates;
    if (const char* root = std::getenv("TSR_BUILD_ROOT"))
        candidates.push_back(std::filesystem::path(root) / "plugins" / "libgsttsr.so");
    if (gchar* exe = g_file_read_link("/proc/self/exe", nullptr)) {
        std::filesystem::path dir = std::filesystem::path(exe).parent_path();
        g_free(exe);
        candidates.push_back(dir.parent_path() / "plugins" / "libgsttsr.so");
        candidates.push_back(dir / "libgsttsr.so");
    }
    // Installed: GStreamer does not scan /usr/local's (or an unpacked tree's) plugin folder.
    for (const auto& path : installed_plugin_candidates())
        candidates.push_back(path);
    std::string tried;
    for (const auto& path : candidates) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) continue;
        GError* err = nullptr;
        GstPlugin* plugin = gst_plugin_load_file(path.c_str(), &err);
        if (plugin) gst_object_unref(plugin);
        if (err) {
            tried += "\n  " + path.string() + ": " + err->message;
            g_error_free(err);
        }
        if (have_elements()) return true;
    }
    if (error)
        *error = _("the tsr GStreamer plugin (tsrshow and its elements) was not found; build "
                   "it (tools/tsr does) or set GST_PLUGIN_PATH to build/plugins") +
                 tried;
    return false;
}

} // namespace tsr
