// The schedule as a pure function of (playlist, time): repeats, month ends, reminders,
// timezones, the rotation and reminder queueing.
#include "playlist_loader.hpp"
#include "schedule.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace tsr;
using namespace std::chrono;

namespace {

/// Loads TOML text without looking into files (no audio needed for the schedule).
Playlist load(const std::string& body) {
    test::TempPlaylist t;
    t.playlist(body);
    LoadResult r = load_playlist(t.dir(), LoadOptions{std::nullopt, false});
    for (const Diagnostic& d : r.diagnostics.all())
        BOOST_TEST_MESSAGE(format_diagnostic(d));
    BOOST_REQUIRE(r.playlist);
    return *r.playlist;
}

const std::string kOffice = "[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n";
const std::string kSlide = "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n";

Instant at(const Playlist& p, const char* local) {
    return *parse_local_datetime(p.zone, local);
}
std::string iso(const Playlist& p, Instant t) {
    return format_iso(p.zone, t);
}

std::vector<std::string> starts(const Playlist& p, const char* from, const char* to) {
    std::vector<std::string> out;
    for (const Occurrence& o : occurrences(p, at(p, from), at(p, to)))
        out.push_back(iso(p, o.anchor()));
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(schedule)

BOOST_AUTO_TEST_CASE(daily_and_weekdays) {
    Playlist p = load(kOffice + kSlide +
                      "[[activity]]\ntitle = \"Piket\"\nrepeat = \"daily\"\nstart = 08:00:00\n"
                      "[[activity]]\ntitle = \"Apel\"\nrepeat = \"weekdays\"\nstart = 07:30:00\n");
    // Fri 4 Dec .. Mon 7 Dec 2026: Apel skips the weekend, Piket does not.
    auto s = starts(p, "2026-12-04 00:00", "2026-12-08 00:00");
    std::vector<std::string> expect = {"2026-12-04T07:30:00+07:00", "2026-12-04T08:00:00+07:00",
                                       "2026-12-05T08:00:00+07:00", "2026-12-06T08:00:00+07:00",
                                       "2026-12-07T07:30:00+07:00", "2026-12-07T08:00:00+07:00"};
    BOOST_TEST(s == expect, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(weekly_on_named_days_within_bounds) {
    Playlist p =
        load(kOffice + kSlide +
             "[[activity]]\ntitle = \"Rapat\"\nrepeat = \"weekly\"\ndays = [\"senin\", \"kamis\"]\n"
             "start = 09:00:00\nfrom = 2026-12-01\nuntil = 2026-12-10\n");
    auto s = starts(p, "2026-11-25 00:00", "2026-12-20 00:00");
    std::vector<std::string> expect = {"2026-12-03T09:00:00+07:00", "2026-12-07T09:00:00+07:00",
                                       "2026-12-10T09:00:00+07:00"};
    BOOST_TEST(s == expect, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(monthly_clamps_to_short_months) {
    Playlist p = load(
        kOffice + kSlide +
        "[[activity]]\ntitle = \"Lap\"\nrepeat = \"monthly\"\nday = 31\ndeadline = 16:00:00\n");
    auto s = starts(p, "2026-11-01 00:00", "2027-03-01 00:00");
    std::vector<std::string> expect = {"2026-11-30T16:00:00+07:00", "2026-12-31T16:00:00+07:00",
                                       "2027-01-31T16:00:00+07:00", "2027-02-28T16:00:00+07:00"};
    BOOST_TEST(s == expect, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(one_off_start_end_deadline) {
    Playlist p = load(
        kOffice + kSlide +
        "[[activity]]\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\nend = 2026-11-30T10:30:00\n"
        "deadline = 2026-12-15T16:00:00\n");
    auto list = occurrences(p, at(p, "2026-11-30 00:00"), at(p, "2026-12-01 00:00"));
    BOOST_REQUIRE_EQUAL(list.size(), 1u);
    BOOST_TEST(iso(p, *list[0].end) == "2026-11-30T10:30:00+07:00");
    BOOST_TEST(iso(p, *list[0].deadline) == "2026-12-15T16:00:00+07:00");
    BOOST_TEST(occurrences(p, at(p, "2026-12-01 00:00"), at(p, "2026-12-31 00:00")).empty());
}

BOOST_AUTO_TEST_CASE(reminder_the_day_before_crosses_a_month) {
    Playlist p =
        load(kOffice + kSlide +
             "[[activity]]\ntitle = \"Rapat\"\nstart = 2026-12-01T09:00:00\nreminders = [\n"
             "  { before = \"1d\", at = 08:00:00, audio = \"a.m4a\" },\n"
             "  { before = \"15m\", audio = \"b.m4a\" },\n"
             "  { before = \"0m\", audio = \"c.m4a\" },\n]\n");
    auto due = reminders_due(p, at(p, "2026-11-29 00:00"), at(p, "2026-12-02 00:00"));
    BOOST_REQUIRE_EQUAL(due.size(), 3u);
    BOOST_TEST(iso(p, due[0].due) == "2026-11-30T08:00:00+07:00");
    BOOST_TEST(iso(p, due[1].due) == "2026-12-01T08:45:00+07:00");
    BOOST_TEST(iso(p, due[2].due) == "2026-12-01T09:00:00+07:00");
    // A window that holds only the reminder, not the activity, still finds it.
    BOOST_TEST(reminders_due(p, at(p, "2026-11-30 07:59"), at(p, "2026-11-30 08:01")).size() == 1u);
}

BOOST_AUTO_TEST_CASE(every_occurrence_of_a_repeat_gets_its_reminders) {
    Playlist p = load(kOffice + kSlide +
                      "[[activity]]\ntitle = \"Apel\"\nrepeat = \"weekdays\"\nstart = 07:30:00\n"
                      "reminders = [ { before = \"10m\", audio = \"a.m4a\" } ]\n");
    auto due = reminders_due(p, at(p, "2026-11-30 00:00"), at(p, "2026-12-07 00:00"));
    BOOST_REQUIRE_EQUAL(due.size(), 5u);
    BOOST_TEST(iso(p, due[4].due) == "2026-12-04T07:20:00+07:00");
}

BOOST_AUTO_TEST_CASE(times_follow_the_office_timezone) {
    Playlist p =
        load("[office]\nname = \"Dinsos Jayapura\"\ntimezone = \"Asia/Jayapura\"\n" + kSlide +
             "[[activity]]\ntitle = \"Apel\"\nrepeat = \"daily\"\nstart = 07:30:00\n");
    auto list = occurrences(p, at(p, "2026-11-30 00:00"), at(p, "2026-12-01 00:00"));
    BOOST_REQUIRE_EQUAL(list.size(), 1u);
    // 07:30 WIT is 22:30 UTC the day before.
    BOOST_TEST(format_iso(TimeZone::fixed(Seconds(0)), *list[0].start) ==
               "2026-11-29T22:30:00+00:00");
}

BOOST_AUTO_TEST_CASE(rotation_is_anchored_to_local_midnight) {
    Playlist p = load(kOffice + "[[slide]]\ntemplate = \"agenda\"\nduration = \"10s\"\n"
                                "[[slide]]\ntemplate = \"info\"\nduration = \"20s\"\n");
    // Round = 30 s. 09:00:00 is 32400 s after midnight: 32400 % 30 = 0 -> slide 0.
    auto s = rotation_at(p, at(p, "2026-11-30 09:00:00"));
    BOOST_TEST(s.slide == 0);
    BOOST_TEST(iso(p, s.began) == "2026-11-30T09:00:00+07:00");
    BOOST_TEST(iso(p, s.ends) == "2026-11-30T09:00:10+07:00");
    s = rotation_at(p, at(p, "2026-11-30 09:00:25"));
    BOOST_TEST(s.slide == 1);
    BOOST_TEST(iso(p, s.began) == "2026-11-30T09:00:10+07:00");
    BOOST_TEST(iso(p, s.ends) == "2026-11-30T09:00:30+07:00");
    // The same instant always gives the same slide, whenever it is asked.
    BOOST_TEST(rotation_at(p, at(p, "2026-11-30 09:00:31")).slide == 0);
}

BOOST_AUTO_TEST_CASE(rotation_counts_only_slides_that_may_show) {
    Playlist p = load(
        kOffice + "[[slide]]\ntemplate = \"agenda\"\nduration = \"10s\"\n"
                  "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\nhours = \"07:30-12:00\"\n"
                  "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ndays = [\"sabtu\"]\n");
    // Monday 13:00: only slide 0 may show, for ever.
    auto s = rotation_at(p, at(p, "2026-11-30 13:00:05"));
    BOOST_TEST(s.slide == 0);
    // Monday 09:00: slides 0 and 1 alternate (round 20 s; 32400 % 20 = 0).
    BOOST_TEST(rotation_at(p, at(p, "2026-11-30 09:00:00")).slide == 0);
    BOOST_TEST(rotation_at(p, at(p, "2026-11-30 09:00:10")).slide == 1);
    // The hours window ends at 12:00: the slide showing at 11:59:55 ends then.
    auto before_noon = rotation_at(p, at(p, "2026-11-30 11:59:55"));
    BOOST_TEST(iso(p, before_noon.ends) == "2026-11-30T12:00:00+07:00");
    // Saturday afternoon: slides 0 and 2 (round 20 s; 46810 % 20 = 10).
    BOOST_TEST(rotation_at(p, at(p, "2026-12-05 13:00:10")).slide == 2);
}

BOOST_AUTO_TEST_CASE(agenda_pages_join_the_rotation) {
    std::string body = kOffice + "[[slide]]\ntemplate = \"agenda\"\nduration = \"10s\"\n"
                                 "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n";
    for (int i = 0; i < 7; ++i)
        body += "[[activity]]\ntitle = \"Kegiatan " + std::to_string(i) +
                "\"\nrepeat = \"daily\"\nstart = 0" + std::to_string(i + 1) + ":00:00\n";
    Playlist p = load(body);
    p.slides[0].rows_per_page = 3; // 7 activities -> 3 pages
    BOOST_TEST(agenda_page_count(p, p.slides[0], at(p, "2026-11-30 09:00")) == 3);
    // Round: 3 pages x 10 s + 10 s = 40 s; 32400 % 40 = 0.
    auto s = rotation_at(p, at(p, "2026-11-30 09:00:15"));
    BOOST_TEST(s.slide == 0);
    BOOST_TEST(s.page == 1);
    BOOST_TEST(s.pages == 3);
    BOOST_TEST(rotation_at(p, at(p, "2026-11-30 09:00:35")).slide == 1);
}

BOOST_AUTO_TEST_CASE(reminders_that_fall_together_are_queued_never_overlapped) {
    Playlist p = load(kOffice + kSlide +
                      "[audio]\nchime = \"chime.m4a\"\n"
                      "[[activity]]\nid = \"a\"\ntitle = \"A\"\nstart = 2026-11-30T09:00:00\n"
                      "reminders = [ { before = \"15m\", audio = \"a.m4a\" } ]\n"
                      "[[activity]]\nid = \"b\"\ntitle = \"B\"\nstart = 2026-11-30T09:00:00\n"
                      "reminders = [ { before = \"15m\", audio = \"b.m4a\", chime = false } ]\n");
    p.audio.chime_length = milliseconds(1500);
    p.activities[0].reminders[0].audio_length = seconds(4);
    p.activities[1].reminders[0].audio_length = seconds(3);
    auto prog = reminder_program(p, at(p, "2026-11-30 08:00"), at(p, "2026-11-30 10:00"));
    BOOST_REQUIRE_EQUAL(prog.size(), 2u);
    BOOST_TEST(iso(p, prog[0].sound_start) == "2026-11-30T08:45:00+07:00");
    BOOST_TEST(iso(p, prog[0].voice_start()) == "2026-11-30T08:45:01.500+07:00");
    BOOST_TEST(iso(p, prog[1].sound_start) == "2026-11-30T08:45:05.500+07:00");
    BOOST_TEST(prog[1].chime_length.count() == 0);
    BOOST_TEST(iso(p, prog[1].sound_end()) == "2026-11-30T08:45:08.500+07:00");
    // What sounds when: the queue is the same whatever window is asked.
    auto now = reminder_sounding_at(p, at(p, "2026-11-30 08:45:06"));
    BOOST_REQUIRE(now);
    BOOST_TEST(now->due.occurrence.activity->id == "b");
    BOOST_TEST(!reminder_sounding_at(p, at(p, "2026-11-30 08:45:09")));
    auto late_window = reminder_program(p, at(p, "2026-11-30 08:45:05"), at(p, "2026-11-30 10:00"));
    BOOST_REQUIRE_EQUAL(late_window.size(), 1u);
    BOOST_TEST(iso(p, late_window[0].sound_start) == "2026-11-30T08:45:05.500+07:00");
}

BOOST_AUTO_TEST_CASE(cues_of_a_window_in_time_order) {
    Playlist p = load(
        kOffice + "[[slide]]\ntemplate = \"agenda\"\nduration = \"20s\"\n"
                  "[[slide]]\ntemplate = \"info\"\ntitle = \"Info\"\nduration = \"10s\"\n"
                  "[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
                  "deadline = 2026-11-30T09:00:40\n"
                  "reminders = [ { before = \"0m\", audio = \"a.m4a\" } ]\n");
    auto list = cues(p, at(p, "2026-11-30 09:00:00"), at(p, "2026-11-30 09:01:00"));
    std::vector<std::string> got;
    for (const Cue& c : list)
        got.push_back(iso(p, c.time).substr(11, 8) + " " + cue_kind_name(c.kind) + " " + c.id);
    std::vector<std::string> expect = {"09:00:00 start rapat",   "09:00:00 reminder rapat",
                                       "09:00:00 slide slide-1", "09:00:20 slide slide-2",
                                       "09:00:30 slide slide-1", "09:00:40 deadline rapat",
                                       "09:00:50 slide slide-2"};
    BOOST_TEST(got == expect, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_deadline_months_after_its_start_is_a_cue) {
    // Cues find occurrences by their start; a one-off task started two months before its
    // deadline still gives the deadline cue, and a daily one its deadline on the day.
    Playlist p = load(kOffice + "[[slide]]\ntemplate = \"agenda\"\nduration = \"1h\"\n"
                                "[[activity]]\nid = \"laporan\"\ntitle = \"Laporan\"\n"
                                "start = 2026-10-01T08:00:00\ndeadline = 2026-11-30T09:30:00\n"
                                "[[activity]]\nid = \"absen\"\ntitle = \"Absen\"\n"
                                "start = 07:00:00\ndeadline = 09:45:00\nrepeat = \"daily\"\n");
    std::vector<std::string> got;
    for (const Cue& c : cues(p, at(p, "2026-11-30 09:00:00"), at(p, "2026-11-30 10:00:00")))
        if (c.kind != CueKind::slide)
            got.push_back(iso(p, c.time).substr(11, 8) + " " + cue_kind_name(c.kind) + " " + c.id);
    std::vector<std::string> expect = {"09:30:00 deadline laporan", "09:45:00 deadline absen"};
    BOOST_TEST(got == expect, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(cues_of_many_short_slides_over_a_day) {
    // Found by fuzz/: 2000 one-second slides took minutes, the rotation being rebuilt
    // for every change. Each change is still a cue, in order, at its exact instant.
    std::string body = kOffice;
    for (int i = 0; i < 500; ++i)
        body += "[[slide]]\ntemplate = \"info\"\nduration = \"1s\"\n";
    Playlist p = load(body);
    Instant midnight = at(p, "2026-11-30 00:00:00");
    auto list = cues(p, midnight, midnight + days(1));
    BOOST_REQUIRE_EQUAL(list.size(), 86400u);
    int wrong = 0;
    for (std::size_t k = 0; k < list.size(); ++k)
        if (list[k].time != midnight + seconds(k) || list[k].kind != CueKind::slide ||
            list[k].id != "slide-" + std::to_string(k % 500 + 1))
            ++wrong;
    BOOST_TEST(wrong == 0);
    BOOST_TEST(iso(p, list.back().time) == "2026-11-30T23:59:59+07:00");
    BOOST_TEST(list.back().id == "slide-400"); // 86399 % 500 = 399
}

BOOST_AUTO_TEST_CASE(slide_cues_follow_the_rotation_across_window_edges_and_midnight) {
    // Slide cues must be exactly the changes of rotation_at, second by second, where the set
    // of slides changes: an hours window opening and closing, a day's window, the agenda's
    // page count changing with the day, and local midnight.
    std::string body = kOffice +
                       "[[slide]]\ntemplate = \"agenda\"\nduration = \"7s\"\n"
                       "[[slide]]\ntemplate = \"info\"\nduration = \"11s\"\n"
                       "hours = \"11:59-12:01\"\n"
                       "[[slide]]\ntemplate = \"info\"\nduration = \"13s\"\ndays = [\"selasa\"]\n";
    for (int i = 0; i < 5; ++i)
        body += "[[activity]]\ntitle = \"Rapat " + std::to_string(i) +
                "\"\ndays = [\"senin\"]\nstart = 1" + std::to_string(i) + ":00:00\n";
    Playlist p = load(body);
    p.slides[0].rows_per_page = 2; // Monday: 5 activities -> 3 pages; Tuesday: 1 page
    for (auto [from, to] : {std::pair{"2026-11-30 11:58:00", "2026-11-30 12:02:00"},
                            std::pair{"2026-11-30 23:57:00", "2026-12-01 00:03:00"}}) {
        std::vector<std::string> expect, got;
        SlideShowing prev = rotation_at(p, at(p, from) - Micros(1));
        for (Instant t = at(p, from); t < at(p, to); t += seconds(1)) {
            SlideShowing s = rotation_at(p, t);
            if (s.slide >= 0 && (s.slide != prev.slide || s.page != prev.page))
                expect.push_back(iso(p, t).substr(11, 8) + " slide-" + std::to_string(s.slide + 1) +
                                 " page " + std::to_string(s.page + 1) + "/" +
                                 std::to_string(s.pages));
            prev = s;
        }
        for (const Cue& c : cues(p, at(p, from), at(p, to))) {
            if (c.kind != CueKind::slide) continue;
            SlideShowing s = rotation_at(p, c.time);
            got.push_back(iso(p, c.time).substr(11, 8) + " " + c.id + " page " +
                          std::to_string(s.page + 1) + "/" + std::to_string(s.pages));
        }
        BOOST_TEST(expect.size() > 20u);
        // Joined, so that a failure shows both lists whole.
        auto joined = [](const std::vector<std::string>& v) {
            std::string out;
            for (const std::string& line : v)
                out += line + "\n";
            return out;
        };
        BOOST_TEST(joined(got) == joined(expect));
    }
    // The stretch edges themselves: the window's slide, on since 12:00:53 for 11 s, is cut
    // when the window closes at 12:01:00; Tuesday's slide joins at midnight.
    auto noon = rotation_at(p, at(p, "2026-11-30 12:00:59"));
    BOOST_TEST(noon.slide == 1);
    BOOST_TEST(iso(p, noon.began) == "2026-11-30T12:00:53+07:00");
    BOOST_TEST(iso(p, noon.ends) == "2026-11-30T12:01:00+07:00");
    BOOST_TEST(rotation_at(p, at(p, "2026-12-01 00:00:07")).slide == 2); // agenda: 1 page, 7 s
}

BOOST_AUTO_TEST_SUITE_END()
