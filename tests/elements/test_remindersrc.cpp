// tsrremindersrc: reminders placed to the sample at their due running time, chime first,
// queued never overlapped, past ones skipped with a message. Simulated mode (start=), so that
// nothing depends on the real time of day; test audio is made with ffmpeg at test time.
#include "announcement_context.hpp"
#include "civil_time.hpp"
#include "playlist_context.hpp"
#include "playlist_loader.hpp"
#include "sound/reminder_audio.hpp"

#include "test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <glib.h>
#include <gst/base/gstbasesrc.h>
#include <gst/check/gstharness.h>
#include <gst/check/gsttestclock.h>
#include <gst/gst.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using tsr::test::ffmpeg;
using tsr::test::TempDir;

constexpr std::size_t kDueSample = 2 * 48000; // start 08:59:58, due 09:00:00

void sine(const fs::path& out, int freq, double secs) {
    ffmpeg({"-f", "lavfi", "-i",
            "sine=frequency=" + std::to_string(freq) +
                ":sample_rate=48000:duration=" + std::to_string(secs),
            "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", out.string()});
}

/// The folder of a test playlist: chime 1500 Hz, voices at 440 Hz (a) and 660 Hz (b).
struct Fixture {
    TempDir dir;
    std::vector<std::int16_t> chime, voice_a, voice_b; // decoded as the element decodes them

    Fixture() {
        gst_init(nullptr, nullptr);
        sine(dir.path / "chime.m4a", 1500, 0.3);
        sine(dir.path / "a.m4a", 440, 0.6);
        sine(dir.path / "b.m4a", 660, 0.5);
        chime = decode("chime.m4a");
        voice_a = decode("a.m4a");
        voice_b = decode("b.m4a");
    }
    std::vector<std::int16_t> decode(const std::string& name) {
        auto r = tsr::decode_reminder_audio(dir.path / name);
        BOOST_REQUIRE_MESSAGE(r.ok(), r.error);
        return r.sound->samples;
    }
    bool with_background = false; ///< the playlist has background music (bg.m4a)
    /// `activities`: TOML [[activity]] tables.
    void write_playlist(const std::string& activities) {
        std::ofstream f(dir.path / "playlist.toml");
        f << "[office]\nname = \"Kantor Uji\"\ntimezone = \"Asia/Jakarta\"\n\n"
             "[audio]\nchime = \"chime.m4a\"\nvolume = 1.0\n"
          << (with_background ? "background = [\"bg.m4a\"]\n" : "")
          << "\n"
             "[[slide]]\ntemplate = \"info\"\nduration = \"15s\"\ntitle = \"Uji\"\n"
             "text = \"Uji\"\n\n"
          << activities;
    }
};

struct Run {
    std::vector<std::int16_t> samples; // interleaved stereo
    std::vector<GstStructure*> reminders;
    std::size_t buffers = 0;
    bool gap_flags_right = true; // GAP exactly on all-silent buffers
    ~Run() {
        for (auto* s : reminders)
            gst_structure_free(s);
    }
    std::size_t frames() const { return samples.size() / 2; }
};

using Harness = std::unique_ptr<GstHarness, decltype(&gst_harness_teardown)>;

/// Runs the element for `n` buffers of 10 ms from simulated `start`.
void run(const fs::path& playlist, const std::string& start, int n, Run& out,
         std::shared_ptr<const tsr::Announcement> announcement = nullptr) {
    std::string launch = "tsrremindersrc playlist=\"" + playlist.string() + "\" start=\"" + start +
                         "\" num-buffers=" + std::to_string(n);
    Harness h(gst_harness_new_parse(launch.c_str()), gst_harness_teardown);
    BOOST_REQUIRE(h);
    if (announcement) tsr::set_announcement_context(h->element, announcement);
    GstBus* bus = gst_bus_new();
    gst_element_set_bus(h->element, bus);
    gst_harness_play(h.get());
    for (int i = 0; i < n; ++i) {
        GstBuffer* b = gst_harness_pull(h.get());
        BOOST_REQUIRE_MESSAGE(b, "no buffer " << i);
        BOOST_TEST(GST_BUFFER_PTS(b) == gst_util_uint64_scale(out.frames(), GST_SECOND, 48000));
        GstMapInfo map;
        gst_buffer_map(b, &map, GST_MAP_READ);
        auto* s = reinterpret_cast<const std::int16_t*>(map.data);
        std::size_t count = map.size / 2;
        bool silent = std::all_of(s, s + count, [](std::int16_t v) { return v == 0; });
        if (silent != GST_BUFFER_FLAG_IS_SET(b, GST_BUFFER_FLAG_GAP)) out.gap_flags_right = false;
        out.samples.insert(out.samples.end(), s, s + count);
        gst_buffer_unmap(b, &map);
        gst_buffer_unref(b);
        ++out.buffers;
    }
    while (GstMessage* m = gst_bus_pop_filtered(bus, GST_MESSAGE_ELEMENT)) {
        const GstStructure* s = gst_message_get_structure(m);
        if (s && gst_structure_has_name(s, "tsr-reminder"))
            out.reminders.push_back(gst_structure_copy(s));
        gst_message_unref(m);
    }
    gst_element_set_bus(h->element, nullptr);
    gst_object_unref(bus);
}

std::size_t first_nonsilent_frame(const std::vector<std::int16_t>& s, std::size_t from = 0) {
    for (std::size_t i = from * 2; i < s.size(); ++i)
        if (s[i] != 0) return i / 2;
    return s.size() / 2;
}
std::size_t last_nonsilent_frame(const std::vector<std::int16_t>& s) {
    for (std::size_t i = s.size(); i > 0; --i)
        if (s[i - 1] != 0) return (i - 1) / 2;
    return 0;
}

/// True when `out` holds `sound` exactly from frame `at` on.
bool holds_at(const std::vector<std::int16_t>& out, const std::vector<std::int16_t>& sound,
              std::size_t at) {
    if ((at * 2 + sound.size()) > out.size()) return false;
    return std::equal(sound.begin(), sound.end(), out.begin() + std::ptrdiff_t(at * 2));
}

/// Dominant frequency of frames [a, a + n) of the left channel, from zero crossings.
double frequency(const std::vector<std::int16_t>& s, std::size_t a, std::size_t n) {
    int crossings = 0;
    for (std::size_t i = a + 1; i < a + n; ++i)
        if ((s[2 * (i - 1)] < 0) != (s[2 * i] < 0)) ++crossings;
    return crossings / 2.0 / (double(n) / 48000.0);
}

std::string field(const GstStructure* s, const char* name) {
    const char* v = gst_structure_get_string(s, name);
    return v ? v : "";
}

/// Live under test clocks: releases buffers of 10 ms one after the other by moving the
/// pipeline clock to each one's time (and the wall clock, starting at `wall0`, in step), until
/// `out` holds `frames` stereo frames.
/// tsrremindersrc live for `playlist` under test clocks: the pipeline clock the harness's
/// GstTestClock, the wall clock a second one at 08:59:58.5 WIB when running time is 0; the
/// element's messages go to `bus`.
struct LiveRun {
    GstClockTime wall0 = 0;
    GstClock* wall = nullptr;
    Harness h{nullptr, gst_harness_teardown};
    GstTestClock* clock = nullptr;
    GstBus* bus = nullptr;

    explicit LiveRun(const fs::path& playlist) {
        auto t0 = tsr::parse_local_datetime(tsr::TimeZone::fixed(tsr::Seconds(7 * 3600)),
                                            "2026-11-30 08:59:58");
        BOOST_REQUIRE(t0);
        wall0 = GstClockTime(t0->time_since_epoch().count()) * 1000 + 500 * GST_MSECOND;
        wall = gst_test_clock_new_with_start_time(wall0);
        GstElement* e = gst_element_factory_make("tsrremindersrc", nullptr);
        BOOST_REQUIRE(e);
        g_object_set(e, "playlist", playlist.c_str(), "wall-clock", wall, nullptr);
        h.reset(gst_harness_new_with_element(e, nullptr, "src"));
        gst_object_unref(e);
        gst_harness_use_testclock(h.get());
        clock = gst_harness_get_testclock(h.get());
        bus = gst_bus_new();
        gst_element_set_bus(h->element, bus);
    }
    ~LiveRun() {
        if (h) gst_element_set_bus(h->element, nullptr);
        if (bus) gst_object_unref(bus);
        h.reset();
        if (clock) gst_object_unref(clock);
        if (wall) gst_object_unref(wall);
    }
    LiveRun(const LiveRun&) = delete;
    LiveRun& operator=(const LiveRun&) = delete;
};

void crank_until(GstHarness* h, GstTestClock* clock, GstClock* wall, GstClockTime wall0,
                 std::vector<std::int16_t>& out, std::size_t frames) {
    while (out.size() / 2 < frames) {
        GList* ids = nullptr;
        if (gst_test_clock_timed_wait_for_multiple_pending_ids(clock, 1, 100, &ids)) {
            GstClockTime t = gst_clock_id_get_time(static_cast<GstClockID>(ids->data));
            g_list_free_full(ids, reinterpret_cast<GDestroyNotify>(gst_clock_id_unref));
            gst_test_clock_set_time(GST_TEST_CLOCK(wall), wall0 + t);
            if (t > gst_clock_get_time(GST_CLOCK(clock))) gst_test_clock_set_time(clock, t);
            gst_test_clock_crank(clock);
        }
        while (GstBuffer* b = gst_harness_try_pull(h)) {
            BOOST_REQUIRE(GST_BUFFER_PTS(b) ==
                          gst_util_uint64_scale_round(out.size() / 2, GST_SECOND, 48000));
            GstMapInfo map;
            gst_buffer_map(b, &map, GST_MAP_READ);
            auto* s = reinterpret_cast<const std::int16_t*>(map.data);
            out.insert(out.end(), s, s + map.size / 2);
            gst_buffer_unmap(b, &map);
            gst_buffer_unref(b);
        }
    }
}

/// Waits (up to 30 s) for `tsr-sound` messages until `file` is among them; returns the files
/// they named, in order, and puts any other element message in `others`.
std::vector<std::string> sounds_until(GstBus* bus, const std::string& file,
                                      std::vector<GstMessage*>& others) {
    std::vector<std::string> files;
    while (std::find(files.begin(), files.end(), file) == files.end()) {
        GstMessage* m = gst_bus_timed_pop_filtered(bus, 30 * GST_SECOND, GST_MESSAGE_ELEMENT);
        BOOST_REQUIRE_MESSAGE(m, "no tsr-sound for " << file);
        const GstStructure* s = gst_message_get_structure(m);
        if (gst_structure_has_name(s, "tsr-sound")) {
            BOOST_TEST(field(s, "outcome") == "ready");
            files.push_back(fs::path(field(s, "file")).filename().string());
            gst_message_unref(m);
        } else {
            others.push_back(m);
        }
    }
    return files;
}

} // namespace

BOOST_AUTO_TEST_SUITE(remindersrc)

BOOST_FIXTURE_TEST_CASE(reminder_is_placed_to_the_sample_chime_then_voice, Fixture) {
    write_playlist("[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\n"
                   "start = 2026-11-30T09:00:00\n"
                   "reminders = [ { before = \"0m\", audio = \"a.m4a\" } ]\n");
    Run r;
    run(dir.path, "2026-11-30 08:59:58", 400, r); // 4 s
    BOOST_REQUIRE_EQUAL(r.frames(), 4u * 48000u);
    BOOST_TEST(r.gap_flags_right);

    // Silence strictly before the due sample; the chime's own first sample there exactly.
    const std::size_t chime_lead = first_nonsilent_frame(chime);
    BOOST_TEST(first_nonsilent_frame(r.samples) == kDueSample + chime_lead);
    BOOST_TEST(holds_at(r.samples, chime, kDueSample));
    // The voice right after the chime's last sample, whole, then silence.
    const std::size_t voice_at = kDueSample + chime.size() / 2;
    BOOST_TEST(holds_at(r.samples, voice_a, voice_at));
    BOOST_TEST(last_nonsilent_frame(r.samples) < voice_at + voice_a.size() / 2);
    BOOST_TEST(first_nonsilent_frame(r.samples, voice_at + voice_a.size() / 2) == r.frames());
    // Chime (1500 Hz) first, voice (440 Hz) after.
    BOOST_TEST(std::abs(frequency(r.samples, kDueSample + 2400, 4800) - 1500) < 50);
    BOOST_TEST(std::abs(frequency(r.samples, voice_at + 2400, 9600) - 440) < 20);

    BOOST_REQUIRE_EQUAL(r.reminders.size(), 1u);
    const GstStructure* m = r.reminders[0];
    BOOST_TEST(field(m, "id") == "rapat");
    BOOST_TEST(field(m, "due") == "2026-11-30T09:00:00+07:00");
    BOOST_TEST(field(m, "sound-start") == "2026-11-30T09:00:00+07:00");
    BOOST_TEST(field(m, "outcome") == "played");
    guint64 rt = 0;
    BOOST_TEST(gst_structure_get_uint64(m, "running-time", &rt));
    BOOST_TEST(rt == 2 * GST_SECOND);
}

BOOST_FIXTURE_TEST_CASE(announcement_is_mixed_in_from_its_sample, Fixture) {
    // tsr play --console hands an announcement over as a context (announcement_context.hpp):
    // its samples sound from the sample of its `from` wall time, over a reminder.
    write_playlist("[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\n"
                   "start = 2026-11-30T09:00:00\n"
                   "reminders = [ { before = \"0m\", audio = \"a.m4a\" } ]\n");
    auto a = std::make_shared<tsr::Announcement>();
    auto sound = std::make_shared<tsr::DecodedSound>();
    for (int i = 0; i < 1000; ++i)
        sound->samples.insert(sound->samples.end(), {std::int16_t(1000), std::int16_t(-1000)});
    a->samples = sound;
    const tsr::TimeZone zone = *tsr::TimeZone::named("Asia/Jakarta");
    a->from =
        *tsr::parse_local_datetime(zone, "2026-11-30 08:59:58") + std::chrono::milliseconds(500);
    a->until = a->from + std::chrono::seconds(5);
    const std::size_t at = 48000 / 2; // 0.5 s after the start
    Run plain, with;
    run(dir.path, "2026-11-30 08:59:58", 300, plain);
    run(dir.path, "2026-11-30 08:59:58", 300, with, a);
    BOOST_REQUIRE_EQUAL(with.frames(), plain.frames());
    BOOST_TEST(with.gap_flags_right);
    BOOST_TEST(first_nonsilent_frame(with.samples) == at);
    std::size_t differ = 0, first = 0;
    for (std::size_t f = 0; f < with.frames(); ++f) {
        const int want_l = plain.samples[2 * f] + (f >= at && f < at + 1000 ? 1000 : 0);
        const int want_r = plain.samples[2 * f + 1] - (f >= at && f < at + 1000 ? 1000 : 0);
        if (with.samples[2 * f] != std::clamp(want_l, -32768, 32767) ||
            with.samples[2 * f + 1] != std::clamp(want_r, -32768, 32767))
            first = differ++ ? first : f;
    }
    BOOST_TEST(differ == 0u, "first differing frame " << first);
    // The reminder is placed as without it.
    BOOST_TEST(holds_at(with.samples, chime, kDueSample));
}

BOOST_FIXTURE_TEST_CASE(placement_does_not_depend_on_buffer_size, Fixture) {
    write_playlist("[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\n"
                   "start = 2026-11-30T09:00:00\n"
                   "reminders = [ { before = \"0m\", audio = \"a.m4a\", chime = false } ]\n");
    // 1234 frames a buffer: the due sample falls inside a buffer, not on its edge.
    std::string launch = "tsrremindersrc playlist=\"" + dir.path.string() +
                         "\" start=\"2026-11-30 08:59:58\" samples-per-buffer=1234";
    Harness h(gst_harness_new_parse(launch.c_str()), gst_harness_teardown);
    gst_harness_play(h.get());
    std::vector<std::int16_t> out;
    while (out.size() / 2 < 3 * 48000) {
        GstBuffer* b = gst_harness_pull(h.get());
        BOOST_REQUIRE(b);
        BOOST_TEST(gst_buffer_get_size(b) == 1234u * 4u);
        GstMapInfo map;
        gst_buffer_map(b, &map, GST_MAP_READ);
        auto* s = reinterpret_cast<const std::int16_t*>(map.data);
        out.insert(out.end(), s, s + map.size / 2);
        gst_buffer_unmap(b, &map);
        gst_buffer_unref(b);
    }
    BOOST_TEST(kDueSample % 1234 != 0);
    BOOST_TEST(first_nonsilent_frame(out) == kDueSample + first_nonsilent_frame(voice_a));
    BOOST_TEST(holds_at(out, voice_a, kDueSample)); // no chime: the voice at the due sample
}

BOOST_FIXTURE_TEST_CASE(reminders_due_together_are_queued_not_overlapped, Fixture) {
    write_playlist("[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\n"
                   "start = 2026-11-30T09:00:00\n"
                   "reminders = [ { before = \"0m\", audio = \"a.m4a\" } ]\n\n"
                   "[[activity]]\nid = \"apel\"\ntitle = \"Apel\"\n"
                   "start = 2026-11-30T09:00:00\n"
                   "reminders = [ { before = \"0m\", audio = \"b.m4a\" } ]\n");
    Run r;
    run(dir.path, "2026-11-30 08:59:58", 500, r);
    BOOST_REQUIRE_EQUAL(r.reminders.size(), 2u);
    for (auto* m : r.reminders)
        BOOST_TEST(field(m, "outcome") == "played");

    // Whichever is first: chime and its voice at the due sample; the other one, chime and
    // voice, at the sound start the program gave it (reported in its message), after the
    // first one's last sample.
    const bool a_first = field(r.reminders[0], "id") == "rapat";
    const auto& v1 = a_first ? voice_a : voice_b;
    const auto& v2 = a_first ? voice_b : voice_a;
    BOOST_TEST(holds_at(r.samples, chime, kDueSample));
    const std::size_t end1 = kDueSample + chime.size() / 2 + v1.size() / 2;
    BOOST_TEST(holds_at(r.samples, v1, kDueSample + chime.size() / 2));
    guint64 second_rt = 0;
    BOOST_TEST(gst_structure_get_uint64(r.reminders[1], "running-time", &second_rt));
    const std::size_t start2 = gst_util_uint64_scale_round(second_rt, 48000, GST_SECOND);
    BOOST_TEST(start2 >= end1); // never overlapped
    // The gap is the encoder priming the header lengths count (about 21 ms a file): small.
    BOOST_TEST(start2 - end1 < 48000u / 10u);
    BOOST_TEST_MESSAGE("gap between queued reminders: " << (start2 - end1) << " samples");
    BOOST_TEST(holds_at(r.samples, chime, start2));
    const std::size_t end2 = start2 + chime.size() / 2 + v2.size() / 2;
    BOOST_TEST(holds_at(r.samples, v2, start2 + chime.size() / 2));
    // Nothing sounds anywhere else: sounding length == the sum of the four sounds, none cut.
    BOOST_TEST(first_nonsilent_frame(r.samples) >= kDueSample);
    BOOST_TEST(first_nonsilent_frame(r.samples, end1) >= start2);
    BOOST_TEST(first_nonsilent_frame(r.samples, end2) == r.frames());
    BOOST_TEST(end2 < r.frames());
    // The second's due time is 09:00:00, its sound starts later.
    BOOST_TEST(field(r.reminders[1], "due") == "2026-11-30T09:00:00+07:00");
    BOOST_TEST(field(r.reminders[1], "sound-start") != "2026-11-30T09:00:00+07:00");
}

BOOST_FIXTURE_TEST_CASE(reminder_whose_time_passed_before_start_is_skipped, Fixture) {
    write_playlist("[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\n"
                   "start = 2026-11-30T09:00:00\n"
                   "reminders = [ { before = \"0m\", audio = \"a.m4a\" } ]\n");
    Run r;
    run(dir.path, "2026-11-30 09:00:01", 200, r);               // one second late
    BOOST_TEST(first_nonsilent_frame(r.samples) == r.frames()); // never played late
    BOOST_REQUIRE_EQUAL(r.reminders.size(), 1u);
    const GstStructure* m = r.reminders[0];
    BOOST_TEST(field(m, "id") == "rapat");
    BOOST_TEST(field(m, "due") == "2026-11-30T09:00:00+07:00");
    BOOST_TEST(field(m, "outcome").rfind("skipped: ", 0) == 0);
    BOOST_TEST_MESSAGE(field(m, "outcome"));
}

// Live: the pipeline clock is a GstTestClock and the wall clock a second one moved in step,
// so the live path (timestamps from running time, sync on the clock, timebase from the wall
// clock) is tested without the real time of day.
BOOST_FIXTURE_TEST_CASE(live_reminder_is_placed_to_the_sample_on_the_clock, Fixture) {
    write_playlist("[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\n"
                   "start = 2026-11-30T09:00:00\n"
                   "reminders = [ { before = \"0m\", audio = \"a.m4a\" } ]\n");
    LiveRun live(dir.path);
    Harness& h = live.h;
    GstTestClock* clock = live.clock;
    GstClock* wall = live.wall;
    const GstClockTime wall0 = live.wall0;
    GstBus* bus = live.bus;
    BOOST_TEST(gst_base_src_is_live(GST_BASE_SRC(h->element)));
    gst_harness_play(h.get());
    // Live never waits for the decoder (a reminder not decoded by its time is skipped): here
    // the clock only moves when the test says, so wait for its two sounds first.
    int sounds = 0;
    while (sounds < 2) { // chime.m4a and a.m4a
        GstMessage* m = gst_bus_timed_pop_filtered(bus, 30 * GST_SECOND, GST_MESSAGE_ELEMENT);
        BOOST_REQUIRE_MESSAGE(m, "the sounds were not decoded");
        const GstStructure* s = gst_message_get_structure(m);
        if (gst_structure_has_name(s, "tsr-sound")) {
            ++sounds;
            BOOST_TEST(field(s, "outcome") == "ready");
        }
        gst_message_unref(m);
    }

    // Buffers of 10 ms, each released by the clock reaching its timestamp.
    std::vector<std::int16_t> out;
    crank_until(h.get(), clock, wall, wall0, out, 3 * 48000);
    // Due 09:00:00 = running time 1.5 s = sample 72000.
    BOOST_TEST(first_nonsilent_frame(out) == 72000 + first_nonsilent_frame(chime));
    BOOST_TEST(holds_at(out, chime, 72000));
    BOOST_TEST(holds_at(out, voice_a, 72000 + chime.size() / 2));
    bool played = false, jumped = false;
    while (GstMessage* m = gst_bus_pop_filtered(bus, GST_MESSAGE_ELEMENT)) {
        const GstStructure* s = gst_message_get_structure(m);
        if (gst_structure_has_name(s, "tsr-reminder")) {
            played = field(s, "outcome") == "played";
            guint64 rt = 0;
            gst_structure_get_uint64(s, "running-time", &rt);
            BOOST_TEST(rt == 1500 * GST_MSECOND);
        }
        jumped |= gst_structure_has_name(s, "tsr-timebase");
        gst_message_unref(m);
    }
    BOOST_TEST(played);
    BOOST_TEST(!jumped);
}

// Behind a sink that syncs (tsr play to a screen or null), `sync=false`: each buffer goes out
// as soon as the one before is taken, none waits for the clock (the sink does), and the
// reminder is still placed to the sample.
BOOST_FIXTURE_TEST_CASE(live_without_sync_waits_for_no_clock_and_places_to_the_sample, Fixture) {
    write_playlist("[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\n"
                   "start = 2026-11-30T09:00:00\n"
                   "reminders = [ { before = \"0m\", audio = \"a.m4a\" } ]\n");
    LiveRun live(dir.path);
    GstHarness* h = live.h.get();
    g_object_set(h->element, "sync", FALSE, nullptr);
    gst_harness_set_blocking_push_mode(h); // one buffer out, then the next once it is taken
    gst_harness_play(h);
    int sounds = 0;
    while (sounds < 2) { // chime.m4a and a.m4a decoded (live never waits for the decoder)
        GstMessage* m = gst_bus_timed_pop_filtered(live.bus, 30 * GST_SECOND, GST_MESSAGE_ELEMENT);
        BOOST_REQUIRE_MESSAGE(m, "the sounds were not decoded");
        sounds += gst_structure_has_name(gst_message_get_structure(m), "tsr-sound");
        gst_message_unref(m);
    }
    std::vector<std::int16_t> out;
    while (out.size() / 2 < 3 * 48000) {
        GstBuffer* b = gst_harness_pull(h);
        BOOST_REQUIRE(b);
        BOOST_REQUIRE(GST_BUFFER_PTS(b) ==
                      gst_util_uint64_scale_round(out.size() / 2, GST_SECOND, 48000));
        GstMapInfo map;
        gst_buffer_map(b, &map, GST_MAP_READ);
        auto* samples = reinterpret_cast<const std::int16_t*>(map.data);
        out.insert(out.end(), samples, samples + map.size / 2);
        gst_buffer_unmap(b, &map);
        gst_buffer_unref(b);
    }
    // Three seconds out while the clocks stood still at running time 0: no wait at all.
    BOOST_TEST(gst_test_clock_peek_id_count(live.clock) == 0u);
    BOOST_TEST(gst_clock_get_time(GST_CLOCK(live.clock)) == 0u);
    // Due 09:00:00 = running time 1.5 s = sample 72000.
    BOOST_TEST(first_nonsilent_frame(out) == 72000 + first_nonsilent_frame(chime));
    BOOST_TEST(holds_at(out, chime, 72000));
    BOOST_TEST(holds_at(out, voice_a, 72000 + chime.size() / 2));
    // The latency stays one buffer (10 ms); made on demand, it has no maximum.
    GstQuery* q = gst_query_new_latency();
    BOOST_REQUIRE(gst_element_query(h->element, q));
    GstClockTime min = 0, max = 0;
    gst_query_parse_latency(q, nullptr, &min, &max);
    gst_query_unref(q);
    BOOST_TEST(min == 10 * GST_MSECOND);
    BOOST_TEST(max == GST_CLOCK_TIME_NONE);
}

// A reminder's audio is decoded when the playout is within an hour of it, not at start, and it
// plays to the sample all the same: 10 s buffers, an hour and a half of simulated time.
BOOST_FIXTURE_TEST_CASE(reminder_audio_is_decoded_an_hour_ahead_not_at_start, Fixture) {
    write_playlist("[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\n"
                   "start = 2026-11-30T09:00:00\n"
                   "reminders = [ { before = \"0m\", audio = \"a.m4a\" } ]\n\n"
                   "[[activity]]\nid = \"apel\"\ntitle = \"Apel\"\n"
                   "start = 2026-11-30T10:30:00\n"
                   "reminders = [ { before = \"0m\", audio = \"b.m4a\" } ]\n");
    std::string launch = "tsrremindersrc playlist=\"" + dir.path.string() +
                         "\" start=\"2026-11-30 08:59:58\" samples-per-buffer=480000";
    Harness h(gst_harness_new_parse(launch.c_str()), gst_harness_teardown);
    GstBus* bus = gst_bus_new();
    gst_element_set_bus(h->element, bus);
    gst_harness_play(h.get());
    const std::size_t apel_sample = 5402u * 48000u; // 10:30:00 is 1 h 30 min 2 s in
    bool apel_heard = false;
    for (std::size_t at = 0; at < apel_sample + 480000u; at += 480000u) {
        GstBuffer* b = gst_harness_pull(h.get());
        BOOST_REQUIRE(b);
        if (at <= apel_sample && apel_sample < at + 480000u) {
            GstMapInfo map;
            gst_buffer_map(b, &map, GST_MAP_READ);
            auto* s = reinterpret_cast<const std::int16_t*>(map.data);
            std::vector<std::int16_t> window(s, s + map.size / 2);
            const std::size_t offset = apel_sample - at;
            apel_heard = holds_at(window, chime, offset) &&
                         holds_at(window, voice_b, offset + chime.size() / 2);
            gst_buffer_unmap(b, &map);
        }
        gst_buffer_unref(b);
    }
    BOOST_TEST(apel_heard);
    // In order: rapat sounds (its audio decoded at start), and only then is b.m4a decoded:
    // when 10:30 came within the hour, at about 09:30.
    std::vector<std::string> order;
    while (GstMessage* m = gst_bus_pop_filtered(bus, GST_MESSAGE_ELEMENT)) {
        const GstStructure* s = gst_message_get_structure(m);
        if (gst_structure_has_name(s, "tsr-sound"))
            order.push_back(fs::path(field(s, "file")).filename().string());
        if (gst_structure_has_name(s, "tsr-reminder")) {
            order.push_back(field(s, "id") + " " + field(s, "outcome"));
            guint64 rt = 0;
            gst_structure_get_uint64(s, "running-time", &rt);
            if (field(s, "id") == "apel") BOOST_TEST(rt == 5402 * GST_SECOND);
        }
        gst_message_unref(m);
    }
    auto pos = [&](const std::string& what) {
        return std::find(order.begin(), order.end(), what) - order.begin();
    };
    BOOST_TEST(order.size() == 5u); // chime, a, b decoded once each; two reminders
    BOOST_TEST(pos("rapat played") < pos("b.m4a"));
    BOOST_TEST(pos("b.m4a") < pos("apel played"));
    BOOST_TEST(pos("apel played") < std::ptrdiff_t(order.size()));
    BOOST_TEST(pos("chime.m4a") < pos("rapat played"));
    gst_element_set_bus(h->element, nullptr);
    gst_object_unref(bus);
}

// Hot reload (tsr play sets an edit as the playlist context): the new playlist's reminders play,
// and the sounds the old one had decoded are taken over, not decoded again.
/// Live: a reload adds a reminder with a new file; it is taken between reminders and plays.
void live_reload(Fixture& fx, bool background) {
    auto& dir = fx.dir;
    const auto& chime = fx.chime;
    const auto& voice_a = fx.voice_a;
    const auto& voice_b = fx.voice_b;
    fx.with_background = background;
    if (background) sine(dir.path / "bg.m4a", 220, 2.0);
    auto write_playlist = [&](const std::string& a) { fx.write_playlist(a); };
    const std::string rapat = "[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\n"
                              "start = 2026-11-30T09:00:00\n"
                              "reminders = [ { before = \"0m\", audio = \"a.m4a\" } ]\n";
    write_playlist(rapat);
    LiveRun live(dir.path);
    Harness& h = live.h;
    GstTestClock* clock = live.clock;
    GstClock* wall = live.wall;
    const GstClockTime wall0 = live.wall0;
    GstBus* bus = live.bus;
    gst_harness_play(h.get());
    std::vector<GstMessage*> others;
    std::vector<std::string> first = sounds_until(bus, "a.m4a", others);
    for (const char* f : {"chime.m4a", background ? "bg.m4a" : "chime.m4a"})
        if (std::find(first.begin(), first.end(), f) == first.end())
            first.push_back(sounds_until(bus, f, others).at(0));
    std::vector<std::int16_t> out;
    crank_until(h.get(), clock, wall, wall0, out, 48000 / 2);

    // The edit adds a reminder at 09:00:05 (running time 6.5 s) with a new file.
    write_playlist(rapat + "\n[[activity]]\nid = \"apel\"\ntitle = \"Apel\"\n"
                           "start = 2026-11-30T09:00:05\n"
                           "reminders = [ { before = \"0m\", audio = \"b.m4a\" } ]\n");
    tsr::LoadResult loaded = tsr::load_playlist(dir.path);
    BOOST_REQUIRE(loaded.playlist);
    // Set as `tsr play` does on a good edit: a new context for the pipeline.
    tsr::set_playlist_context(h->element, loaded.playlist, 2);
    // Taken at the next buffer; live never waits for the decoder, so wait here before the clock
    // moves on. The only file decoded is the new one.
    crank_until(h.get(), clock, wall, wall0, out, out.size() / 2 + 480);
    std::vector<std::string> after = sounds_until(bus, "b.m4a", others);
    BOOST_TEST(after.size() == 1u);
    crank_until(h.get(), clock, wall, wall0, out, 8 * 48000);

    if (!background) { // (with it, the reminders sound over the ducked music)
        BOOST_TEST(holds_at(out, chime, 72000));
        BOOST_TEST(holds_at(out, voice_a, 72000 + chime.size() / 2));
        BOOST_TEST(holds_at(out, chime, 6 * 48000 + 24000));
        BOOST_TEST(holds_at(out, voice_b, 6 * 48000 + 24000 + chime.size() / 2));
    }
    while (GstMessage* m = gst_bus_pop_filtered(bus, GST_MESSAGE_ELEMENT))
        others.push_back(m);
    int played = 0;
    for (GstMessage* m : others) {
        const GstStructure* s = gst_message_get_structure(m);
        BOOST_TEST(!gst_structure_has_name(s, "tsr-sound")); // nothing decoded twice
        if (gst_structure_has_name(s, "tsr-reminder")) {
            BOOST_TEST(field(s, "outcome") == "played", field(s, "id"));
            ++played;
        }
        gst_message_unref(m);
    }
    BOOST_TEST(played == 2);
}

BOOST_FIXTURE_TEST_CASE(live_reload_keeps_the_decoded_sounds, Fixture) {
    live_reload(*this, false);
}

BOOST_FIXTURE_TEST_CASE(live_reload_is_taken_while_background_music_plays, Fixture) {
    // Music sounds in every buffer: the reload waits for a moment without a reminder, not
    // for silence (it used to wait for ever, and the new reminder never played).
    live_reload(*this, true);
}

BOOST_AUTO_TEST_SUITE_END()
