// Office hours of the screen (engine/office_hours.hpp): when the TV is on, the changes in a
// window, and the [display] keys that set them.
#include "loader_check.hpp"
#include "office_hours.hpp"

#include <boost/test/unit_test.hpp>

using namespace tsr;
using namespace std::chrono;

namespace {

const TimeZone kWib = TimeZone::fixed(hours(7));

Instant at(const char* text) {
    return *parse_local_datetime(kWib, text);
}

std::string show(const std::vector<PowerChange>& changes) {
    std::string out;
    for (const PowerChange& c : changes)
        out += format_iso(kWib, c.at) + (c.on ? " on\n" : " off\n");
    return out;
}

OfficeHours weekdays_0630_1700() {
    OfficeHours h;
    h.begin = hours(6) + minutes(30);
    h.end = hours(17);
    h.days = {true, true, true, true, true, false, false};
    h.off = {Date{year(2026), month(12), day(25)}};
    return h;
}

const std::string kHead = "[office]\nname = \"Kantor\"\ntimezone = \"Asia/Jakarta\"\n\n"
                          "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"x\"\n\n";

} // namespace

BOOST_AUTO_TEST_SUITE(office_hours)

BOOST_AUTO_TEST_CASE(on_within_the_hours_of_a_working_day_only) {
    OfficeHours h = weekdays_0630_1700();
    // Monday 2026-11-30.
    BOOST_TEST(!screen_on(h, kWib, at("2026-11-30 06:29:59")));
    BOOST_TEST(screen_on(h, kWib, at("2026-11-30 06:30")));
    BOOST_TEST(screen_on(h, kWib, at("2026-11-30 16:59:59")));
    BOOST_TEST(!screen_on(h, kWib, at("2026-11-30 17:00")));
    BOOST_TEST(!screen_on(h, kWib, at("2026-12-05 09:00"))); // Saturday
    BOOST_TEST(!screen_on(h, kWib, at("2026-12-25 09:00"))); // a holiday (Friday)
    BOOST_TEST(screen_on(h, kWib, at("2026-12-24 09:00")));
}

BOOST_AUTO_TEST_CASE(the_changes_of_a_week_with_a_holiday) {
    OfficeHours h = weekdays_0630_1700();
    // Thursday 24 Dec to Monday 28 Dec: Friday is a holiday, then the weekend.
    BOOST_TEST(show(power_changes(h, kWib, at("2026-12-24 00:00"), at("2026-12-28 23:59"))) ==
               "2026-12-24T06:30:00+07:00 on\n"
               "2026-12-24T17:00:00+07:00 off\n"
               "2026-12-28T06:30:00+07:00 on\n"
               "2026-12-28T17:00:00+07:00 off\n");
    // (from, to]: a change exactly at `from` is not in it, one exactly at `to` is.
    BOOST_TEST(show(power_changes(h, kWib, at("2026-12-24 06:30"), at("2026-12-24 17:00"))) ==
               "2026-12-24T17:00:00+07:00 off\n");
    BOOST_TEST(power_changes(h, kWib, at("2026-12-24 10:00"), at("2026-12-24 10:00")).empty());
}

BOOST_AUTO_TEST_CASE(hours_to_midnight_on_consecutive_days_do_not_flicker_at_midnight) {
    OfficeHours h;
    h.begin = hours(0);
    h.end = hours(24);
    h.days = {true, true, false, false, false, false, false}; // Monday, Tuesday
    BOOST_TEST(show(power_changes(h, kWib, at("2026-11-29 12:00"), at("2026-12-02 12:00"))) ==
               "2026-11-30T00:00:00+07:00 on\n"
               "2026-12-02T00:00:00+07:00 off\n");
}

BOOST_AUTO_TEST_CASE(the_display_keys_set_the_hours) {
    test::Checked c = test::check_text(
        kHead + "[display]\non = \"06:30-17:00\"\ndays = [\"senin\", \"tuesday\", \"jumat\"]\n"
                "off = [\"2026-12-25\", 2027-01-01]\nreminders_outside = \"wake\"\n");
    BOOST_REQUIRE(c.accepted);
    BOOST_REQUIRE(c.playlist->display.hours.has_value());
    const OfficeHours& h = *c.playlist->display.hours;
    BOOST_TEST(h.begin.count() == 6 * 3600 + 1800);
    BOOST_TEST(h.end.count() == 17 * 3600);
    BOOST_TEST((h.days == std::array<bool, 7>{true, true, false, false, true, false, false}));
    BOOST_REQUIRE_EQUAL(h.off.size(), 2u);
    BOOST_TEST((h.off[1] == Date{year(2027), month(1), day(1)}));
    BOOST_TEST((h.reminders_outside == OfficeHours::Outside::wake));
    // Without `on`: always on.
    BOOST_TEST(!test::check_text(kHead).playlist->display.hours.has_value());
}

BOOST_AUTO_TEST_CASE(mistakes_in_the_display_keys_are_refused_where_they_are) {
    test::expect_one_error(kHead + "[display]\non = \"17:00-06:30\"\n",
                           "playlist.toml:11:6: error: on: \"17:00-06:30\" ends before it begins; "
                           "write it like \"06:30-17:00\"");
    test::expect_one_error(kHead + "[display]\non = \"pagi\"\n",
                           "playlist.toml:11:6: error: on: \"pagi\" is not a time range; write it "
                           "like \"06:30-17:00\"");
    test::expect_one_error(kHead + "[display]\non = \"06:30-17:00\"\noff = [\"2026-02-30\"]\n",
                           "playlist.toml:12:8: error: off: \"2026-02-30\" is not a date; write it "
                           "like 2026-11-30");
    test::expect_one_error(kHead + "[display]\non = \"06:30-17:00\"\nreminders_outside = \"ya\"\n",
                           "playlist.toml:12:21: error: reminders_outside: \"ya\" is not a "
                           "choice; write \"sound\" or \"wake\"");
    test::expect_one_error(kHead + "[display]\ndays = [\"senin\"]\n",
                           "playlist.toml:11:8: error: days: needs on = \"06:30-17:00\" (the "
                           "hours the TV is on) beside it");
}

BOOST_AUTO_TEST_SUITE_END()
