// Instants, local (civil) times and the office's timezone. Everything the schedule computes
// is a pure function of these: nothing here reads the real clock.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

typedef struct _GTimeZone GTimeZone;

namespace tsr {

using Micros = std::chrono::microseconds;
using Seconds = std::chrono::seconds;
/// A moment, UTC based (what the wall clock says, independent of zone).
using Instant = std::chrono::sys_time<Micros>;
/// A civil date-time in the office's zone, e.g. 2026-11-30 09:00:00.
using LocalTime = std::chrono::local_time<Micros>;
using Date = std::chrono::year_month_day;

/// The office's IANA timezone (default the system's), through GLib's GTimeZone.
class TimeZone {
  public:
    /// Empty name: the system's zone. Otherwise only a name of the system's zone database
    /// ($TZDIR or /usr/share/zoneinfo, a TZif file): nullopt for anything else, including
    /// POSIX TZ strings such as "UTC+7" (which POSIX reads as UTC-7) and paths.
    static std::optional<TimeZone> named(const std::string& iana);
    /// A fixed offset (tests, and a fallback that never fails).
    static TimeZone fixed(Seconds utc_offset);

    Instant to_instant(LocalTime local) const;
    LocalTime to_local(Instant t) const;
    Seconds offset_at(Instant t) const;
    /// "WIB" for Asia/Jakarta; "+07" style when tzdata has no abbreviation.
    std::string abbreviation_at(Instant t) const;
    const std::string& name() const { return name_; }

  private:
    TimeZone(std::shared_ptr<GTimeZone> tz, std::string name);
    std::shared_ptr<GTimeZone> tz_;
    std::string name_;
};

/// Local midnight of the local day that contains t.
Instant local_midnight(const TimeZone& tz, Instant t);
Date local_date(const TimeZone& tz, Instant t);
/// Seconds since local midnight (0..86399) for t.
Seconds local_time_of_day(const TimeZone& tz, Instant t);
/// The instant of a local date at a time of day.
Instant at_local(const TimeZone& tz, Date d, Seconds time_of_day);

/// "UTC+07:00", "UTC-03:30": an offset as people read it.
std::string format_utc_offset(Seconds offset);

/// ISO 8601 with offset: 2026-11-30T08:45:00+07:00 (fractions of a second only when present).
std::string format_iso(const TimeZone& tz, Instant t);

/// Parses what people type on the command line: "2026-11-30 09:00", "2026-11-30 09:00:30",
/// "2026-11-30T09:00:00" (local to tz), or with an explicit offset/Z.
std::optional<Instant> parse_local_datetime(const TimeZone& tz, std::string_view text);

/// What staff write inside quotes, parsed by hand (linear, bounded, no regex):
/// "09:00", "9.00", "09:00:30" -> seconds since midnight (00:00 .. 23:59:59).
std::optional<Seconds> parse_time_of_day(std::string_view text);
/// "2026-11-30" -> a valid calendar date (any year 0000..9999; callers bound the range).
std::optional<Date> parse_date(std::string_view text);
/// "2026-11-30 09:00", "2026-11-30T09:00:30" -> local date and time of day.
std::optional<std::pair<Date, Seconds>> parse_civil_datetime(std::string_view text);
/// "07:30-16:00" (spaces allowed around the dash; "24:00" allowed) -> [begin, end) times of
/// day; the caller checks that end is after begin.
std::optional<std::pair<Seconds, Seconds>> parse_hours_range(std::string_view text);

/// Parses "90s", "15m", "2h", "3d", "1h30m" (whole units, largest first, no spaces, at most 9
/// digits a unit; the caller checks the range that makes sense for its key).
std::optional<Seconds> parse_duration(std::string_view text);
/// The inverse, for messages and the timeline: 5400s -> "1h30m".
std::string format_duration(Seconds d);

/// Monday = 0 .. Sunday = 6.
unsigned weekday_index(Date d);
/// "senin", "Monday", "mon", "jumat", "jum'at", "minggu", "ahad" ... -> 0..6; nullopt otherwise.
std::optional<unsigned> parse_weekday(std::string_view name);

} // namespace tsr
