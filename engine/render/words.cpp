#include "render/words.hpp"

#include "i18n.hpp"

#include <algorithm>
#include <cstdio>

namespace tsr {

using namespace std::chrono;

namespace {

bool english(const std::string& lang) {
    return lang == "en";
}

std::string date_words(const std::string& lang, Date d, const char* skeleton) {
    return i18n::date_words(lang, static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                            static_cast<unsigned>(d.day()), skeleton);
}

} // namespace

// Names and dates from ICU's locale data (CLDR), through i18n::date_words.
std::string month_name(const std::string& lang, unsigned m) {
    if (m < 1 || m > 12) return "?";
    return i18n::date_words(lang, 2026, m, 15, "MMMM");
}

std::string weekday_name(const std::string& lang, unsigned index, bool short_form) {
    // 30 November 2026 is a Monday (index 0).
    const Date d{sys_days{Date{year{2026}, November, day{30}}} + days{index % 7}};
    return date_words(lang, d, short_form ? "EEE" : "EEEE");
}

std::string format_long_date(const std::string& lang, Date d) {
    return date_words(lang, d, "yMMMMEEEEd");
}

std::string format_month_year(const std::string& lang, Date d) {
    return date_words(lang, Date{d.year(), d.month(), day{1}}, "yMMMM");
}

std::string format_time_of_day(const std::string& lang, Seconds time_of_day) {
    long long s = time_of_day.count();
    s = ((s % 86400) + 86400) % 86400;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02lld%c%02lld", s / 3600, english(lang) ? ':' : '.',
                  (s / 60) % 60);
    return buf;
}

std::string format_clock(const std::string& lang, Seconds time_of_day,
                         const std::string& zone_abbrev) {
    std::string out = format_time_of_day(lang, time_of_day);
    if (!zone_abbrev.empty()) out += " " + zone_abbrev;
    return out;
}

std::string format_time_range(const std::string& lang, Seconds start, std::optional<Seconds> end) {
    std::string out = format_time_of_day(lang, start);
    if (end) out += "-" + format_time_of_day(lang, *end);
    return out;
}

std::string earlier_start_day(const std::string& lang, Date start_day, Date today) {
    const long days_back = static_cast<long>((sys_days{today} - sys_days{start_day}).count());
    if (days_back <= 0) return "";
    if (days_back == 1) return lang == "en" ? "yesterday " : "kemarin ";
    return date_words(lang, start_day, "dMMM") + " ";
}

long calendar_days_between(Instant now, Instant due, const TimeZone& tz) {
    sys_days a{local_date(tz, now)};
    sys_days b{local_date(tz, due)};
    return static_cast<long>((b - a).count());
}

std::string format_countdown(const std::string& lang, Instant now, Instant due,
                             const TimeZone& tz) {
    const bool en = english(lang);
    long days = calendar_days_between(now, due, tz);
    if (days > 0) {
        if (en)
            return days == 1 ? std::string("tomorrow")
                             : "in " + i18n::duration_words(lang, days, 'd');
        return "H-" + std::to_string(days);
    }
    if (days < 0) {
        long late = -days;
        if (en) return i18n::duration_words(lang, late, 'd') + " late";
        return "terlambat " + i18n::duration_words(lang, late, 'd');
    }
    if (due <= now) return en ? "now" : "sekarang";
    auto ahead = due - now;
    // Minutes round up (20 s ahead is "1 menit lagi"); 59 min 1 s rounds up to an hour.
    long m = static_cast<long>(ceil<minutes>(ahead).count());
    if (m >= 60) {
        long h = std::max(1L, static_cast<long>(floor<hours>(ahead).count()));
        if (en) return "in " + i18n::duration_words(lang, h, 'h');
        return i18n::duration_words(lang, h, 'h') + " lagi";
    }
    if (en) return "in " + i18n::duration_words(lang, m, 'm');
    return i18n::duration_words(lang, m, 'm') + " lagi";
}

} // namespace tsr
