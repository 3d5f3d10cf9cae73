// tsrtickersrc under GstHarness: the strip's size, exact motion (speed px per second), layout
// only when the messages change, layout ahead on the worker (the same pictures, switched at the
// same frame), live timestamps from the (test) clock.
#include "live_test_clock.hpp"
#include "test_support.hpp"

#include "civil_time.hpp"
#include "playlist_context.hpp"
#include "playlist_loader.hpp"
#include "render/ticker_strip.hpp"
#include "scroll_meta.hpp"

#include <boost/test/unit_test.hpp>
#include <gst/check/gstharness.h>
#include <gst/check/gsttestclock.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace {

using tsr::test::TempPlaylist;
using Harness = std::unique_ptr<GstHarness, decltype(&gst_harness_teardown)>;

struct GstInit {
    GstInit() { gst_init(nullptr, nullptr); }
};
BOOST_TEST_GLOBAL_FIXTURE(GstInit);

const int kWidth = 320;

std::string playlist_text(const std::string& extra = "", const std::string& ticker_extra = "") {
    return R"(
[office]
name = "Kantor Uji"
timezone = "Asia/Jakarta"

[display]
width = 320
height = 180
framerate = 10

[ticker]
speed = 60
messages = ["Pelayanan buka Senin-Jumat pukul 08.00-16.00 WIB", "Harap antre"]
)" + ticker_extra +
           R"(
[[slide]]
template = "info"
duration = "5s"
title = "Satu"
)" + extra;
}

Harness make_harness(const TempPlaylist& pl, const std::string& start, int num_buffers,
                     bool prelayout = true) {
    Harness h(gst_harness_new("tsrtickersrc"), gst_harness_teardown);
    g_object_set(h->element, "playlist", pl.dir().c_str(), "start", start.c_str(), "num-buffers",
                 num_buffers, "prelayout", prelayout, nullptr);
    return h;
}

struct Picture {
    int width = 0, height = 0;
    std::vector<std::uint8_t> bytes; ///< BGRA rows, width*4 apart
    GstClockTime pts = GST_CLOCK_TIME_NONE;
    const std::uint8_t* px(int x, int y) const { return bytes.data() + (y * width + x) * 4; }
};

/// The picture `buf` shows, its window moved `columns` pixels right (a frame of a buffer that
/// scrolls, TsrScrollMeta: what tsrcompose shows).
Picture picture_of(GstHarness* h, GstBuffer* buf, guint32 columns = 0) {
    GstCaps* caps = gst_pad_get_current_caps(h->sinkpad);
    GstVideoInfo info;
    BOOST_REQUIRE(gst_video_info_from_caps(&info, caps));
    gst_caps_unref(caps);
    GstVideoFrame frame;
    BOOST_REQUIRE(gst_video_frame_map(&frame, &info, buf, GST_MAP_READ));
    Picture p;
    p.width = GST_VIDEO_FRAME_WIDTH(&frame);
    p.height = GST_VIDEO_FRAME_HEIGHT(&frame);
    p.pts = GST_BUFFER_PTS(buf);
    for (int y = 0; y < p.height; ++y) {
        auto* row = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 0)) +
                    y * GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0) + columns * 4;
        p.bytes.insert(p.bytes.end(), row, row + p.width * 4);
    }
    gst_video_frame_unmap(&frame);
    return p;
}

Picture pull_picture(GstHarness* h, bool* points_into_strip = nullptr) {
    GstBuffer* buf = gst_harness_pull(h);
    BOOST_REQUIRE(buf);
    // Pool buffers are writable; a frame pointing into the strip holds the strip's read-only
    // memory (with a GstVideoMeta picking the window).
    if (points_into_strip)
        *points_into_strip = gst_buffer_get_video_meta(buf) &&
                             GST_MEMORY_IS_READONLY(gst_buffer_peek_memory(buf, 0));
    Picture p = picture_of(h, buf);
    gst_buffer_unref(buf);
    return p;
}

std::vector<Picture> pull_pictures(GstHarness* h, int n) {
    std::vector<Picture> v;
    for (int i = 0; i < n; ++i)
        v.push_back(pull_picture(h));
    return v;
}

/// The shifts s (0 <= s < width) for which later[x] == earlier[x + s] for every pixel that
/// both frames show.
std::vector<int> shifts_between(const Picture& earlier, const Picture& later) {
    std::vector<int> found;
    for (int s = 0; s < earlier.width - earlier.width / 4; ++s) {
        bool same = true;
        for (int y = 0; y < earlier.height && same; ++y)
            for (int x = 0; x + s < earlier.width && same; ++x)
                same = std::memcmp(later.px(x, y), earlier.px(x + s, y), 4) == 0;
        if (same) found.push_back(s);
    }
    return found;
}

guint64 counter(GstHarness* h, const char* name) {
    guint64 n = 0;
    g_object_get(h->element, name, &n, nullptr);
    return n;
}

guint64 layouts(GstHarness* h) {
    return counter(h, "layouts");
}

/// Pulls events up to EOS: the streaming thread is done, the counters final.
void wait_for_eos(GstHarness* h) {
    GstEvent* ev;
    bool eos = false;
    while (!eos && (ev = gst_harness_pull_event(h))) {
        eos = GST_EVENT_TYPE(ev) == GST_EVENT_EOS;
        gst_event_unref(ev);
    }
    BOOST_TEST(eos);
}

/// Waits (real time, at most 10 s) until the worker has laid out `n` strips ahead.
void wait_for_layouts_ahead(GstHarness* h, guint64 n) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (counter(h, "layouts-ahead") < n && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    BOOST_REQUIRE(counter(h, "layouts-ahead") == n);
}

/// A first picture of a simulated run from `start`, laid out synchronously in start().
Picture picture_at(const TempPlaylist& pl, const std::string& start) {
    Harness h = make_harness(pl, start, 1, false);
    gst_harness_play(h.get());
    return pull_picture(h.get());
}

/// A live harness whose wall clock (a GstTestClock) says `wall0_text` (WIB) at running time 0
/// and moves in step with the pipeline's test clock; next(k) lets frame k out and pulls it.
struct LiveRun {
    Harness h{nullptr, gst_harness_teardown};
    GstClock* wall = nullptr;
    GstClockTime wall0 = 0;

    LiveRun(const TempPlaylist& pl, const char* wall0_text) {
        auto t =
            tsr::parse_local_datetime(tsr::TimeZone::fixed(tsr::Seconds(7 * 3600)), wall0_text);
        BOOST_REQUIRE(t);
        wall0 = GstClockTime(t->time_since_epoch().count()) * 1000;
        wall = gst_test_clock_new_with_start_time(wall0);
        h = make_harness(pl, "", -1);
        g_object_set(h->element, "wall-clock", wall, nullptr);
        gst_harness_use_testclock(h.get());
        gst_harness_play(h.get());
    }
    ~LiveRun() {
        h.reset();
        gst_object_unref(wall);
    }
    /// Frame k is made before the clock lets it out; frame k + 1 right after.
    Picture next(guint64 k) {
        gst_test_clock_set_time(GST_TEST_CLOCK(wall), wall0 + k * GST_SECOND / 10);
        BOOST_REQUIRE(gst_harness_crank_single_clock_wait(h.get()));
        Picture p = pull_picture(h.get());
        BOOST_REQUIRE(p.pts == k * GST_SECOND / 10);
        return p;
    }
};

const std::vector<int> kOneFrame{6}; ///< 0.1 s at 60 px/s

/// The strip's width for the playlist at 09:00 (one loop of its messages).
int strip_width_at_nine(const TempPlaylist& pl) {
    auto loaded = tsr::load_playlist(pl.dir());
    BOOST_REQUIRE(loaded.playlist);
    auto t = tsr::parse_local_datetime(loaded.playlist->zone, "2026-11-30 09:00:00");
    BOOST_REQUIRE(t);
    return tsr::layout_ticker(*loaded.playlist, *t, kWidth).width;
}

} // namespace

BOOST_AUTO_TEST_SUITE(tickersrc)

BOOST_AUTO_TEST_CASE(strip_is_display_wide_and_band_high) {
    TempPlaylist pl;
    pl.playlist(playlist_text());
    Harness h = make_harness(pl, "2026-11-30 09:00:00", 2);
    gst_harness_play(h.get());
    Picture p = pull_picture(h.get());
    GstCaps* caps = gst_pad_get_current_caps(h->sinkpad);
    GstVideoInfo info;
    BOOST_REQUIRE(gst_video_info_from_caps(&info, caps));
    gst_caps_unref(caps);
    BOOST_TEST(GST_VIDEO_INFO_FORMAT(&info) == GST_VIDEO_FORMAT_BGRA);
    BOOST_TEST(p.width == kWidth);
    BOOST_TEST(p.height == tsr::ticker_height(180));
    BOOST_TEST(GST_VIDEO_INFO_FPS_N(&info) == 10);
    BOOST_TEST(p.pts == 0u);
    // The band is opaque, and there is text on it (not one colour).
    bool opaque = true, varied = false;
    for (int y = 0; y < p.height; ++y)
        for (int x = 0; x < p.width; ++x) {
            opaque = opaque && p.px(x, y)[3] == 255;
            varied = varied || std::memcmp(p.px(x, y), p.px(0, p.height / 2), 3) != 0;
        }
    BOOST_TEST(opaque);
    BOOST_TEST(varied);
}

BOOST_AUTO_TEST_CASE(moves_exactly_speed_pixels_a_second) {
    TempPlaylist pl;
    pl.playlist(playlist_text());
    Harness h = make_harness(pl, "2026-11-30 09:00:00", 21);
    gst_harness_play(h.get());
    std::vector<Picture> f = pull_pictures(h.get(), 21);
    for (int i = 0; i < 21; ++i)
        BOOST_TEST(f[i].pts == GstClockTime(i) * GST_SECOND / 10);
    // 1 s apart: 60 px to the left; 0.1 s apart: 6 px; and again for the next second.
    BOOST_TEST(shifts_between(f[0], f[10]) == std::vector<int>{60});
    BOOST_TEST(shifts_between(f[10], f[20]) == std::vector<int>{60});
    BOOST_TEST(shifts_between(f[0], f[1]) == std::vector<int>{6});
    BOOST_TEST(shifts_between(f[7], f[8]) == std::vector<int>{6});
    BOOST_TEST(layouts(h.get()) == 1u);
}

BOOST_AUTO_TEST_CASE(window_is_the_strip_at_speed_times_wall_time) {
    // Every screen shows the same ticker position at the same moment: the window starts at
    // column speed * (seconds since the Unix epoch) of the strip, modulo its width.
    TempPlaylist pl;
    pl.playlist(playlist_text());
    auto loaded = tsr::load_playlist(pl.dir());
    BOOST_REQUIRE(loaded.playlist);
    const tsr::Playlist& p = *loaded.playlist;
    auto t = tsr::parse_local_datetime(p.zone, "2026-11-30 09:00:00");
    BOOST_REQUIRE(t);
    tsr::TickerStrip strip = tsr::layout_ticker(p, *t, p.display.width);
    const long long seconds = t->time_since_epoch().count() / 1000000;
    const int offset = int((60LL * seconds) % strip.width);

    Harness h = make_harness(pl, "2026-11-30 09:00:00", 1);
    gst_harness_play(h.get());
    Picture f = pull_picture(h.get());
    int mismatches = 0;
    for (int y = 0; y < f.height; ++y)
        for (int x = 0; x < f.width; ++x) {
            const std::uint8_t* s =
                strip.bgra.data() + y * strip.stride + ((offset + x) % strip.width) * 4;
            mismatches += std::memcmp(s, f.px(x, y), 4) != 0;
        }
    BOOST_TEST(mismatches == 0);
}

BOOST_AUTO_TEST_CASE(frames_point_into_the_strip_when_downstream_reads_strides) {
    // Downstream that reads GstVideoMeta (tsrcompose, videoconvert) gets frames pointing into
    // the strip itself, not copies, also where the window passes the end of the loop. The
    // pixels are the same either way, frame by frame.
    TempPlaylist pl;
    pl.playlist(playlist_text());
    const int strip_width = strip_width_at_nine(pl);
    // 6 px a frame (60 px/s at 10 fps): long enough to pass the strip's end once.
    const int frames = (strip_width + kWidth) / 6 + 10;
    auto run = [&](bool meta, int* pointing) {
        Harness h = make_harness(pl, "2026-11-30 09:00:00", frames);
        if (meta)
            gst_harness_add_propose_allocation_meta(h.get(), GST_VIDEO_META_API_TYPE, nullptr);
        gst_harness_play(h.get());
        std::vector<Picture> v;
        for (int i = 0; i < frames; ++i) {
            bool into = false;
            v.push_back(pull_picture(h.get(), &into));
            *pointing += into ? 1 : 0;
        }
        return v;
    };
    int pointing_copies = 0, pointing = 0;
    const std::vector<Picture> copies = run(false, &pointing_copies);
    const std::vector<Picture> windows = run(true, &pointing);
    BOOST_TEST(pointing_copies == 0);
    // Every frame, those whose window passes the strip's end included: the strip's tail
    // repeats its start.
    BOOST_TEST(pointing == frames);
    for (int i = 0; i < frames; ++i)
        BOOST_TEST((copies[i].bytes == windows[i].bytes), "frame " << i);
}

BOOST_AUTO_TEST_CASE(lays_out_again_only_when_the_messages_change) {
    // With agenda = true, an activity that ends at 09:00:02 leaves the ticker after it ended.
    // The messages are looked at once a second of wall time: at 3 s the strip changes.
    TempPlaylist pl;
    pl.playlist(playlist_text(R"(
[[activity]]
id = "apel"
title = "Apel Pagi"
start = 2026-11-30T08:00:00
end = 2026-11-30T09:00:02
)",
                              "agenda = true\n"));
    auto run = [&](int frames) {
        Harness h = make_harness(pl, "2026-11-30 09:00:00", frames);
        gst_harness_play(h.get());
        std::vector<Picture> f = pull_pictures(h.get(), frames);
        GstEvent* ev;
        bool eos = false;
        while (!eos && (ev = gst_harness_pull_event(h.get()))) {
            eos = GST_EVENT_TYPE(ev) == GST_EVENT_EOS;
            gst_event_unref(ev);
        }
        return std::pair{f, layouts(h.get())};
    };
    // 0 .. 2.9 s: laid out once, at start.
    auto [before, layouts_before] = run(30);
    BOOST_TEST(layouts_before == 1u);
    // 0 .. 4.0 s: once more, at 3 s.
    auto [f, layouts_after] = run(41);
    BOOST_TEST(layouts_after == 2u);
    // Up to 2.9 s the text moves as one; at 3.0 s it is another text, which moves as one.
    BOOST_TEST(shifts_between(f[9], f[19]) == std::vector<int>{60});
    BOOST_TEST(shifts_between(f[19], f[29]) == std::vector<int>{60});
    BOOST_TEST(shifts_between(f[20], f[30]) != std::vector<int>{60});
    BOOST_TEST(shifts_between(f[30], f[40]) == std::vector<int>{60});
}

/// Edits the ticker's message in `pl` and sets the edited playlist on `element` as generation 2
/// of the pipeline's context (as `tsr play` does on a good edit).
static void reload_edited(TempPlaylist& pl, GstElement* element) {
    std::string edited = playlist_text();
    edited.replace(edited.find("Harap antre"), 11, "Jaga kebersihan ruang tunggu");
    pl.playlist(edited);
    tsr::LoadResult loaded = tsr::load_playlist(pl.dir());
    BOOST_REQUIRE(loaded.playlist);
    tsr::set_playlist_context(element, loaded.playlist, 2);
}

BOOST_AUTO_TEST_CASE(a_new_playlist_context_is_taken_between_two_frames) {
    TempPlaylist pl;
    pl.playlist(playlist_text());
    Harness h = make_harness(pl, "2026-11-30 09:00:00", 30);
    gst_harness_set_blocking_push_mode(h.get()); // never more than one frame ahead
    gst_harness_play(h.get());
    std::vector<Picture> before = pull_pictures(h.get(), 10);

    reload_edited(pl, h->element);

    // Frame 10 was perhaps made before the new context; frame 11 on show the new text, at the
    // same place a fresh run of the edited playlist shows it.
    std::vector<Picture> after = pull_pictures(h.get(), 15);
    BOOST_TEST(layouts(h.get()) == 2u);
    Harness fresh = make_harness(pl, "2026-11-30 09:00:02", 1);
    gst_harness_play(fresh.get());
    Picture want = pull_picture(fresh.get());
    BOOST_TEST(after[10].pts == 2 * GST_SECOND);
    BOOST_TEST((after[10].bytes == want.bytes));
    BOOST_TEST(shifts_between(after[1], after[11]) == std::vector<int>{60});
    BOOST_TEST(shifts_between(before[0], before[9]) == std::vector<int>{54});
    // Not seen coming, not live: the frame that takes the reload waits for the worker's strip
    // (TsrLookaheadSrc), never lays it out on the streaming thread, and every frame after it
    // is the new text where a fresh run shows it (10 frames a second).
    BOOST_TEST(counter(h.get(), "layouts-in-place") == 1u); // the first, in start()
    BOOST_TEST(counter(h.get(), "layouts-ahead") == 1u);    // the reload's
    for (int k = 1; k < 15; ++k) {
        const int tenths = 10 + k;
        const std::string at =
            "2026-11-30 09:00:0" + std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
        BOOST_TEST(after[std::size_t(k)].pts == guint64(tenths) * GST_SECOND / 10);
        BOOST_TEST((after[std::size_t(k)].bytes == picture_at(pl, at).bytes), "frame " << tenths);
    }
}

BOOST_AUTO_TEST_CASE(changes_are_laid_out_ahead_and_shown_at_their_frame) {
    // Activities ending at 09:00:01, :02 and :04 leave the ticker at the next look at the
    // messages: 2 s, 3 s and 5 s. The worker lays each strip out ahead; the pictures are those
    // of laying out on the streaming thread, frame for frame.
    TempPlaylist pl;
    std::string activities;
    for (int end : {1, 2, 4})
        activities += "\n[[activity]]\nid = \"a" + std::to_string(end) + "\"\ntitle = \"Kegiatan " +
                      std::to_string(end) +
                      "\"\nstart = 2026-11-30T08:00:00\nend = 2026-11-30T09:00:0" +
                      std::to_string(end) + "\n";
    pl.playlist(playlist_text(activities, "agenda = true\n"));
    auto run = [&](bool prelayout) {
        Harness h = make_harness(pl, "2026-11-30 09:00:00", 61, prelayout);
        gst_harness_play(h.get());
        std::vector<Picture> f = pull_pictures(h.get(), 61);
        wait_for_eos(h.get());
        return std::tuple{f, layouts(h.get()), counter(h.get(), "layouts-in-place"),
                          counter(h.get(), "layouts-ahead")};
    };
    auto [f, n, in_place, ahead] = run(true);
    auto [sync, sync_n, sync_in_place, sync_ahead] = run(false);
    for (int i = 0; i < 61; ++i)
        BOOST_TEST((f[i].bytes == sync[i].bytes), "frame " << i);
    // The text moves 6 px a frame, except at the three changes.
    for (int i = 1; i < 61; ++i) {
        const bool change = i == 20 || i == 30 || i == 50;
        BOOST_TEST((shifts_between(f[i - 1], f[i]) == kOneFrame) == !change, "frame " << i);
    }
    // Each change shows as a fresh start at its moment.
    BOOST_TEST((f[20].bytes == picture_at(pl, "2026-11-30 09:00:02").bytes));
    BOOST_TEST((f[30].bytes == picture_at(pl, "2026-11-30 09:00:03").bytes));
    BOOST_TEST((f[50].bytes == picture_at(pl, "2026-11-30 09:00:05").bytes));
    // Four strips; with prelayout only the first (start) not by the worker.
    BOOST_TEST(n == 4u);
    BOOST_TEST(in_place == 1u);
    BOOST_TEST(ahead == 3u);
    BOOST_TEST(sync_n == 4u);
    BOOST_TEST(sync_in_place == 4u);
    BOOST_TEST(sync_ahead == 0u);
}

BOOST_AUTO_TEST_CASE(live_a_change_is_laid_out_ahead_and_shown_at_its_frame) {
    // Live under test clocks: the activity ends at 09:00:01, so the strip changes at the look
    // at 09:00:02, frame 20. The look at 09:00:01 (frame 10) saw it coming; once the worker
    // is done, frame 20 switches without a layout on the streaming thread.
    TempPlaylist pl;
    pl.playlist(playlist_text(R"(
[[activity]]
id = "apel"
title = "Apel Pagi"
start = 2026-11-30T08:00:00
end = 2026-11-30T09:00:01
)",
                              "agenda = true\n"));
    LiveRun live(pl, "2026-11-30 09:00:00");
    std::vector<Picture> f;
    for (guint64 k = 0; k <= 18; ++k)
        f.push_back(live.next(k));
    // Frame 19 may be made already; frame 20 is made when 19 is let out.
    wait_for_layouts_ahead(live.h.get(), 1);
    for (guint64 k = 19; k <= 21; ++k)
        f.push_back(live.next(k));
    BOOST_TEST(shifts_between(f[18], f[19]) == kOneFrame);
    BOOST_TEST(shifts_between(f[19], f[20]) != kOneFrame);
    BOOST_TEST(shifts_between(f[20], f[21]) == kOneFrame);
    BOOST_TEST((f[20].bytes == picture_at(pl, "2026-11-30 09:00:02").bytes));
    BOOST_TEST(layouts(live.h.get()) == 2u);
    BOOST_TEST(counter(live.h.get(), "layouts-in-place") == 1u);
}

BOOST_AUTO_TEST_CASE(live_a_reload_never_holds_up_a_frame) {
    // Live, a reload is not seen coming: the worker lays the new strip out while the old one
    // goes on moving, and the next frame after it is done shows the new text where a fresh
    // start shows it.
    TempPlaylist pl;
    pl.playlist(playlist_text());
    LiveRun live(pl, "2026-11-30 09:00:00");
    std::vector<Picture> f;
    for (guint64 k = 0; k <= 4; ++k)
        f.push_back(live.next(k));
    reload_edited(pl, live.h->element);

    // Taken at frame 5 (perhaps made before the new context) or 6: frame 5 is the old text.
    f.push_back(live.next(5));
    f.push_back(live.next(6));
    wait_for_layouts_ahead(live.h.get(), 1);
    // Frame 7 may be made already; frame 8 is made after the worker was done.
    f.push_back(live.next(7));
    f.push_back(live.next(8));
    BOOST_TEST(shifts_between(f[4], f[5]) == kOneFrame);
    BOOST_TEST((f[8].bytes == picture_at(pl, "2026-11-30 09:00:00.8").bytes));
    BOOST_TEST(layouts(live.h.get()) == 2u);
    BOOST_TEST(counter(live.h.get(), "layouts-in-place") == 1u);
}

BOOST_AUTO_TEST_CASE(live_timestamps_follow_the_clock) {
    TempPlaylist pl;
    pl.playlist(playlist_text());
    Harness h = make_harness(pl, "", -1);
    gst_harness_use_testclock(h.get());
    gst_harness_play(h.get());
    BOOST_REQUIRE(gst_harness_crank_single_clock_wait(h.get()));
    Picture a = pull_picture(h.get());
    BOOST_TEST(a.pts == 0u);
    BOOST_REQUIRE(gst_harness_crank_single_clock_wait(h.get()));
    Picture b = pull_picture(h.get());
    BOOST_TEST(b.pts == 100 * GST_MSECOND);
    BOOST_TEST(shifts_between(a, b) == std::vector<int>{6});
    GstTestClock* clock = gst_harness_get_testclock(h.get());
    BOOST_TEST(gst_clock_get_time(GST_CLOCK(clock)) == 100 * GST_MSECOND);
    gst_object_unref(clock);
}

BOOST_AUTO_TEST_CASE(live_wall_time_comes_from_the_wall_clock) {
    // `wall-clock` (a GstTestClock here) tells the time of day: the first live frame is the
    // frame of that moment, exactly as a simulated run from it shows it.
    TempPlaylist pl;
    pl.playlist(playlist_text());
    auto t = tsr::parse_local_datetime(tsr::TimeZone::fixed(tsr::Seconds(7 * 3600)),
                                       "2026-11-30 09:00:02");
    BOOST_REQUIRE(t);
    GstClock* wall =
        gst_test_clock_new_with_start_time(GstClockTime(t->time_since_epoch().count()) * 1000);
    Harness h = make_harness(pl, "", -1);
    g_object_set(h->element, "wall-clock", wall, nullptr);
    gst_harness_use_testclock(h.get());
    gst_harness_play(h.get());
    BOOST_REQUIRE(gst_harness_crank_single_clock_wait(h.get()));
    Picture live = pull_picture(h.get());
    BOOST_TEST(live.pts == 0u);
    Harness sim = make_harness(pl, "2026-11-30 09:00:02", 1);
    gst_harness_play(sim.get());
    Picture want = pull_picture(sim.get());
    BOOST_TEST((live.bytes == want.bytes));
    GstClock* used = nullptr;
    g_object_get(h->element, "wall-clock", &used, nullptr);
    BOOST_TEST(used == wall);
    if (used) gst_object_unref(used);
    gst_object_unref(wall);
}

/// Frames a buffer in the live tests: 7, so that whole buffers never line up with the wall
/// seconds (10 frames) by themselves.
constexpr guint kPerBuffer = 7;

/// Live from 09:00:00 with kPerBuffer frames a buffer; `scroll`: downstream reads TsrScrollMeta.
static Harness live_batched(const TempPlaylist& pl, const tsr::test::LiveTestClock& clock,
                            bool scroll) {
    Harness h = make_harness(pl, "", -1);
    g_object_set(h->element, "frames-per-buffer", kPerBuffer, nullptr);
    gst_harness_add_propose_allocation_meta(h.get(), GST_VIDEO_META_API_TYPE, nullptr);
    if (scroll)
        gst_harness_add_propose_allocation_meta(h.get(), tsr::scroll_meta_api_get_type(), nullptr);
    clock.attach(h->element);
    gst_harness_play(h.get());
    return h;
}

BOOST_AUTO_TEST_CASE(live_behind_tsrcompose_the_window_moves_within_one_buffer) {
    // Live with frames-per-buffer (tsr play) and a downstream that reads TsrScrollMeta
    // (tsrcompose): one buffer holds the windows of up to that many frames, each its scroll
    // step further along the strip. Every frame shows the very pixels a simulated run shows at
    // its time, also where the window passes the loop's end. A buffer never spans two wall
    // seconds (the messages are looked at again in each).
    TempPlaylist pl;
    pl.playlist(playlist_text());
    const int frames = (strip_width_at_nine(pl) + kWidth) / 6 + 20;
    Harness sim = make_harness(pl, "2026-11-30 09:00:00", frames);
    gst_harness_add_propose_allocation_meta(sim.get(), GST_VIDEO_META_API_TYPE, nullptr);
    gst_harness_play(sim.get());
    const std::vector<Picture> want = pull_pictures(sim.get(), frames);

    tsr::test::LiveTestClock clock(tsr::test::kMondayNineWib);
    Harness h = live_batched(pl, clock, true);
    std::vector<Picture> got;
    int buffers = 0, multi = 0;
    for (guint64 next = 0; next < guint64(frames);) {
        clock.release_next_wait();
        GstBuffer* b = gst_harness_pull(h.get());
        BOOST_REQUIRE(b);
        ++buffers;
        const guint64 end = GST_BUFFER_OFFSET_END(b);
        BOOST_TEST(GST_BUFFER_OFFSET(b) == next);
        BOOST_REQUIRE(end > next);
        BOOST_TEST(end - next <= kPerBuffer);
        BOOST_TEST(next / 10 == (end - 1) / 10, "frames " << next << ".." << end - 1);
        BOOST_TEST(GST_BUFFER_PTS(b) == next * 100 * GST_MSECOND);
        BOOST_TEST(GST_BUFFER_DURATION(b) == (end - next) * 100 * GST_MSECOND);
        const tsr::ScrollMeta* meta = tsr::get_scroll_meta(b);
        if (end - next > 1) {
            BOOST_REQUIRE(meta);
            BOOST_REQUIRE(meta->frames == end - next);
        }
        multi += end - next > 1 ? 1 : 0;
        for (guint64 k = next; k < end; ++k) {
            const guint32 columns = meta ? meta->columns[k - next] : 0;
            if (meta) BOOST_TEST(meta->after[k - next] == (k - next) * 100 * GST_MSECOND);
            got.push_back(picture_of(h.get(), b, columns));
        }
        gst_buffer_unref(b);
        next = end;
    }
    for (int i = 0; i < frames; ++i)
        BOOST_TEST((got[i].bytes == want[i].bytes), "frame " << i);
    // Two buffers a second (7 frames and 3: each second begins a buffer), and one more where
    // the window passes the loop's end.
    BOOST_TEST(buffers <= (frames + 9) / 10 * 2 + 2);
    BOOST_TEST(multi >= frames / 10 * 2 - 2);
}

BOOST_AUTO_TEST_CASE(live_without_a_reader_of_the_scroll_meta_each_frame_is_a_buffer) {
    // Downstream that does not read TsrScrollMeta (videoconvert, a sink) would show a buffer's
    // first window for all its frames: the ticker then makes a buffer a frame.
    TempPlaylist pl;
    pl.playlist(playlist_text());
    tsr::test::LiveTestClock clock(tsr::test::kMondayNineWib);
    Harness h = live_batched(pl, clock, false);
    for (guint64 k = 0; k < 12; ++k) {
        BOOST_TEST(clock.release_next_wait() == k * 100 * GST_MSECOND);
        GstBuffer* b = gst_harness_pull(h.get());
        BOOST_REQUIRE(b);
        BOOST_TEST(GST_BUFFER_OFFSET(b) == k);
        BOOST_TEST(GST_BUFFER_DURATION(b) == 100 * GST_MSECOND);
        BOOST_TEST(!tsr::get_scroll_meta(b));
        gst_buffer_unref(b);
    }
}

BOOST_AUTO_TEST_SUITE_END()
