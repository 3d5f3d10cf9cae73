// Proof of play: rows wait for their output, say why they did not reach it, come once after
// the clock was set back; a pause is no clock change; the daily digests chain and catch edits.
#include "asrun_log.hpp"
#include "asrun_proof.hpp"
#include "asrun_report.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>
#include <sys/timex.h>

using namespace tsr;
using namespace std::chrono;

namespace {

const TimeZone& wib() {
    static TimeZone z = *TimeZone::named("Asia/Jakarta");
    return z;
}

Instant at(const char* local) {
    return *parse_local_datetime(wib(), local);
}

AsRunRow reminder_row(const char* due, const std::string& outcome = "played") {
    return {at(due), at(due), "reminder", "rapat-tim", "audio/rapat.m4a", outcome};
}

AsRunRow slide_row(const char* began) {
    return {at(began), at(began), "slide", "slide-2", "info: Layanan", "played"};
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write(const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

} // namespace

BOOST_AUTO_TEST_SUITE(asrun_proof)

BOOST_AUTO_TEST_CASE(a_row_is_written_when_its_first_buffer_reaches_the_sink) {
    ProofGate g;
    // The reminder's first sample is at running time 2.5 s.
    BOOST_TEST(g.hold(Branch::audio, 2'500'000'000, reminder_row("2026-11-30 08:45")).empty());
    BOOST_TEST(g.next_wanted(Branch::audio).value() == 2'500'000'000u);
    // A buffer ending exactly there does not hold that sample yet; the video does not count.
    BOOST_TEST(g.reached(Branch::audio, 2'500'000'000).empty());
    BOOST_TEST(g.reached(Branch::video, 9'000'000'000).empty());
    auto rows = g.reached(Branch::audio, 2'540'000'000);
    BOOST_REQUIRE(rows.size() == 1u);
    BOOST_TEST(rows[0].outcome == "played");
    BOOST_TEST(format_iso(wib(), *rows[0].actual) == "2026-11-30T08:45:00+07:00");
    BOOST_TEST(!g.next_wanted(Branch::audio).has_value());
    // Once the sink is past it, a late message's row goes straight through.
    BOOST_TEST(g.hold(Branch::audio, 1'000'000'000, reminder_row("2026-11-30 08:44")).size() == 1u);
}

BOOST_AUTO_TEST_CASE(no_sound_device_says_skipped_and_a_sound_only_run_logs_no_slides) {
    ProofGate g;
    g.set_output(Branch::audio, {true, "no sound device"});
    g.set_output(Branch::video, {false, ""});
    auto rows = g.hold(Branch::audio, 0, reminder_row("2026-11-30 08:45"));
    BOOST_REQUIRE(rows.size() == 1u);
    BOOST_TEST(rows[0].outcome == "skipped: no sound device");
    BOOST_TEST(g.hold(Branch::video, 0, slide_row("2026-11-30 08:45")).empty());
    BOOST_TEST(g.reached(Branch::video, UINT64_MAX).empty());
    // A row that already says why it was skipped keeps its reason.
    rows = g.hold(Branch::audio, 0, reminder_row("2026-11-30 09:00", "skipped: sound not ready"));
    BOOST_REQUIRE(rows.size() == 1u);
    BOOST_TEST(rows[0].outcome == "skipped: sound not ready");
}

BOOST_AUTO_TEST_CASE(a_render_failure_row_passes_with_its_reason) {
    ProofGate g;
    AsRunRow r = slide_row("2026-11-30 09:00");
    r.outcome = "skipped: render failed: own.svg:3:10: unclosed element";
    auto rows = g.hold(Branch::video, 5'000'000'000, r);
    BOOST_REQUIRE(rows.size() == 1u);
    BOOST_TEST(rows[0].outcome == "skipped: render failed: own.svg:3:10: unclosed element");
}

BOOST_AUTO_TEST_CASE(an_output_that_goes_down_skips_what_it_never_took) {
    ProofGate g;
    g.hold(Branch::video, 1'000'000'000, slide_row("2026-11-30 09:00"));
    g.hold(Branch::audio, 3'000'000'000, reminder_row("2026-11-30 09:00"));
    auto shown = g.reached(Branch::video, 1'033'000'000);
    BOOST_REQUIRE(shown.size() == 1u);
    auto rows = g.drop_all("output down: aout: device gone");
    BOOST_REQUIRE(rows.size() == 1u);
    BOOST_TEST(rows[0].kind == "reminder");
    BOOST_TEST(rows[0].outcome == "skipped: output down: aout: device gone");
    // A rebuilt pipeline counts from running time 0 again.
    g.restart();
    BOOST_TEST(g.hold(Branch::video, 0, slide_row("2026-11-30 09:01")).empty());
}

BOOST_AUTO_TEST_CASE(held_rows_are_bounded) {
    ProofGate g;
    for (std::size_t i = 0; i < ProofGate::kMaxHeld; ++i)
        BOOST_TEST(g.hold(Branch::video, i, slide_row("2026-11-30 09:00")).empty());
    auto rows = g.hold(Branch::video, ProofGate::kMaxHeld, slide_row("2026-11-30 09:00"));
    BOOST_REQUIRE(rows.size() == 1u);
    BOOST_TEST(rows[0].outcome.rfind("skipped: output down", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(a_clock_set_back_writes_no_row_twice) {
    RowDedupe d(wib());
    // 08:45 reminder and the 08:44:40 slide, then the clock is set back 10 minutes and the
    // same cues come again: each is written once.
    BOOST_TEST(d.first_time(slide_row("2026-11-30 08:44:40")));
    BOOST_TEST(d.first_time(reminder_row("2026-11-30 08:45")));
    BOOST_TEST(!d.first_time(slide_row("2026-11-30 08:44:40")));
    BOOST_TEST(!d.first_time(reminder_row("2026-11-30 08:45")));
    // The same activity at another time, or another kind at the same time, is new.
    BOOST_TEST(d.first_time(reminder_row("2026-11-30 09:00")));
    BOOST_TEST(d.first_time(slide_row("2026-11-30 08:45")));
    // The slide on screen when a rebuilt output starts is shown again: written again.
    AsRunRow again = slide_row("2026-11-30 08:44:40");
    again.detail += " (on screen at start)";
    BOOST_TEST(d.first_time(again));
    // Rows that are no cue (start, reload, error) are never held back.
    AsRunRow start{at("2026-11-30 08:40"), at("2026-11-30 08:40"), "start", "", "play", "played"};
    BOOST_TEST(d.first_time(start));
    BOOST_TEST(d.first_time(start));
    // A new day forgets the old day's keys (bounded memory).
    BOOST_TEST(d.first_time(slide_row("2026-12-01 08:44:40")));
    BOOST_TEST(d.first_time(slide_row("2026-11-30 08:44:40")));
}

// tsr play started again the same day reads today's log back first: the 08:45 reminder the
// last run played is not written again as skipped ("should have started before playout
// began"); one the last run never logged is.
BOOST_AUTO_TEST_CASE(a_restart_writes_no_row_the_log_already_holds) {
    const std::string csv =
        std::string(AsRunLog::header()) + "\n" +
        "2026-11-30T08:45:00+07:00,2026-11-30T08:45:00+07:00,reminder,rapat-tim,"
        "audio/a.m4a,played\n";
    RowDedupe d(wib());
    d.remember(parse_asrun_csv(csv));
    AsRunRow missed = reminder_row("2026-11-30 08:45");
    missed.outcome = "skipped: its sound should have started before playout began";
    BOOST_TEST(!d.first_time(missed));
    BOOST_TEST(d.first_time(reminder_row("2026-11-30 08:50")));
}

BOOST_AUTO_TEST_CASE(a_pause_is_no_clock_change) {
    // Real-time minus monotonic, in us: paused 10 s, both clocks moved 10 s.
    const std::int64_t before = 1'796'000'000'000'000;
    BOOST_TEST(!wall_clock_was_set(before, before));
    BOOST_TEST(!wall_clock_was_set(before, before + 1'500'000));  // NTP slewing, small steps
    BOOST_TEST(wall_clock_was_set(before, before - 600'000'000)); // set back 10 minutes
    BOOST_TEST(wall_clock_was_set(before, before + 3'600'000'000));
}

BOOST_AUTO_TEST_CASE(clock_sync_from_the_kernel_state) {
    BOOST_TEST((clock_sync_of(TIME_OK, 0) == ClockSync::synchronised));
    BOOST_TEST((clock_sync_of(TIME_OK, STA_UNSYNC) == ClockSync::unsynchronised));
    BOOST_TEST((clock_sync_of(TIME_ERROR, 0) == ClockSync::unsynchronised));
    BOOST_TEST((clock_sync_of(-1, 0) == ClockSync::unknown));
    BOOST_TEST(clock_sync_text(ClockSync::unsynchronised) == "clock NOT synchronised (NTP)");
}

BOOST_AUTO_TEST_CASE(sha256_of_a_file_is_what_sha256sum_says) {
    test::TempPlaylist t;
    write(t.dir() / "x", "abc");
    BOOST_TEST(file_sha256(t.dir() / "x") ==
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(file_sha256(t.dir() / "missing").empty());
}

BOOST_AUTO_TEST_CASE(each_closed_day_is_sealed_and_chained_when_the_next_begins) {
    test::TempPlaylist t;
    {
        AsRunLog log(t.dir(), {}, wib());
        for (const char* d : {"2026-11-28 09:00", "2026-11-29 09:00", "2026-11-30 09:00"})
            log.append(slide_row(d));
    }
    auto dir = t.dir() / "asrun";
    BOOST_TEST(std::filesystem::exists(dir / "2026-11-28.csv.sha256"));
    BOOST_TEST(std::filesystem::exists(dir / "2026-11-29.csv.sha256"));
    BOOST_TEST(!std::filesystem::exists(dir / "2026-11-30.csv.sha256"));
    auto digest = test::lines(slurp(dir / "2026-11-28.csv.sha256"));
    BOOST_REQUIRE(digest.size() == 3u);
    const std::string sha = file_sha256(dir / "2026-11-28.csv");
    BOOST_TEST(digest[0] == "sha256 " + sha);
    BOOST_TEST(digest[1] == "previous " + std::string(64, '0'));
    // The chain is computable by hand: sha256 of "PREVIOUS\nSHA\nDAY.csv\n".
    BOOST_TEST(digest[2] ==
               "chain " + text_sha256(std::string(64, '0') + "\n" + sha + "\n2026-11-28.csv\n"));
    auto second = test::lines(slurp(dir / "2026-11-29.csv.sha256"));
    BOOST_TEST(second.at(1) == "previous " + digest[2].substr(6));

    auto checks = verify_asrun_days(dir);
    BOOST_REQUIRE(checks.size() == 3u);
    BOOST_TEST(checks[0].status == "ok");
    BOOST_TEST(checks[1].status == "ok");
    BOOST_TEST(checks[2].status == "open");
}

BOOST_AUTO_TEST_CASE(a_row_dated_into_a_sealed_day_goes_to_the_next_one) {
    test::TempPlaylist t;
    {
        AsRunLog log(t.dir(), {}, wib());
        for (const char* d : {"2026-11-28 09:00", "2026-11-29 09:00", "2026-11-30 09:00"})
            log.append(slide_row(d));
        // The wall clock set back to the 29th while the 30th is written: into the 30th.
        log.append(slide_row("2026-11-29 23:59"));
    }
    auto dir = t.dir() / "asrun";
    BOOST_TEST(test::lines(slurp(dir / "2026-11-30.csv")).size() == 3u);
    // A new run whose first row is dated into a sealed day: the day after the newest sealed.
    {
        AsRunLog log(t.dir(), {}, wib());
        log.append(slide_row("2026-11-28 10:00"));
    }
    BOOST_TEST(test::lines(slurp(dir / "2026-11-30.csv")).size() == 4u);
    for (const DayCheck& c : verify_asrun_days(dir))
        BOOST_TEST(c.status != "ALTERED", c.day << ": " << c.why);
}

BOOST_AUTO_TEST_CASE(past_days_without_a_digest_are_sealed_at_start_up) {
    test::TempPlaylist t;
    auto dir = t.dir() / "asrun";
    std::filesystem::create_directories(dir);
    write(dir / "2026-11-27.csv", "scheduled,actual,kind,id,detail,outcome\n");
    write(dir / "notes.csv", "not a day\n");
    auto sealed = seal_closed_days(dir, "2026-11-30");
    BOOST_REQUIRE(sealed.size() == 1u);
    BOOST_TEST(sealed[0] == "2026-11-27");
    BOOST_TEST(seal_closed_days(dir, "2026-11-30").empty()); // never sealed twice
}

BOOST_AUTO_TEST_CASE(verify_names_the_day_whose_row_was_edited) {
    test::TempPlaylist t;
    {
        AsRunLog log(t.dir(), {}, wib());
        for (const char* d : {"2026-11-28 09:00", "2026-11-29 09:00", "2026-11-30 09:00"})
            log.append(reminder_row(d, "skipped: no sound device"));
    }
    auto dir = t.dir() / "asrun";
    std::string day = slurp(dir / "2026-11-29.csv");
    auto pos = day.find("skipped: no sound device");
    BOOST_REQUIRE(pos != std::string::npos);
    day.replace(pos, 24, "played");
    write(dir / "2026-11-29.csv", day);
    auto checks = verify_asrun_days(dir);
    BOOST_REQUIRE(checks.size() == 3u);
    BOOST_TEST(checks[0].status == "ok");
    BOOST_TEST(checks[1].status == "ALTERED");
    BOOST_TEST(checks[1].day == "2026-11-29");
    BOOST_TEST(checks[1].why == "its rows were changed after the day was sealed");
    BOOST_TEST(checks[2].status == "open");

    // Re-sealing the edited day (a new digest) breaks the chain at the next sealed day.
    std::filesystem::remove(dir / "2026-11-29.csv.sha256");
    seal_closed_days(dir, "2026-11-29"); // nothing: 29 is not before 29
    seal_closed_days(dir, "2026-11-30");
    // 28 -> 29 (new) chains; a removed day in the middle breaks the one after it.
    std::filesystem::remove(dir / "2026-11-28.csv");
    std::filesystem::remove(dir / "2026-11-28.csv.sha256");
    checks = verify_asrun_days(dir);
    BOOST_REQUIRE(checks.size() == 2u);
    BOOST_TEST(checks[0].day == "2026-11-29");
    BOOST_TEST(checks[0].status == "ALTERED");
    BOOST_TEST(checks[0].why == "its chain does not start where the first sealed day must");
}

BOOST_AUTO_TEST_SUITE_END()
