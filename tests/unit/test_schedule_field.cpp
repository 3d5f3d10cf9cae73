// The schedule against what happened in the field ("Field truth"): activities across midnight,
// reminder slides of short clips, and costs that must follow the window asked for, never the
// size of a date or a duration written in the playlist.
#include "playlist_loader.hpp"
#include "render/slide_renderer.hpp"
#include "render/ticker_strip.hpp"
#include "schedule.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace tsr;
using namespace std::chrono;

namespace {

const std::string kOffice = "[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n";
const std::string kSlide = "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n";

/// Loads TOML text without looking into files; errors as "playlist.toml:L:C: error: ...".
struct Loaded {
    std::shared_ptr<const Playlist> playlist;
    std::vector<std::string> errors;
};
Loaded try_load(const std::string& body) {
    test::TempPlaylist t;
    t.playlist(body);
    LoadResult r = load_playlist(t.dir(), LoadOptions{std::nullopt, false});
    Loaded out;
    out.playlist = r.playlist;
    for (const Diagnostic& d : r.diagnostics.sorted()) {
        std::string line = format_diagnostic(d);
        std::string prefix = t.toml().string();
        if (line.rfind(prefix, 0) == 0) line = "playlist.toml" + line.substr(prefix.size());
        if (d.severity == Severity::error) out.errors.push_back(line);
    }
    return out;
}
Playlist load(const std::string& body) {
    Loaded l = try_load(body);
    for (const std::string& e : l.errors)
        BOOST_TEST_MESSAGE(e);
    BOOST_REQUIRE(l.playlist);
    return *l.playlist;
}

Instant at(const Playlist& p, const char* local) {
    return *parse_local_datetime(p.zone, local);
}
std::string hm(const Playlist& p, Instant t) { // "2026-11-30 22:00:00"
    std::string s = format_iso(p.zone, t);
    return s.substr(0, 10) + " " + s.substr(11, s.size() - 11 - 6);
}

/// "id start..end" of each occurrence on the agenda at t.
std::vector<std::string> agenda(const Playlist& p, const char* t) {
    std::vector<std::string> out;
    for (const Occurrence& o : occurrences_on_day(p, at(p, t))) {
        std::string row = o.activity->id + " " + hm(p, o.anchor());
        if (o.end) row += ".." + hm(p, *o.end);
        out.push_back(row);
    }
    return out;
}

std::vector<std::string> cue_lines(const Playlist& p, Instant from, Instant to,
                                   CueKinds kinds = {}) {
    std::vector<std::string> out;
    for (const Cue& c : cues(p, from, to, kinds))
        out.push_back(hm(p, c.time) + " " + cue_kind_name(c.kind) + " " + c.id + " " + c.detail);
    return out;
}

const std::string kNightShift =
    "[[activity]]\nid = \"jaga\"\ntitle = \"Jaga Malam\"\nrepeat = \"daily\"\nstart = 22:00:00\n"
    "end = 02:00:00\nplace = \"Pos\"\nreminders = [ { before = \"10m\", audio = \"a.m4a\" } ]\n";

} // namespace

BOOST_AUTO_TEST_SUITE(across_midnight)

BOOST_AUTO_TEST_CASE(a_recurring_end_before_its_start_is_the_next_day) {
    Playlist p = load(kOffice + kSlide + kNightShift);
    auto list = occurrences(p, at(p, "2026-11-30 00:00"), at(p, "2026-12-01 00:00"));
    BOOST_REQUIRE_EQUAL(list.size(), 1u);
    BOOST_TEST(hm(p, *list[0].start) == "2026-11-30 22:00:00");
    BOOST_TEST(hm(p, *list[0].end) == "2026-12-01 02:00:00");
    // Its reminder counts back from the start, on the evening.
    auto due = reminders_due(p, at(p, "2026-11-30 00:00"), at(p, "2026-12-01 00:00"));
    BOOST_REQUIRE_EQUAL(due.size(), 1u);
    BOOST_TEST(hm(p, due[0].due) == "2026-11-30 21:50:00");
}

BOOST_AUTO_TEST_CASE(the_loader_takes_a_night_shift_and_keeps_the_other_rules) {
    // Lines: office 1-3, slide 4-6, activity from 7; end is on line 12, column 7.
    auto night = try_load(kOffice + kSlide + kNightShift);
    BOOST_TEST(night.errors.empty());
    auto equal = try_load(kOffice + kSlide +
                          "[[activity]]\nid = \"x\"\ntitle = \"X\"\nrepeat = \"daily\"\n"
                          "start = 22:00:00\nend = 22:00:00\n");
    BOOST_REQUIRE_EQUAL(equal.errors.size(), 1u);
    BOOST_TEST(equal.errors[0] == "playlist.toml:12:7: error: end: 22:00:00 is not after the "
                                  "start (22:00:00); write an end later than the start");
    // A one-off carries its dates: an end before its start stays a mistake.
    auto once = try_load(kOffice + kSlide +
                         "[[activity]]\nid = \"x\"\ntitle = \"X\"\nstart = 2026-11-30T22:00:00\n"
                         "end = 2026-11-30T01:00:00\n");
    BOOST_REQUIRE_EQUAL(once.errors.size(), 1u);
    BOOST_TEST(once.errors[0] == "playlist.toml:11:7: error: end: 2026-11-30T01:00:00 is not "
                                 "after the start (2026-11-30T22:00:00); write an end later "
                                 "than the start");
    // The same shift written "weekly" or with text times is a night shift too.
    auto weekly = try_load(kOffice + kSlide +
                           "[[activity]]\nid = \"x\"\ntitle = \"X\"\ndays = [\"jumat\"]\n"
                           "start = \"23:30\"\nend = \"00:15\"\n");
    BOOST_TEST(weekly.errors.empty());
}

BOOST_AUTO_TEST_CASE(a_one_off_across_midnight_stays_on_the_agenda_until_it_ends) {
    Playlist p = load(kOffice + kSlide +
                      "[[activity]]\nid = \"lembur\"\ntitle = \"Lembur\"\n"
                      "start = 2026-11-30T22:00:00\nend = 2026-12-01T01:00:00\n"
                      "[[activity]]\nid = \"apel\"\ntitle = \"Apel\"\n"
                      "start = 2026-12-01T07:30:00\n");
    std::vector<std::string> evening = {"lembur 2026-11-30 22:00:00..2026-12-01 01:00:00"};
    BOOST_TEST(agenda(p, "2026-11-30 23:00") == evening, boost::test_tools::per_element());
    // At 00:00 and until 01:00 it is still under way: first on the new day's agenda.
    std::vector<std::string> night = {"lembur 2026-11-30 22:00:00..2026-12-01 01:00:00",
                                      "apel 2026-12-01 07:30:00"};
    BOOST_TEST(agenda(p, "2026-12-01 00:00") == night, boost::test_tools::per_element());
    BOOST_TEST(agenda(p, "2026-12-01 00:59:59") == night, boost::test_tools::per_element());
    std::vector<std::string> morning = {"apel 2026-12-01 07:30:00"};
    BOOST_TEST(agenda(p, "2026-12-01 01:00") == morning, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_night_shift_is_on_the_agenda_twice_around_midnight) {
    Playlist p = load(kOffice + kSlide + kNightShift);
    std::vector<std::string> early = {"jaga 2026-11-30 22:00:00..2026-12-01 02:00:00",
                                      "jaga 2026-12-01 22:00:00..2026-12-02 02:00:00"};
    BOOST_TEST(agenda(p, "2026-12-01 01:30") == early, boost::test_tools::per_element());
    std::vector<std::string> later = {"jaga 2026-12-01 22:00:00..2026-12-02 02:00:00"};
    BOOST_TEST(agenda(p, "2026-12-01 02:00") == later, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_weekly_night_shift_ending_its_repeat_still_runs_past_midnight) {
    // Fridays only, until Fri 4 Dec: the shift of the 4th still runs on Saturday night.
    Playlist p = load(kOffice + kSlide +
                      "[[activity]]\nid = \"jaga\"\ntitle = \"Jaga\"\ndays = [\"jumat\"]\n"
                      "start = 23:00:00\nend = 03:00:00\nuntil = 2026-12-04\n");
    std::vector<std::string> saturday = {"jaga 2026-12-04 23:00:00..2026-12-05 03:00:00"};
    BOOST_TEST(agenda(p, "2026-12-05 02:59") == saturday, boost::test_tools::per_element());
    BOOST_TEST(agenda(p, "2026-12-06 01:00").empty());
    BOOST_TEST(agenda(p, "2026-12-12 01:00").empty()); // past `until`
}

BOOST_AUTO_TEST_CASE(a_monthly_night_on_a_short_months_last_day_runs_into_the_next_month) {
    // day = 31 is the 30th in November: the night of 30 Nov runs into 1 Dec.
    Playlist p = load(kOffice + kSlide +
                      "[[activity]]\nid = \"tutup\"\ntitle = \"Tutup Buku\"\nrepeat = \"monthly\"\n"
                      "day = 31\nstart = 23:00:00\nend = 01:30:00\n");
    std::vector<std::string> row = {"tutup 2026-11-30 23:00:00..2026-12-01 01:30:00"};
    BOOST_TEST(agenda(p, "2026-12-01 01:00") == row, boost::test_tools::per_element());
    BOOST_TEST(agenda(p, "2026-12-01 01:30").empty());
    // The month calendar's cues: its start on the 30th, none on the 1st.
    auto list = cue_lines(p, at(p, "2026-11-30 00:00"), at(p, "2026-12-02 00:00"),
                          CueKinds{false, true, true, true});
    std::vector<std::string> expect = {"2026-11-30 23:00:00 start tutup "};
    BOOST_TEST(list == expect, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_activity_of_several_days_is_on_each_days_agenda) {
    Playlist p = load(kOffice + kSlide +
                      "[[activity]]\nid = \"pameran\"\ntitle = \"Pameran\"\n"
                      "start = 2026-11-28T08:00:00\nend = 2026-12-02T17:00:00\n");
    std::vector<std::string> row = {"pameran 2026-11-28 08:00:00..2026-12-02 17:00:00"};
    BOOST_TEST(agenda(p, "2026-11-30 12:00") == row, boost::test_tools::per_element());
    // Begun days ago: the agenda slide's row says the day it began.
    Playlist shown = load(kOffice + "[[slide]]\ntemplate = \"agenda\"\nduration = \"10s\"\n" +
                          "[[activity]]\nid = \"pameran\"\ntitle = \"Pameran\"\n"
                          "start = 2026-11-28T08:00:00\nend = 2026-12-02T17:00:00\n");
    SlideRenderer r(std::make_shared<const Playlist>(shown));
    SlideContentKey key;
    key.slide = 0;
    key.minute = floor<minutes>(at(p, "2026-11-30 12:00")).time_since_epoch().count();
    BOOST_TEST(r.values_for(key).rows.at(0).fields["activity.time"] == "28 Nov 08.00-17.00");
    BOOST_TEST(agenda(p, "2026-12-02 16:59") == row, boost::test_tools::per_element());
    BOOST_TEST(agenda(p, "2026-12-02 17:00").empty());
}

BOOST_AUTO_TEST_CASE(the_agenda_slide_and_the_ticker_show_the_shift_after_midnight) {
    Playlist p = load(kOffice + "[ticker]\nagenda = true\n" +
                      "[[slide]]\ntemplate = \"agenda\"\nduration = \"10s\"\n" + kNightShift);
    auto shared = std::make_shared<const Playlist>(p);
    SlideRenderer r(shared);
    SlideContentKey key;
    key.slide = 0;
    key.minute = floor<minutes>(at(p, "2026-12-01 00:30")).time_since_epoch().count();
    TemplateValues v = r.values_for(key);
    BOOST_REQUIRE_EQUAL(v.rows.size(), 2u);
    // Last night's shift, still under way, is not read as tonight's.
    BOOST_TEST(v.rows[0].fields["activity.time"] == "kemarin 22.00-02.00");
    BOOST_TEST(v.rows[1].fields["activity.time"] == "22.00-02.00");
    BOOST_TEST(v.rows[0].fields["activity.countdown"] == "sekarang");
    BOOST_TEST(v.rows[0].flags.count("now") == 1u);
    BOOST_TEST(v.rows[1].fields["activity.countdown"] == "21 jam lagi");
    std::vector<std::string> ticker = {"kemarin 22.00 Jaga Malam, Pos", "22.00 Jaga Malam, Pos"};
    BOOST_TEST(ticker_messages(p, at(p, "2026-12-01 00:30")) == ticker,
               boost::test_tools::per_element());
    std::vector<std::string> after = {"22.00 Jaga Malam, Pos"};
    BOOST_TEST(ticker_messages(p, at(p, "2026-12-01 02:00")) == after,
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(agenda_pages_change_when_a_shift_from_yesterday_ends) {
    Playlist p = load(kOffice + "[[slide]]\ntemplate = \"agenda\"\nduration = \"10s\"\n" + kSlide +
                      kNightShift);
    p.slides[0].rows_per_page = 1; // 2 rows -> 2 pages until 02:00, then 1
    BOOST_TEST(agenda_page_count(p, p.slides[0], at(p, "2026-12-01 01:59:59")) == 2);
    BOOST_TEST(agenda_page_count(p, p.slides[0], at(p, "2026-12-01 02:00")) == 1);
    // The rotation's stretch ends at 02:00 whatever showed: the round changes then.
    auto s = rotation_at(p, at(p, "2026-12-01 01:59:55"));
    BOOST_TEST(hm(p, s.ends) == "2026-12-01 02:00:00");
    // The cues of two windows that meet at 02:00:05 join up to the cues of the whole.
    Instant a = at(p, "2026-12-01 01:59:00"), b = at(p, "2026-12-01 02:00:05"),
            c = at(p, "2026-12-01 02:01:00");
    auto whole = cue_lines(p, a, c);
    auto first = cue_lines(p, a, b), second = cue_lines(p, b, c);
    first.insert(first.end(), second.begin(), second.end());
    BOOST_TEST(whole == first, boost::test_tools::per_element());
    // Round 30 s (2 pages + info; 7140 % 30 = 0) until 02:00, then 20 s, starting over.
    std::vector<std::string> expect = {"2026-12-01 01:59:00 slide slide-1 agenda 1/2",
                                       "2026-12-01 01:59:10 slide slide-1 agenda 2/2",
                                       "2026-12-01 01:59:20 slide slide-2 info",
                                       "2026-12-01 01:59:30 slide slide-1 agenda 1/2",
                                       "2026-12-01 01:59:40 slide slide-1 agenda 2/2",
                                       "2026-12-01 01:59:50 slide slide-2 info",
                                       "2026-12-01 02:00:00 slide slide-1 agenda",
                                       "2026-12-01 02:00:10 slide slide-2 info",
                                       "2026-12-01 02:00:20 slide slide-1 agenda",
                                       "2026-12-01 02:00:30 slide slide-2 info",
                                       "2026-12-01 02:00:40 slide slide-1 agenda",
                                       "2026-12-01 02:00:50 slide slide-2 info"};
    BOOST_TEST(whole == expect, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reminder_slide)

namespace {
const std::string kTwoReminders =
    "[[activity]]\nid = \"a\"\ntitle = \"A\"\nstart = 2026-11-30T09:00:00\n"
    "reminders = [ { before = \"0m\", audio = \"a.m4a\", chime = false } ]\n"
    "[[activity]]\nid = \"b\"\ntitle = \"B\"\nstart = 2026-11-30T09:00:03\n"
    "reminders = [ { before = \"0m\", audio = \"b.m4a\", chime = false } ]\n";
}

BOOST_AUTO_TEST_CASE(a_short_clip_keeps_its_slide_up_for_the_minimum) {
    Playlist p = load(kOffice + kSlide + kTwoReminders);
    p.activities[0].reminders[0].audio_length = milliseconds(200);
    p.activities[1].reminders[0].audio_length = milliseconds(200);
    BOOST_TEST(p.display.reminder_slide_min.count() == 8);
    auto prog = reminder_program(p, at(p, "2026-11-30 08:00"), at(p, "2026-11-30 10:00"));
    BOOST_REQUIRE_EQUAL(prog.size(), 2u);
    // A's slide stays until B's sound starts at 09:00:03 (not 8 s, never over B); B's 8 s.
    BOOST_TEST(format_iso(p.zone, prog[0].slide_end) == "2026-11-30T09:00:03+07:00");
    BOOST_TEST(format_iso(p.zone, prog[1].slide_end) == "2026-11-30T09:00:11+07:00");
    BOOST_TEST(reminder_slide_at(p, at(p, "2026-11-30 09:00:02"))->due.occurrence.activity->id ==
               "a");
    BOOST_TEST(reminder_slide_at(p, at(p, "2026-11-30 09:00:03"))->due.occurrence.activity->id ==
               "b");
    BOOST_TEST(reminder_slide_at(p, at(p, "2026-11-30 09:00:10"))->due.occurrence.activity->id ==
               "b");
    BOOST_TEST(!reminder_slide_at(p, at(p, "2026-11-30 09:00:11")));
    // The sound itself is as long as the clip.
    BOOST_TEST(!reminder_sounding_at(p, at(p, "2026-11-30 09:00:00.200")));
    // A window ending before B still knows that B cuts A's slide short.
    auto early = reminder_program(p, at(p, "2026-11-30 09:00"), at(p, "2026-11-30 09:00:01"));
    BOOST_REQUIRE_EQUAL(early.size(), 1u);
    BOOST_TEST(format_iso(p.zone, early[0].slide_end) == "2026-11-30T09:00:03+07:00");
}

BOOST_AUTO_TEST_CASE(a_long_clip_keeps_its_slide_while_it_sounds) {
    Playlist p = load(kOffice + kSlide + "[audio]\nchime = \"chime.m4a\"\n" + kTwoReminders);
    p.audio.chime_length = milliseconds(1500);
    p.activities[0].reminders[0].audio_length = seconds(12);
    p.activities[1].reminders[0].audio_length = milliseconds(500);
    auto prog = reminder_program(p, at(p, "2026-11-30 08:00"), at(p, "2026-11-30 10:00"));
    BOOST_REQUIRE_EQUAL(prog.size(), 2u);
    // B is queued behind A's 12 s; each slide up while its sound plays, B's 8 s from its own
    // start.
    BOOST_TEST(format_iso(p.zone, prog[0].slide_end) == "2026-11-30T09:00:12+07:00");
    BOOST_TEST(format_iso(p.zone, prog[1].sound_start) == "2026-11-30T09:00:12+07:00");
    BOOST_TEST(format_iso(p.zone, prog[1].slide_end) == "2026-11-30T09:00:20+07:00");
}

BOOST_AUTO_TEST_CASE(the_minimum_is_set_in_display_and_checked) {
    Playlist p =
        load(kOffice + "[display]\nreminder_slide_min = \"0s\"\n" + kSlide + kTwoReminders);
    p.activities[0].reminders[0].audio_length = milliseconds(200);
    auto prog = reminder_program(p, at(p, "2026-11-30 08:00"), at(p, "2026-11-30 10:00"));
    BOOST_TEST(format_iso(p.zone, prog[0].slide_end) == "2026-11-30T09:00:00.200+07:00");
    Playlist q = load(kOffice + "[display]\nreminder_slide_min = \"1m30s\"\n" + kSlide);
    BOOST_TEST(q.display.reminder_slide_min.count() == 90);
    // Lines: office 1-3, [display] 4, the key on line 5.
    auto big = try_load(kOffice + "[display]\nreminder_slide_min = \"11m\"\n" + kSlide);
    BOOST_REQUIRE_EQUAL(big.errors.size(), 1u);
    BOOST_TEST(big.errors[0] == "playlist.toml:5:22: error: reminder_slide_min: \"11m\" is out of "
                                "range; write a duration from 0s to 10m");
    auto bad = try_load(kOffice + "[display]\nreminder_slide_min = 8\n" + kSlide);
    BOOST_REQUIRE_EQUAL(bad.errors.size(), 1u);
    BOOST_TEST(bad.errors[0] == "playlist.toml:5:22: error: reminder_slide_min: 8 is not a "
                                "duration; write it like \"90s\", \"15m\", \"2h\" or \"1h30m\"");
}

BOOST_AUTO_TEST_CASE(the_slide_layer_shows_the_reminder_slide_for_the_minimum) {
    Playlist p = load(kOffice + kSlide + kTwoReminders);
    p.activities[0].reminders[0].audio_length = milliseconds(200);
    p.activities[1].reminders[0].audio_length = milliseconds(200);
    auto shared = std::make_shared<const Playlist>(p);
    SlideRenderer walked(shared); // asked frame after frame (its answer cached)
    for (int ms = 0; ms < 14000; ms += 100) {
        Instant t = at(p, "2026-11-30 09:00") + milliseconds(ms);
        std::string expect = ms < 3000 ? "a" : ms < 11000 ? "b" : "";
        BOOST_TEST(walked.key_at(t).reminder_id == expect, ms);
        BOOST_TEST(SlideRenderer(shared).key_at(t).reminder_id == expect, ms); // asked once
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cost_follows_the_window)

BOOST_AUTO_TEST_CASE(extreme_dates_and_durations_give_the_window_only) {
    // The loader refuses years outside 2000-2100 and reminders more than 60 days ahead; the
    // schedule must still cost only the window if such values ever reach it, so they are
    // written into the model after loading.
    Playlist p =
        load(kOffice + kSlide +
             "[[activity]]\nid = \"kuno\"\ntitle = \"Kuno\"\nstart = 2026-01-01T09:00:00\n"
             "deadline = 2026-12-31T16:00:00\n"
             "reminders = [ { before = \"1d\", audio = \"a.m4a\" } ]\n"
             "[[activity]]\nid = \"sejak\"\ntitle = \"Sejak\"\nrepeat = \"daily\"\n"
             "from = 2026-01-01\nstart = 08:00:00\n"
             "reminders = [ { before = \"1d\", audio = \"a.m4a\" },\n"
             "  { before = \"2d\", audio = \"b.m4a\" }, { before = \"5m\", audio = \"c.m4a\" } ]\n"
             "[[activity]]\nid = \"akhir\"\ntitle = \"Akhir\"\nstart = 2026-12-31T09:00:00\n");
    using std::chrono::year, std::chrono::month, std::chrono::day;
    Activity& kuno = p.activities[0];
    kuno.start->date = Date{year(1), month(1), day(1)};
    kuno.deadline->date = Date{year(9999), month(12), day(31)};
    kuno.reminders[0].before = std::chrono::days(999999999);
    Activity& sejak = p.activities[1];
    sejak.from = Date{year(1), month(1), day(1)};
    sejak.reminders[0].before = std::chrono::days(999999999);
    sejak.reminders[1].before = std::chrono::days(3653);
    p.activities[2].start->date = Date{year(9999), month(12), day(31)};
    Instant from = at(p, "2026-11-30 00:00"), to = at(p, "2026-12-01 00:00");
    // b.m4a: for the occurrence of 2036-11-30, 3653 days later; at a tie starts come first.
    std::vector<std::string> expect = {"2026-11-30 07:55:00 reminder sejak c.m4a",
                                       "2026-11-30 08:00:00 start sejak ",
                                       "2026-11-30 08:00:00 reminder sejak b.m4a"};
    BOOST_TEST(cue_lines(p, from, to, CueKinds{false, true, true, true}) == expect,
               boost::test_tools::per_element());
    // The far ends are found where they are.
    auto last = cue_lines(p, at(p, "9999-12-31 00:00"), at(p, "9999-12-31 23:00"),
                          CueKinds{false, true, true, true});
    // (b.m4a's occurrence would be in year 10009: none.)
    std::vector<std::string> far = {
        "9999-12-31 07:55:00 reminder sejak c.m4a", "9999-12-31 08:00:00 start sejak ",
        "9999-12-31 09:00:00 start akhir ", "9999-12-31 16:00:00 deadline kuno "};
    BOOST_TEST(last == far, boost::test_tools::per_element());
    auto first = cue_lines(p, at(p, "0001-01-01 00:00"), at(p, "0001-01-02 00:00"),
                           CueKinds{false, true, true, true});
    // b.m4a: for the occurrence 3653 days later, 0011-01-02.
    std::vector<std::string> ancient = {
        "0001-01-01 07:55:00 reminder sejak c.m4a", "0001-01-01 08:00:00 start sejak ",
        "0001-01-01 08:00:00 reminder sejak b.m4a", "0001-01-01 09:00:00 start kuno "};
    BOOST_TEST(first == ancient, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reminders_far_ahead_are_found_in_the_window) {
    // Found by shifting the window by `before`, not by walking from the activity's start.
    Playlist p = load(kOffice + kSlide +
                      "[[activity]]\nid = \"bulanan\"\ntitle = \"Bulanan\"\nrepeat = \"monthly\"\n"
                      "day = 15\ndeadline = 16:00:00\n"
                      "reminders = [ { before = \"40d\", at = 08:00:00, audio = \"a.m4a\" } ]\n"
                      "[[activity]]\nid = \"sekali\"\ntitle = \"Sekali\"\n"
                      "start = 2036-11-30T09:00:00\n"
                      "reminders = [ { before = \"1d\", audio = \"b.m4a\" } ]\n");
    // Past the loader's 60 days, as a model the schedule must still handle.
    p.activities[1].reminders[0].before = std::chrono::days(3653);
    auto due = reminders_due(p, at(p, "2026-11-01 00:00"), at(p, "2026-12-31 00:00"));
    std::vector<std::string> got;
    for (const ReminderDue& d : due)
        got.push_back(hm(p, d.due) + " " + d.occurrence.activity->id);
    // 15 Dec 16:00 - 40 d = 5 Nov; 15 Jan - 40 d = 6 Dec; 2036-11-30 - 3653 d = 2026-11-30.
    std::vector<std::string> expect = {"2026-11-05 08:00:00 bulanan", "2026-11-30 09:00:00 sekali",
                                       "2026-12-06 08:00:00 bulanan"};
    BOOST_TEST(got == expect, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(kinds_left_out_are_not_computed_and_the_rest_is_unchanged) {
    Playlist p =
        load(kOffice + "[[slide]]\ntemplate = \"agenda\"\nduration = \"20s\"\n" +
             "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\nhours = \"08:00-09:00\"\n" +
             kNightShift +
             "[[activity]]\nid = \"lap\"\ntitle = \"Lap\"\nrepeat = \"weekdays\"\n"
             "deadline = 16:00:00\n");
    p.slides[0].rows_per_page = 1;
    Instant from = at(p, "2026-11-30 00:00"), to = at(p, "2026-12-02 00:00");
    auto all = cue_lines(p, from, to);
    std::vector<std::string> planned;
    for (const std::string& l : all)
        if (l.find(" slide ") == std::string::npos) planned.push_back(l);
    BOOST_TEST(cue_lines(p, from, to, CueKinds{false, true, true, true}) == planned,
               boost::test_tools::per_element());
    std::vector<std::string> expect = {
        "2026-11-30 16:00:00 deadline lap ",       "2026-11-30 21:50:00 reminder jaga a.m4a",
        "2026-11-30 22:00:00 start jaga Pos",      "2026-12-01 16:00:00 deadline lap ",
        "2026-12-01 21:50:00 reminder jaga a.m4a", "2026-12-01 22:00:00 start jaga Pos"};
    BOOST_TEST(planned == expect, boost::test_tools::per_element());
    // Windows cut anywhere (midnight, the shift's end, a slide's hours) join up exactly.
    for (const char* cut : {"2026-12-01 00:00", "2026-12-01 02:00", "2026-12-01 01:59:59.5",
                            "2026-12-01 08:00:05", "2026-12-01 09:00"}) {
        auto a = cue_lines(p, from, at(p, cut)), b = cue_lines(p, at(p, cut), to);
        a.insert(a.end(), b.begin(), b.end());
        BOOST_TEST(a == all, cut);
    }
}

BOOST_AUTO_TEST_SUITE_END()
