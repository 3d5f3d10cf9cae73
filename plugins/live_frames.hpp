// Live video sources: which frame to make next. Frame n is due at running time n / framerate;
// a live source normally runs a frame or two "behind" the clock, because sinks hold each frame
// until its time plus the pipeline's latency, so only frames hopelessly late (after a stall: a
// slow disk, a suspended machine) are skipped, never the ones the latency accounts for.
#pragma once

#include <gst/gst.h>

namespace tsr {

/// How far behind the clock a frame may be and still be made.
inline constexpr GstClockTime kLateFrameMargin = 500 * GST_MSECOND;

/// The first frame worth making now: `next` itself unless the clock has moved more than
/// kLateFrameMargin past it (then the frame due kLateFrameMargin ago).
inline guint64 first_frame_worth_making(GstElement* element, guint64 next, int fps_n, int fps_d) {
    GstClock* clock = gst_element_get_clock(element);
    if (!clock) return next;
    GstClockTime now = gst_clock_get_time(clock);
    gst_object_unref(clock);
    GstClockTime base = gst_element_get_base_time(element);
    GstClockTime running = now > base ? now - base : 0;
    if (running <= kLateFrameMargin) return next;
    guint64 n = gst_util_uint64_scale(running - kLateFrameMargin, fps_n, GST_SECOND * fps_d);
    return n > next ? n : next;
}

} // namespace tsr
