#include "show_pipeline.hpp"

#include "install_paths.hpp"

#include <glib.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <utility>
#include <vector>

namespace tsr {

namespace {

bool have_elements() {
    for (const char* name : {"tsrslidesrc", "tsrtickersrc", "tsrcompose"}) {
        GstElementFactory* f = gst_element_factory_find(name);
        if (!f) return false;
        gst_object_unref(f);
    }
    return true;
}

/// Heights of the two layers as negotiated; sets the ticker pad's ypos when both are known.
struct Placement {
    std::mutex mutex;
    int display_height = 0;
    int strip_height = 0;
    GstPad* ticker_pad = nullptr; ///< tsrcompose sink pad of the ticker (owned)

    ~Placement() {
        if (ticker_pad) gst_object_unref(ticker_pad);
    }
};

struct ProbeData {
    Placement* placement;
    bool is_ticker;
};

GstPadProbeReturn on_caps(GstPad*, GstPadProbeInfo* info, gpointer user_data) {
    GstEvent* event = GST_PAD_PROBE_INFO_EVENT(info);
    if (GST_EVENT_TYPE(event) != GST_EVENT_CAPS) return GST_PAD_PROBE_OK;
    GstCaps* caps = nullptr;
    gst_event_parse_caps(event, &caps);
    int height = 0;
    if (!caps || !gst_structure_get_int(gst_caps_get_structure(caps, 0), "height", &height))
        return GST_PAD_PROBE_OK;
    auto* d = static_cast<ProbeData*>(user_data);
    Placement& p = *d->placement;
    std::lock_guard lock(p.mutex);
    (d->is_ticker ? p.strip_height : p.display_height) = height;
    if (p.display_height > 0 && p.strip_height > 0)
        g_object_set(p.ticker_pad, "ypos", p.display_height - p.strip_height, nullptr);
    return GST_PAD_PROBE_OK;
}

GstElement* make(const char* factory, const char* name, std::string* error) {
    GstElement* e = gst_element_factory_make(factory, name);
    if (!e && error && error->empty())
        *error = std::string("the GStreamer element \"") + factory +
                 "\" is missing; install the packages listed in tools/packages.txt";
    return e;
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
        *error = "the tsr GStreamer plugin (tsrslidesrc, tsrtickersrc, tsrcompose) was not found; "
                 "build it "
                 "(tools/tsr does) or set GST_PLUGIN_PATH to build/plugins" +
                 tried;
    return false;
}

GstElement* make_show_bin(const ShowOptions& options, std::string* error) {
    std::string err;
    GstElement* slides = make("tsrslidesrc", "slides", &err);
    GstElement* slide_caps = make("capsfilter", "slide-caps", &err);
    GstElement* ticker = make("tsrtickersrc", "ticker", &err);
    GstElement* ticker_caps = make("capsfilter", "ticker-caps", &err);
    GstElement* mix = make("tsrcompose", "mix", &err);
    GstElement* mix_caps = make("capsfilter", "mix-caps", &err);
    GstElement* all[] = {slides, slide_caps, ticker, ticker_caps, mix, mix_caps};
    if (!err.empty()) {
        for (GstElement* e : all)
            if (e) gst_object_unref(gst_object_ref_sink(e));
        if (error) *error = err;
        return nullptr;
    }

    for (GstElement* src : {slides, ticker}) {
        g_object_set(src, "playlist", options.playlist.c_str(), "start", options.start.c_str(),
                     "num-buffers", options.num_buffers, nullptr);
    }
    GstCaps* bgrx = gst_caps_from_string("video/x-raw, format=(string)BGRx");
    for (GstElement* f : {slide_caps, ticker_caps, mix_caps})
        g_object_set(f, "caps", bgrx, nullptr);
    gst_caps_unref(bgrx);

    GstElement* bin = gst_bin_new("tsr-show");
    gst_bin_add_many(GST_BIN(bin), slides, slide_caps, ticker, ticker_caps, mix, mix_caps, nullptr);

    GstPad* slide_pad = gst_element_request_pad_simple(mix, "sink_%u");
    GstPad* ticker_pad = gst_element_request_pad_simple(mix, "sink_%u");
    g_object_set(slide_pad, "zorder", 0u, nullptr);
    // Off screen until both heights are known (see on_caps).
    g_object_set(ticker_pad, "zorder", 1u, "ypos", G_MAXINT / 2, nullptr);

    bool linked = gst_element_link(slides, slide_caps) && gst_element_link(ticker, ticker_caps);
    for (auto [from, to] : {std::pair{slide_caps, slide_pad}, std::pair{ticker_caps, ticker_pad}}) {
        GstPad* pad = gst_element_get_static_pad(from, "src");
        linked = linked && gst_pad_link(pad, to) == GST_PAD_LINK_OK;
        gst_object_unref(pad);
    }
    linked = linked && gst_element_link(mix, mix_caps);

    auto* placement = new Placement();
    placement->ticker_pad = ticker_pad; // takes the request pad's reference
    g_object_set_data_full(G_OBJECT(bin), "tsr-placement", placement,
                           [](gpointer p) { delete static_cast<Placement*>(p); });
    for (bool is_ticker : {false, true}) {
        GstPad* probe_pad = gst_element_get_static_pad(is_ticker ? ticker_caps : slide_caps, "src");
        gst_pad_add_probe(probe_pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_caps,
                          new ProbeData{placement, is_ticker},
                          [](gpointer p) { delete static_cast<ProbeData*>(p); });
        gst_object_unref(probe_pad);
    }
    gst_object_unref(slide_pad);

    GstPad* out = gst_element_get_static_pad(mix_caps, "src");
    GstPad* ghost = gst_ghost_pad_new("src", out);
    gst_object_unref(out);
    gst_pad_set_active(ghost, TRUE);
    gst_element_add_pad(bin, ghost);

    if (!linked) {
        if (error) *error = "the show's elements could not be linked";
        gst_object_unref(gst_object_ref_sink(bin));
        return nullptr;
    }
    return bin;
}

} // namespace tsr
