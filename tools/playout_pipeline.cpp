#include "playout_pipeline.hpp"
#include "i18n.hpp"

#include "playlist_context.hpp"

#include <cmath>
#include <filesystem>
#include <utility>

namespace tsr {

namespace {

// Audio in 40 ms buffers instead of tsrremindersrc's default 10 ms: a quarter of the buffers
// to hand from thread to thread (live, about 4 ms of CPU a second less: bench/README.md).
// Reminders are still placed to the sample, and the pipeline's latency stays the video's
// (87 ms), so nothing sounds later.
constexpr int kAudioSamplesPerBuffer = 1920;
constexpr std::uint64_t kAudioBufferNs = 40'000'000;

} // namespace

OutputSpec output_for_attempt(const OutputSpec& output, int attempt) {
    OutputSpec out = output;
    if (out.kind == OutputSpec::Kind::file && attempt > 1) {
        std::filesystem::path p(out.path);
        out.path = (p.parent_path() /
                    (p.stem().string() + "-" + std::to_string(attempt) + p.extension().string()))
                       .string();
    }
    return out;
}

std::string error_text(GstMessage* msg) {
    GError* err = nullptr;
    gchar* dbg = nullptr;
    gst_message_parse_error(msg, &err, &dbg);
    std::string text = err ? err->message : _("unknown error");
    while (!text.empty() && (text.back() == '.' || text.back() == '\n'))
        text.pop_back();
    GST_DEBUG("error debug: %s", dbg ? dbg : "");
    if (err) g_error_free(err);
    g_free(dbg);
    return text;
}

GstElement* show_of(GstElement* pipeline) {
    return gst_bin_get_by_name(GST_BIN(pipeline), "show");
}

GstElement* make_playout_pipeline(std::shared_ptr<const Playlist> playlist, const ShowRun& run,
                                  OutputSpec out, std::string* error) {
    out.show_width = playlist->display.width;
    out.show_height = playlist->display.height;
    out.show_framerate = playlist->display.framerate;
    bool sync = !run.start; // live outputs follow the clock; simulated runs go flat out
    std::string desc;
    if (out.has_video())
        desc = "tsrshow name=show show.video ! " + video_sink_description(out, sync) +
               " show.audio ! ";
    else
        desc = "tsrshow name=show video=false ! ";
    desc += audio_sink_description(out, sync);
    GError* err = nullptr;
    GstElement* pipeline = gst_parse_launch(desc.c_str(), &err);
    if (!pipeline || err) {
        *error = i18n::format(_("could not build the output (%s); check that the GStreamer plugins "
                                "in tools/packages.txt are installed"),
                              err ? err->message : "?");
        if (err) g_error_free(err);
        if (pipeline) gst_object_unref(gst_object_ref_sink(pipeline));
        return nullptr;
    }
    gst_object_ref_sink(pipeline);
    // The one playlist of this pipeline: its elements take it instead of loading the file.
    set_playlist_context(pipeline, playlist, run.generation, run.playlist_arg);
    const std::string start = run.start ? format_iso(playlist->zone, *run.start) : "";
    GstElement* show = show_of(pipeline);
    g_object_set(show, "playlist", run.playlist_arg.c_str(), "start", start.c_str(),
                 "samples-per-buffer", kAudioSamplesPerBuffer, nullptr);
    // Simulated runs end by themselves; live ones end on the duration timer.
    if (run.duration && run.start) {
        const auto ns = std::uint64_t(run.duration->count()) * 1000;
        const double frames = double(run.duration->count()) / 1e6 * playlist->display.framerate;
        g_object_set(show, "audio-num-buffers", gint((ns + kAudioBufferNs - 1) / kAudioBufferNs),
                     "num-buffers", gint(std::ceil(frames)), nullptr);
    }
    gst_object_unref(show);
    return pipeline;
}

} // namespace tsr
