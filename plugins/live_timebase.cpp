#include "live_timebase.hpp"

namespace tsr {

Instant wall_clock_now(GstClock* wall_clock) {
    if (!wall_clock) return Instant(Micros(g_get_real_time()));
    GstClockTime t = gst_clock_get_time(wall_clock);
    return Instant(Micros(std::int64_t(t / 1000)));
}

std::optional<std::uint64_t> running_time_now(GstElement* element) {
    GstClock* clock = gst_element_get_clock(element);
    if (!clock) return std::nullopt;
    GstClockTime now = gst_clock_get_time(clock);
    gst_object_unref(clock);
    GstClockTime base = gst_element_get_base_time(element);
    return now > base ? now - base : 0;
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
    GstStructure* s = gst_structure_new(
        "tsr-timebase", "running-time", G_TYPE_UINT64, guint64(j.running_ns), "old-wall",
        G_TYPE_STRING, format_iso(zone, j.old_wall).c_str(), "new-wall", G_TYPE_STRING,
        format_iso(zone, j.new_wall).c_str(), "jump", G_TYPE_INT64, gint64(j.jump_ns()), nullptr);
    return gst_message_new_element(GST_OBJECT(element), s);
}

} // namespace tsr
