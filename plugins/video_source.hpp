// What a live-or-simulated video source of a size and rate known from the playlist does
// (TsrLookaheadSrc, the base of tsrslidesrc and tsrtickersrc, calls these): caps, the latency
// it reports, when basesrc pushes a live frame, which frame to make next, and stopping a wait
// for the worker.
#pragma once

#include <gst/base/gstbasesrc.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "pipeline_timebase.hpp"

#include <cstdint>
#include <mutex>
#include <optional>

namespace tsr {

/// Caps of a source whose size and rate are known (w > 0), `formats` like
/// "{ BGRx, BGRA }" (the first preferred); the pad template's caps before they are known.
GstCaps* video_source_caps(GstBaseSrc* src, const char* formats, int width, int height, int fps,
                           GstCaps* filter);

/// Parses negotiated caps into `info`; false (and an error in the log) when unusable.
bool video_source_set_caps(GstBaseSrc* src, GstCaps* caps, GstVideoInfo* info);

/// Answers a latency query: live, one frame minimum (0 before the rate is known), no upper
/// bound (never basesrc's "max 0", which makes a compositor warn on every start).
void video_source_answer_latency(GstBaseSrc* src, GstQuery* query, int fps);

/// basesrc's get_times: live, a frame is pushed at its own running time.
void video_source_get_times(GstBaseSrc* src, GstBuffer* buffer, GstClockTime* start,
                            GstClockTime* end);

/// Live video: how far behind the clock a frame may be and still be made. A live source
/// normally runs a frame or two "behind" the clock, because sinks hold each frame until its
/// time plus the pipeline's latency; only frames hopelessly late (after a stall: a slow disk,
/// a suspended machine) are skipped.
inline constexpr GstClockTime kLateFrameMargin = 500 * GST_MSECOND;

/// The first frame worth making now: `next` itself unless the clock has moved more than
/// kLateFrameMargin past it (then the frame due kLateFrameMargin ago).
guint64 first_frame_worth_making(GstElement* element, guint64 next, int fps_n, int fps_d);

/// Before each frame: `view` of the pipeline's timebase `tb`, anchored at the first frame;
/// live, `tb` follows the wall clock (pipeline_timebase.hpp) and `view` takes a re-anchoring
/// made by any element. When this element is the one that saw a jump it posts `tsr-timebase`
/// (`zone` words its times).
void follow_pipeline_timebase(GstElement* element, PipelineTimebase& tb,
                              std::optional<PipelineTimebase::View>& view, const TimeZone& zone);

/// unlock / unlock_stop of a source whose streaming thread may wait for its worker: sets the
/// state's `flushing` under its `mutex` and, when set, wakes whoever waits on its `cond`.
template <class WorkerState> gboolean set_flushing(WorkerState& s, bool flushing) {
    {
        std::lock_guard lock(s.mutex);
        s.flushing = flushing;
    }
    if (flushing) s.cond.notify_all();
    return TRUE;
}

} // namespace tsr
