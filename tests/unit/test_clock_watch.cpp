// What `tsr play` says of the system clock (tools/clock_watch.hpp), with a scripted clock
// state instead of adjtimex, and the console's line for it (tools/console/pages.hpp).
#include "clock_watch.hpp"
#include "console/pages.hpp"

#include <boost/test/unit_test.hpp>

#include <deque>
#include <vector>

using namespace tsr;

BOOST_AUTO_TEST_SUITE(clock_watch)

BOOST_AUTO_TEST_CASE(an_unsynchronised_clock_is_said_at_start_and_at_each_change) {
    std::deque<ClockSync> states{ClockSync::unsynchronised, ClockSync::unsynchronised,
                                 ClockSync::synchronised, ClockSync::synchronised,
                                 ClockSync::unknown};
    std::vector<std::string> journal;
    std::vector<ClockSync> rows;
    ClockSyncWatch w(
        [&] {
            ClockSync s = states.front();
            states.pop_front();
            return s;
        },
        [&](const std::string& line) { journal.push_back(line); },
        [&](ClockSync s) { rows.push_back(s); });
    w.start();
    BOOST_REQUIRE_EQUAL(journal.size(), 1u);
    BOOST_TEST(journal[0] ==
               "tsr play: clock NOT synchronised (NTP): the as-run log's times and the "
               "reminders follow a clock nobody checks; see that the PC reaches an NTP server "
               "(timedatectl status)");
    BOOST_TEST(rows.empty()); // the start row carries the state at start
    w.check();                // unchanged: nothing
    BOOST_TEST(journal.size() == 1u);
    w.check(); // synchronised now
    BOOST_REQUIRE_EQUAL(journal.size(), 2u);
    BOOST_TEST(journal[1] == "tsr play: clock synchronised (NTP)");
    BOOST_TEST((rows == std::vector<ClockSync>{ClockSync::synchronised}));
    BOOST_TEST((w.state() == ClockSync::synchronised));
    w.check();
    w.check(); // unreadable
    BOOST_REQUIRE_EQUAL(journal.size(), 3u);
    BOOST_TEST(journal[2].rfind("tsr play: clock state unknown: ", 0) == 0);
    BOOST_TEST(rows.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_synchronised_clock_at_start_is_not_said) {
    std::vector<std::string> journal;
    ClockSyncWatch w([] { return ClockSync::synchronised; },
                     [&](const std::string& line) { journal.push_back(line); }, [](ClockSync) {});
    w.start();
    w.check();
    BOOST_TEST(journal.empty());
}

BOOST_AUTO_TEST_CASE(the_now_page_says_the_clock_state) {
    BOOST_TEST(console::clock_sync_html(ClockSync::synchronised, "en") ==
               "<p id=\"clock-sync\">System clock: synchronised (NTP)</p>");
    BOOST_TEST(console::clock_sync_html(ClockSync::unsynchronised, "en") ==
               "<p id=\"clock-sync\" class=\"bad\">System clock: NOT synchronised (NTP). "
               "Reminders and the proof log follow this clock; have the PC reach a time server "
               "(timedatectl status).</p>");
    BOOST_TEST(console::clock_sync_html(ClockSync::unknown, "en").find("state unknown") !=
               std::string::npos);
    BOOST_TEST(console::clock_sync_html(ClockSync::unsynchronised, "id") ==
               "<p id=\"clock-sync\" class=\"bad\">Jam sistem: TIDAK tersinkron (NTP). "
               "Pengingat dan log bukti mengikuti jam ini; sambungkan PC ke server waktu "
               "(timedatectl status).</p>");
}

BOOST_AUTO_TEST_SUITE_END()
