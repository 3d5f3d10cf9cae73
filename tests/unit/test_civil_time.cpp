#include "civil_time.hpp"

#include <boost/test/unit_test.hpp>

using namespace tsr;
using namespace std::chrono;

namespace {
TimeZone jakarta() {
    return *TimeZone::named("Asia/Jakarta");
}
Instant utc(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
    return Instant(sys_days(Date{year(y), month(m), day(d)}) + hours(hh) + minutes(mm) +
                   seconds(ss));
}
} // namespace

BOOST_AUTO_TEST_SUITE(civil_time)

BOOST_AUTO_TEST_CASE(durations_parse_whole_units_largest_first) {
    BOOST_TEST(parse_duration("90s")->count() == 90);
    BOOST_TEST(parse_duration("15m")->count() == 900);
    BOOST_TEST(parse_duration("2h")->count() == 7200);
    BOOST_TEST(parse_duration("3d")->count() == 3 * 86400);
    BOOST_TEST(parse_duration("1h30m")->count() == 5400);
    BOOST_TEST(parse_duration("0m")->count() == 0);
    BOOST_TEST(!parse_duration("15 menit"));
    BOOST_TEST(!parse_duration("lima belas detik"));
    BOOST_TEST(!parse_duration("30m1h")); // largest unit first
    BOOST_TEST(!parse_duration(""));
    BOOST_TEST(!parse_duration("1.5h"));
    BOOST_TEST(format_duration(Seconds(5400)) == "1h30m");
    BOOST_TEST(format_duration(Seconds(0)) == "0s");
}

BOOST_AUTO_TEST_CASE(day_names_in_indonesian_and_english) {
    BOOST_TEST(*parse_weekday("senin") == 0u);
    BOOST_TEST(*parse_weekday("Kamis") == 3u);
    BOOST_TEST(*parse_weekday("jum'at") == 4u);
    BOOST_TEST(*parse_weekday("JUMAT") == 4u);
    BOOST_TEST(*parse_weekday("minggu") == 6u);
    BOOST_TEST(*parse_weekday("ahad") == 6u);
    BOOST_TEST(*parse_weekday("mon") == 0u);
    BOOST_TEST(*parse_weekday("Thursday") == 3u);
    BOOST_TEST(!parse_weekday("senen"));
    // 2026-11-30 is a Monday.
    BOOST_TEST(weekday_index(Date{year(2026), month(11), day(30)}) == 0u);
    BOOST_TEST(weekday_index(Date{year(2026), month(12), day(6)}) == 6u);
}

BOOST_AUTO_TEST_CASE(jakarta_is_wib_utc_plus_7) {
    TimeZone z = jakarta();
    Instant t = utc(2026, 11, 30, 2, 0);
    BOOST_TEST(z.offset_at(t).count() == 7 * 3600);
    BOOST_TEST(z.abbreviation_at(t) == "WIB");
    BOOST_TEST(format_iso(z, t) == "2026-11-30T09:00:00+07:00");
    BOOST_TEST(format_iso(z, t + milliseconds(250)) == "2026-11-30T09:00:00.250+07:00");
}

BOOST_AUTO_TEST_CASE(local_times_on_the_command_line) {
    TimeZone z = jakarta();
    Instant expect = utc(2026, 11, 30, 2, 0);
    BOOST_TEST((*parse_local_datetime(z, "2026-11-30 09:00") == expect));
    BOOST_TEST((*parse_local_datetime(z, "2026-11-30T09:00:00") == expect));
    BOOST_TEST((*parse_local_datetime(z, "2026-11-30 09:00:30") == expect + seconds(30)));
    BOOST_TEST((*parse_local_datetime(z, "2026-11-30T09:00:00+07:00") == expect));
    BOOST_TEST((*parse_local_datetime(z, "2026-11-30T02:00:00Z") == expect));
    BOOST_TEST(!parse_local_datetime(z, "2026-11-31 09:00"));
    BOOST_TEST(!parse_local_datetime(z, "2026-11-30 25:00"));
    BOOST_TEST(!parse_local_datetime(z, "besok pagi"));
}

BOOST_AUTO_TEST_CASE(midnight_and_time_of_day_are_local) {
    TimeZone z = jakarta();
    // 2026-11-29T20:00Z is 03:00 on the 30th in Jakarta: its local midnight is 29th 17:00Z.
    Instant t = utc(2026, 11, 29, 20, 0);
    BOOST_TEST((local_midnight(z, t) == utc(2026, 11, 29, 17, 0)));
    BOOST_TEST((local_date(z, t) == Date{year(2026), month(11), day(30)}));
    BOOST_TEST(local_time_of_day(z, t).count() == 3 * 3600);
    BOOST_TEST(
        (at_local(z, Date{year(2026), month(12), day(1)}, hours(8)) == utc(2026, 12, 1, 1, 0)));
}

BOOST_AUTO_TEST_CASE(other_zones_and_unknown_names) {
    TimeZone jayapura = *TimeZone::named("Asia/Jayapura");
    BOOST_TEST(jayapura.offset_at(utc(2026, 1, 1, 0, 0)).count() == 9 * 3600);
    BOOST_TEST(!TimeZone::named("Asia/Jakrta"));
    TimeZone fixed = TimeZone::fixed(hours(8));
    BOOST_TEST(format_iso(fixed, utc(2026, 1, 1, 0, 0)) == "2026-01-01T08:00:00+08:00");
}

BOOST_AUTO_TEST_SUITE_END()
