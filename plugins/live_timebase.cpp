#include "live_timebase.hpp"

#include "tsr_messages.hpp"

namespace tsr {

Instant wall_clock_now(GstClock* wall_clock) {
    if (!wall_clock) return Instant(Micros(g_get_real_time()));
    GstClockTime t = gst_clock_get_time(wall_clock);
    return Instant(Micros(std::int64_t(t / 1000)));
}

Timebase live_timebase(GstClock* wall_clock, std::uint64_t running_now) {
    return Timebase{wall_clock_now(wall_clock), running_now};
}

std::optional<TimebaseJump> check_timebase(const Timebase& tb, GstClock* wall_clock,
                                           std::uint64_t running_now, Micros threshold) {
    TimebaseJump j;
    j.running_ns = running_now;
    j.old_wall = tb.wall_at(running_now);
    j.new_wall = wall_clock_now(wall_clock);
    Micros diff = j.new_wall - j.old_wall;
    if (diff < Micros(0)) diff = -diff;
    if (diff <= threshold) return std::nullopt;
    j.new_timebase = Timebase{j.new_wall, running_now};
    return j;
}

GstMessage* timebase_message(GstElement* element, const TimeZone& zone, const TimebaseJump& j) {
    return make_timebase_message(
        GST_OBJECT(element), zone,
        TimebaseMessage{Nanos(std::int64_t(j.running_ns)), j.old_wall, j.new_wall});
}

} // namespace tsr
