#include "video_source.hpp"

#include "live_timebase.hpp"

#include <string>

namespace tsr {

GstCaps* video_source_caps(GstBaseSrc* src, const char* formats, int width, int height, int fps,
                           GstCaps* filter) {
    GstCaps* caps;
    if (width > 0) {
        caps =
            gst_caps_from_string((std::string("video/x-raw, format=(string)") + formats).c_str());
        gst_caps_set_simple(caps, "width", G_TYPE_INT, width, "height", G_TYPE_INT, height,
                            "framerate", GST_TYPE_FRACTION, fps, 1, "pixel-aspect-ratio",
                            GST_TYPE_FRACTION, 1, 1, nullptr);
    } else {
        caps = gst_pad_get_pad_template_caps(GST_BASE_SRC_PAD(src));
    }
    if (filter) {
        GstCaps* tmp = gst_caps_intersect_full(filter, caps, GST_CAPS_INTERSECT_FIRST);
        gst_caps_unref(caps);
        caps = tmp;
    }
    return caps;
}

bool video_source_set_caps(GstBaseSrc* src, GstCaps* caps, GstVideoInfo* info) {
    GstVideoInfo parsed;
    if (!gst_video_info_from_caps(&parsed, caps) || GST_VIDEO_INFO_FPS_N(&parsed) <= 0) {
        GST_ERROR_OBJECT(src, "unusable caps %" GST_PTR_FORMAT, caps);
        return false;
    }
    *info = parsed;
    return true;
}

void video_source_answer_latency(GstBaseSrc* src, GstQuery* query, int fps) {
    GstClockTime latency = fps > 0 ? gst_util_uint64_scale(GST_SECOND, 1, guint64(fps)) : 0;
    gst_query_set_latency(query, gst_base_src_is_live(src), latency, GST_CLOCK_TIME_NONE);
}

void video_source_get_times(GstBaseSrc* src, GstBuffer* buffer, GstClockTime* start,
                            GstClockTime* end) {
    if (!gst_base_src_is_live(src)) return;
    GstClockTime pts = GST_BUFFER_PTS(buffer);
    if (!GST_CLOCK_TIME_IS_VALID(pts)) return;
    *start = pts;
    if (GST_BUFFER_DURATION_IS_VALID(buffer)) *end = pts + GST_BUFFER_DURATION(buffer);
}

guint64 first_frame_worth_making(GstElement* element, guint64 next, int fps_n, int fps_d) {
    const auto now = running_time_of(element);
    if (!now) return next;
    const GstClockTime running = GstClockTime(now->count());
    if (running <= kLateFrameMargin) return next;
    guint64 n = gst_util_uint64_scale(running - kLateFrameMargin, fps_n, GST_SECOND * fps_d);
    return n > next ? n : next;
}

void follow_pipeline_timebase(GstElement* element, PipelineTimebase& tb,
                              std::optional<PipelineTimebase::View>& view, const TimeZone& zone) {
    const auto running = running_time_of(element).value_or(std::chrono::nanoseconds(0));
    if (!view) view = tb.anchor(running);
    if (!tb.live()) return;
    if (auto jump = tb.follow(running)) {
        GST_WARNING_OBJECT(element, "wall clock jumped by %" G_GINT64_FORMAT " ns: re-anchored",
                           jump->jump_ns());
        gst_element_post_message(element, timebase_message(element, zone, *jump));
    }
    if (tb.epoch() != view->epoch) view = tb.current();
}

} // namespace tsr
