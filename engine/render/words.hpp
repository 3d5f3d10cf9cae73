// Words on the screen in the office's language: dates, clock, time ranges and countdowns.
// Pure functions; "id" (Indonesian) is the default, "en" is English, any other language
// falls back to Indonesian.
#pragma once

#include "civil_time.hpp"

#include <optional>
#include <string>

namespace tsr {

/// "Senin, 30 November 2026" (id) / "Monday, 30 November 2026" (en).
std::string format_long_date(const std::string& lang, Date d);

/// "November 2026" (both languages spell the month in their own words: "Desember" / "December").
std::string format_month_year(const std::string& lang, Date d);

/// Month name, m = 1..12: "Januari" / "January".
std::string month_name(const std::string& lang, unsigned m);

/// Weekday name, Monday = 0: "Senin" / "Monday"; short: "Sen" / "Mon".
std::string weekday_name(const std::string& lang, unsigned index, bool short_form = false);

/// A time of day as hours and minutes: "09.45" (id, dot) / "09:45" (en, colon). Seconds are
/// dropped (never rounded up).
std::string format_time_of_day(const std::string& lang, Seconds time_of_day);

/// The clock: "09.45 WIB" (id) / "09:45 WIB" (en); without an abbreviation just the time.
std::string format_clock(const std::string& lang, Seconds time_of_day,
                         const std::string& zone_abbrev);

/// Agenda rows: "09.00-10.30" (id) / "09:00-10:30" (en); without an end only the start.
std::string format_time_range(const std::string& lang, Seconds start,
                              std::optional<Seconds> end = std::nullopt);

/// The day an occurrence began, said before its time when that was before today, so that a
/// night shift under way after midnight is not read as tonight's: "kemarin " / "yesterday "
/// one day back, "28 Nov " further back (a trailing space; empty when started today).
std::string earlier_start_day(const std::string& lang, Date start_day, Date today);

/// How far `due` is from `now`, counted in the office's zone. The rules, in order:
///   - due is on a later calendar day than now (days = calendar days between the two local
///     dates, so 23:00 -> 08:00 next day is one day):
///       id "H-3" (days), en "in 3 days" ("tomorrow" for one day);
///   - due later today: at least an hour ahead, whole hours, rounded down:
///       id "2 jam lagi", en "in 2 hours" / "in 1 hour";
///     less than an hour ahead, whole minutes rounded up (so 20 s ahead is "1 menit lagi",
///     and 59 min 1 s ahead is "1 jam lagi"):
///       id "15 menit lagi", en "in 15 minutes" / "in 1 minute";
///   - due now or earlier today (the same calendar day): id "sekarang", en "now";
///   - due on an earlier calendar day: id "terlambat 2 hari", en "2 days late" / "1 day late".
std::string format_countdown(const std::string& lang, Instant now, Instant due, const TimeZone& tz);

/// Calendar days from the local date of `now` to the local date of `due` (negative: past).
long calendar_days_between(Instant now, Instant due, const TimeZone& tz);

} // namespace tsr
