// Quiet times (engine/quiet_hours.hpp): the spans of a day, where a held reminder goes, the
// [audio] quiet keys and their mistakes, and the music muted by the mixer.
#include "i18n.hpp"
#include "loader_check.hpp"
#include "quiet_hours.hpp"
#include "schedule.hpp"
#include "sound/reminder_mix.hpp"

#include <boost/test/unit_test.hpp>

using namespace tsr;
using namespace std::chrono;

namespace {

const TimeZone kWib = TimeZone::fixed(hours(7));

Instant at(const char* text) {
    return *parse_local_datetime(kWib, text);
}

QuietWindow window(Seconds begin, Seconds end, std::array<bool, 7> days, std::string name = "") {
    QuietWindow w;
    w.begin = begin;
    w.end = end;
    w.days = days;
    w.name = std::move(name);
    return w;
}

constexpr std::array<bool, 7> kFriday{false, false, false, false, true, false, false};
constexpr std::array<bool, 7> kEveryDay{true, true, true, true, true, true, true};

const std::string kHead = "[office]\nname = \"Kantor\"\ntimezone = \"Asia/Jakarta\"\n\n"
                          "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"x\"\n\n";

} // namespace

BOOST_AUTO_TEST_SUITE(quiet_hours)

BOOST_AUTO_TEST_CASE(friday_prayers_hold_a_sound_to_the_end_of_the_window) {
    std::vector<QuietWindow> ws{window(hours(11) + minutes(30), hours(13), kFriday, "Salat Jumat")};
    // Friday 2026-12-04.
    const QuietWindow* by = nullptr;
    BOOST_TEST((format_iso(kWib, quiet_release(ws, kWib, at("2026-12-04 11:45"), &by)) ==
                "2026-12-04T13:00:00+07:00"));
    BOOST_TEST((by == &ws[0]));
    // The first instant is inside, the end is not: [begin, end).
    BOOST_TEST((quiet_release(ws, kWib, at("2026-12-04 11:30"), &by) == at("2026-12-04 13:00")));
    BOOST_TEST((quiet_release(ws, kWib, at("2026-12-04 13:00"), &by) == at("2026-12-04 13:00")));
    BOOST_TEST((by == nullptr));
    BOOST_TEST(
        (quiet_release(ws, kWib, at("2026-12-04 11:29:59"), &by) == at("2026-12-04 11:29:59")));
    // Thursday at the same hour: not quiet.
    BOOST_TEST((quiet_release(ws, kWib, at("2026-12-03 11:45"), &by) == at("2026-12-03 11:45")));
    BOOST_TEST((by == nullptr));
    BOOST_TEST(quiet_label(ws[0]) == "Salat Jumat 11:30-13:00");
}

BOOST_AUTO_TEST_CASE(adjoining_windows_hold_to_the_last_end_even_across_midnight) {
    std::vector<QuietWindow> ws{
        window(hours(12), hours(13), kEveryDay), window(hours(11), hours(12), kEveryDay),
        window(hours(23), hours(24), kEveryDay), window(hours(0), hours(1), kEveryDay)};
    const QuietWindow* by = nullptr;
    BOOST_TEST((quiet_release(ws, kWib, at("2026-12-01 11:10"), &by) == at("2026-12-01 13:00")));
    BOOST_TEST((by == &ws[1])); // the window it fell in
    BOOST_TEST((quiet_release(ws, kWib, at("2026-12-01 23:59"), &by) == at("2026-12-02 01:00")));
    // The spans of a day, in time order.
    auto spans = quiet_spans(ws, kWib, at("2026-12-01 10:00"), at("2026-12-01 12:30"));
    BOOST_REQUIRE_EQUAL(spans.size(), 2u);
    BOOST_TEST((spans[0].begin == at("2026-12-01 11:00")));
    BOOST_TEST((spans[1].end == at("2026-12-01 13:00")));
}

BOOST_AUTO_TEST_CASE(overlap_is_a_shared_moment_on_a_shared_day) {
    auto a = window(hours(11) + minutes(30), hours(13), kFriday);
    BOOST_TEST(quiet_overlap(a, window(hours(12), hours(14), kEveryDay)));
    BOOST_TEST(!quiet_overlap(a, window(hours(13), hours(14), kEveryDay))); // adjoining
    BOOST_TEST(!quiet_overlap(
        a, window(hours(12), hours(14), {true, false, false, false, false, false, false})));
}

BOOST_AUTO_TEST_CASE(the_program_holds_reminders_due_inside_and_queues_behind_them) {
    test::Checked c = test::check_text(
        kHead + "[audio]\nquiet = [ { hours = \"11:30-13:00\", days = [\"jumat\"], name = "
                "\"Salat Jumat\" } ]\n\n"
                "[[activity]]\nid = \"a\"\ntitle = \"A\"\nstart = 12:00:00\nrepeat = \"daily\"\n"
                "reminders = [ { before = \"15m\", audio = \"audio/ok.m4a\", chime = false },\n"
                "              { before = \"5m\", audio = \"audio/ok.m4a\", chime = false } ]\n");
    BOOST_REQUIRE(c.accepted);
    const Playlist& p = *c.playlist;
    // Friday: both due inside the window (11:45, 11:55); the first sounds at 13:00, the
    // second right after it (the sound is 0.3 s).
    auto fri = reminder_program(p, at("2026-12-04 00:00"), at("2026-12-05 00:00"));
    BOOST_REQUIRE_EQUAL(fri.size(), 2u);
    BOOST_TEST(format_iso(p.zone, fri[0].due.due) == "2026-12-04T11:45:00+07:00");
    BOOST_TEST((format_iso(p.zone, fri[0].sound_start) == "2026-12-04T13:00:00+07:00"));
    BOOST_TEST((fri[0].held_by == &p.audio.quiet[0]));
    BOOST_TEST((fri[1].sound_start == fri[0].sound_end()));
    BOOST_TEST((fri[1].held_by == &p.audio.quiet[0]));
    BOOST_TEST((fri[1].sound_start > at("2026-12-04 13:00")));
    // Thursday: as written.
    auto thu = reminder_program(p, at("2026-12-03 00:00"), at("2026-12-04 00:00"));
    BOOST_REQUIRE_EQUAL(thu.size(), 2u);
    BOOST_TEST((thu[0].sound_start == at("2026-12-03 11:45")));
    BOOST_TEST((thu[0].held_by == nullptr));
    // The reminder slide follows the sound: nothing at 11:45 on Friday, at 13:00 it shows.
    BOOST_TEST(!reminder_slide_at(p, at("2026-12-04 11:45:01")));
    BOOST_TEST(reminder_slide_at(p, at("2026-12-04 13:00:01")).has_value());
    // The timeline says it was held, at its new time; a window asked from inside the quiet
    // time gives the same program.
    auto cs = cues(p, at("2026-12-04 11:00"), at("2026-12-04 14:00"), {false, true, false, false});
    BOOST_REQUIRE_EQUAL(cs.size(), 2u);
    BOOST_TEST(format_iso(p.zone, cs[0].time) == "2026-12-04T13:00:00+07:00");
    BOOST_TEST(cs[0].detail == "ok.m4a (held for the quiet time Salat Jumat 11:30-13:00)");
    auto late = reminder_program(p, at("2026-12-04 12:59"), at("2026-12-04 14:00"));
    BOOST_REQUIRE_EQUAL(late.size(), 2u);
    BOOST_TEST((late[0].sound_start == fri[0].sound_start));
}

BOOST_AUTO_TEST_CASE(a_sound_that_would_run_into_the_window_is_held_to_its_end) {
    std::vector<QuietWindow> ws{window(hours(11) + minutes(30), hours(13), kFriday, "Salat Jumat"),
                                window(hours(13), hours(13) + minutes(10), kFriday)};
    const QuietWindow* by = nullptr;
    // 20 s from 11:29:40 ends exactly as the window begins: not held.
    BOOST_TEST((quiet_release(ws, kWib, at("2026-12-04 11:29:40"), seconds(20), &by) ==
                at("2026-12-04 11:29:40")));
    BOOST_TEST((by == nullptr));
    // A microsecond longer would be heard inside it: held past it and the one adjoining it.
    BOOST_TEST((quiet_release(ws, kWib, at("2026-12-04 11:29:40"), seconds(20) + Micros(1), &by) ==
                at("2026-12-04 13:10")));
    BOOST_TEST((by == &ws[0]));
    // Zero length: the instant alone, as before.
    BOOST_TEST((quiet_release(ws, kWib, at("2026-12-04 11:29:59"), Micros(0), &by) ==
                at("2026-12-04 11:29:59")));
    // Thursday: no window to run into.
    BOOST_TEST((quiet_release(ws, kWib, at("2026-12-03 11:29:50"), minutes(5), &by) ==
                at("2026-12-03 11:29:50")));
    BOOST_TEST((by == nullptr));
    // A sound too long for the gap between two windows waits for the second one's end.
    std::vector<QuietWindow> gap{window(hours(12), hours(13), kEveryDay),
                                 window(hours(13) + minutes(1), hours(14), kEveryDay)};
    BOOST_TEST((quiet_release(gap, kWib, at("2026-12-01 12:30"), minutes(2), &by) ==
                at("2026-12-01 14:00")));
    BOOST_TEST((by == &gap[0]));
    BOOST_TEST((quiet_release(gap, kWib, at("2026-12-01 12:30"), minutes(1), &by) ==
                at("2026-12-01 13:00")));
}

BOOST_AUTO_TEST_CASE(the_program_holds_a_reminder_that_would_sound_into_the_window) {
    test::TempPlaylist t;
    t.tone("audio/long.m4a", 440, 20.0);
    t.playlist(kHead + "[audio]\nquiet = [ { hours = \"11:30-13:00\", days = [\"jumat\"], "
                       "name = \"Salat Jumat\" } ]\n\n"
                       "[[activity]]\nid = \"a\"\ntitle = \"A\"\nstart = 11:30:00\n"
                       "repeat = \"daily\"\n"
                       "reminders = [ { before = \"40s\", audio = \"audio/long.m4a\", "
                       "chime = false },\n"
                       "              { before = \"10s\", audio = \"audio/long.m4a\", "
                       "chime = false } ]\n");
    test::Checked c = test::check(t);
    BOOST_REQUIRE_MESSAGE(c.accepted, (c.errors.empty() ? std::string() : c.errors[0]));
    const Playlist& p = *c.playlist;
    auto fri = reminder_program(p, at("2026-12-04 00:00"), at("2026-12-05 00:00"));
    BOOST_REQUIRE_EQUAL(fri.size(), 2u);
    // Due 11:29:20, about 20 s long: over before 11:30, as written.
    BOOST_TEST(format_iso(p.zone, fri[0].sound_start) == "2026-12-04T11:29:20+07:00");
    BOOST_TEST((fri[0].held_by == nullptr));
    BOOST_TEST((fri[0].sound_end() < at("2026-12-04 11:30")));
    // Due 11:29:50: it would sound until about 11:30:10, into the prayers: held to 13:00.
    BOOST_TEST(format_iso(p.zone, fri[1].due.due) == "2026-12-04T11:29:50+07:00");
    BOOST_TEST(format_iso(p.zone, fri[1].sound_start) == "2026-12-04T13:00:00+07:00");
    BOOST_TEST((fri[1].held_by == &p.audio.quiet[0]));
    BOOST_TEST(!reminder_sounding_at(p, at("2026-12-04 11:30:05")));
    auto cs = cues(p, at("2026-12-04 11:00"), at("2026-12-04 14:00"), {false, true, false, false});
    BOOST_REQUIRE_EQUAL(cs.size(), 2u);
    BOOST_TEST(cs[1].detail == "long.m4a (held for the quiet time Salat Jumat 11:30-13:00)");
    // Thursday: both as written.
    auto thu = reminder_program(p, at("2026-12-03 00:00"), at("2026-12-04 00:00"));
    BOOST_REQUIRE_EQUAL(thu.size(), 2u);
    BOOST_TEST((thu[1].sound_start == at("2026-12-03 11:29:50")));
}

BOOST_AUTO_TEST_CASE(the_quiet_keys_are_read) {
    test::Checked c = test::check_text(
        kHead +
        "[audio]\nquiet = [ { hours = \"11:30-13:00\", days = [\"jumat\"], name = "
        "\"Salat Jumat\" },\n          { hours = \"12:00-13:00\", days = [\"senin\"] } ]\n");
    BOOST_REQUIRE(c.accepted);
    const auto& q = c.playlist->audio.quiet;
    BOOST_REQUIRE_EQUAL(q.size(), 2u);
    BOOST_TEST(q[0].begin.count() == 11 * 3600 + 1800);
    BOOST_TEST(q[0].end.count() == 13 * 3600);
    BOOST_TEST((q[0].days == kFriday));
    BOOST_TEST(q[0].name == "Salat Jumat");
    BOOST_TEST((q[1].days == std::array<bool, 7>{true, false, false, false, false, false, false}));
    BOOST_TEST(test::check_text(kHead).playlist->audio.quiet.empty());
}

BOOST_AUTO_TEST_CASE(mistakes_in_the_quiet_keys_are_refused_where_they_are) {
    test::expect_one_error(kHead + "[audio]\nquiet = [ { hours = \"13:00-11:30\" } ]\n",
                           "playlist.toml:11:21: error: hours: \"13:00-11:30\" ends before it "
                           "begins; write it like \"11:30-13:00\"");
    test::expect_one_error(kHead + "[audio]\nquiet = [ { hours = \"11:30-11:30\" } ]\n",
                           "playlist.toml:11:21: error: hours: \"11:30-11:30\" ends before it "
                           "begins; write it like \"11:30-13:00\"");
    test::expect_one_error(kHead + "[audio]\nquiet = [ { hours = \"11:30-25:00\" } ]\n",
                           "playlist.toml:11:21: error: hours: \"11:30-25:00\" is not a time "
                           "range; write it like \"11:30-13:00\"");
    test::expect_one_error(kHead + "[audio]\nquiet = [ { hours = \"06:00-19:00\" } ]\n",
                           "playlist.toml:11:21: error: hours: \"06:00-19:00\" is longer than 12 "
                           "hours; a quiet time holds reminders back, so keep it to the hours "
                           "that must be quiet");
    test::expect_one_error(
        kHead + "[audio]\nquiet = [ { hours = \"11:30-13:00\", days = [\"jumat\"] },\n"
                "          { hours = \"12:45-13:30\", days = [\"senin\", \"jumat\"] } ]\n",
        "playlist.toml:12:21: error: hours: \"12:45-13:30\" overlaps the quiet time on line 11 "
        "(\"11:30-13:00\") on jumat; make it one quiet time or change the hours");
    test::expect_one_error(kHead + "[audio]\nquiet = [ { days = [\"jumat\"] } ]\n",
                           "playlist.toml:11:11: error: hours: missing in a quiet time; add "
                           "hours = \"11:30-13:00\" (when reminders wait and the music stops)");
    test::expect_one_error(kHead + "[audio]\nquiet = [ { hours = \"11:30-13:00\", hari = [] } ]\n",
                           "playlist.toml:11:36: error: hari: is not a key of a quiet time; "
                           "known keys: hours, days or name");
    test::expect_one_error(kHead + "[audio]\nquiet = \"11:30-13:00\"\n",
                           "playlist.toml:11:9: error: quiet: \"11:30-13:00\" is not a list; write "
                           "it like [{ hours = \"11:30-13:00\", days = [\"jumat\"] }]");
    test::expect_one_error(kHead + "[audio]\nquiet = [ \"11:30-13:00\" ]\n",
                           "playlist.toml:11:11: error: quiet: \"11:30-13:00\" is not a quiet "
                           "time; write it like { hours = \"11:30-13:00\", days = [\"jumat\"] }");
    test::expect_one_error(kHead + "[audio]\nquiet = [ { hours = \"11:30-13:00\", days = "
                                   "[\"jumaat\"] } ]\n",
                           "playlist.toml:11:44: error: days: \"jumaat\" is not a day; did you "
                           "mean jumat? Write senin, selasa, rabu, kamis, jumat, sabtu or minggu "
                           "(or monday..sunday)");
}

BOOST_AUTO_TEST_CASE(the_quiet_mistakes_in_indonesian) {
    i18n::use_language("id");
    test::Checked c = test::check_text(
        kHead + "[audio]\nquiet = [ { hours = \"11:30-13:00\", days = [\"jumat\"] },\n"
                "          { hours = \"12:45-13:30\", days = [\"jumat\"] },\n"
                "          { hours = \"13:00-11:30\" } ]\n");
    i18n::use_language("en");
    std::vector<std::string> expect = {
        "playlist.toml:12:21: error: hours: \"12:45-13:30\" bertumpuk dengan waktu hening di "
        "baris 11 (\"11:30-13:00\") pada hari jumat; jadikan satu waktu hening atau ubah jamnya",
        "playlist.toml:13:21: error: hours: \"13:00-11:30\" berakhir sebelum dimulai; tulis "
        "seperti \"11:30-13:00\""};
    BOOST_TEST(c.errors == expect, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(music_is_silent_inside_the_window_with_ramps_outside_it) {
    // The timeline starts at 2026-11-30 00:59:59 local (a fixed offset picked for that); the
    // window 01:00-01:01 is samples 48000 .. 48000 + 60 * 48000.
    const Instant t0 = Instant(Micros(1796000000LL * 1000000));
    MixerConfig config;
    config.zone = TimeZone::fixed(Seconds(399));
    config.quiet = {window(hours(1), hours(1) + minutes(1), kEveryDay)};
    config.background = {"/bg.m4a"};
    config.ramp = Micros(100000); // 4800 samples
    auto bg = std::make_shared<DecodedSound>();
    bg->samples.assign(2 * 1000, 10000);
    ReminderMixer m([](Instant, Instant) { return std::vector<ReminderPlay>{}; },
                    [&](const std::filesystem::path&) {
                        return ReminderSoundBank::Entry{ReminderSoundBank::State::ready, bg, ""};
                    },
                    config);
    std::vector<MixEvent> ev;
    m.begin(Timebase::simulated(t0), 0, ev);
    const std::size_t chunk = 480, total = 48000 * 63;
    std::vector<std::int16_t> left, buf(chunk * 2);
    for (std::size_t s = 0; s < total; s += chunk) {
        m.mix(s, chunk, buf.data(), ev);
        for (std::size_t i = 0; i < chunk; ++i)
            left.push_back(buf[2 * i]);
    }
    const std::size_t q0 = 48000, q1 = 48000 + 60 * 48000;
    BOOST_TEST(left[0] == 10000);
    BOOST_TEST(left[q0 - 4800 - 1] == 10000); // before the ramp down
    BOOST_TEST(left[q0 - 2400] == 5000);      // half way down
    std::size_t loud = 0;
    for (std::size_t s = q0; s < q1; ++s)
        loud += left[s] != 0;
    BOOST_TEST(loud == 0u);               // silent from the window's first sample to its last
    BOOST_TEST(left[q1 + 2400] == 5000);  // half way up
    BOOST_TEST(left[q1 + 4800] == 10000); // back
}

BOOST_AUTO_TEST_SUITE_END()
