#include "asrun_log.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using namespace tsr;
using namespace std::chrono;

namespace {
std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
} // namespace

BOOST_AUTO_TEST_SUITE(asrun_log)

BOOST_AUTO_TEST_CASE(one_file_a_day_with_header_and_iso_times) {
    test::TempPlaylist tmp;
    TimeZone z = *TimeZone::named("Asia/Jakarta");
    AsRunLog log(tmp.dir(), {}, z);
    Instant due = *parse_local_datetime(z, "2026-11-30 08:45");
    BOOST_TEST(log.append(
        {due, due + milliseconds(3), "reminder", "rapat-tim", "rapat-15-menit.m4a", "played"}));
    Instant next_day = *parse_local_datetime(z, "2026-12-01 00:00:05");
    BOOST_TEST(log.append({next_day, next_day, "slide", "slide-1", "agenda", "played"}));

    std::string day1 = slurp(tmp.dir() / "asrun" / "2026-11-30.csv");
    BOOST_TEST(day1 == "scheduled,actual,kind,id,detail,outcome\n"
                       "2026-11-30T08:45:00+07:00,2026-11-30T08:45:00.003+07:00,reminder,"
                       "rapat-tim,rapat-15-menit.m4a,played\n");
    auto day2 = test::lines(slurp(tmp.dir() / "asrun" / "2026-12-01.csv"));
    BOOST_REQUIRE(day2.size() == 2u);
    BOOST_TEST(day2[1] ==
               "2026-12-01T00:00:05+07:00,2026-12-01T00:00:05+07:00,slide,slide-1,agenda,played");
}

// tsr play writes the folder's own log; a deploy moves the folder away and a new one into its
// place. The open file then is the old folder's: open_file_at_path says so at the next row,
// whenever the move happened (tsr play once noted the file's identity after each row, and a
// move just then sent every later row to the old folder).
BOOST_AUTO_TEST_CASE(the_open_file_is_no_longer_at_the_path_once_its_folder_is_replaced) {
    test::TempPlaylist tmp;
    TimeZone z = *TimeZone::named("Asia/Jakarta");
    const auto folder = tmp.dir() / "kantor";
    std::filesystem::create_directories(folder);
    AsRunLog log(folder, {}, z);
    BOOST_TEST(log.open_file_at_path()); // nothing open yet
    Instant t = *parse_local_datetime(z, "2026-11-30 08:45");
    BOOST_REQUIRE(log.append({t, t, "slide", "slide-1", "Lama", "played"}));
    BOOST_TEST(log.open_file_at_path());
    std::filesystem::rename(folder, tmp.dir() / "kantor-lama");
    BOOST_TEST(!log.open_file_at_path()); // nothing at the path
    std::filesystem::create_directories(folder / "asrun");
    BOOST_TEST(!log.open_file_at_path()); // a new folder, no log in it yet
    {
        AsRunLog other(folder, {}, z);
        BOOST_REQUIRE(other.append({t, t, "slide", "slide-2", "Baru", "played"}));
    }
    BOOST_TEST(!log.open_file_at_path()); // another file at the path
    // Opened again, as the recorder does: the row goes to the new folder.
    AsRunLog again(folder, {}, z);
    BOOST_REQUIRE(again.append({t, t, "reload", "", "the playlist folder was replaced", "played"}));
    BOOST_TEST(again.open_file_at_path());
    BOOST_TEST(test::lines(slurp(folder / "asrun" / "2026-11-30.csv")).size() == 3u);
    BOOST_TEST(test::lines(slurp(tmp.dir() / "kantor-lama" / "asrun" / "2026-11-30.csv")).size() ==
               2u);
}

BOOST_AUTO_TEST_CASE(fields_are_quoted_for_spreadsheets) {
    BOOST_TEST(AsRunLog::csv_field("plain") == "plain");
    BOOST_TEST(AsRunLog::csv_field("a,b") == "\"a,b\"");
    BOOST_TEST(AsRunLog::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    BOOST_TEST(AsRunLog::csv_field("skipped: late, by 3s") == "\"skipped: late, by 3s\"");
    BOOST_TEST(AsRunLog::csv_field("=cmd()") == "\"'=cmd()\"");
}

BOOST_AUTO_TEST_CASE(appends_to_an_existing_file_without_a_second_header) {
    test::TempPlaylist tmp;
    TimeZone z = TimeZone::fixed(hours(7));
    auto path = tmp.dir() / "log.csv";
    Instant t = *parse_local_datetime(z, "2026-11-30 09:00");
    {
        AsRunLog log(tmp.dir(), path, z);
        log.append({t, t, "start", "", "tsr play", "played"});
    }
    {
        AsRunLog log(tmp.dir(), path, z);
        log.append({t, t, "stop", "", "SIGTERM", "played"});
    }
    auto rows = test::lines(slurp(path));
    BOOST_REQUIRE(rows.size() == 3u);
    BOOST_TEST(rows[0] == AsRunLog::header());
    BOOST_TEST(rows[2].find(",stop,") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
