// Quiet times (for example Friday prayers): while one lasts no reminder sounds and the
// background music is muted. A reminder due inside one is held to its end; the schedule
// (schedule.hpp reminder_program) places it there, so `timeline`, `record` and `play` agree.
// So is one due before a window whose sound (chime and voice) would still be playing when the
// window begins: no reminder is heard inside a quiet window.
// Pure: a function of the instant, the windows and the playlist's zone.
//
//   [audio]
//   quiet = [ { hours = "11:30-13:00", days = ["jumat"], name = "Salat Jumat" } ]
#pragma once

#include "civil_time.hpp"
#include "diagnostics.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace tsr {

struct QuietWindow {
    Seconds begin{0}; ///< since local midnight
    Seconds end{0};   ///< after begin, at most 24 h (a window never crosses midnight)
    std::array<bool, 7> days{true, true, true, true, true, true, true}; ///< Monday = 0
    std::string name; ///< as written, may be empty; for the as-run log and the timeline
    SourcePos pos;    ///< of the window in playlist.toml

    static constexpr std::size_t max_windows = 20;
};

/// One quiet window on one day, as instants: [begin, end).
struct QuietSpan {
    Instant begin;
    Instant end;
    const QuietWindow* window = nullptr;
};

/// The quiet span containing t, if any.
std::optional<QuietSpan> quiet_span_at(const std::vector<QuietWindow>& windows, const TimeZone& tz,
                                       Instant t);

/// Where a sound wanting to start at t may start: t outside every quiet span, else the end
/// of the span (and of any span adjoining it). `held_by` (may be null) is set to the window
/// that held it, or to null.
Instant quiet_release(const std::vector<QuietWindow>& windows, const TimeZone& tz, Instant t,
                      const QuietWindow** held_by);

/// Where a sound `length` long wanting to start at t may start so that none of it sounds in a
/// quiet span: t when [t, t + length) meets none; else the end of the first span it meets,
/// and on past any span the whole sound would then meet. A sound ending exactly as a window
/// begins is not held. A zero length is the instant alone (as the overload above).
Instant quiet_release(const std::vector<QuietWindow>& windows, const TimeZone& tz, Instant t,
                      Micros length, const QuietWindow** held_by);

/// The quiet spans meeting [from, to), in time order (at most windows x days of the range).
std::vector<QuietSpan> quiet_spans(const std::vector<QuietWindow>& windows, const TimeZone& tz,
                                   Instant from, Instant to);

/// Whether two windows share a moment of some weekday.
bool quiet_overlap(const QuietWindow& a, const QuietWindow& b);

/// "Salat Jumat 11:30-13:00" (or just the hours without a name), for messages and logs.
std::string quiet_label(const QuietWindow& w);

} // namespace tsr
