// The monthly report's numbers against counts made independently: scheduled from the
// schedule's cues (not reminders_due, which the report joins), played from the CSV text.
#include "asrun_proof.hpp"
#include "asrun_report.hpp"
#include "playlist_history.hpp"
#include "playlist_loader.hpp"
#include "schedule.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <tuple>

using namespace tsr;
using namespace std::chrono;

namespace {

const char* const kWeek = R"(
[office]
name = "Dinas Sosial Kota Tanjungbalai"
timezone = "Asia/Jakarta"
language = "id"

[[slide]]
template = "info"
duration = "20m"
title = "Satu"

[[slide]]
template = "info"
duration = "40m"
title = "Dua"

[[activity]]
id = "apel"
title = "Apel Pagi"
repeat = "weekdays"
start = 07:30:00
reminders = [ { before = "10m", audio = "a.m4a" }, { before = "0m", audio = "b.m4a" } ]

[[activity]]
id = "rapat"
title = "Rapat Internal"
repeat = "weekly"
days = ["senin", "kamis"]
start = 09:00:00
end = 10:00:00
reminders = [ { before = "15m", audio = "c.m4a" } ]

[[activity]]
id = "laporan"
title = "Laporan Bulanan"
repeat = "monthly"
day = 25
deadline = 16:00:00
progress = 100

[[activity]]
id = "spj"
title = "SPJ"
start = 2026-11-20T08:00:00
deadline = 2026-11-26T12:00:00
progress = 40
)";

struct Week {
    test::TempPlaylist dir;
    std::shared_ptr<const Playlist> p;
    Week() {
        dir.playlist(kWeek);
        LoadResult r = load_playlist(dir.dir(), LoadOptions{std::nullopt, false});
        BOOST_REQUIRE_MESSAGE(r.playlist, "the test playlist was refused");
        p = r.playlist;
    }
    Instant at(const std::string& local) const { return *parse_local_datetime(p->zone, local); }
    std::string iso(Instant t) const { return format_iso(p->zone, t); }
};

/// The week of 23-29 November as a TV would log it: on 07:00-16:00 Monday to Friday except
/// Wednesday (off all day); Tuesday's 07:20 reminder had no sound device; Thursday's rapat
/// reminder was lost with the output; slides every 20/40 minutes; two reloads taken, one
/// refused; Monday's clock not synchronised at start.
std::string week_csv(const Week& w) {
    std::string csv = std::string(AsRunLog::header()) + "\n";
    auto row = [&](const std::optional<Instant>& s, Instant a, const std::string& kind,
                   const std::string& id, const std::string& detail, const std::string& outcome) {
        csv += (s ? w.iso(*s) : "") + "," + w.iso(a) + "," + kind + "," + id + "," +
               AsRunLog::csv_field(detail) + "," + AsRunLog::csv_field(outcome) + "\n";
    };
    for (int d = 23; d <= 27; ++d) {
        if (d == 25) continue;
        const std::string day = "2026-11-" + std::to_string(d);
        Instant on = w.at(day + " 07:00"), off = w.at(day + " 16:00");
        row(on, on, "start", "",
            std::string("tsr play; ") +
                (d == 23 ? "clock NOT synchronised (NTP)" : "clock synchronised (NTP)") +
                "; playlist sha256 00",
            "played");
        for (Instant t = on; t < off;) {
            SlideShowing s = rotation_at(*w.p, t);
            row(s.began, t, "slide", "slide-" + std::to_string(s.slide + 1), "info", "played");
            t = s.ends;
        }
        for (const ReminderDue& r : reminders_due(*w.p, on, off)) {
            std::string outcome = "played";
            if (d == 24 && r.occurrence.activity->id == "apel" &&
                w.iso(r.due).substr(11, 5) == "07:20")
                outcome = "skipped: no sound device";
            if (d == 26 && r.occurrence.activity->id == "rapat")
                outcome = "skipped: output down: aout: device gone";
            row(r.due, r.due, "reminder", r.occurrence.activity->id, "a.m4a", outcome);
        }
        if (d == 24) {
            row(std::nullopt, w.at(day + " 10:00"), "reload", "", "playlist.toml", "played");
            row(std::nullopt, w.at(day + " 10:05"), "reload", "", "playlist.toml",
                "skipped: playlist.toml:3:1: error: x (1 error; the last good playlist plays on)");
            row(std::nullopt, w.at(day + " 10:10"), "reload", "", "playlist.toml", "played");
        }
        row(std::nullopt, off, "stop", "", "stopped by a signal", "played");
    }
    return csv;
}

std::size_t count_lines(const std::string& text, const std::string& has, const std::string& ends) {
    std::size_t n = 0;
    for (const std::string& l : test::lines(text))
        if (l.find(has) != std::string::npos && l.size() >= ends.size() &&
            l.compare(l.size() - ends.size(), ends.size(), ends) == 0)
            ++n;
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(asrun_report)

BOOST_AUTO_TEST_CASE(csv_rows_are_read_back_as_written) {
    std::string text = std::string(AsRunLog::header()) + "\n" +
                       "2026-11-30T08:45:00+07:00,2026-11-30T08:45:00.003+07:00,reminder,rapat," +
                       AsRunLog::csv_field("say \"hi\", twice") + "," +
                       AsRunLog::csv_field("=1+1") + "\n" + "garbage line\n" +
                       ",2026-11-30T09:00:00+07:00,stop,,end,played\n";
    std::size_t bad = 0;
    auto rows = parse_asrun_csv(text, &bad);
    BOOST_REQUIRE(rows.size() == 2u);
    BOOST_TEST(bad == 1u);
    BOOST_TEST(rows[0].detail == "say \"hi\", twice");
    BOOST_TEST(rows[0].outcome == "=1+1");
    BOOST_TEST(rows[0].actual->time_since_epoch().count() % 1000000 == 3000);
    BOOST_TEST(!rows[1].scheduled.has_value());
    BOOST_TEST(rows[1].kind == "stop");
}

BOOST_AUTO_TEST_CASE(months_are_parsed_by_hand) {
    BOOST_TEST(parse_report_month("2026-11").value().month == 11u);
    BOOST_TEST(!parse_report_month("2026-13"));
    BOOST_TEST(!parse_report_month("11-2026"));
    BOOST_TEST(!parse_report_month("1999-01"));
    BOOST_TEST(!parse_report_month("2026-1"));
}

BOOST_AUTO_TEST_CASE(a_simulated_week_matches_counts_made_from_the_schedule_and_the_csv) {
    Week w;
    const std::string csv = week_csv(w);
    const ReportMonth nov{2026, 11};
    MonthReport r = build_month_report(*w.p, nov, parse_asrun_csv(csv), w.at("2026-11-30 12:00"));

    // Independently: the reminder cues of the month, and the CSV's played reminder lines.
    CueKinds reminders_only{false, true, false, false};
    auto cue_list = cues(*w.p, w.at("2026-11-01 00:00"), w.at("2026-12-01 00:00"), reminders_only);
    std::map<std::string, int> scheduled_by_id;
    std::map<std::string, int> scheduled_by_day;
    for (const Cue& c : cue_list) {
        ++scheduled_by_id[c.id];
        ++scheduled_by_day[w.iso(c.time).substr(0, 10)];
    }
    const std::size_t played_lines = count_lines(csv, ",reminder,", ",played");
    BOOST_TEST(r.scheduled_total() == int(cue_list.size()));
    BOOST_TEST(r.played_total() == int(played_lines));
    // 21 weekdays x 2 apel + 9 rapat (5 Mondays and 4 Thursdays in November 2026).
    BOOST_TEST(cue_list.size() == 51u);
    // Mon 3, Tue 1 (one without sound), Thu 2 (rapat lost), Fri 2: 8 played.
    BOOST_TEST(played_lines == 8u);

    BOOST_REQUIRE(r.activities.size() == 4u);
    const ActivityLine& apel = r.activities[0];
    BOOST_TEST(apel.id == "apel");
    BOOST_TEST(apel.scheduled == scheduled_by_id["apel"]);
    BOOST_TEST(apel.played == int(count_lines(csv, ",reminder,apel,", ",played")));
    BOOST_TEST(apel.skipped == apel.scheduled - apel.played);
    BOOST_TEST(apel.skip_reasons.at("no sound device") == 1);
    BOOST_TEST(apel.skip_reasons.at("not in the log (playout was not running)") ==
               apel.skipped - 1);
    const ActivityLine& rapat = r.activities[1];
    BOOST_TEST(rapat.scheduled == scheduled_by_id["rapat"]);
    BOOST_TEST(rapat.played == 1);
    BOOST_TEST(rapat.skip_reasons.at("output down: aout: device gone") == 1);
    // Deadlines: laporan on the 25th at 100 %: met; SPJ on the 26th at 40 %: missed.
    BOOST_TEST(r.activities[2].id == "laporan");
    BOOST_TEST(r.activities[2].deadlines == 1);
    BOOST_TEST(r.activities[2].deadlines_met == 1);
    BOOST_TEST(r.activities[3].id == "spj");
    BOOST_TEST(r.activities[3].deadlines_missed == 1);

    // Per day: every day of November, scheduled from the cues, played from the CSV.
    BOOST_REQUIRE(r.days.size() == 30u);
    for (const DayLine& d : r.days) {
        char day[16];
        std::snprintf(day, sizeof day, "2026-11-%02u", unsigned(d.date.day()));
        BOOST_TEST(d.scheduled == scheduled_by_day[day], day);
        int played = 0;
        for (const std::string& l : test::lines(csv))
            if (l.rfind(day, 0) == 0 && l.find(",reminder,") != std::string::npos && l.size() > 7 &&
                l.compare(l.size() - 7, 7, ",played") == 0)
                ++played;
        BOOST_TEST(d.played == played, day);
    }

    // Screen: 4 days of 9 hours; the rotation fills it, so planned adds up to it, and shown
    // too (a slide row at every change).
    BOOST_TEST(r.screen_on_s == 4 * 9 * 3600.0);
    double planned = 0, shown = 0;
    for (const SlideLine& s : r.slides) {
        planned += s.planned_s;
        shown += s.shown_s;
    }
    BOOST_TEST(planned == r.screen_on_s);
    BOOST_TEST(shown == r.screen_on_s);
    BOOST_TEST(r.slides[0].planned_s == r.slides[0].shown_s);
    BOOST_TEST(r.reloads_taken == 2);
    BOOST_TEST(r.edits_refused == 1);
    BOOST_REQUIRE(r.clock_unsynchronised.size() == 1u);
    BOOST_TEST(r.clock_unsynchronised[0] == "2026-11-23T07:00:00+07:00");
}

namespace {

const char* const kBefore = R"(
[office]
name = "Dinas Sosial Kota Tanjungbalai"
timezone = "Asia/Jakarta"

[[slide]]
template = "info"
duration = "20m"
title = "Satu"

[[slide]]
template = "info"
duration = "40m"
title = "Dua"

[[activity]]
id = "apel"
title = "Apel Pagi"
repeat = "weekdays"
start = 07:30:00
reminders = [ { before = "10m", audio = "a.m4a" } ]
)";

// Edited on Monday the 16th: a slide in front, and the rapat with its reminder.
std::string after_text() {
    std::string t = kBefore;
    t.insert(t.find("[[slide]]"),
             "[[slide]]\ntemplate = \"info\"\nduration = \"10m\"\ntitle = \"Tiga\"\n\n");
    return t + "\n[[activity]]\nid = \"rapat\"\ntitle = \"Rapat Internal\"\nrepeat = "
               "\"weekly\"\ndays = [\"senin\", \"kamis\"]\nstart = 09:00:00\nreminders = [ { "
               "before = \"15m\", audio = \"c.m4a\" } ]\n";
}

} // namespace

// A reminder added in the middle of the month was not missed before it existed: each
// stretch is planned with the playlist that played then (the copies tsr play keeps).
BOOST_AUTO_TEST_CASE(each_stretch_is_planned_with_the_playlist_that_played_then) {
    test::TempPlaylist dir;
    const std::string before = kBefore, after = after_text();
    dir.playlist(after); // today's
    const auto today = load_playlist(dir.dir(), LoadOptions{std::nullopt, false}).playlist;
    const auto copies = playlist_copies_dir(dir.dir() / "asrun");
    const std::string sha_before = text_sha256(before), sha_after = text_sha256(after);
    BOOST_REQUIRE(keep_playlist_copy(copies, sha_before, before).empty());
    BOOST_REQUIRE(keep_playlist_copy(copies, sha_after, after).empty());
    BOOST_REQUIRE(keep_playlist_copy(copies, sha_after, "other bytes").empty()); // kept once
    std::ifstream kept(copies / (sha_after + ".toml"), std::ios::binary);
    BOOST_TEST(std::string(std::istreambuf_iterator<char>(kept), {}) == after);
    BOOST_REQUIRE(today);
    auto at = [&](const std::string& s) { return *parse_local_datetime(today->zone, s); };
    const Instant on = at("2026-11-02 07:00"), edit = at("2026-11-16 07:00"),
                  off = at("2026-11-30 16:00");
    auto row = [](std::optional<Instant> s, Instant a, std::string kind, std::string id,
                  std::string detail) {
        return AsRunRow{s, a, std::move(kind), std::move(id), std::move(detail), "played"};
    };
    // The TV on from the 2nd to the 30th; every reminder of the playlist then playing played.
    std::vector<AsRunRow> rows{row(on, on, "start", "",
                                   "tsr play; clock synchronised (NTP); playlist sha256 " +
                                       sha_before + "; content sha256 00")};
    const auto eras = [&] {
        std::vector<AsRunRow> named = rows;
        named.push_back(row(std::nullopt, edit, "playlist", "",
                            "playlist sha256 " + sha_after + "; content sha256 01"));
        return playlist_eras(named, copies);
    }();
    BOOST_REQUIRE(eras.size() == 2u);
    BOOST_REQUIRE(eras[0].playlist && eras[1].playlist);
    BOOST_TEST(eras[0].playlist->activities.size() == 1u);
    BOOST_TEST(eras[1].playlist->activities.size() == 2u);
    rows.push_back(row(std::nullopt, edit, "playlist", "",
                       "playlist sha256 " + sha_after + "; content sha256 01"));
    for (const auto& [p, a, b] :
         {std::tuple{eras[0].playlist, on, edit}, std::tuple{eras[1].playlist, edit, off}})
        for (const ReminderDue& d : reminders_due(*p, a, b))
            rows.push_back(row(d.due, d.due, "reminder", d.occurrence.activity->id, "a.m4a"));
    rows.push_back(row(std::nullopt, off, "stop", "", "stopped by a signal"));

    MonthReport r = build_month_report(*today, {2026, 11}, rows, off, eras);
    std::map<std::string, ActivityLine> by_id;
    for (const ActivityLine& l : r.activities)
        by_id[l.id] = l;
    // Weekdays of November 2026: 21 (the 1st is a Sunday), all after 07:00 of the 2nd.
    BOOST_TEST(by_id["apel"].scheduled == 21);
    BOOST_TEST(by_id["apel"].played == 21);
    // Mondays and Thursdays from the 16th: 16, 19, 23, 26, 30.
    BOOST_TEST(by_id["rapat"].scheduled == 5);
    BOOST_TEST(by_id["rapat"].played == 5);
    BOOST_TEST(by_id["rapat"].skipped == 0);
    // Slides: "Tiga" only after the edit (10 minutes of a 70-minute round, 345 h on); "Satu"
    // all month, counted for today's second slide; nothing planned is lost.
    BOOST_REQUIRE(r.slides.size() == 4u);
    BOOST_TEST(r.slides[0].title == "Tiga");
    double tiga = 0; // the rotation of the edited playlist, from the edit on
    for (Instant t = edit; t < off;) {
        SlideShowing s = rotation_at(*eras[1].playlist, t);
        const Instant end = std::min(off, s.ends);
        if (s.slide == 0) tiga += double((end - t).count()) / 1e6;
        t = end;
    }
    BOOST_TEST(tiga > 345.0 * 3600 * 10 / 70 - 600); // a seventh of 345 h, give or take
    BOOST_TEST(std::abs(r.slides[0].planned_s - tiga) < 1.0);
    const double planned = r.slides[0].planned_s + r.slides[1].planned_s + r.slides[2].planned_s;
    BOOST_TEST(std::abs(planned - r.screen_on_s) < 1.0);

    // With today's playlist all month, the rapat would be missed four times before it existed.
    MonthReport flat = build_month_report(*today, {2026, 11}, rows, off);
    for (const ActivityLine& l : flat.activities)
        if (l.id == "rapat") BOOST_TEST(l.skipped == 4);
    // A copy that no longer hashes to its name is not trusted: that stretch uses today's.
    std::ofstream(copies / (sha_before + ".toml"), std::ios::app) << "\n# edited\n";
    const auto tampered = playlist_eras(rows, copies);
    BOOST_REQUIRE(tampered.size() == 2u);
    BOOST_TEST(!tampered[0].playlist);
    BOOST_TEST(tampered[1].playlist);
}

BOOST_AUTO_TEST_CASE(a_rows_playlist_hash_is_read_from_start_and_playlist_rows_only) {
    const std::string sha(64, 'a');
    AsRunRow start{std::nullopt,
                   Instant{},
                   "start",
                   "",
                   "tsr play; clock synchronised (NTP); playlist sha256 " + sha +
                       "; content sha256 " + std::string(64, 'b'),
                   "played"};
    BOOST_TEST(playlist_sha_of(start) == sha);
    start.kind = "reload";
    BOOST_TEST(playlist_sha_of(start).empty());
    AsRunRow old{std::nullopt, Instant{}, "playlist", "", "playlist sha256 " + sha, "played"};
    BOOST_TEST(playlist_sha_of(old) == sha); // rows written before the content hash
    old.detail = "playlist sha256 unreadable";
    BOOST_TEST(playlist_sha_of(old).empty());
    BOOST_TEST(keep_playlist_copy(std::filesystem::temp_directory_path(), "../x", "x") != "");
}

BOOST_AUTO_TEST_SUITE_END()
