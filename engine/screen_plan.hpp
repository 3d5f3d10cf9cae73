// When the TV is meant to be on: in office hours (office_hours.hpp), and with
// reminders_outside = "wake" for each reminder outside them, from kWakeAhead before its sound
// starts until its slide gives way (schedule.hpp, ReminderPlay::slide_end). A reminder held by
// a quiet window wakes the TV at the window's end, when it sounds. Pure: a function of the
// playlist and the instant, so that a live run and a recording switch at the same instants.
#pragma once

#include "playlist.hpp"

#include <cstddef>
#include <vector>

namespace tsr {

/// How long before a reminder's sound the TV is woken: a TV takes seconds out of standby, and
/// the slide should be on it when the chime sounds.
inline constexpr Micros kWakeAhead{std::chrono::seconds(10)};

struct ScreenWant {
    bool on = true;
    bool for_reminder = false; ///< on only because a reminder woke it
};

/// What the playlist wants at `t`; no office hours: always on.
ScreenWant screen_wanted(const Playlist& p, Instant t);

struct ScreenChange {
    Instant at;
    bool on; ///< the state from `at` on
    /// on: woken for a reminder; off: the end of a reminder's wake (else the office hours).
    bool reminder = false;
};

/// The changes of screen_wanted(p, t).on for t in (from, to], in order, at most `limit`.
/// Cost: the reminders of a day and of the window (none without "wake").
std::vector<ScreenChange> screen_changes(const Playlist& p, Instant from, Instant to,
                                         std::size_t limit = 256);

} // namespace tsr
