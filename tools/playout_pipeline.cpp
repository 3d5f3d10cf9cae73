#include "playout_pipeline.hpp"
#include "i18n.hpp"

#include "playlist_context.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <utility>

namespace tsr {

namespace {

// Audio in 40 ms buffers instead of tsrremindersrc's default 10 ms: a quarter of the buffers
// to hand from thread to thread. Reminders are still placed to the sample.
constexpr int kAudioSamplesPerBuffer = 1920;
constexpr std::uint64_t kAudioBufferNs = 40'000'000;

/// Live: buffers of two frame periods (3200 samples at 30 fps), as long as the video's own
/// latency (one frame in its sources, one in tsrcompose), so that the pipeline's latency, and
/// with it when anything shows or sounds, stays the video's, while the audio thread wakes
/// 15 times a second instead of 25.
int live_audio_samples_per_buffer(int framerate) {
    return framerate > 0 ? int(gst_util_uint64_scale_int(2, 48000, framerate))
                         : kAudioSamplesPerBuffer;
}

/// A property of the show's child `name` (a gint, guint or gboolean), if it has that child.
template <typename T>
void set_child(GstElement* show, const char* name, const char* property, T value) {
    if (GstElement* child = gst_bin_get_by_name(GST_BIN(show), name)) {
        g_object_set(child, property, value, nullptr);
        gst_object_unref(child);
    }
}

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
    g_object_set(
        show, "playlist", run.playlist_arg.c_str(), "start", start.c_str(), "samples-per-buffer",
        sync ? live_audio_samples_per_buffer(playlist->display.framerate) : kAudioSamplesPerBuffer,
        nullptr);
    // Screens and `null` sync on the clock and so pace the sound: the reminders then need not
    // wait on the clock as well (a second wake-up of their thread for every buffer). A live
    // recording's filesink does not sync: there the reminders keep the pace. The video
    // sources keep their clock waits: paced by tsrcompose instead, they would be woken at
    // every one of its pad signals (measured: 2.4 a frame each, against 1).
    if (sinks_pace_show(out, sync)) set_child(show, "reminders", "sync", FALSE);
    // Live, an unchanged slide goes to tsrcompose as one buffer of about a third of a second
    // (it repeats it frame by frame), and so does the ticker's window (tsrcompose moves it
    // frame by frame, TsrScrollMeta): each thread wakes about 3 times a second instead of at
    // every frame (30). A reload or an announcement shows at most two thirds of a second later.
    if (sync && out.has_video())
        for (const char* source : {"slides", "ticker"})
            set_child(show, source, "frames-per-buffer",
                      guint(std::max(1, playlist->display.framerate / 3)));
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
