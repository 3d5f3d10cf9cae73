// The live timebase of tsrremindersrc and tsrdeadline: running time now (pipeline clock minus
// base time) against the real time of day, and the detection of wall-clock jumps (an NTP step,
// a time set by hand, a machine that booted before its clock was synced).
//
// The real time of day comes from a GstClock whose time is nanoseconds since 1970 UTC: the
// element's `wall-clock` property, by default the system's real-time clock. Tests give a
// GstTestClock instead, so nothing here ever depends on the real time of day under test.
//
// What a jump does: when the wall time the timebase gives for "now" and the wall clock differ by
// more than kJumpThreshold, the element re-anchors (wall at running time now := wall clock now),
// posts an element message `tsr-timebase` (fields below) and goes on with the new anchor. Small
// drift (the pipeline clock against NTP's slewing) is left alone: a few ms over a day.
#pragma once

#include "civil_time.hpp"
#include "timebase.hpp"

#include <gst/gst.h>

#include <cstdint>
#include <optional>

namespace tsr {

inline constexpr Micros kJumpThreshold{2000000};

/// Property blurb shared by the elements that have a `wall-clock` property.
inline constexpr const char* kWallClockPropertyBlurb =
    "Live only: the clock that tells the real time of day (its time is nanoseconds since "
    "1970-01-01 UTC), e.g. a network clock synced with the office's time server. Default "
    "(unset): the system's real-time clock. The pipeline's clock still paces the playout; this "
    "one only says what time of day it is.";

/// The real time of day: `wall_clock` (may be null: the system's real-time clock).
Instant wall_clock_now(GstClock* wall_clock);

/// A timebase for a live element: the wall time at running time `running_now` is now.
Timebase live_timebase(GstClock* wall_clock, std::uint64_t running_now);

struct TimebaseJump {
    std::uint64_t running_ns = 0; ///< when it was seen
    Instant old_wall;             ///< what the old timebase said the time was then
    Instant new_wall;             ///< what the wall clock said
    Timebase new_timebase;
    std::int64_t jump_ns() const { return (new_wall - old_wall).count() * 1000; }
};

/// A jump when `tb` and the wall clock disagree by more than `threshold` at `running_now`.
std::optional<TimebaseJump> check_timebase(const Timebase& tb, GstClock* wall_clock,
                                           std::uint64_t running_now,
                                           Micros threshold = kJumpThreshold);

/// Element message `tsr-timebase` (tsr_messages.hpp): `running-time` (guint64 ns), `old-wall`
/// and `new-wall` (ISO 8601 with offset; gint64 ns since 1970 UTC in `old-wall-ns`,
/// `new-wall-ns`), `jump` (gint64 ns, new minus old).
GstMessage* timebase_message(GstElement* element, const TimeZone& zone, const TimebaseJump& j);

} // namespace tsr
