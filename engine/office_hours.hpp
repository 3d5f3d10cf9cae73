// Office hours of the screen: when the TV is meant to be on. Outside them `tsr play` puts the
// TV in standby (HDMI-CEC, else DPMS: tools/power_control.hpp) and logs a `power` row; off
// on purpose is never a failure. Pure: a function of the instant and the playlist's zone.
//
//   [display]
//   on = "06:30-17:00"                  # [begin, end) local time; "24:00" allowed as end
//   days = ["senin", "selasa", "rabu", "kamis", "jumat"]   # default: every day
//   off = ["2026-12-25", "2027-01-01"]  # holidays: off all day
//   reminders_outside = "sound"         # or "wake": a reminder due while off wakes the TV
#pragma once

#include "civil_time.hpp"

#include <array>
#include <cstddef>
#include <vector>

namespace tsr {

struct OfficeHours {
    Seconds begin{0}; ///< since local midnight
    Seconds end{0};   ///< after begin, at most 24 h
    std::array<bool, 7> days{true, true, true, true, true, true, true}; ///< Monday = 0
    std::vector<Date> off; ///< holidays, sorted, at most max_off_dates
    /// A reminder due while the TV is off: sounds only, or wakes the TV for it.
    enum class Outside { sound, wake } reminders_outside = Outside::sound;

    static constexpr std::size_t max_off_dates = 1000;
};

/// Whether the screen is meant to be on at `t`.
bool screen_on(const OfficeHours& h, const TimeZone& tz, Instant t);

struct PowerChange {
    Instant at;
    bool on; ///< the state from `at` on
};

/// The changes of screen_on in (from, to], in order, at most `limit` (a day has at most two).
std::vector<PowerChange> power_changes(const OfficeHours& h, const TimeZone& tz, Instant from,
                                       Instant to, std::size_t limit = 64);

} // namespace tsr
