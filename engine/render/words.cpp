#include "render/words.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace tsr {

using namespace std::chrono;

namespace {

bool english(const std::string& lang) {
    return lang == "en";
}

constexpr std::array<const char*, 12> months_id = {"Januari",   "Februari", "Maret",    "April",
                                                   "Mei",       "Juni",     "Juli",     "Agustus",
                                                   "September", "Oktober",  "November", "Desember"};
constexpr std::array<const char*, 12> months_en = {"January",   "February", "March",    "April",
                                                   "May",       "June",     "July",     "August",
                                                   "September", "October",  "November", "December"};
constexpr std::array<const char*, 7> days_id = {"Senin", "Selasa", "Rabu",  "Kamis",
                                                "Jumat", "Sabtu",  "Minggu"};
constexpr std::array<const char*, 7> days_en = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                "Friday", "Saturday", "Sunday"};
constexpr std::array<const char*, 7> days_id_short = {"Sen", "Sel", "Rab", "Kam",
                                                      "Jum", "Sab", "Min"};
constexpr std::array<const char*, 7> days_en_short = {"Mon", "Tue", "Wed", "Thu",
                                                      "Fri", "Sat", "Sun"};

std::string plural(long n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

std::string month_name(const std::string& lang, unsigned m) {
    if (m < 1 || m > 12) return "?";
    return english(lang) ? months_en[m - 1] : months_id[m - 1];
}

std::string weekday_name(const std::string& lang, unsigned index, bool short_form) {
    index %= 7;
    if (english(lang)) return short_form ? days_en_short[index] : days_en[index];
    return short_form ? days_id_short[index] : days_id[index];
}

std::string format_long_date(const std::string& lang, Date d) {
    return weekday_name(lang, weekday_index(d)) + ", " +
           std::to_string(static_cast<unsigned>(d.day())) + " " +
           month_name(lang, static_cast<unsigned>(d.month())) + " " +
           std::to_string(static_cast<int>(d.year()));
}

std::string format_month_year(const std::string& lang, Date d) {
    return month_name(lang, static_cast<unsigned>(d.month())) + " " +
           std::to_string(static_cast<int>(d.year()));
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
    return std::to_string(static_cast<unsigned>(start_day.day())) + " " +
           month_name(lang, static_cast<unsigned>(start_day.month())).substr(0, 3) + " ";
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
        if (en) return days == 1 ? std::string("tomorrow") : "in " + std::to_string(days) + " days";
        return "H-" + std::to_string(days);
    }
    if (days < 0) {
        long late = -days;
        if (en) return plural(late, "day", "days") + " late";
        return "terlambat " + std::to_string(late) + " hari";
    }
    if (due <= now) return en ? "now" : "sekarang";
    auto ahead = due - now;
    // Minutes round up (20 s ahead is "1 menit lagi"); 59 min 1 s rounds up to an hour.
    long m = static_cast<long>(ceil<minutes>(ahead).count());
    if (m >= 60) {
        long h = std::max(1L, static_cast<long>(floor<hours>(ahead).count()));
        if (en) return "in " + plural(h, "hour", "hours");
        return std::to_string(h) + " jam lagi";
    }
    if (en) return "in " + plural(m, "minute", "minutes");
    return std::to_string(m) + " menit lagi";
}

} // namespace tsr
