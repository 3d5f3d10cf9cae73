#include "civil_time.hpp"

#include "playlist_files.hpp"

#include <glib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

namespace tsr {

using namespace std::chrono;

TimeZone::TimeZone(std::shared_ptr<GTimeZone> tz, std::string name)
    : tz_(std::move(tz)), name_(std::move(name)) {}

namespace {

/// A name as tzdata spells its zones ("Asia/Jakarta", "UTC"): letters, digits, "_", "+", "-"
/// in "/"-separated parts. Anything else (a path, "..", spaces) never reaches GLib, which
/// would open it as a file.
bool looks_like_zone_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') return false;
    // Files of the database that are not places: the PC's own zone under another name, a
    // rule template, a placeholder, and the leap-second variants.
    for (std::string_view not_a_place : {"localtime", "posixrules", "Factory"})
        if (name == not_a_place) return false;
    for (std::string_view tree : {"right/", "posix/"})
        if (name.substr(0, tree.size()) == tree) return false;
    char prev = '/';
    for (char c : name) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '+' || c == '-' || (c == '/' && prev != '/');
        if (!ok) return false;
        prev = c;
    }
    return true;
}

/// True when the system's zone database has `name` as a compiled zone file (TZif).
bool in_zone_database(const std::string& name) {
    const char* dir = g_getenv("TZDIR");
    std::string path = std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + name;
    // Zone files are a few KiB; a regular file only, never a pipe that would block.
    FileBytes zone = read_regular_file(path, 256 * 1024);
    return zone.ok() && std::string_view(zone.bytes).substr(0, 4) == "TZif";
}

} // namespace

std::optional<TimeZone> TimeZone::named(const std::string& iana) {
    if (iana.empty()) {
        GTimeZone* local = g_time_zone_new_local();
        std::string id = g_time_zone_get_identifier(local);
        return TimeZone(std::shared_ptr<GTimeZone>(local, g_time_zone_unref), id);
    }
    // Only names from the system's database: GLib would otherwise read a POSIX TZ string
    // ("UTC+7" means UTC-7 there) or open any path as a zone file.
    if (!looks_like_zone_name(iana) || !in_zone_database(iana)) return std::nullopt;
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

std::string format_utc_offset(Seconds offset) {
    long off = offset.count();
    char buf[32];
    std::snprintf(buf, sizeof buf, "UTC%c%02ld:%02ld", off < 0 ? '-' : '+', std::labs(off) / 3600,
                  std::labs(off) % 3600 / 60);
    return buf;
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

namespace {

/// A cursor over text that people typed, for small hand parsers: no recursion, no regex, so
/// the cost is linear and bounded whatever the length of the input.
struct Scan {
    std::string_view s;
    std::size_t i = 0;
    bool done() const { return i == s.size(); }
    bool peek(char c) const { return i < s.size() && s[i] == c; }
    bool lit(char c) {
        if (!peek(c)) return false;
        ++i;
        return true;
    }
    bool one_of(std::string_view set) {
        if (i < s.size() && set.find(s[i]) != std::string_view::npos) {
            ++i;
            return true;
        }
        return false;
    }
    void spaces() {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
            ++i;
    }
    /// Between `min` and `max` ASCII digits into `out`.
    bool digits(int min, int max, int& out) {
        int n = 0, v = 0;
        while (n < max && i < s.size() && s[i] >= '0' && s[i] <= '9') {
            v = v * 10 + (s[i] - '0');
            ++i;
            ++n;
        }
        out = v;
        return n >= min && !(n == max && i < s.size() && s[i] >= '0' && s[i] <= '9');
    }
};

/// "YYYY-MM-DD" at the cursor.
std::optional<Date> scan_date(Scan& sc) {
    int y = 0, m = 0, d = 0;
    if (!sc.digits(4, 4, y) || !sc.lit('-') || !sc.digits(2, 2, m) || !sc.lit('-') ||
        !sc.digits(2, 2, d))
        return std::nullopt;
    Date date{year(y), month(unsigned(m)), day(unsigned(d))};
    if (!date.ok()) return std::nullopt;
    return date;
}

/// "H:MM", "HH:MM", "HH.MM" and with ":SS" at the cursor; `allow_24` takes "24:00" too.
std::optional<Seconds> scan_time(Scan& sc, bool allow_24 = false) {
    int h = 0, m = 0, s = 0;
    if (!sc.digits(1, 2, h) || !sc.one_of(":.") || !sc.digits(2, 2, m)) return std::nullopt;
    if (sc.lit(':') && !sc.digits(2, 2, s)) return std::nullopt;
    if (m > 59 || s > 59) return std::nullopt;
    if (h > 23 && !(allow_24 && h == 24 && m == 0 && s == 0)) return std::nullopt;
    return hours(h) + minutes(m) + seconds(s);
}

} // namespace

std::optional<Seconds> parse_time_of_day(std::string_view text) {
    Scan sc{text};
    auto t = scan_time(sc);
    if (!t || !sc.done()) return std::nullopt;
    return t;
}

std::optional<Date> parse_date(std::string_view text) {
    Scan sc{text};
    auto d = scan_date(sc);
    if (!d || !sc.done()) return std::nullopt;
    return d;
}

std::optional<std::pair<Date, Seconds>> parse_civil_datetime(std::string_view text) {
    Scan sc{text};
    auto d = scan_date(sc);
    if (!d || !sc.one_of("T ")) return std::nullopt;
    auto t = scan_time(sc);
    if (!t || !sc.done()) return std::nullopt;
    return std::pair{*d, *t};
}

std::optional<std::pair<Seconds, Seconds>> parse_hours_range(std::string_view text) {
    Scan sc{text};
    sc.spaces();
    auto a = scan_time(sc, true);
    sc.spaces();
    if (!a || !sc.lit('-')) return std::nullopt;
    sc.spaces();
    auto b = scan_time(sc, true);
    sc.spaces();
    if (!b || !sc.done()) return std::nullopt;
    return std::pair{*a, *b};
}

std::optional<Instant> parse_local_datetime(const TimeZone& tz, std::string_view text) {
    Scan sc{text};
    sc.spaces();
    auto d = scan_date(sc);
    if (!d) return std::nullopt;
    Micros tod{0};
    if (sc.one_of("T ")) {
        int h = 0, m = 0, s = 0;
        if (!sc.digits(1, 2, h) || !sc.lit(':') || !sc.digits(2, 2, m)) return std::nullopt;
        if (sc.lit(':')) {
            if (!sc.digits(2, 2, s)) return std::nullopt;
            if (sc.lit('.')) {
                std::size_t from = sc.i;
                int frac = 0;
                if (!sc.digits(1, 6, frac)) return std::nullopt;
                for (std::size_t n = sc.i - from; n < 6; ++n)
                    frac *= 10;
                tod += Micros(frac);
            }
        }
        if (h > 23 || m > 59 || s > 59) return std::nullopt;
        tod += hours(h) + minutes(m) + seconds(s);
    }
    sc.spaces();
    std::optional<Seconds> offset;
    if (sc.lit('Z')) {
        offset = Seconds(0);
    } else if (sc.peek('+') || sc.peek('-')) {
        bool negative = sc.s[sc.i] == '-';
        ++sc.i;
        int oh = 0, om = 0;
        if (!sc.digits(2, 2, oh)) return std::nullopt;
        sc.lit(':');
        if (!sc.digits(2, 2, om) || oh > 23 || om > 59) return std::nullopt;
        offset = hours(oh) + minutes(om);
        if (negative) offset = -*offset;
    }
    sc.spaces();
    if (!sc.done()) return std::nullopt;
    if (offset) return Instant(sys_days(*d).time_since_epoch() + tod - *offset);
    return tz.to_instant(LocalTime(local_days(*d).time_since_epoch() + tod));
}

std::optional<Seconds> parse_duration(std::string_view text) {
    // Whole units, largest first, each at most once: "1d2h30m15s", "90s". At most 9 digits a
    // unit, so the sum cannot overflow; ranges that make sense are the caller's to check.
    static constexpr std::pair<char, long long> units[] = {
        {'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}};
    Scan sc{text};
    if (sc.done()) return std::nullopt;
    long long total = 0;
    std::size_t next_unit = 0;
    while (!sc.done()) {
        int v = 0;
        if (!sc.digits(1, 9, v)) return std::nullopt;
        std::size_t u = next_unit;
        while (u < std::size(units) && !sc.peek(units[u].first))
            ++u;
        if (u == std::size(units)) return std::nullopt;
        ++sc.i;
        total += v * units[u].second;
        next_unit = u + 1;
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
