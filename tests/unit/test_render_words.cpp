// Words on the screen: dates, clock, time ranges, countdowns (engine/render/words.hpp).
#include "i18n.hpp"
#include "render/words.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace tsr;
using namespace std::chrono;

namespace {

const TimeZone wib = TimeZone::fixed(hours(7));

Instant at(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
    return at_local(wib, Date{year{y}, month{m}, day{d}}, hours(hh) + minutes(mm) + seconds(ss));
}

} // namespace

BOOST_AUTO_TEST_SUITE(render_words)

BOOST_AUTO_TEST_CASE(long_dates_in_both_languages) {
    Date d{year{2026}, month{11}, day{30}};
    BOOST_TEST(format_long_date("id", d) == "Senin, 30 November 2026");
    BOOST_TEST(format_long_date("en", d) == "Monday, 30 November 2026");
    BOOST_TEST(format_long_date("id", Date{year{2026}, month{12}, day{6}}) ==
               "Minggu, 6 Desember 2026");
    BOOST_TEST(format_long_date("id", Date{year{2027}, month{1}, day{1}}) ==
               "Jumat, 1 Januari 2027");
    BOOST_TEST(format_long_date("en", Date{year{2027}, month{2}, day{3}}) ==
               "Wednesday, 3 February 2027");
    // Any other language falls back to Indonesian.
    BOOST_TEST(format_long_date("xx", d) == "Senin, 30 November 2026");
    BOOST_TEST(format_month_year("id", Date{year{2026}, month{8}, day{17}}) == "Agustus 2026");
}

// Every name the screen writes comes from ICU's locale data, and is the word people use.
BOOST_AUTO_TEST_CASE(month_and_weekday_names_from_the_locale) {
    const std::vector<std::string> id_months = {"Januari",   "Februari", "Maret",    "April",
                                                "Mei",       "Juni",     "Juli",     "Agustus",
                                                "September", "Oktober",  "November", "Desember"};
    const std::vector<std::string> en_months = {"January",   "February", "March",    "April",
                                                "May",       "June",     "July",     "August",
                                                "September", "October",  "November", "December"};
    for (unsigned m = 1; m <= 12; ++m) {
        BOOST_TEST(month_name("id", m) == id_months[m - 1]);
        BOOST_TEST(month_name("en", m) == en_months[m - 1]);
    }
    const std::vector<std::string> id_days = {"Senin", "Selasa", "Rabu",  "Kamis",
                                              "Jumat", "Sabtu",  "Minggu"};
    const std::vector<std::string> en_short = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    for (unsigned i = 0; i < 7; ++i) {
        BOOST_TEST(weekday_name("id", i) == id_days[i]);
        BOOST_TEST(weekday_name("id", i, true) == id_days[i].substr(0, 3));
        BOOST_TEST(weekday_name("en", i, true) == en_short[i]);
    }
    BOOST_TEST(tsr::i18n::duration_words("id", 6, 'd') == "6 hari");
    BOOST_TEST(tsr::i18n::duration_words("en", 1, 'd') == "1 day");
    BOOST_TEST(tsr::i18n::duration_words("en", 15, 'm') == "15 minutes");
    BOOST_TEST(tsr::i18n::duration_words("id", 2, 'h') == "2 jam");
}

BOOST_AUTO_TEST_CASE(clock_uses_a_dot_in_indonesian) {
    Seconds t = hours(9) + minutes(45) + seconds(59);
    BOOST_TEST(format_clock("id", t, "WIB") == "09.45 WIB");
    BOOST_TEST(format_clock("en", t, "WIB") == "09:45 WIB");
    BOOST_TEST(format_clock("id", Seconds(0), "WITA") == "00.00 WITA");
    BOOST_TEST(format_clock("id", hours(23) + minutes(59), "") == "23.59");
}

BOOST_AUTO_TEST_CASE(time_ranges) {
    BOOST_TEST(format_time_range("id", hours(9), hours(10) + minutes(30)) == "09.00-10.30");
    BOOST_TEST(format_time_range("en", hours(13) + minutes(5), hours(15)) == "13:05-15:00");
    BOOST_TEST(format_time_range("id", hours(7) + minutes(30)) == "07.30");
}

BOOST_AUTO_TEST_CASE(countdown_days_are_calendar_days) {
    // 23:00 -> 08:00 the next morning is nine hours, but it is tomorrow: H-1.
    BOOST_TEST(format_countdown("id", at(2026, 11, 30, 23, 0), at(2026, 12, 1, 8, 0), wib) ==
               "H-1");
    BOOST_TEST(format_countdown("en", at(2026, 11, 30, 23, 0), at(2026, 12, 1, 8, 0), wib) ==
               "tomorrow");
    // Less than 72 hours but three calendar days.
    BOOST_TEST(format_countdown("id", at(2026, 11, 30, 9, 0), at(2026, 12, 3, 8, 0), wib) == "H-3");
    BOOST_TEST(format_countdown("en", at(2026, 11, 30, 9, 0), at(2026, 12, 3, 8, 0), wib) ==
               "in 3 days");
    // The zone decides the calendar day: 16:30Z -> 17:30Z crosses midnight in WIB only.
    Instant now = sys_days{year{2026} / 11 / 30} + hours(16) + minutes(30);
    Instant due = now + hours(1);
    BOOST_TEST(format_countdown("id", now, due, wib) == "H-1");
    BOOST_TEST(format_countdown("id", now, due, TimeZone::fixed(Seconds(0))) == "1 jam lagi");
}

BOOST_AUTO_TEST_CASE(countdown_same_day) {
    Instant now = at(2026, 11, 30, 9, 0);
    BOOST_TEST(format_countdown("id", now, at(2026, 11, 30, 11, 30), wib) == "2 jam lagi");
    BOOST_TEST(format_countdown("en", now, at(2026, 11, 30, 11, 30), wib) == "in 2 hours");
    BOOST_TEST(format_countdown("en", now, at(2026, 11, 30, 10, 59), wib) == "in 1 hour");
    BOOST_TEST(format_countdown("id", now, at(2026, 11, 30, 9, 15), wib) == "15 menit lagi");
    BOOST_TEST(format_countdown("en", now, at(2026, 11, 30, 9, 15), wib) == "in 15 minutes");
    // Minutes round up: 20 seconds ahead is still "1 menit lagi", never "0 menit".
    BOOST_TEST(format_countdown("id", now, at(2026, 11, 30, 9, 0, 20), wib) == "1 menit lagi");
    BOOST_TEST(format_countdown("en", now, at(2026, 11, 30, 9, 0, 20), wib) == "in 1 minute");
    BOOST_TEST(format_countdown("id", now, at(2026, 11, 30, 9, 59, 0), wib) == "59 menit lagi");
    BOOST_TEST(format_countdown("id", now, at(2026, 11, 30, 9, 59, 1), wib) == "1 jam lagi");
    BOOST_TEST(format_countdown("id", now, at(2026, 11, 30, 10, 0), wib) == "1 jam lagi");
}

BOOST_AUTO_TEST_CASE(countdown_now_and_late) {
    Instant now = at(2026, 11, 30, 9, 0);
    BOOST_TEST(format_countdown("id", now, now, wib) == "sekarang");
    BOOST_TEST(format_countdown("en", now, now, wib) == "now");
    BOOST_TEST(format_countdown("id", now, at(2026, 11, 30, 0, 0), wib) == "sekarang");
    BOOST_TEST(format_countdown("id", now, at(2026, 11, 27, 16, 0), wib) == "terlambat 3 hari");
    BOOST_TEST(format_countdown("en", now, at(2026, 11, 27, 16, 0), wib) == "3 days late");
    // One minute before midnight yesterday is one calendar day late.
    BOOST_TEST(format_countdown("id", at(2026, 11, 30, 0, 1), at(2026, 11, 29, 23, 59), wib) ==
               "terlambat 1 hari");
    BOOST_TEST(format_countdown("en", at(2026, 11, 30, 0, 1), at(2026, 11, 29, 23, 59), wib) ==
               "1 day late");
    BOOST_TEST(calendar_days_between(now, at(2026, 11, 27, 16, 0), wib) == -3);
}

BOOST_AUTO_TEST_SUITE_END()
