// Time to first frame and frame timing of the engine's show, measured in-process.
//   frame_probe PLAYLIST [--start "YYYY-MM-DD HH:MM"] [--frames N] [--no-audio] [--check-files]
// --check-files: the playlist is loaded as `tsr play` loads it (files looked into: video slides
// are measured and so take their place in the rotation); by default the files are not opened.
// Builds the same pipeline as `tsr record -o null` / `tsr play -o null` (plugins/tsrshow.cpp,
// tools/output_spec.cpp): tsrslidesrc and tsrtickersrc, BGRx, into tsrcompose,
// queue, fakesink; tsrremindersrc ! tsrdeadline ! queue ! fakesink. With --start the run is
// simulated (non-live, flat out); without it, live at the real time of day with sync=true,
// the way the TV plays.
// Prints:
//   first_frame_ms  from process start (kernel start time of this process) to the first video
//                   buffer reaching the sink: gst_init, registry, playlist load, first SVG render,
//                   ticker layout, negotiation, preroll
//   live only: latency_ms (the pipeline's), late_frames (frames rendered later than their
//                   running time + latency + one frame period), max_late_ms (worst lateness past
//                   running time + latency); both after the first second, whose worst lateness
//                   (start-up: first picture, preroll) is first_second_max_late_ms
//   live: the run lasts --frames / framerate seconds from PLAYING; frames due in it, and the
//   buffers
//                   tsrslidesrc and tsrtickersrc made (each should make one a frame)
//   cpu_ms, cpu_ms_per_frame: user+sys CPU of the whole process (start-up included)
//   live: slide_changes (new pictures from tsrslidesrc), late frames near one (from 0.1 s before
//                   to 0.5 s after) and elsewhere (other load on the machine, the ticker...)
//   renders / renders_in_place of tsrslidesrc (in place = on the streaming thread, not ahead)
//   max_gap_ms      largest wall interval between two consecutive frames at the sink
//   live, with --reload-from DIR: 2 s into the run a worker thread loads DIR as `tsr play`
//                   loads an edit (speech synthesized, documents converted, everything checked)
//                   and publishes it for the running elements: reload_ms (how long the load
//                   took), reload_ok, late_during_reload (late frames while it ran)
#include "playlist_context.hpp"
#include "playlist_loader.hpp"
#include "render/ticker_strip.hpp"

#include <gst/gst.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

/// Milliseconds since this process was started by the kernel (CLOCK_MONOTONIC base: boot).
double ms_since_process_start() {
    std::ifstream f("/proc/self/stat");
    std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::istringstream rest(all.substr(all.rfind(')') + 2));
    std::string field;
    unsigned long long start_ticks = 0;
    for (int i = 3; i <= 22 && rest >> field; ++i)
        if (i == 22) start_ticks = std::stoull(field);
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double now_ms = double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
    return now_ms - double(start_ticks) * 1e3 / double(sysconf(_SC_CLK_TCK));
}

struct Probe {
    std::mutex mutex;
    double first_frame_ms = -1;
    std::vector<double> arrivals_ms; // steady clock
    int late = 0;
    double max_late_ms = 0;
    GstClockTime frame_ns = 0;
    std::atomic<GstClockTime> latency_ns{GST_CLOCK_TIME_NONE};
    GstClockTime last_pts = GST_CLOCK_TIME_NONE;
    std::atomic<int> slide_buffers{0}, ticker_buffers{0};
    std::vector<GstClockTime> late_pts;   ///< PTS of the late frames (after the first second)
    std::vector<GstClockTime> change_pts; ///< PTS where tsrslidesrc's picture changed
    const GstMemory* last_picture = nullptr;
    int pts_backwards = 0;
    double worst_late_pts_s = -1, backwards_pts_s = -1, startup_max_late_ms = 0;
    GstElement* pipeline = nullptr;
};

/// fakesink "handoff": called when the sink renders the buffer, after its clock wait.
void on_handoff(GstElement*, GstBuffer* buf, GstPad*, gpointer data) {
    auto* p = static_cast<Probe*>(data);
    const double now = std::chrono::duration<double, std::milli>(
                           std::chrono::steady_clock::now().time_since_epoch())
                           .count();
    std::lock_guard lock(p->mutex);
    if (p->first_frame_ms < 0) p->first_frame_ms = ms_since_process_start();
    p->arrivals_ms.push_back(now);
    if (GST_BUFFER_PTS_IS_VALID(buf)) {
        if (p->last_pts != GST_CLOCK_TIME_NONE && GST_BUFFER_PTS(buf) <= p->last_pts) {
            ++p->pts_backwards;
            p->backwards_pts_s = double(GST_BUFFER_PTS(buf)) / 1e9;
        }
        p->last_pts = GST_BUFFER_PTS(buf);
    }
    if (GstClock* clock = gst_element_get_clock(p->pipeline)) {
        GstClockTime running = gst_clock_get_time(clock) - gst_element_get_base_time(p->pipeline);
        gst_object_unref(clock);
        if (GST_BUFFER_PTS_IS_VALID(buf) && p->latency_ns != GST_CLOCK_TIME_NONE) {
            // Due at pts + the pipeline's latency; later than that by more than a frame: late.
            double late = (double(running) - double(GST_BUFFER_PTS(buf) + p->latency_ns)) / 1e6;
            // The first second is start-up (first picture, preroll): reported apart.
            if (GST_BUFFER_PTS(buf) < GST_SECOND) {
                p->startup_max_late_ms = std::max(p->startup_max_late_ms, late);
                return;
            }
            if (late > double(p->frame_ns) / 1e6) {
                ++p->late;
                p->late_pts.push_back(GST_BUFFER_PTS(buf));
            }
            if (late > p->max_late_ms) {
                p->max_late_ms = late;
                p->worst_late_pts_s = double(GST_BUFFER_PTS(buf)) / 1e9;
            }
        }
    }
}

GstPadProbeReturn count_buffer(GstPad*, GstPadProbeInfo*, gpointer counter) {
    static_cast<std::atomic<int>*>(counter)->fetch_add(1);
    return GST_PAD_PROBE_OK;
}

/// On tsrslidesrc's src pad: a new picture is new memory (the same one is pushed by reference).
GstPadProbeReturn on_slide_buffer(GstPad*, GstPadProbeInfo* info, gpointer data) {
    auto* p = static_cast<Probe*>(data);
    GstBuffer* buf = GST_PAD_PROBE_INFO_BUFFER(info);
    p->slide_buffers.fetch_add(1);
    const GstMemory* mem = gst_buffer_n_memory(buf) > 0 ? gst_buffer_peek_memory(buf, 0) : nullptr;
    std::lock_guard lock(p->mutex);
    if (mem != p->last_picture && p->last_picture && GST_BUFFER_PTS_IS_VALID(buf))
        p->change_pts.push_back(GST_BUFFER_PTS(buf));
    p->last_picture = mem;
    return GST_PAD_PROBE_OK;
}

void count_src_buffers(GstElement* pipeline, const char* name, std::atomic<int>* counter) {
    GstElement* e = gst_bin_get_by_name(GST_BIN(pipeline), name);
    GstPad* pad = gst_element_get_static_pad(e, "src");
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, count_buffer, counter, nullptr);
    gst_object_unref(pad);
    gst_object_unref(e);
}

} // namespace

int main(int argc, char** argv) {
    std::string playlist, start, reload_from;
    int frames = 90;
    bool audio = true;
    bool check_files = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--start" && i + 1 < argc)
            start = argv[++i];
        else if (a == "--frames" && i + 1 < argc)
            frames = std::atoi(argv[++i]);
        else if (a == "--no-audio")
            audio = false;
        else if (a == "--check-files")
            check_files = true;
        else if (a == "--reload-from" && i + 1 < argc)
            reload_from = argv[++i];
        else
            playlist = a;
    }
    if (playlist.empty()) {
        std::fprintf(stderr, "usage: frame_probe PLAYLIST [--start T] [--frames N] [--no-audio]\n");
        return 2;
    }
    gst_init(&argc, &argv);
    tsr::LoadResult loaded =
        tsr::load_playlist(playlist, {.now = std::nullopt, .check_files = check_files});
    if (!loaded.playlist) {
        std::fprintf(stderr, "frame_probe: %s does not load\n", playlist.c_str());
        return 1;
    }
    const auto& d = loaded.playlist->display;
    const bool live = start.empty();
    const std::string common = "playlist=\"" + playlist + "\" start=\"" + start + "\"";
    const std::string sync = live ? "true" : "false";
    // Live runs end on a timer (below), not on a count of buffers.
    const std::string nbuf = std::to_string(live ? -1 : frames);
    const std::string nbuf_audio =
        std::to_string(live ? -1 : (frames * 100 + d.framerate - 1) / d.framerate);
    std::string desc =
        "tsrslidesrc name=slides " + common + " num-buffers=" + nbuf +
        " ! video/x-raw,format=BGRx ! tsrcompose name=mix "
        "sink_0::zorder=0 sink_1::zorder=1 sink_1::ypos=" +
        std::to_string(d.height - tsr::ticker_height(d.height)) +
        " ! video/x-raw,format=BGRx ! queue max-size-buffers=3 max-size-time=0 max-size-bytes=0 "
        "! fakesink name=vout signal-handoffs=true sync=" +
        sync + " tsrtickersrc name=ticker " + common + " num-buffers=" + nbuf +
        " ! video/x-raw,format=BGRx ! mix.sink_1";
    if (audio)
        desc += " tsrremindersrc name=reminders " + common + " num-buffers=" + nbuf_audio +
                " ! tsrdeadline " + common +
                " ! queue max-size-time=1000000000 max-size-buffers=0 max-size-bytes=0 ! fakesink "
                "sync=" +
                sync;
    GError* err = nullptr;
    GstElement* pipeline = gst_parse_launch(desc.c_str(), &err);
    if (!pipeline || err) {
        std::fprintf(stderr, "frame_probe: %s\n", err ? err->message : "no pipeline");
        return 3;
    }
    Probe probe;
    probe.pipeline = pipeline;
    probe.frame_ns = gst_util_uint64_scale(GST_SECOND, 1, std::max(1, d.framerate));
    GstElement* vout = gst_bin_get_by_name(GST_BIN(pipeline), "vout");
    g_signal_connect(vout, "handoff", G_CALLBACK(on_handoff), &probe);
    gst_object_unref(vout);
    {
        GstElement* e = gst_bin_get_by_name(GST_BIN(pipeline), "slides");
        GstPad* pad = gst_element_get_static_pad(e, "src");
        gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, on_slide_buffer, &probe, nullptr);
        gst_object_unref(pad);
        gst_object_unref(e);
    }
    count_src_buffers(pipeline, "ticker", &probe.ticker_buffers);

    gst_element_set_state(pipeline, GST_STATE_PLAYING);
    if (live) {
        gst_element_get_state(pipeline, nullptr, nullptr, 10 * GST_SECOND);
        GstQuery* q = gst_query_new_latency();
        GstClockTime min = 0;
        if (gst_element_query(pipeline, q)) gst_query_parse_latency(q, nullptr, &min, nullptr);
        gst_query_unref(q);
        probe.latency_ns = min;
    }
    // The edit, loaded beside the live pipeline as tsr play does, then taken over by it.
    std::atomic<double> reload_ms{-1};
    std::atomic<bool> reload_ok{false};
    std::atomic<GstClockTime> reload_from_rt{GST_CLOCK_TIME_NONE},
        reload_to_rt{GST_CLOCK_TIME_NONE};
    std::thread reloader;
    auto running_time = [pipeline]() -> GstClockTime {
        GstClock* clock = gst_element_get_clock(pipeline);
        if (!clock) return GST_CLOCK_TIME_NONE;
        const GstClockTime now = gst_clock_get_time(clock);
        gst_object_unref(clock);
        return now - gst_element_get_base_time(pipeline);
    };
    if (live && !reload_from.empty())
        reloader = std::thread([&] {
            std::this_thread::sleep_for(std::chrono::seconds(2));
            reload_from_rt = running_time();
            const auto t0 = std::chrono::steady_clock::now();
            tsr::LoadResult r = tsr::load_playlist(reload_from, {.now = std::nullopt});
            reload_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count();
            reload_to_rt = running_time();
            reload_ok = r.playlist != nullptr;
            if (r.playlist) tsr::set_playlist_context(pipeline, r.playlist, 2, playlist);
        });
    GstBus* bus = gst_element_get_bus(pipeline);
    // Live: the run lasts frames / framerate of wall time (plus start-up), whatever the
    // sources make; a live source that makes fewer buffers must not stretch the run.
    const GstClockTime limit =
        live ? gst_util_uint64_scale(GST_SECOND, frames, std::max(1, d.framerate))
             : GST_CLOCK_TIME_NONE;
    GstMessage* msg =
        gst_bus_timed_pop_filtered(bus, limit, GstMessageType(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
    int rc = 0;
    if (msg && GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR) {
        GError* e = nullptr;
        gst_message_parse_error(msg, &e, nullptr);
        std::fprintf(stderr, "frame_probe: %s\n", e ? e->message : "error");
        if (e) g_error_free(e);
        rc = 3;
    }
    if (msg) gst_message_unref(msg);
    gst_object_unref(bus);
    if (reloader.joinable()) reloader.join();
    if (live) gst_element_set_state(pipeline, GST_STATE_PAUSED);
    guint64 renders = 0, in_place = 0;
    GstElement* slides = gst_bin_get_by_name(GST_BIN(pipeline), "slides");
    g_object_get(slides, "renders", &renders, "renders-in-place", &in_place, nullptr);
    gst_object_unref(slides);
    guint64 layouts = 0;
    GstElement* ticker = gst_bin_get_by_name(GST_BIN(pipeline), "ticker");
    g_object_get(ticker, "layouts", &layouts, nullptr);
    gst_object_unref(ticker);
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(pipeline);

    double max_gap = 0;
    for (std::size_t i = 1; i < probe.arrivals_ms.size(); ++i)
        max_gap = std::max(max_gap, probe.arrivals_ms[i] - probe.arrivals_ms[i - 1]);
    std::printf(
        "frame_probe %s frames=%zu last_pts_s=%.3f pts_not_increasing=%d first_frame_ms=%.0f "
        "renders=%llu renders_in_place=%llu ticker_layouts=%llu max_gap_ms=%.1f",
        live ? "live" : "simulated", probe.arrivals_ms.size(),
        probe.last_pts == GST_CLOCK_TIME_NONE ? -1.0 : double(probe.last_pts) / 1e9,
        probe.pts_backwards, probe.first_frame_ms, (unsigned long long)renders,
        (unsigned long long)in_place, (unsigned long long)layouts, max_gap);
    if (live)
        std::printf(" run_s=%.1f (%d frames due) slide_src_buffers=%d ticker_src_buffers=%d",
                    double(frames) / d.framerate, frames, probe.slide_buffers.load(),
                    probe.ticker_buffers.load());
    if (live)
        std::printf(" latency_ms=%.1f late_frames=%d max_late_ms=%.1f (frame at %.3f s) "
                    "first_second_max_late_ms=%.1f",
                    double(probe.latency_ns.load()) / 1e6, probe.late, probe.max_late_ms,
                    probe.worst_late_pts_s, probe.startup_max_late_ms);
    if (probe.pts_backwards) std::printf(" (pts not increasing at %.3f s)", probe.backwards_pts_s);
    if (live) {
        // A late frame "near a slide change": from 0.1 s before a new picture to 0.5 s after.
        int near = 0;
        for (GstClockTime t : probe.late_pts)
            for (GstClockTime c : probe.change_pts)
                if (t + GST_SECOND / 10 >= c && t <= c + GST_SECOND / 2) {
                    ++near;
                    break;
                }
        std::printf(" slide_changes=%zu late_near_change=%d late_elsewhere=%d",
                    probe.change_pts.size(), near, int(probe.late_pts.size()) - near);
    }
    if (!reload_from.empty()) {
        int during = 0;
        for (GstClockTime t : probe.late_pts)
            if (reload_from_rt.load() != GST_CLOCK_TIME_NONE && t >= reload_from_rt.load() &&
                t <= reload_to_rt.load() + probe.latency_ns.load())
                ++during;
        std::printf(" reload_ms=%.0f reload_ok=%d late_during_reload=%d", reload_ms.load(),
                    int(reload_ok.load()), during);
    }
    // CPU of the whole process (all threads, start-up included): live, what the TV costs.
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    const double cpu_ms = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                          double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    std::printf(" cpu_ms=%.0f cpu_ms_per_frame=%.2f", cpu_ms,
                probe.arrivals_ms.empty() ? 0.0 : cpu_ms / double(probe.arrivals_ms.size()));
    std::printf("\n");
    return rc;
}
