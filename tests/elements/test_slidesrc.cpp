// tsrslidesrc under GstHarness: slide changes at the right running times, the same picture
// pushed by reference between changes, frame timestamps, the reminder slide, live timestamps
// from the (test) clock.
#include "live_test_clock.hpp"
#include "test_support.hpp"

#include "announcement_context.hpp"
#include "playlist_context.hpp"
#include "playlist_loader.hpp"

#include <boost/test/unit_test.hpp>
#include <gst/check/gstharness.h>
#include <gst/check/gsttestclock.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using tsr::test::TempPlaylist;
using Harness = std::unique_ptr<GstHarness, decltype(&gst_harness_teardown)>;

struct GstInit {
    GstInit() { gst_init(nullptr, nullptr); }
};
BOOST_TEST_GLOBAL_FIXTURE(GstInit);

// 320x180 at 10 frames a second; a round of 5 s: slide "Satu" 2 s, then "Dua" 3 s. The round
// is anchored to local midnight, and 09:00:00 is a multiple of 5 s after it: from start
// 09:00:00, "Satu" shows for frames 0..19, "Dua" for 20..49, "Satu" again from 50.
const char* const kPlaylist = R"(
[office]
name = "Kantor Uji"
timezone = "Asia/Jakarta"

[display]
width = 320
height = 180
framerate = 10

[ticker]
speed = 60
messages = ["Pesan uji"]

[[slide]]
template = "info"
duration = "2s"
title = "Satu"
text = "Slide pertama"

[[slide]]
template = "info"
duration = "3s"
title = "Dua"
text = "Slide kedua"
)";

Harness make_harness(const TempPlaylist& pl, const std::string& start, int num_buffers,
                     bool prerender = true) {
    Harness h(gst_harness_new("tsrslidesrc"), gst_harness_teardown);
    g_object_set(h->element, "playlist", pl.dir().c_str(), "start", start.c_str(), "num-buffers",
                 num_buffers, "prerender", prerender, nullptr);
    return h;
}

std::size_t content_hash(GstBuffer* buf) {
    GstMapInfo map;
    BOOST_REQUIRE(gst_buffer_map(buf, &map, GST_MAP_READ));
    std::size_t hash = std::hash<std::string_view>{}(
        std::string_view(reinterpret_cast<const char*>(map.data), map.size));
    gst_buffer_unmap(buf, &map);
    return hash;
}

struct Frame {
    GstClockTime pts;
    GstClockTime duration;
    const void* memory; ///< identity of the pixels (not dereferenced)
    std::size_t hash;
};

std::vector<Frame> pull_frames(GstHarness* h, int n) {
    std::vector<Frame> frames;
    for (int i = 0; i < n; ++i) {
        GstBuffer* buf = gst_harness_pull(h);
        BOOST_REQUIRE_MESSAGE(buf, "no buffer " << i);
        frames.push_back(Frame{GST_BUFFER_PTS(buf), GST_BUFFER_DURATION(buf),
                               gst_buffer_peek_memory(buf, 0), content_hash(buf)});
        gst_buffer_unref(buf);
    }
    return frames;
}

guint64 renders(GstHarness* h) {
    guint64 n = 0;
    g_object_get(h->element, "renders", &n, nullptr);
    return n;
}

void check_rotation(bool prerender) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    Harness h = make_harness(pl, "2026-11-30 09:00:00", 51, prerender);
    gst_harness_play(h.get());

    std::vector<Frame> f = pull_frames(h.get(), 51);
    GstCaps* caps = gst_pad_get_current_caps(h->sinkpad);
    BOOST_REQUIRE(caps);
    GstVideoInfo info;
    BOOST_REQUIRE(gst_video_info_from_caps(&info, caps));
    gst_caps_unref(caps);
    BOOST_TEST(GST_VIDEO_INFO_WIDTH(&info) == 320);
    BOOST_TEST(GST_VIDEO_INFO_HEIGHT(&info) == 180);
    BOOST_TEST(GST_VIDEO_INFO_FPS_N(&info) == 10);
    BOOST_TEST(GST_VIDEO_INFO_FPS_D(&info) == 1);
    BOOST_TEST(GST_VIDEO_INFO_FORMAT(&info) == GST_VIDEO_FORMAT_BGRx);

    for (int i = 0; i < 51; ++i) {
        BOOST_TEST(f[i].pts == GstClockTime(i) * GST_SECOND / 10, "frame " << i);
        BOOST_TEST(f[i].duration == GST_SECOND / 10, "frame " << i);
    }
    // "Satu" for frames 0..19: one picture, pushed by reference.
    for (int i = 1; i < 20; ++i) {
        BOOST_TEST(f[i].memory == f[0].memory, "frame " << i);
        BOOST_TEST(f[i].hash == f[0].hash, "frame " << i);
    }
    // "Dua" from frame 20 (2 s) to 49.
    BOOST_TEST(f[20].hash != f[19].hash);
    BOOST_TEST(f[20].memory != f[19].memory);
    for (int i = 21; i < 50; ++i) {
        BOOST_TEST(f[i].memory == f[20].memory, "frame " << i);
        BOOST_TEST(f[i].hash == f[20].hash, "frame " << i);
    }
    // "Satu" again at 5 s: the same picture as at 0 s (same minute on the clock).
    BOOST_TEST(f[50].hash != f[49].hash);
    BOOST_TEST(f[50].hash == f[0].hash);
    // Three pictures rendered for 51 frames; with prerender only the first on the streaming
    // thread (the worker saw the others coming a second ahead).
    BOOST_TEST(renders(h.get()) == 3u);
    guint64 in_place = 0;
    g_object_get(h->element, "renders-in-place", &in_place, nullptr);
    // Prerendered: the first when the element starts, none on the streaming thread.
    BOOST_TEST(in_place == (prerender ? 1u : 3u));

    // num-buffers=51: then EOS.
    GstEvent* ev;
    bool eos = false;
    while (!eos && (ev = gst_harness_pull_event(h.get()))) {
        eos = eos || GST_EVENT_TYPE(ev) == GST_EVENT_EOS;
        gst_event_unref(ev);
    }
    BOOST_TEST(eos);
}

} // namespace

BOOST_AUTO_TEST_SUITE(slidesrc)

BOOST_AUTO_TEST_CASE(rotation_changes_at_slide_durations_prerendered) {
    check_rotation(true);
}

BOOST_AUTO_TEST_CASE(rotation_changes_at_slide_durations_rendered_in_place) {
    check_rotation(false);
}

BOOST_AUTO_TEST_CASE(clock_minute_changes_the_picture) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    // 09:00:57: "Dua" (57 mod 5 = 2) until 09:01:00 = frame 30; at 09:01:00 "Satu" begins and
    // so does a new minute. 09:01:02 (frame 50) is "Dua" again, now with 09.01 on its clock.
    Harness h = make_harness(pl, "2026-11-30 09:00:57", 51);
    gst_harness_play(h.get());
    std::vector<Frame> f = pull_frames(h.get(), 51);
    BOOST_TEST(f[29].memory == f[0].memory);
    BOOST_TEST(f[30].hash != f[29].hash);
    BOOST_TEST(f[50].hash != f[30].hash);
    BOOST_TEST(f[50].hash != f[0].hash); // "Dua" at 09.01 differs from "Dua" at 09.00
    BOOST_TEST(renders(h.get()) == 3u);
}

BOOST_AUTO_TEST_CASE(picture_matches_start_time) {
    // The frame at PTS t of a run from S is the frame at PTS 0 of a run from S + t.
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    Harness a = make_harness(pl, "2026-11-30 09:00:00", 25);
    gst_harness_play(a.get());
    std::vector<Frame> fa = pull_frames(a.get(), 25);
    Harness b = make_harness(pl, "2026-11-30 09:00:02", 1);
    gst_harness_play(b.get());
    std::vector<Frame> fb = pull_frames(b.get(), 1);
    BOOST_TEST(fb[0].hash == fa[20].hash);
    BOOST_TEST(fb[0].hash != fa[0].hash);
}

BOOST_AUTO_TEST_CASE(reminder_slide_shows_for_at_least_the_minimum) {
    TempPlaylist pl;
    pl.tone("audio/mulai.m4a", 440, 1.0);
    // The activity starts at 09:00:10; its reminder (no chime) sounds from then for the
    // length of the voice, about 1 s; its slide stays up the minimum, 8 s (the default).
    pl.playlist(std::string(kPlaylist) + R"(
[[activity]]
id = "rapat"
title = "Rapat Tim"
start = 2026-11-30T09:00:10
place = "Aula"
reminders = [ { before = "0m", audio = "audio/mulai.m4a", chime = false } ]
)");
    Harness h = make_harness(pl, "2026-11-30 09:00:00", 181);
    gst_harness_play(h.get());
    std::vector<Frame> f = pull_frames(h.get(), 181);
    // 9.9 s: "Dua" (9.9 mod 5 = 4.9); 10 s to 18 s: the reminder slide, long after its sound;
    // 18 s: "Dua" again (18 mod 5 = 3), the same picture as at 2 s.
    BOOST_TEST(f[99].hash == f[49].hash);  // "Dua" at 9.9 s as at 4.9 s
    BOOST_TEST(f[100].hash != f[99].hash); // the reminder slide at 10.0 s
    BOOST_TEST(f[100].hash != f[0].hash);
    BOOST_TEST(f[100].hash != f[20].hash);
    BOOST_TEST(f[101].memory == f[100].memory);
    BOOST_TEST(f[120].hash == f[100].hash); // 12 s: the sound is over, the slide stays
    BOOST_TEST(f[179].hash == f[100].hash);
    BOOST_TEST(f[180].hash == f[20].hash); // 18 s: back to the rotation, "Dua"
}

BOOST_AUTO_TEST_CASE(live_timestamps_follow_the_clock) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    Harness h = make_harness(pl, "", -1);
    gst_harness_use_testclock(h.get());
    gst_harness_play(h.get());

    // Each frame waits for the clock to reach its running time (a test clock releases a wait
    // only when cranked, even one already due).
    BOOST_REQUIRE(gst_harness_crank_single_clock_wait(h.get()));
    GstBuffer* b = gst_harness_pull(h.get());
    BOOST_REQUIRE(b);
    BOOST_TEST(GST_BUFFER_PTS(b) == 0u);
    gst_buffer_unref(b);
    GstQuery* latency = gst_query_new_latency();
    BOOST_REQUIRE(gst_element_query(h->element, latency));
    gboolean live = FALSE;
    GstClockTime min_latency = 0;
    gst_query_parse_latency(latency, &live, &min_latency, nullptr);
    gst_query_unref(latency);
    BOOST_TEST(live);
    BOOST_TEST(min_latency == 100 * GST_MSECOND); // one frame

    BOOST_REQUIRE(gst_harness_crank_single_clock_wait(h.get()));
    b = gst_harness_pull(h.get());
    BOOST_TEST(GST_BUFFER_PTS(b) == 100 * GST_MSECOND);
    gst_buffer_unref(b);

    // Frame 2 (200 ms) is made and waits; the clock jumps to 3.05 s (a stall): frame 2 goes
    // out late, then the element skips the frames more than half a second late and goes on
    // from the one due at 2.55 s: frame 25 (2.5 s). Frames within the margin are still made
    // (the pipeline's latency keeps a live source a little behind the clock normally).
    GstTestClock* clock = gst_harness_get_testclock(h.get());
    gst_test_clock_wait_for_next_pending_id(clock, nullptr);
    gst_test_clock_set_time(clock, 3050 * GST_MSECOND);
    BOOST_REQUIRE(gst_test_clock_crank(clock));
    b = gst_harness_pull(h.get());
    BOOST_TEST(GST_BUFFER_PTS(b) == 200 * GST_MSECOND);
    gst_buffer_unref(b);
    BOOST_REQUIRE(gst_test_clock_crank(clock));
    b = gst_harness_pull(h.get());
    BOOST_TEST(GST_BUFFER_PTS(b) == 2500 * GST_MSECOND);
    BOOST_TEST(GST_BUFFER_DURATION(b) == 100 * GST_MSECOND);
    gst_buffer_unref(b);
    // Then frame after frame at the frame rate, none skipped.
    BOOST_REQUIRE(gst_test_clock_crank(clock));
    b = gst_harness_pull(h.get());
    BOOST_TEST(GST_BUFFER_PTS(b) == 2600 * GST_MSECOND);
    gst_buffer_unref(b);
    gst_object_unref(clock);
}

/// tsrslidesrc live at 2026-11-30 09:00:00 WIB (LiveTestClock). Pictures are rendered at the
/// frame that needs them (prerender off): what each frame shows never depends on how fast the
/// test runs.
struct LiveAtNine {
    tsr::test::LiveTestClock live_clock{tsr::test::kMondayNineWib};
    GstClock* clock = live_clock.clock;
    Harness h{nullptr, gst_harness_teardown};

    LiveAtNine(const TempPlaylist& pl, guint frames_per_buffer) {
        h = make_harness(pl, "", -1, false);
        g_object_set(h->element, "frames-per-buffer", frames_per_buffer, nullptr);
        live_clock.attach(h->element);
        gst_harness_play(h.get());
    }
    ~LiveAtNine() { h.reset(); }
    LiveAtNine(const LiveAtNine&) = delete;
    LiveAtNine& operator=(const LiveAtNine&) = delete;

    GstClockTime release_next_wait() { return live_clock.release_next_wait(); }
};

// Live with frames-per-buffer (tsr play, behind tsrcompose): an unchanged picture goes out as
// one buffer lasting up to that many frames; a change of slide still starts a buffer at its
// own frame; and each buffer goes out one frame after the previous one began, so that
// tsrcompose always has the next one queued when it takes one.
BOOST_AUTO_TEST_CASE(live_an_unchanged_picture_lasts_several_frames_in_one_buffer) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    LiveAtNine live(pl, 5);
    struct Want {
        GstClockTime wait_ms, pts_ms, duration_ms;
    };
    // "Satu" frames 0..19, "Dua" from frame 20 (2 s).
    const Want want[] = {{0, 0, 500},       {100, 500, 500},   {600, 1000, 500},
                         {1100, 1500, 500}, {1600, 2000, 500}, {2100, 2500, 500}};
    std::vector<std::size_t> hashes;
    for (const Want& w : want) {
        BOOST_TEST(live.release_next_wait() == w.wait_ms * GST_MSECOND);
        GstBuffer* b = gst_harness_pull(live.h.get());
        BOOST_REQUIRE(b);
        BOOST_TEST(GST_BUFFER_PTS(b) == w.pts_ms * GST_MSECOND);
        BOOST_TEST(GST_BUFFER_DURATION(b) == w.duration_ms * GST_MSECOND);
        BOOST_TEST(GST_BUFFER_OFFSET(b) == w.pts_ms / 100);
        BOOST_TEST(GST_BUFFER_OFFSET_END(b) == (w.pts_ms + w.duration_ms) / 100);
        hashes.push_back(content_hash(b));
        gst_buffer_unref(b);
    }
    for (int i = 1; i < 4; ++i)
        BOOST_TEST(hashes[i] == hashes[0]); // Satu
    BOOST_TEST(hashes[4] != hashes[0]);     // Dua, from 2 s exactly
    BOOST_TEST(hashes[5] == hashes[4]);
}

// When the pipeline's latency is longer than the picture's own (an audio device's buffer), each
// buffer waits that much longer for the clock: pushed as early as before, it would wait in
// tsrcompose's pad queue (two buffers) and its thread would be woken many times a frame.
BOOST_AUTO_TEST_CASE(live_a_long_pipeline_latency_delays_each_wait) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    LiveAtNine live(pl, 1);
    // The event is pushed while the next frame waits, so it counts from the frame after.
    auto pts_after_event = [&](GstClockTime latency) {
        gst_test_clock_wait_for_next_pending_id(GST_TEST_CLOCK(live.clock), nullptr);
        BOOST_REQUIRE(
            gst_harness_push_upstream_event(live.h.get(), gst_event_new_latency(latency)));
        live.release_next_wait();
        GstBuffer* b = gst_harness_pull(live.h.get());
        BOOST_REQUIRE(b);
        const GstClockTime pts = GST_BUFFER_PTS(b);
        gst_buffer_unref(b);
        return pts;
    };
    BOOST_TEST(pts_after_event(200 * GST_MSECOND) == 0u);
    // 200 ms: no more than two frames and a half (250 ms at 10/s): no delay.
    BOOST_TEST(live.release_next_wait() == 100 * GST_MSECOND);
    GstBuffer* b = gst_harness_pull(live.h.get());
    BOOST_REQUIRE(b);
    BOOST_TEST(GST_BUFFER_PTS(b) == 100 * GST_MSECOND);
    gst_buffer_unref(b);
    BOOST_TEST(pts_after_event(GST_SECOND) == 200 * GST_MSECOND);
    // 1 s: frame 3 (300 ms) waits until 300 + 1000 - 250 ms.
    BOOST_TEST(live.release_next_wait() == 1050 * GST_MSECOND);
    b = gst_harness_pull(live.h.get());
    BOOST_REQUIRE(b);
    BOOST_TEST(GST_BUFFER_PTS(b) == 300 * GST_MSECOND);
    BOOST_TEST(GST_BUFFER_DURATION(b) == 100 * GST_MSECOND);
    gst_buffer_unref(b);
}

BOOST_AUTO_TEST_CASE(a_new_playlist_context_is_taken_between_two_frames) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    Harness h = make_harness(pl, "2026-11-30 09:00:00", 30);
    // The source pushes one frame and waits until it is pulled: it is never more than one
    // frame ahead of the test.
    gst_harness_set_blocking_push_mode(h.get());
    gst_harness_play(h.get());
    std::vector<Frame> before = pull_frames(h.get(), 10);

    // An edit: the first slide says something else. Set as `tsr play` does: a new context.
    std::string edited = kPlaylist;
    edited.replace(edited.find("Slide pertama"), 13, "Isi yang baru");
    pl.playlist(edited);
    tsr::LoadResult loaded = tsr::load_playlist(pl.dir());
    BOOST_REQUIRE(loaded.playlist);
    tsr::set_playlist_context(h->element, loaded.playlist, 2);

    // Frame 10 was perhaps made before the new context; frame 11 on are the new playlist's.
    std::vector<Frame> after = pull_frames(h.get(), 15);
    for (int i = 1; i < 10; ++i)
        BOOST_TEST(before[i].hash == before[0].hash);
    for (int i = 1; i < 10; ++i)
        BOOST_TEST(after[i].hash != before[0].hash, "frame " << 10 + i);
    // The same as a fresh run of the edited playlist at that moment.
    Harness fresh = make_harness(pl, "2026-11-30 09:00:01.5", 1);
    gst_harness_play(fresh.get());
    std::vector<Frame> want = pull_frames(fresh.get(), 1);
    BOOST_TEST(after[5].hash == want[0].hash);
    // 2 s: "Dua", which did not change.
    BOOST_TEST(after[10].pts == 2 * GST_SECOND);
    BOOST_TEST(after[10].hash != after[9].hash);
}

/// The first frame of `pl` at 09:00 by a fresh element (no context).
std::size_t first_frame_of(const TempPlaylist& pl) {
    Harness h = make_harness(pl, "2026-11-30 09:00:00", 1);
    gst_harness_play(h.get());
    return pull_frames(h.get(), 1).at(0).hash;
}

BOOST_AUTO_TEST_CASE(a_reload_that_changes_the_size_keeps_the_rest_of_display) {
    // The size and rate stay those of the run; the rest of [display] is the new playlist's:
    // here `overdue`, which decides whether the public sees a late deadline.
    const std::string body = R"(
[office]
name = "Kantor Uji"
timezone = "Asia/Jakarta"

[[activity]]
id = "spj"
title = "SPJ Keuangan"
deadline = 2026-11-27T16:00:00

[[slide]]
template = "deadlines"
duration = "15s"
)";
    auto display = [](int width, const char* overdue) {
        return "[display]\nwidth = " + std::to_string(width) +
               "\nheight = 180\nframerate = 10\noverdue = \"" + overdue + "\"\n";
    };
    TempPlaylist pl;
    pl.playlist(display(320, "hide") + body);
    Harness h = make_harness(pl, "2026-11-30 09:00:00", 20);
    gst_harness_set_blocking_push_mode(h.get());
    gst_harness_play(h.get());
    std::vector<Frame> before = pull_frames(h.get(), 3);

    pl.playlist(display(640, "show") + body);
    tsr::LoadResult loaded = tsr::load_playlist(pl.dir());
    BOOST_REQUIRE(loaded.playlist);
    tsr::set_playlist_context(h->element, loaded.playlist, 2);
    std::vector<Frame> after = pull_frames(h.get(), 5);

    pl.playlist(display(320, "show") + body);
    Harness fresh = make_harness(pl, "2026-11-30 09:00:00.7", 1);
    gst_harness_play(fresh.get());
    std::size_t shown = pull_frames(fresh.get(), 1).at(0).hash;
    BOOST_TEST(before[0].hash != shown); // hidden at first
    BOOST_TEST(after[4].hash == shown);  // shown after the reload, at the old size
}

BOOST_AUTO_TEST_CASE(live_a_reload_keeps_the_old_picture_until_the_new_one_is_rendered) {
    // Live under test clocks at 09:00:00 ("Satu"). A reload is not seen coming: the worker
    // renders the new picture while the old one goes on showing; nothing is rendered on the
    // streaming thread and no frame waits.
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    auto t0 = tsr::parse_local_datetime(tsr::TimeZone::fixed(tsr::Seconds(7 * 3600)),
                                        "2026-11-30 09:00:00");
    BOOST_REQUIRE(t0);
    GstClock* wall =
        gst_test_clock_new_with_start_time(GstClockTime(t0->time_since_epoch().count()) * 1000);
    Harness h = make_harness(pl, "", -1);
    g_object_set(h->element, "wall-clock", wall, nullptr);
    gst_harness_use_testclock(h.get());
    gst_harness_play(h.get());
    auto next = [&] {
        BOOST_REQUIRE(gst_harness_crank_single_clock_wait(h.get()));
        return pull_frames(h.get(), 1).at(0);
    };
    std::vector<Frame> f;
    for (int k = 0; k < 3; ++k)
        f.push_back(next());
    const guint64 rendered = renders(h.get());

    std::string edited = kPlaylist;
    edited.replace(edited.find("Slide pertama"), 13, "Isi yang baru");
    pl.playlist(edited);
    tsr::LoadResult loaded = tsr::load_playlist(pl.dir());
    BOOST_REQUIRE(loaded.playlist);
    tsr::set_playlist_context(h->element, loaded.playlist, 2);
    // Frame 3 was perhaps made before; frame 4 takes the reload and asks the worker.
    f.push_back(next());
    f.push_back(next());
    for (int i = 0; i < 500 && renders(h.get()) == rendered; ++i)
        g_usleep(10000);
    BOOST_REQUIRE(renders(h.get()) == rendered + 1);
    // Frame 5 may be made already; frame 6 is made after the worker was done.
    f.push_back(next());
    f.push_back(next());
    BOOST_TEST(f[3].hash == f[0].hash);
    BOOST_TEST(f[4].hash == f[0].hash); // the old picture, not a stalled frame
    BOOST_TEST(f[6].hash != f[0].hash);
    BOOST_TEST(f[6].hash == first_frame_of(pl));
    BOOST_TEST(f[6].pts == 600 * GST_MSECOND);
    guint64 in_place = 0;
    g_object_get(h->element, "renders-in-place", &in_place, nullptr);
    BOOST_TEST(in_place == 1u); // the first picture, at start: the reload rendered none here
    h.reset();
    gst_object_unref(wall);
}

BOOST_AUTO_TEST_CASE(the_playlist_context_is_played_not_the_file) {
    // As in tsr record and tsr play: the application loaded the playlist once and set it on
    // the element; the file changed on disk afterwards. The element plays what it was given.
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    tsr::LoadResult loaded = tsr::load_playlist(pl.dir());
    BOOST_REQUIRE(loaded.playlist);
    const std::size_t given = first_frame_of(pl);
    std::string edited = kPlaylist;
    edited.replace(edited.find("Slide pertama"), 13, "Isi yang baru");
    pl.playlist(edited);
    BOOST_TEST(first_frame_of(pl) != given);

    Harness h = make_harness(pl, "2026-11-30 09:00:00", 1);
    tsr::set_playlist_context(h->element, loaded.playlist, 1);
    gst_harness_play(h.get());
    BOOST_TEST(pull_frames(h.get(), 1).at(0).hash == given);
}

BOOST_AUTO_TEST_CASE(a_context_for_another_playlist_is_not_taken) {
    TempPlaylist mine, other;
    mine.playlist(kPlaylist);
    std::string text = kPlaylist;
    text.replace(text.find("Slide pertama"), 13, "Isi yang lain");
    other.playlist(text);
    tsr::LoadResult loaded = tsr::load_playlist(other.dir());
    BOOST_REQUIRE(loaded.playlist);
    const std::size_t want = first_frame_of(mine);
    BOOST_REQUIRE(want != first_frame_of(other));

    // The element's `playlist` names another folder than the context is for: its own plays.
    Harness h = make_harness(mine, "2026-11-30 09:00:00", 1);
    tsr::set_playlist_context(h->element, loaded.playlist, 1, other.dir());
    gst_harness_play(h.get());
    BOOST_TEST(pull_frames(h.get(), 1).at(0).hash == want);
    // The context of a last good copy counts for the folder it was set for (tsr play).
    Harness h2 = make_harness(mine, "2026-11-30 09:00:00", 1);
    tsr::set_playlist_context(h2->element, loaded.playlist, 1, mine.dir() / "playlist.toml");
    gst_harness_play(h2.get());
    BOOST_TEST(pull_frames(h2.get(), 1).at(0).hash != want);
}

BOOST_AUTO_TEST_CASE(a_pipeline_loads_its_playlist_once) {
    // gst-launch style: two elements given the folder. The first to start loads it and offers
    // it (HAVE_CONTEXT); the pipeline hands it to the second, which loads nothing.
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    const std::string props =
        " playlist=" + pl.dir().string() + " start=\"2026-11-30 09:00\" num-buffers=3 ! fakesink ";
    GstElement* pipeline = gst_parse_launch(
        ("tsrslidesrc name=s" + props + "tsrtickersrc name=t" + props).c_str(), nullptr);
    BOOST_REQUIRE(pipeline);
    GstBus* bus = gst_element_get_bus(pipeline);
    gst_element_set_state(pipeline, GST_STATE_PLAYING);
    int offered = 0, asked = 0, eos = 0, timebases = 0;
    while (eos == 0) {
        GstMessage* msg = gst_bus_timed_pop(bus, 10 * GST_SECOND);
        BOOST_REQUIRE(msg);
        const char* type = nullptr;
        if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_HAVE_CONTEXT) {
            GstContext* c = nullptr;
            gst_message_parse_have_context(msg, &c);
            if (gst_context_has_context_type(c, tsr::kPlaylistContextType)) {
                ++offered;
                BOOST_TEST(tsr::playlist_from_context(c).has_value());
            }
            timebases += gst_context_has_context_type(c, "tsr.timebase") ? 1 : 0;
            gst_context_unref(c);
        } else if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_NEED_CONTEXT &&
                   gst_message_parse_context_type(msg, &type)) {
            asked += g_strcmp0(type, tsr::kPlaylistContextType) == 0 ? 1 : 0;
        }
        BOOST_REQUIRE(GST_MESSAGE_TYPE(msg) != GST_MESSAGE_ERROR);
        eos += GST_MESSAGE_TYPE(msg) == GST_MESSAGE_EOS;
        gst_message_unref(msg);
    }
    BOOST_TEST(offered == 1);
    BOOST_TEST(timebases == 1); // and one timebase for both
    // The first asked and nobody had it (the pipeline passes the question on); the second
    // was answered by the pipeline, so the question never reached the bus.
    BOOST_TEST(asked == 1);
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(bus);
    gst_object_unref(pipeline);
}

namespace {

struct SlideMessage {
    guint64 running;
    std::string wall;
    int slide;
    std::string reminder;
    bool first;
    std::string outcome;
};

std::vector<SlideMessage> slide_messages(GstBus* bus) {
    std::vector<SlideMessage> out;
    while (GstMessage* m = gst_bus_pop_filtered(bus, GST_MESSAGE_ELEMENT)) {
        const GstStructure* s = gst_message_get_structure(m);
        if (gst_structure_has_name(s, "tsr-slide")) {
            SlideMessage x{};
            gst_structure_get_uint64(s, "running-time", &x.running);
            x.wall = gst_structure_get_string(s, "wall");
            gst_structure_get_int(s, "slide", &x.slide);
            x.reminder = gst_structure_get_string(s, "reminder-id");
            gboolean first = FALSE;
            gst_structure_get_boolean(s, "first", &first);
            x.first = first;
            x.outcome = gst_structure_get_string(s, "outcome");
            out.push_back(x);
        }
        gst_message_unref(m);
    }
    return out;
}

} // namespace

/// The as-run log's slide rows come from here: one `tsr-slide` at each slide's first frame
/// (not at a new minute of the clock), and a slide that could not be drawn says why.
BOOST_AUTO_TEST_CASE(each_slide_is_announced_at_its_first_frame_and_a_render_failure_says_why) {
    TempPlaylist pl;
    tsr::test::ffmpeg({"-f", "lavfi", "-i", "color=c=red:s=64x64", "-frames:v", "1",
                       (pl.dir() / "foto.png").string()});
    pl.playlist(std::string(kPlaylist) +
                "[[slide]]\ntemplate = \"image\"\nduration = \"2s\"\nimage = \"foto.png\"\n");
    // A round of 7 s anchored at midnight; 08:59:56 is 32396 s = 4628 rounds after it: "Satu"
    // 0-2 s, "Dua" 2-5 s, the picture 5-7 s, "Satu" again.
    // The minute changes at 4 s (09:00:00): no message for it.
    Harness h = make_harness(pl, "2026-11-30 08:59:56", 80);
    GstBus* bus = gst_bus_new();
    gst_element_set_bus(h->element, bus);
    gst_harness_play(h.get());
    // Saved over after the playlist was accepted: the renderer finds a GIF at 5 s.
    pl.write("foto.png", "GIF89a\x01\x00\x01\x00\x80\x00\x00");
    pull_frames(h.get(), 80);
    auto msgs = slide_messages(bus);
    gst_element_set_bus(h->element, nullptr);
    gst_object_unref(bus);
    BOOST_REQUIRE(msgs.size() == 4u);
    const guint64 s = GST_SECOND;
    BOOST_TEST(msgs[0].running == 0u);
    BOOST_TEST(msgs[0].slide == 0);
    BOOST_TEST(msgs[0].first);
    BOOST_TEST(msgs[0].wall == "2026-11-30T08:59:56+07:00");
    BOOST_TEST(msgs[0].outcome == "played");
    BOOST_TEST(msgs[1].running == 2 * s);
    BOOST_TEST(msgs[1].slide == 1);
    BOOST_TEST(!msgs[1].first);
    BOOST_TEST(msgs[2].running == 5 * s);
    BOOST_TEST(msgs[2].slide == 2);
    BOOST_TEST(msgs[2].wall == "2026-11-30T09:00:01+07:00");
    BOOST_TEST(msgs[2].outcome == "skipped: render failed: foto.png is a GIF picture; save it as "
                                  "PNG or JPEG (TSR shows PNG, JPEG and SVG)");
    BOOST_TEST(msgs[3].running == 7 * s);
    BOOST_TEST(msgs[3].slide == 0);
    BOOST_TEST(msgs[3].outcome == "played");
}

/// An announcement (a tsr.announcement context from tsr play --console) shows from its first
/// frame to its end over the rotation, announced with who made it; then the rotation again.
BOOST_AUTO_TEST_CASE(an_announcement_shows_over_the_rotation_and_ends_by_itself) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    auto a = std::make_shared<tsr::Announcement>();
    a->id = 1;
    a->text = "Rapat staf";
    a->user = "ana";
    a->sound = "spoken";
    const tsr::TimeZone zone = *tsr::TimeZone::named("Asia/Jakarta");
    a->from = *tsr::parse_local_datetime(zone, "2026-11-30 09:00:01");
    a->until = a->from + std::chrono::seconds(2);
    Harness h = make_harness(pl, "2026-11-30 09:00:00", 40);
    tsr::set_announcement_context(h->element, a);
    GstBus* bus = gst_bus_new();
    gst_element_set_bus(h->element, bus);
    gst_harness_play(h.get());
    auto frames = pull_frames(h.get(), 40);
    std::vector<std::string> announced_by;
    std::vector<guint64> at;
    while (GstMessage* m = gst_bus_pop_filtered(bus, GST_MESSAGE_ELEMENT)) {
        const GstStructure* st = gst_message_get_structure(m);
        if (gst_structure_has_name(st, "tsr-slide")) {
            guint64 rt = 0;
            gst_structure_get_uint64(st, "running-time", &rt);
            at.push_back(rt);
            const char* by = gst_structure_get_string(st, "announced-by");
            announced_by.push_back(by ? by : "");
            if (by) {
                BOOST_TEST(gst_structure_get_string(st, "announcement") ==
                           std::string("Rapat staf (2 s, spoken)"));
                BOOST_TEST(gst_structure_get_string(st, "announcement-from") ==
                           std::string("2026-11-30T09:00:01+07:00"));
            }
        }
        gst_message_unref(m);
    }
    gst_element_set_bus(h->element, nullptr);
    gst_object_unref(bus);
    // "Satu" 0-1 s, the announcement 1-3 s (frames 10..29), "Dua" (its turn) from 3 s.
    const guint64 s = GST_SECOND;
    BOOST_TEST((at == std::vector<guint64>{0, 1 * s, 3 * s}));
    BOOST_TEST((announced_by == std::vector<std::string>{"", "ana", ""}));
    BOOST_TEST(frames[9].hash == frames[0].hash);
    BOOST_TEST(frames[10].hash != frames[9].hash);
    BOOST_TEST(frames[29].hash == frames[10].hash);
    BOOST_TEST(frames[30].hash != frames[29].hash);
    BOOST_TEST(frames[30].hash != frames[0].hash);
}

BOOST_AUTO_TEST_CASE(playlist_with_errors_stops_with_an_error) {
    TempPlaylist pl;
    pl.playlist("[office]\nname = \"X\"\n[display]\nwidth = \"wide\"\n");
    GstElement* pipeline = gst_parse_launch(
        ("tsrslidesrc playlist=" + pl.dir().string() + " start=\"2026-11-30 09:00\" ! fakesink")
            .c_str(),
        nullptr);
    BOOST_REQUIRE(pipeline);
    gst_element_set_state(pipeline, GST_STATE_PLAYING);
    GstBus* bus = gst_element_get_bus(pipeline);
    GstMessage* msg = gst_bus_timed_pop_filtered(
        bus, 10 * GST_SECOND, GstMessageType(GST_MESSAGE_ERROR | GST_MESSAGE_EOS));
    BOOST_REQUIRE(msg);
    BOOST_TEST(GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR);
    GError* err = nullptr;
    gst_message_parse_error(msg, &err, nullptr);
    std::string text = err->message;
    g_error_free(err);
    BOOST_TEST(text.find("playlist.toml:4:") != std::string::npos, text);
    gst_message_unref(msg);
    gst_object_unref(bus);
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(pipeline);
}

BOOST_AUTO_TEST_SUITE_END()
