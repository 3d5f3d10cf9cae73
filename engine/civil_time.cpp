#include "civil_time.hpp"

#include <glib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <regex>

namespace tsr {

using namespace std::chrono;

TimeZone::TimeZone(std::shared_ptr<GTimeZone> tz, std::string name)
    : tz_(std::move(tz)), name_(std::move(name)) {}

std::optional<TimeZone> TimeZone::named(const std::string& iana) {
    if (iana.empty()) {
        GTimeZone* local = g_time_zone_new_local();
        std::string id = g_time_zone_get_identifier(local);
        return TimeZone(std::shared_ptr<GTimeZone>(local, g_time_zone_unref), id);
    }
    // g_time_zone_new_identifier returns NULL for names tzdata does not know (GLib >= 2.68).
    GTimeZone* tz = g_time_zone_new_identifier(iana.c_str());
    if (!tz) return std::nullopt;
    return TimeZone(std::shared_ptr<GTimeZone>(tz, g_time_zone_unref), iana);
}

TimeZone TimeZone::fixed(Seconds utc_offset) {
    GTimeZone* tz = g_time_zone_new_offset(static_cast<gint32>(utc_offset.count()));
    return TimeZone(std::shared_ptr<GTimeZone>(tz, g_time_zone_unref),
                    g_time_zone_get_identifier(tz));
}

static gint64 unix_seconds(Instant t) {
    return floor<seconds>(t).time_since_epoch().count();
}

Seconds TimeZone::offset_at(Instant t) const {
    gint64 s = unix_seconds(t);
    int interval = g_time_zone_find_interval(tz_.get(), G_TIME_TYPE_UNIVERSAL, s);
    return Seconds(g_time_zone_get_offset(tz_.get(), interval));
}

std::string TimeZone::abbreviation_at(Instant t) const {
    gint64 s = unix_seconds(t);
    int interval = g_time_zone_find_interval(tz_.get(), G_TIME_TYPE_UNIVERSAL, s);
    const char* abbr = g_time_zone_get_abbreviation(tz_.get(), interval);
    return abbr ? abbr : "";
}

LocalTime TimeZone::to_local(Instant t) const {
    return LocalTime(t.time_since_epoch() + duration_cast<Micros>(offset_at(t)));
}

Instant TimeZone::to_instant(LocalTime local) const {
    gint64 s = floor<seconds>(local).time_since_epoch().count();
    // adjust_time resolves a local time that falls in a DST gap to the next valid one.
    int interval = g_time_zone_adjust_time(tz_.get(), G_TIME_TYPE_STANDARD, &s);
    Seconds offset(g_time_zone_get_offset(tz_.get(), interval));
    Micros fraction = local.time_since_epoch() - floor<seconds>(local).time_since_epoch();
    return Instant(Seconds(s) - offset + fraction);
}

Instant local_midnight(const TimeZone& tz, Instant t) {
    LocalTime local = tz.to_local(t);
    return tz.to_instant(floor<days>(local));
}

Date local_date(const TimeZone& tz, Instant t) {
    return Date(floor<days>(tz.to_local(t)));
}

Seconds local_time_of_day(const TimeZone& tz, Instant t) {
    LocalTime local = tz.to_local(t);
    return floor<seconds>(local - floor<days>(local));
}

Instant at_local(const TimeZone& tz, Date d, Seconds time_of_day) {
    return tz.to_instant(LocalTime(local_days(d).time_since_epoch() + time_of_day));
}

std::string format_iso(const TimeZone& tz, Instant t) {
    LocalTime local = tz.to_local(t);
    auto day = floor<days>(local);
    Date d(day);
    hh_mm_ss hms(floor<Micros>(local - day));
    long off = tz.offset_at(t).count();
    char sign = off < 0 ? '-' : '+';
    off = std::labs(off);
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld", int(d.year()),
                          unsigned(d.month()), unsigned(d.day()), long(hms.hours().count()),
                          long(hms.minutes().count()), long(hms.seconds().count()));
    long us = hms.subseconds().count();
    if (us != 0) {
        if (us % 1000 == 0)
            n += std::snprintf(buf + n, sizeof buf - n, ".%03ld", us / 1000);
        else
            n += std::snprintf(buf + n, sizeof buf - n, ".%06ld", us);
    }
    std::snprintf(buf + n, sizeof buf - n, "%c%02ld:%02ld", sign, off / 3600, off % 3600 / 60);
    return buf;
}

std::optional<Instant> parse_local_datetime(const TimeZone& tz, std::string_view text) {
    static const std::regex re(
        R"(^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$)");
    std::cmatch m;
    std::string s(text);
    if (!std::regex_match(s.c_str(), m, re)) return std::nullopt;
    auto num = [&](int i) { return m[i].matched ? std::stoi(m[i].str()) : 0; };
    Date d{year(num(1)), month(unsigned(num(2))), day(unsigned(num(3)))};
    if (!d.ok()) return std::nullopt;
    int hh = num(4), mm = num(5), ss = num(6);
    if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
    Micros frac{0};
    if (m[7].matched) {
        std::string f = m[7].str();
        f.resize(6, '0');
        frac = Micros(std::stol(f));
    }
    Micros tod = hours(hh) + minutes(mm) + seconds(ss) + frac;
    if (m[8].matched) {
        std::string z = m[8].str();
        Seconds offset{0};
        if (z != "Z") {
            z.erase(std::remove(z.begin(), z.end(), ':'), z.end());
            int v = std::stoi(z.substr(1));
            offset = hours(v / 100) + minutes(v % 100);
            if (z[0] == '-') offset = -offset;
        }
        return Instant(sys_days(d).time_since_epoch() + tod - offset);
    }
    return tz.to_instant(LocalTime(local_days(d).time_since_epoch() + tod));
}

std::optional<Seconds> parse_duration(std::string_view text) {
    static const std::regex re(R"(^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$)");
    std::string s(text);
    std::smatch m;
    if (s.empty() || !std::regex_match(s, m, re)) return std::nullopt;
    long long total = 0;
    const long long unit[] = {86400, 3600, 60, 1};
    for (int i = 0; i < 4; ++i) {
        if (!m[i + 1].matched) continue;
        if (m[i + 1].length() > 9) return std::nullopt; // absurd, and would overflow
        total += std::stoll(m[i + 1].str()) * unit[i];
    }
    return Seconds(total);
}

std::string format_duration(Seconds d) {
    long long s = d.count();
    if (s == 0) return "0s";
    std::string out = s < 0 ? "-" : "";
    s = std::llabs(s);
    const std::pair<long long, char> units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
    for (auto [size, name] : units) {
        if (s >= size) {
            out += std::to_string(s / size) + name;
            s %= size;
        }
    }
    return out;
}

unsigned weekday_index(Date d) {
    return (weekday(sys_days(d)).c_encoding() + 6) % 7;
}

std::optional<unsigned> parse_weekday(std::string_view name) {
    std::string s;
    for (char c : name)
        if (c != '\'' && c != ' ') s += char(std::tolower(static_cast<unsigned char>(c)));
    static const std::array<std::array<const char*, 4>, 7> names = {{
        {"senin", "monday", "mon", "sen"},
        {"selasa", "tuesday", "tue", "sel"},
        {"rabu", "wednesday", "wed", "rab"},
        {"kamis", "thursday", "thu", "kam"},
        {"jumat", "friday", "fri", "jum"},
        {"sabtu", "saturday", "sat", "sab"},
        {"minggu", "sunday", "sun", "ahad"},
    }};
    for (unsigned i = 0; i < names.size(); ++i)
        for (const char* n : names[i])
            if (s == n) return i;
    return std::nullopt;
}

} // namespace tsr
