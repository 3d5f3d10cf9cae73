// tsrdeadline: tsr-cue at the right running time with the right fields. Simulated: driven by
// buffer timestamps. Live: driven by the pipeline clock (a GstTestClock), with the wall clock a
// second GstTestClock moved in step, so nothing depends on the real time of day.
#include "civil_time.hpp"

#include "test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <glib.h>
#include <gst/check/gstharness.h>
#include <gst/check/gsttestclock.h>
#include <gst/gst.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using tsr::test::TempDir;

using Harness = std::unique_ptr<GstHarness, decltype(&gst_harness_teardown)>;

/// 2026-11-30 08:59:58 WIB, two seconds before the activity starts, in ns since 1970.
GstClockTime wall_start_ns() {
    auto t = tsr::parse_local_datetime(tsr::TimeZone::fixed(tsr::Seconds(7 * 3600)),
                                       "2026-11-30 08:59:58");
    BOOST_REQUIRE(t);
    return GstClockTime(t->time_since_epoch().count()) * 1000;
}

struct Fixture {
    TempDir dir;
    Harness h{nullptr, gst_harness_teardown};
    GstBus* bus = nullptr;
    GstClock* wall = nullptr; // a GstTestClock standing for the real-time clock
    GstTestClock* clock = nullptr;

    Fixture() {
        gst_init(nullptr, nullptr);
        gint status = -1;
        std::string out = (dir.path / "voice.m4a").string();
        const gchar* argv[] = {"ffmpeg",     "-nostdin",  "-y",
                               "-loglevel",  "error",     "-f",
                               "lavfi",      "-i",        "sine=frequency=440:duration=0.5",
                               "-c:a",       "aac",       "-movflags",
                               "+faststart", out.c_str(), nullptr};
        BOOST_REQUIRE(g_spawn_sync(nullptr, const_cast<gchar**>(argv), nullptr, G_SPAWN_SEARCH_PATH,
                                   nullptr, nullptr, nullptr, nullptr, &status, nullptr) &&
                      g_spawn_check_wait_status(status, nullptr));
        std::ofstream f(dir.path / "playlist.toml");
        f << "[office]\nname = \"Kantor Uji\"\ntimezone = \"Asia/Jakarta\"\n\n"
             "[[slide]]\ntemplate = \"info\"\nduration = \"15s\"\ntitle = \"Uji\"\n"
             "text = \"Uji\"\n\n"
             "[[activity]]\nid = \"rapat\"\ntitle = \"Rapat Tim\"\n"
             "start = 2026-11-30T09:00:00\n"
             "reminders = [ { before = \"1s\", audio = \"voice.m4a\" } ]\n";
    }
    ~Fixture() {
        h.reset();
        for (auto* s : taken)
            gst_structure_free(s);
        if (bus) gst_object_unref(bus);
        if (clock) gst_object_unref(clock);
        if (wall) gst_object_unref(wall);
    }

    /// The harness starts an element with a sink pad at once: properties are set before, and
    /// it is taken back to READY so that each test starts it (with its clock) itself.
    void make(const char* start, GstClock* wall_clock = nullptr) {
        GstElement* e = gst_element_factory_make("tsrdeadline", nullptr);
        BOOST_REQUIRE(e);
        g_object_set(e, "playlist", dir.path.c_str(), "start", start, "wall-clock", wall_clock,
                     nullptr);
        h.reset(gst_harness_new_with_element(e, "sink", "src"));
        gst_object_unref(e);
        BOOST_REQUIRE(h);
        BOOST_REQUIRE(gst_element_set_state(h->element, GST_STATE_READY) ==
                      GST_STATE_CHANGE_SUCCESS);
        bus = gst_bus_new();
        gst_element_set_bus(h->element, bus);
    }
    void make_live() {
        wall = gst_test_clock_new_with_start_time(wall_start_ns());
        make("", wall);
        gst_harness_use_testclock(h.get());
        clock = gst_harness_get_testclock(h.get());
    }

    /// Every tsr-cue (and tsr-timebase) posted so far.
    std::vector<GstStructure*> taken;
    void drain(std::vector<const GstStructure*>& out, const char* name) {
        while (GstMessage* m = gst_bus_pop_filtered(bus, GST_MESSAGE_ELEMENT)) {
            taken.push_back(gst_structure_copy(gst_message_get_structure(m)));
            gst_message_unref(m);
        }
        out.clear();
        for (auto* s : taken)
            if (gst_structure_has_name(s, name)) out.push_back(s);
    }

    /// Live: waits (at most 5 s) for the element's clock wait, moves the wall clock and then
    /// the pipeline clock to its time, and releases it. Returns the time, or NONE on timeout.
    GstClockTime crank() {
        GList* ids = nullptr;
        if (!gst_test_clock_timed_wait_for_multiple_pending_ids(clock, 1, 5000, &ids))
            return GST_CLOCK_TIME_NONE;
        GstClockTime t = gst_clock_id_get_time(static_cast<GstClockID>(ids->data));
        g_list_free_full(ids, reinterpret_cast<GDestroyNotify>(gst_clock_id_unref));
        gst_test_clock_set_time(GST_TEST_CLOCK(wall), wall_start_ns() + t);
        gst_test_clock_set_time(clock, t);
        gst_test_clock_crank(clock);
        return t;
    }
};

std::string field(const GstStructure* s, const char* name) {
    const char* v = gst_structure_get_string(s, name);
    return v ? v : "";
}
guint64 running(const GstStructure* s) {
    guint64 v = G_MAXUINT64;
    gst_structure_get_uint64(s, "running-time", &v);
    return v;
}
const GstStructure* find(const std::vector<const GstStructure*>& v, const char* kind) {
    for (auto* s : v)
        if (field(s, "kind") == kind && field(s, "id") == "rapat") return s;
    return nullptr;
}

GstBuffer* buffer_at(GstClockTime pts, GstClockTime dur) {
    GstBuffer* b = gst_buffer_new_allocate(nullptr, 16, nullptr);
    GST_BUFFER_PTS(b) = pts;
    GST_BUFFER_DURATION(b) = dur;
    return b;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(deadline, Fixture)

BOOST_AUTO_TEST_CASE(simulated_cues_fire_when_buffers_reach_them) {
    make("2026-11-30 08:59:58");
    gst_harness_set_src_caps_str(h.get(), "audio/x-raw, format=S16LE, rate=48000, channels=2, "
                                          "layout=interleaved");
    gst_harness_play(h.get());
    std::vector<const GstStructure*> cues;
    const GstClockTime step = 100 * GST_MSECOND;
    // Buffers up to [0.9 s, 1.0 s): the reminder (due 08:59:59, running time 1 s) not yet.
    for (GstClockTime t = 0; t < GST_SECOND; t += step) {
        GstBuffer* in = buffer_at(t, step);
        BOOST_REQUIRE(gst_harness_push(h.get(), in) == GST_FLOW_OK);
        GstBuffer* out = gst_harness_pull(h.get());
        BOOST_TEST(out == in); // passed through untouched
        gst_buffer_unref(out);
    }
    drain(cues, "tsr-cue");
    BOOST_TEST(!find(cues, "reminder"));
    // [1.0 s, 1.1 s) reaches it.
    gst_harness_push(h.get(), buffer_at(GST_SECOND, step));
    gst_buffer_unref(gst_harness_pull(h.get()));
    drain(cues, "tsr-cue");
    const GstStructure* r = find(cues, "reminder");
    BOOST_REQUIRE(r);
    BOOST_TEST(field(r, "due") == "2026-11-30T08:59:59+07:00");
    BOOST_TEST(running(r) == GST_SECOND);
    BOOST_TEST(!find(cues, "start"));
    // Up to [1.9 s, 2.0 s): the start (running time 2 s) not yet; [2.0 s, 2.1 s) reaches it.
    for (GstClockTime t = GST_SECOND + step; t < 2 * GST_SECOND; t += step) {
        gst_harness_push(h.get(), buffer_at(t, step));
        gst_buffer_unref(gst_harness_pull(h.get()));
    }
    drain(cues, "tsr-cue");
    BOOST_TEST(!find(cues, "start"));
    gst_harness_push(h.get(), buffer_at(2 * GST_SECOND, step));
    gst_buffer_unref(gst_harness_pull(h.get()));
    drain(cues, "tsr-cue");
    const GstStructure* s = find(cues, "start");
    BOOST_REQUIRE(s);
    BOOST_TEST(field(s, "due") == "2026-11-30T09:00:00+07:00");
    BOOST_TEST(running(s) == 2 * GST_SECOND);
    BOOST_TEST(field(s, "title") == "Rapat Tim");
    // Each cue exactly once, in time order.
    int starts = 0;
    guint64 last = 0;
    for (auto* c : cues) {
        starts += field(c, "kind") == "start";
        BOOST_TEST(running(c) >= last);
        last = running(c);
    }
    BOOST_TEST(starts == 1);
}

BOOST_AUTO_TEST_CASE(simulated_cue_with_segment_offset_uses_running_time) {
    make("2026-11-30 08:59:58");
    gst_harness_set_src_caps_str(h.get(), "application/x-test");
    gst_harness_play(h.get());
    // A segment starting at 10 s: pts 12 s is running time 2 s.
    GstSegment seg;
    gst_segment_init(&seg, GST_FORMAT_TIME);
    seg.start = 10 * GST_SECOND;
    seg.time = 10 * GST_SECOND;
    BOOST_REQUIRE(gst_harness_push_event(h.get(), gst_event_new_segment(&seg)));
    std::vector<const GstStructure*> cues;
    gst_harness_push(h.get(), buffer_at(11 * GST_SECOND + 500 * GST_MSECOND, 400 * GST_MSECOND));
    gst_buffer_unref(gst_harness_pull(h.get()));
    drain(cues, "tsr-cue");
    BOOST_TEST(find(cues, "reminder"));
    BOOST_TEST(!find(cues, "start"));
    gst_harness_push(h.get(), buffer_at(12 * GST_SECOND, GST_CLOCK_TIME_NONE));
    gst_buffer_unref(gst_harness_pull(h.get()));
    drain(cues, "tsr-cue");
    BOOST_TEST(find(cues, "start"));
}

BOOST_AUTO_TEST_CASE(live_cue_fires_on_the_clock_without_buffers) {
    make_live();
    gst_harness_play(h.get());
    std::vector<const GstStructure*> cues;
    const GstStructure* reminder = nullptr;
    const GstStructure* start = nullptr;
    GstClockTime start_seen_at = GST_CLOCK_TIME_NONE;
    for (int i = 0; i < 20 && !start; ++i) {
        GstClockTime t = crank();
        BOOST_REQUIRE_MESSAGE(GST_CLOCK_TIME_IS_VALID(t), "no clock wait pending");
        // Give the thread time to post after its wait returned.
        for (int k = 0; k < 100; ++k) {
            drain(cues, "tsr-cue");
            if (find(cues, "start") || gst_test_clock_peek_id_count(clock) > 0) break;
            g_usleep(10000);
        }
        if (!reminder && (reminder = find(cues, "reminder")))
            BOOST_TEST(gst_clock_get_time(GST_CLOCK(clock)) == GST_SECOND);
        if ((start = find(cues, "start"))) start_seen_at = t;
    }
    BOOST_REQUIRE(reminder);
    BOOST_REQUIRE(start);
    BOOST_TEST(running(reminder) == GST_SECOND);
    BOOST_TEST(running(start) == 2 * GST_SECOND);
    BOOST_TEST(start_seen_at == 2 * GST_SECOND); // on the clock wait for it, not before
    BOOST_TEST(field(start, "due") == "2026-11-30T09:00:00+07:00");
    std::vector<const GstStructure*> jumps;
    drain(jumps, "tsr-timebase");
    BOOST_TEST(jumps.empty()); // the wall clock moved in step: no jump
}

BOOST_AUTO_TEST_CASE(live_wait_ends_on_flush_and_resumes) {
    make_live();
    gst_harness_set_src_caps_str(h.get(), "application/x-test");
    gst_harness_play(h.get());
    GList* ids = nullptr;
    BOOST_REQUIRE(gst_test_clock_timed_wait_for_multiple_pending_ids(clock, 1, 5000, &ids));
    g_list_free_full(ids, reinterpret_cast<GDestroyNotify>(gst_clock_id_unref));
    BOOST_REQUIRE(gst_harness_push_event(h.get(), gst_event_new_flush_start()));
    // The wait is unscheduled at once, and no new one is made while flushing.
    BOOST_TEST(gst_test_clock_peek_id_count(clock) == 0u);
    g_usleep(50000);
    BOOST_TEST(gst_test_clock_peek_id_count(clock) == 0u);
    BOOST_REQUIRE(gst_harness_push_event(h.get(), gst_event_new_flush_stop(TRUE)));
    std::vector<const GstStructure*> cues;
    for (int i = 0; i < 20 && !find(cues, "start"); ++i) {
        BOOST_REQUIRE(GST_CLOCK_TIME_IS_VALID(crank()));
        for (int k = 0; k < 100; ++k) {
            drain(cues, "tsr-cue");
            if (find(cues, "start") || gst_test_clock_peek_id_count(clock) > 0) break;
            g_usleep(10000);
        }
    }
    BOOST_TEST(find(cues, "start"));
}

BOOST_AUTO_TEST_CASE(live_wait_ends_on_state_change) {
    make_live();
    gst_harness_play(h.get());
    GList* ids = nullptr;
    BOOST_REQUIRE(gst_test_clock_timed_wait_for_multiple_pending_ids(clock, 1, 5000, &ids));
    g_list_free_full(ids, reinterpret_cast<GDestroyNotify>(gst_clock_id_unref));
    gint64 t0 = g_get_monotonic_time();
    BOOST_TEST(gst_element_set_state(h->element, GST_STATE_PAUSED) != GST_STATE_CHANGE_FAILURE);
    BOOST_TEST((g_get_monotonic_time() - t0) < G_USEC_PER_SEC);
    BOOST_TEST(gst_test_clock_peek_id_count(clock) == 0u); // the thread is gone
    // And back to PLAYING: it waits again.
    gst_element_set_state(h->element, GST_STATE_PLAYING);
    BOOST_TEST(GST_CLOCK_TIME_IS_VALID(crank()));
    t0 = g_get_monotonic_time();
    gst_element_set_state(h->element, GST_STATE_NULL);
    BOOST_TEST((g_get_monotonic_time() - t0) < G_USEC_PER_SEC);
}

BOOST_AUTO_TEST_CASE(live_wall_clock_jump_is_detected_and_reanchored) {
    make_live();
    gst_harness_play(h.get());
    // First check at running time 1 s: meanwhile the wall clock steps one hour ahead.
    GList* ids = nullptr;
    BOOST_REQUIRE(gst_test_clock_timed_wait_for_multiple_pending_ids(clock, 1, 5000, &ids));
    GstClockTime t = gst_clock_id_get_time(static_cast<GstClockID>(ids->data));
    g_list_free_full(ids, reinterpret_cast<GDestroyNotify>(gst_clock_id_unref));
    BOOST_TEST(t == GST_SECOND); // checks the wall clock every second
    gst_test_clock_set_time(GST_TEST_CLOCK(wall), wall_start_ns() + t + 3600 * GST_SECOND);
    gst_test_clock_set_time(clock, t);
    gst_test_clock_crank(clock);
    std::vector<const GstStructure*> jumps;
    for (int k = 0; k < 200 && jumps.empty(); ++k) {
        drain(jumps, "tsr-timebase");
        if (jumps.empty()) g_usleep(10000);
    }
    BOOST_REQUIRE_EQUAL(jumps.size(), 1u);
    const GstStructure* j = jumps[0];
    gint64 jump = 0;
    BOOST_TEST(gst_structure_get_int64(j, "jump", &jump));
    BOOST_TEST(jump == gint64(3600 * GST_SECOND));
    BOOST_TEST(field(j, "old-wall") == "2026-11-30T08:59:59+07:00");
    BOOST_TEST(field(j, "new-wall") == "2026-11-30T09:59:59+07:00");
    BOOST_TEST(running(j) == GST_SECOND);
    // The 09:00:00 start is now in the past of the new timebase: it does not fire late.
    std::vector<const GstStructure*> cues;
    drain(cues, "tsr-cue");
    BOOST_TEST(!find(cues, "start"));
}

BOOST_FIXTURE_TEST_CASE(one_pipeline_one_timebase_one_jump_message, Fixture) {
    // tsrremindersrc ! tsrdeadline, live, under test clocks: the two share the pipeline's
    // timebase (pipeline_timebase.hpp). The wall clock steps an hour ahead at 1.5 s: the first
    // element to look re-anchors it for both, and the jump is posted once, not once an element.
    GstClock* pclock = gst_test_clock_new_with_start_time(0);
    clock = GST_TEST_CLOCK(pclock);
    wall = gst_test_clock_new_with_start_time(wall_start_ns());
    GstElement* pipeline = gst_pipeline_new("jump");
    gst_pipeline_use_clock(GST_PIPELINE(pipeline), pclock);
    GstElement* reminders = gst_element_factory_make("tsrremindersrc", nullptr);
    GstElement* deadline = gst_element_factory_make("tsrdeadline", nullptr);
    GstElement* sink = gst_element_factory_make("fakesink", nullptr);
    BOOST_REQUIRE(reminders && deadline && sink);
    g_object_set(reminders, "playlist", dir.path.c_str(), "wall-clock", wall, "samples-per-buffer",
                 4800, nullptr);
    g_object_set(deadline, "playlist", dir.path.c_str(), "wall-clock", wall, nullptr);
    g_object_set(sink, "sync", FALSE, nullptr);
    gst_bin_add_many(GST_BIN(pipeline), reminders, deadline, sink, nullptr);
    BOOST_REQUIRE(gst_element_link_many(reminders, deadline, sink, nullptr));
    bus = gst_element_get_bus(pipeline);
    BOOST_REQUIRE(gst_element_set_state(pipeline, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE);

    int timebase_contexts = 0;
    std::vector<const GstStructure*> jumps;
    GstClockTime now = 0;
    while (now < 3 * GST_SECOND) {
        // Both threads (the source's clock wait, the deadline clock's) wait again.
        GList* ids = nullptr;
        gst_test_clock_timed_wait_for_multiple_pending_ids(clock, 2, 2000, &ids);
        g_list_free_full(ids, reinterpret_cast<GDestroyNotify>(gst_clock_id_unref));
        const GstClockTime next = gst_test_clock_get_next_entry_time(clock);
        BOOST_REQUIRE(GST_CLOCK_TIME_IS_VALID(next));
        if (next > now) {
            now = next;
            const GstClockTime step = now >= 1500 * GST_MSECOND ? 3600 * GST_SECOND : 0;
            gst_test_clock_set_time(GST_TEST_CLOCK(wall), wall_start_ns() + now + step);
            gst_test_clock_set_time(clock, now);
        }
        while (GstClockID id = gst_test_clock_process_next_clock_id(clock))
            gst_clock_id_unref(id);
        while (GstMessage* m = gst_bus_pop(bus)) {
            GstContext* c = nullptr;
            if (GST_MESSAGE_TYPE(m) == GST_MESSAGE_HAVE_CONTEXT) {
                gst_message_parse_have_context(m, &c);
                timebase_contexts += gst_context_has_context_type(c, "tsr.timebase") ? 1 : 0;
                gst_context_unref(c);
            }
            BOOST_REQUIRE(GST_MESSAGE_TYPE(m) != GST_MESSAGE_ERROR);
            if (GST_MESSAGE_TYPE(m) == GST_MESSAGE_ELEMENT) {
                const GstStructure* s = gst_message_get_structure(m);
                taken.push_back(gst_structure_copy(s));
                if (gst_structure_has_name(s, "tsr-timebase")) jumps.push_back(taken.back());
            }
            gst_message_unref(m);
        }
    }
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(pipeline);
    BOOST_TEST(timebase_contexts == 1); // made by one element, taken by the other
    BOOST_REQUIRE_EQUAL(jumps.size(), 1u);
    gint64 jump = 0;
    BOOST_TEST(gst_structure_get_int64(jumps[0], "jump", &jump));
    BOOST_TEST(std::llabs(jump - gint64(3600 * GST_SECOND)) < gint64(GST_SECOND));
}

BOOST_AUTO_TEST_SUITE_END()
