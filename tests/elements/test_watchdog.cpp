// The watchdog of `tsr play` (tools/watchdog.hpp): its pure decision, systemd's notify
// protocol against a fake NOTIFY_SOCKET (a unix datagram socket of this test) with a live
// pipeline whose sink a blocking probe freezes, the clock on screen of a live tsrslidesrc
// whose wall clock stops, and the bound on a hung teardown.
#include "watchdog.hpp"

#include "test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <glib-unix.h>
#include <gst/check/gsttestclock.h>
#include <gst/gst.h>

#include <filesystem>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace tsr;
using std::chrono::milliseconds;

namespace {

struct GstInit {
    GstInit() { gst_init(nullptr, nullptr); }
};

/// A unix datagram socket at a temporary path; every message with its arrival time.
struct FakeNotifySocket {
    struct Message {
        gint64 at_us;
        std::string text;
    };
    FakeNotifySocket() {
        char tmpl[] = "/tmp/tsr-notify-XXXXXX";
        dir = g_mkdtemp(tmpl);
        path = dir + "/notify";
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
        BOOST_REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        watch = g_unix_fd_add(fd, G_IO_IN, on_readable, this);
        g_setenv("NOTIFY_SOCKET", path.c_str(), TRUE);
        g_setenv("WATCHDOG_USEC", "400000", TRUE); // WatchdogSec=0.4s: ticks every 0.2 s or less
        g_unsetenv("WATCHDOG_PID");
    }
    ~FakeNotifySocket() {
        g_source_remove(watch);
        close(fd);
        g_unsetenv("NOTIFY_SOCKET");
        g_unsetenv("WATCHDOG_USEC");
        std::filesystem::remove_all(dir);
    }
    static gboolean on_readable(gint fd, GIOCondition, gpointer data) {
        auto* self = static_cast<FakeNotifySocket*>(data);
        char buf[512];
        ssize_t n;
        while ((n = recv(fd, buf, sizeof buf, 0)) > 0)
            self->messages.push_back({g_get_monotonic_time(), std::string(buf, std::size_t(n))});
        return G_SOURCE_CONTINUE;
    }
    int count(const std::string& text, gint64 after_us = 0) const {
        int n = 0;
        for (const Message& m : messages)
            n += m.text == text && m.at_us >= after_us;
        return n;
    }
    std::string dir, path;
    int fd = -1;
    guint watch = 0;
    std::vector<Message> messages;
};

void run_loop_for(GMainLoop* loop, guint ms) {
    guint t = g_timeout_add(
        ms,
        [](gpointer l) {
            g_main_loop_quit(static_cast<GMainLoop*>(l));
            return G_SOURCE_REMOVE;
        },
        loop);
    g_main_loop_run(loop);
    g_source_remove_by_user_data(loop); // the timer, if the loop was quit otherwise
    (void)t;
}

} // namespace

BOOST_AUTO_TEST_SUITE(watchdog)

// First: fork() before this process has GStreamer's threads.
BOOST_AUTO_TEST_CASE(a_teardown_that_hangs_ends_the_process_after_its_bound) {
    int err[2];
    BOOST_REQUIRE(pipe(err) == 0);
    const gint64 begin = g_get_monotonic_time();
    pid_t pid = fork();
    BOOST_REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(err[1], STDERR_FILENO);
        TeardownBound bound(milliseconds(1000), "stopping the pipeline");
        sleep(5); // the hung teardown
        _exit(0);
    }
    close(err[1]);
    int status = 0;
    waitpid(pid, &status, 0);
    const double took = double(g_get_monotonic_time() - begin) / 1e6;
    char buf[256] = {};
    ssize_t n = read(err[0], buf, sizeof buf - 1);
    close(err[0]);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 3);
    BOOST_TEST(took >= 0.95);
    BOOST_TEST(took < 3.0);
    BOOST_TEST(std::string(buf, std::size_t(std::max<ssize_t>(n, 0))) ==
               "tsr play: stopping the pipeline hung for more than 1 s; exiting so that the "
               "service is started again\n");

    // A teardown within its bound: the process goes on.
    const gint64 t0 = g_get_monotonic_time();
    { TeardownBound bound(milliseconds(1000), "stopping the pipeline"); }
    BOOST_TEST(g_get_monotonic_time() - t0 < 500'000);
}

BOOST_AUTO_TEST_CASE(frame_watch_pings_only_while_frames_move_and_stalls_after_its_bound) {
    FrameWatch w; // 5 s without a new frame, 20 s for the first one
    w.start(milliseconds(0), 0, "vout");
    auto v = w.tick(milliseconds(1000), 0);
    BOOST_TEST(!v.ping);
    BOOST_TEST(!v.stalled);
    v = w.tick(milliseconds(1100), 3);
    BOOST_TEST(v.first_frame);
    BOOST_TEST(v.ping);
    v = w.tick(milliseconds(2100), 30);
    BOOST_TEST(!v.first_frame);
    BOOST_TEST(v.ping);
    v = w.tick(milliseconds(3100), 30); // frozen from 2.1 s
    BOOST_TEST(!v.ping);
    BOOST_TEST(!v.stalled);
    v = w.tick(milliseconds(7099), 30);
    BOOST_TEST(!v.stalled);
    v = w.tick(milliseconds(7100), 30);
    BOOST_TEST(v.stalled);
    BOOST_TEST(v.why == "no new frame reached vout for 5 s");
    BOOST_TEST(!w.watching());
    v = w.tick(milliseconds(9000), 31); // stopped: says nothing until the next start
    BOOST_TEST(!v.ping);
    BOOST_TEST(!v.stalled);

    w.start(milliseconds(10'000), 31, "fileout"); // a rebuilt pipeline that never plays
    v = w.tick(milliseconds(29'999), 31);
    BOOST_TEST(!v.stalled);
    v = w.tick(milliseconds(30'000), 31);
    BOOST_TEST(v.stalled);
    BOOST_TEST(v.why == "no frame reached fileout within 20 s of the start");
}

// A first conversion at start may outlast TimeoutStartSec=: systemd is asked for more time
// while the playlist loads, and no longer once the extender is gone.
BOOST_AUTO_TEST_CASE(systemd_is_asked_for_more_start_time_while_the_playlist_loads) {
    FakeNotifySocket sock;
    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    const std::string extend =
        "EXTEND_TIMEOUT_USEC=60000000\nSTATUS=loading the playlist (documents, speech)";
    {
        tsr::StartExtender extender(tsr::Millis(100), tsr::Millis(60000));
        run_loop_for(loop, 450);
    }
    run_loop_for(loop, 50); // reads what was sent before the end
    const int while_loading = sock.count(extend);
    BOOST_TEST(while_loading >= 3); // at once, then every 100 ms
    BOOST_TEST(while_loading <= 6);
    const gint64 ended = g_get_monotonic_time();
    run_loop_for(loop, 300);
    BOOST_TEST(sock.count(extend, ended) == 0);
    g_main_loop_unref(loop);
    // Not started by systemd: nothing is sent, no thread.
    g_unsetenv("NOTIFY_SOCKET");
    { tsr::StartExtender extender(tsr::Millis(10), tsr::Millis(60000)); }
}

BOOST_FIXTURE_TEST_CASE(systemd_gets_ready_and_pings_until_the_sink_freezes, GstInit) {
    FakeNotifySocket sock;
    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    GstElement* pipeline = gst_parse_launch(
        "videotestsrc is-live=true pattern=black ! video/x-raw,width=64,height=36,framerate=25/1 "
        "! identity name=gate ! fakesink name=vout sync=true",
        nullptr);
    BOOST_REQUIRE(pipeline);

    struct Stall {
        gint64 at_us = 0;
        std::string why;
        GMainLoop* loop;
    } stall{0, "", loop};
    FrameWatchdog::Options o;
    o.tick = milliseconds(100);
    o.watch.stall_after = milliseconds(1000);
    FrameWatchdog dog(o, [&stall](const std::string& why) {
        stall.at_us = g_get_monotonic_time();
        stall.why = why;
        g_main_loop_quit(stall.loop);
    });
    BOOST_TEST(dog.notifier().active());
    BOOST_TEST(dog.notifier().watchdog().value().count() == 400);

    gst_element_set_state(pipeline, GST_STATE_PLAYING);
    BOOST_REQUIRE(dog.attach(pipeline));
    run_loop_for(loop, 1500);
    BOOST_REQUIRE(!sock.messages.empty());
    BOOST_TEST(sock.messages.front().text == "READY=1\nSTATUS=playing");
    BOOST_TEST(sock.count("READY=1\nSTATUS=playing") == 1);
    const int pings = sock.count("WATCHDOG=1");
    BOOST_TEST_MESSAGE(pings << " pings in 1.5 s of playing");
    BOOST_TEST(pings >= 5); // a tick each 0.1 s, frames at 25/s (fewer on a loaded machine)

    // Freeze the sink: nothing passes the gate any more.
    GstElement* gate = gst_bin_get_by_name(GST_BIN(pipeline), "gate");
    GstPad* src = gst_element_get_static_pad(gate, "src");
    gulong block = gst_pad_add_probe(
        src, GST_PAD_PROBE_TYPE_BLOCK_DOWNSTREAM,
        [](GstPad*, GstPadProbeInfo*, gpointer) { return GST_PAD_PROBE_OK; }, nullptr, nullptr);
    const gint64 frozen = g_get_monotonic_time();
    run_loop_for(loop, 4000); // quit by the stall
    BOOST_REQUIRE(!stall.why.empty());
    BOOST_TEST(stall.why == "no new frame reached vout for 1 s");
    const double stalled_after = double(stall.at_us - frozen) / 1e6;
    BOOST_TEST_MESSAGE("stall seen " << stalled_after << " s after the freeze");
    BOOST_TEST(stalled_after >= 0.9);
    BOOST_TEST(stalled_after <= 2.0); // the bound, a tick, and slack for a loaded machine
    // One tick may still see the frame in flight as the probe went in; none after that.
    BOOST_TEST(sock.count("WATCHDOG=1", frozen) <= 1);
    BOOST_TEST(sock.count("WATCHDOG=1", frozen + 500'000) == 0);
    run_loop_for(loop, 200); // the socket's last messages
    BOOST_TEST(sock.count("STATUS=rebuilding: no new frame reached vout for 1 s") == 1);

    gst_pad_remove_probe(src, block);
    gst_object_unref(src);
    gst_object_unref(gate);
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(pipeline);
    g_main_loop_unref(loop);
}

BOOST_AUTO_TEST_CASE(screen_clock_is_stale_once_its_minute_should_have_turned_plus_grace) {
    const Instant m = Instant(std::chrono::minutes(29'407'200)); // a minute since 1970
    ScreenClockWatch w;                                          // grace 10 s
    BOOST_TEST(!w.stale(m + std::chrono::hours(5)).has_value()); // unarmed: no clock seen
    w.shown(m);
    BOOST_TEST(!w.stale(m + Seconds(69)).has_value());
    BOOST_TEST(w.stale(m + Seconds(70)).value() ==
               "the clock on screen has not changed for more than a minute (it shows a minute "
               "that began 70 s ago)");
    w.shown(m + Seconds(60)); // turned
    BOOST_TEST(!w.stale(m + Seconds(70)).has_value());
    BOOST_TEST(!w.stale(m - std::chrono::hours(1)).has_value()); // the wall clock set back
    w.start();
    BOOST_TEST(!w.stale(m + std::chrono::hours(1)).has_value());
}

namespace {

/// A GstClock standing for the wall clock, moved by the main loop in step with real time
/// until frozen.
struct SteppedWall {
    GstClock* clock;
    gint64 real_start_us;
    Instant start;
    bool frozen = false;
    Instant frozen_at{};
    explicit SteppedWall(Instant t0)
        : clock(gst_test_clock_new_with_start_time(GstClockTime(t0.time_since_epoch().count()) *
                                                   1000)),
          real_start_us(g_get_monotonic_time()), start(t0) {}
    ~SteppedWall() { gst_object_unref(clock); }
    Instant real_now() const { return start + Micros(g_get_monotonic_time() - real_start_us); }
    void step() {
        if (frozen) return;
        const GstClockTime want = GstClockTime(real_now().time_since_epoch().count()) * 1000;
        if (want > gst_clock_get_time(clock)) gst_test_clock_set_time(GST_TEST_CLOCK(clock), want);
    }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(a_clock_on_screen_that_stops_changing_is_a_stall_while_frames_flow,
                        GstInit) {
    // Live slides whose wall clock starts at 09:00:52 and stops at 09:00:55: the slide layer
    // follows it back (re-anchoring at each jump of more than 2 s), so its clock stays at
    // 09:00 while frames keep flowing. The watchdog holds it against the time that goes on.
    test::TempPlaylist pl;
    pl.playlist("[office]\nname = \"Kantor\"\ntimezone = \"Asia/Jakarta\"\n"
                "[display]\nwidth = 320\nheight = 180\nframerate = 25\n"
                "[[slide]]\ntemplate = \"info\"\nduration = \"1h\"\ntitle = \"Satu\"\n");
    const TimeZone wib = TimeZone::fixed(std::chrono::hours(7));
    SteppedWall wall(*parse_local_datetime(wib, "2026-11-30 09:00:52"));
    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    GstElement* pipeline =
        gst_parse_launch(("tsrslidesrc name=slides playlist=" + pl.dir().string() +
                          " ! fakesink name=vout sync=true")
                             .c_str(),
                         nullptr);
    BOOST_REQUIRE(pipeline);
    GstElement* slides = gst_bin_get_by_name(GST_BIN(pipeline), "slides");
    g_object_set(slides, "wall-clock", wall.clock, nullptr);
    gst_object_unref(slides);

    struct Seen {
        std::string why;
        std::uint64_t frames_at_stall = 0;
        std::vector<std::string> minutes; ///< tsr-clock messages, ISO
        GMainLoop* loop;
        FrameWatchdog* dog = nullptr;
    } seen{"", 0, {}, loop};
    FrameWatchdog::Options o;
    o.tick = milliseconds(100);
    o.clock.grace = Seconds(1); // stale from 09:01:01
    o.wall_now = [&wall] { return wall.real_now(); };
    FrameWatchdog dog(o, [&seen](const std::string& why) {
        seen.why = why;
        g_main_loop_quit(seen.loop);
    });
    seen.dog = &dog;
    GstBus* bus = gst_element_get_bus(pipeline);
    guint bus_watch = gst_bus_add_watch(
        bus,
        [](GstBus*, GstMessage* msg, gpointer data) -> gboolean {
            auto* seen = static_cast<Seen*>(data);
            if (seen->dog->on_message(msg))
                seen->minutes.push_back(
                    gst_structure_get_string(gst_message_get_structure(msg), "minute"));
            return G_SOURCE_CONTINUE;
        },
        &seen);
    gst_object_unref(bus);
    guint stepper = g_timeout_add(
        20,
        [](gpointer w) -> gboolean {
            static_cast<SteppedWall*>(w)->step();
            return G_SOURCE_CONTINUE;
        },
        &wall);
    // Counting frames at the sink beside the watchdog's own counter.
    GstElement* vout = gst_bin_get_by_name(GST_BIN(pipeline), "vout");
    GstPad* sinkpad = gst_element_get_static_pad(vout, "sink");
    FrameCounter frames(sinkpad);
    gst_object_unref(sinkpad);
    gst_object_unref(vout);

    gst_element_set_state(pipeline, GST_STATE_PLAYING);
    BOOST_REQUIRE(dog.attach(pipeline));
    run_loop_for(loop, 3000); // to 09:00:55
    BOOST_TEST(seen.why.empty());
    wall.frozen = true;
    const std::uint64_t frames_at_freeze = frames.count();
    run_loop_for(loop, 15000); // quit by the stall, about 6 s after the freeze
    g_source_remove(stepper);
    g_source_remove(bus_watch);
    const Instant stalled_at = wall.real_now();
    BOOST_TEST_MESSAGE("stall at " << format_iso(wib, stalled_at) << ": " << seen.why);
    BOOST_REQUIRE(!seen.why.empty());
    BOOST_TEST(seen.why.rfind("the clock on screen has not changed for more than a minute (it "
                              "shows a minute that began ",
                              0) == 0);
    // Not before 09:01:01 (a minute and the grace after 09:00), within a few ticks after it.
    BOOST_TEST((stalled_at >= *parse_local_datetime(wib, "2026-11-30 09:01:01")));
    BOOST_TEST((stalled_at < *parse_local_datetime(wib, "2026-11-30 09:01:04")));
    // The slide layer showed 09:00 the whole time, and frames kept reaching the sink.
    BOOST_TEST((seen.minutes == std::vector<std::string>{"2026-11-30T09:00:00+07:00"}));
    BOOST_TEST(frames.count() > frames_at_freeze + 50);

    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(pipeline);
    g_main_loop_unref(loop);
}

BOOST_AUTO_TEST_SUITE_END()
