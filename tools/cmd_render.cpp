// `tsr render PLAYLIST --at T -o FILE.png`: the composed screen (slide, ticker, clock) exactly
// as it shows at T. Same code path as playout: the tsrshow element (its picture) runs non-live
// from start=T for one frame into pngenc.
#include "cli.hpp"
#include "commands.hpp"
#include "i18n.hpp"
#include "playlist_context.hpp"
#include "text_checks.hpp"
#include "tsr_plugin.hpp"

#include <gst/gst.h>

#include <cctype>
#include <filesystem>
#include <iostream>

namespace tsr {

namespace {

/// Runs `pipeline` to EOS. Returns the error text, empty on success.
std::string run_to_eos(GstElement* pipeline) {
    if (gst_element_set_state(pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
        // The error message on the bus says why; fall through to read it.
    }
    GstBus* bus = gst_element_get_bus(pipeline);
    std::string error;
    for (;;) {
        GstMessage* msg = gst_bus_timed_pop_filtered(
            bus, 60 * GST_SECOND, GstMessageType(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
        if (!msg) {
            error = _("no picture after 60 s");
            break;
        }
        if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR) {
            GError* err = nullptr;
            gchar* debug = nullptr;
            gst_message_parse_error(msg, &err, &debug);
            error = err->message;
            if (g_getenv("TSR_DEBUG") && debug) error += std::string("\n(") + debug + ")";
            g_clear_error(&err);
            g_free(debug);
        }
        gst_message_unref(msg);
        break;
    }
    gst_object_unref(bus);
    gst_element_set_state(pipeline, GST_STATE_NULL);
    return error;
}

/// The GStreamer encoder for the picture file `out` names, by its extension (any case);
/// null for an extension render does not write.
const char* encoder_for(const std::filesystem::path& out) {
    std::string ext = out.extension().string();
    for (char& c : ext)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".png") return "pngenc";
    if (ext == ".jpg" || ext == ".jpeg") return "jpegenc";
    return nullptr;
}

} // namespace

int cmd_render(int argc, char** argv) {
    const std::string usage =
        _("tsr render PLAYLIST --at \"2026-11-30 09:00\" -o FILE.png|FILE.jpg");
    std::string error;
    auto args = cli::Args::parse(argc, argv, {"at", "output-file"}, {"quiet"}, &error, true);
    if (!args) return cli::usage_error("render", error, usage);
    if (args->positional.size() != 1)
        return cli::usage_error("render", _("give one playlist folder or playlist.toml"), usage);
    if (!args->has("at")) return cli::usage_error("render", _("--at T is required"), usage);
    if (!args->has("output-file") || args->get("output-file").empty())
        return cli::usage_error("render", _("-o FILE.png is required"), usage);
    const std::string where = args->positional[0];
    const std::filesystem::path out = args->get("output-file");
    // The picture format follows the name: PNG data under a .jpg name is refused by viewers
    // that trust the extension.
    const char* encoder = encoder_for(out);
    if (!encoder)
        return cli::usage_error("render",
                                i18n::format(_("-o %s: write a file name ending in .png or .jpg"),
                                             excerpt(out.string(), 80)),
                                usage);

    // Only a playlist that `check` accepts is rendered; problems one a line, exit 1.
    auto playlist = cli::load_or_report(where, std::nullopt, false);
    if (!playlist) {
        std::cerr << "tsr render: " << playlist_file_of(where).string() << ": "
                  << _("the playlist was not accepted") << "\n";
        return cli::bad_input;
    }
    auto at = cli::parse_time_arg(*playlist, "at", args->get("at"));
    if (!at) return cli::usage_error("render", _("--at: not a date-time"), usage);

    gst_init(nullptr, nullptr);
    if (!ensure_tsr_plugin(&error)) {
        std::cerr << "tsr render: " << error << "\n";
        return cli::runtime_failure;
    }
    // The elements parse `start` in the playlist's zone: hand them the instant as ISO 8601
    // with its offset, so that nothing is parsed twice differently. The picture alone.
    GstElement* show = gst_element_factory_make("tsrshow", "show");
    if (!show) {
        std::cerr << "tsr render: "
                  << i18n::format(_("the GStreamer element \"%s\" is missing; install the packages "
                                    "listed in tools/packages.txt"),
                                  "tsrshow")
                  << "\n";
        return cli::runtime_failure;
    }
    g_object_set(show, "audio", FALSE, "playlist", where.c_str(), "start",
                 format_iso(playlist->zone, *at).c_str(), "num-buffers", 1, nullptr);
    GstElement* pipeline = gst_pipeline_new("tsr-render");
    // The playlist checked above is the one rendered: the elements do not load it again.
    set_playlist_context(pipeline, playlist, 1, where);
    GstElement* convert = gst_element_factory_make("videoconvert", nullptr);
    GstElement* enc = gst_element_factory_make(encoder, nullptr);
    GstElement* sink = gst_element_factory_make("filesink", nullptr);
    if (!convert || !enc || !sink) {
        std::cerr << "tsr render: "
                  << i18n::format(_("videoconvert, %s or filesink is missing; install "
                                    "gstreamer1.0-plugins-base and -good"),
                                  encoder)
                  << "\n";
        for (GstElement* e : {convert, enc, sink})
            if (e) gst_object_unref(gst_object_ref_sink(e));
        gst_object_unref(gst_object_ref_sink(show));
        gst_object_unref(gst_object_ref_sink(pipeline));
        return cli::runtime_failure;
    }
    g_object_set(enc, "snapshot", TRUE, nullptr); // pngenc and jpegenc: EOS after one frame
    if (std::string(encoder) == "jpegenc") g_object_set(enc, "quality", 92, nullptr);
    g_object_set(sink, "location", out.c_str(), nullptr);
    gst_bin_add_many(GST_BIN(pipeline), show, convert, enc, sink, nullptr);
    if (!gst_element_link_many(show, convert, enc, sink, nullptr)) {
        std::cerr << "tsr render: " << _("the render pipeline could not be linked") << "\n";
        gst_object_unref(pipeline);
        return cli::runtime_failure;
    }
    error = run_to_eos(pipeline);
    gst_object_unref(pipeline);
    if (!error.empty()) {
        std::cerr << "tsr render: " << error << "\n";
        std::error_code ec;
        std::filesystem::remove(out, ec);
        return cli::runtime_failure;
    }
    if (!args->has("quiet")) std::cout << out.string() << "\n";
    return cli::ok;
}

} // namespace tsr
