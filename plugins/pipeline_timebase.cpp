#include "pipeline_timebase.hpp"

namespace tsr {

using std::chrono::nanoseconds;

std::optional<nanoseconds> running_time_of(GstElement* element) {
    GstClock* clock = gst_element_get_clock(element);
    if (!clock) return std::nullopt;
    const GstClockTime now = gst_clock_get_time(clock);
    gst_object_unref(clock);
    const GstClockTime base = gst_element_get_base_time(element);
    return nanoseconds(now > base ? std::int64_t(now - base) : 0);
}

PipelineTimebase::PipelineTimebase(std::optional<Instant> start, GstClock* wall_clock)
    : start_(start), wall_clock_(wall_clock ? GST_CLOCK(gst_object_ref(wall_clock)) : nullptr) {
    if (start_) timebase_ = Timebase::simulated(*start_);
}

PipelineTimebase::~PipelineTimebase() {
    if (wall_clock_) gst_object_unref(wall_clock_);
}

bool PipelineTimebase::fits(const std::optional<Instant>& start, GstClock* wall_clock) const {
    return start == start_ && wall_clock == wall_clock_;
}

PipelineTimebase::View PipelineTimebase::anchor(nanoseconds running) {
    std::lock_guard lock(mutex_);
    if (!timebase_) {
        timebase_ = live_timebase(wall_clock_, std::uint64_t(running.count()));
        checked_ = running;
    }
    return View{*timebase_, epoch_.load()};
}

std::optional<TimebaseJump> PipelineTimebase::follow(nanoseconds running) {
    if (start_) return std::nullopt;
    std::lock_guard lock(mutex_);
    if (!timebase_ || running < checked_ + std::chrono::seconds(1)) return std::nullopt;
    checked_ = running;
    auto jump = check_timebase(*timebase_, wall_clock_, std::uint64_t(running.count()));
    if (jump) {
        timebase_ = jump->new_timebase;
        epoch_.fetch_add(1);
    }
    return jump;
}

PipelineTimebase::View PipelineTimebase::current() const {
    std::lock_guard lock(mutex_);
    return View{timebase_.value_or(Timebase{}), epoch_.load()};
}

} // namespace tsr
