// `tsr timeline` on the demo playlist: a week that matches what the playlist says.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <regex>

using namespace tsr::test;

namespace {

std::string demo() {
    return (source_root() / "playlists/demo").string();
}

std::vector<std::string> timeline(const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {tsr_exe(), "timeline", demo()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    RunResult r = run(argv);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    return lines(r.out);
}

bool has(const std::vector<std::string>& list, const std::string& line) {
    return std::find(list.begin(), list.end(), line) != list.end();
}

} // namespace

BOOST_AUTO_TEST_SUITE(timeline_cmd)

// Mon 30 Nov .. Sun 6 Dec 2026, reminders only.
BOOST_AUTO_TEST_CASE(a_week_of_reminders_matches_the_playlist) {
    auto week = timeline({"--from", "2026-11-30 00:00", "--days", "7", "--kind", "reminder"});
    // apel-pagi: 2 a weekday x 5; rapat-tim: 2 x (Mon, Thu); bansos: 1 (Wed); dtks: 5;
    // pelayanan-tutup: 5; laporan-bulanan: 1d-before (Fri 4th) + 2h (Sat 5th); spj: none.
    BOOST_TEST(week.size() == 10u + 4u + 1u + 5u + 5u + 2u);
    BOOST_TEST(
        has(week, "2026-11-30 07:20:00  reminder  apel-pagi  Apel Pagi  (apel-10-menit.m4a)"));
    BOOST_TEST(
        has(week,
            "2026-11-30 08:45:00  reminder  rapat-tim  Rapat Internal Tim  (rapat-15-menit.m4a)"));
    BOOST_TEST(has(
        week, "2026-12-03 09:00:00  reminder  rapat-tim  Rapat Internal Tim  (rapat-mulai.m4a)"));
    BOOST_TEST(has(week, "2026-12-04 08:00:00  reminder  laporan-bulanan  Laporan Bulanan Kegiatan "
                         " (laporan-besok.m4a)"));
    BOOST_TEST(has(week, "2026-12-05 14:00:00  reminder  laporan-bulanan  Laporan Bulanan Kegiatan "
                         " (laporan-2-jam.m4a)"));
    for (const std::string& l : week) {
        // No weekday activity reminds on the weekend.
        bool weekend = l.rfind("2026-12-05", 0) == 0 || l.rfind("2026-12-06", 0) == 0;
        if (weekend) BOOST_TEST(l.find("laporan-bulanan") != std::string::npos, l);
    }
    BOOST_TEST(std::is_sorted(week.begin(), week.end()));
}

BOOST_AUTO_TEST_CASE(slides_rotate_in_order) {
    auto slides =
        timeline({"--from", "2026-11-30 09:00", "--to", "2026-11-30 09:02", "--kind", "slide"});
    BOOST_REQUIRE(slides.size() >= 6u);
    std::regex row(
        R"(^2026-11-30 09:0[01]:\d\d  slide     slide-[1-5]  .+  \((agenda|deadlines|timeline|info)\)$)");
    for (const std::string& l : slides)
        BOOST_TEST(std::regex_match(l, row), l);
}

BOOST_AUTO_TEST_CASE(json_is_one_array_of_events) {
    RunResult r = run({tsr_exe(), "timeline", demo(), "--from", "2026-11-30 08:40", "--to",
                       "2026-11-30 08:50", "--json", "--kind", "reminder"});
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out == "[\n  {\"time\": \"2026-11-30T08:45:00+07:00\", \"kind\": \"reminder\", "
                        "\"id\": \"rapat-tim\", \"title\": \"Rapat Internal Tim\", \"audio\": "
                        "\"audio/rapat-15-menit.m4a\"}\n]\n");
    RunResult empty = run({tsr_exe(), "timeline", demo(), "--from", "2026-11-28 22:00", "--to",
                           "2026-11-28 23:00", "--json", "--kind", "reminder"});
    BOOST_TEST(empty.out == "[]\n");
}

BOOST_AUTO_TEST_CASE(bad_command_lines_exit_2) {
    BOOST_TEST(run({tsr_exe(), "timeline", demo(), "--from", "besok"}).status == 2);
    BOOST_TEST(run({tsr_exe(), "timeline", demo(), "--days", "0"}).status == 2);
    BOOST_TEST(run({tsr_exe(), "timeline", demo(), "--days", "2", "--to", "2026-12-01"}).status ==
               2);
    BOOST_TEST(run({tsr_exe(), "timeline", demo(), "--kind", "lagu"}).status == 2);
}

BOOST_AUTO_TEST_SUITE_END()
