#include "frame_tap.hpp"

#include <cairo.h>
#include <gst/video/video.h>

#include <thread>

namespace tsr::console {

FrameTap::FrameTap() : shared_(std::make_shared<Shared>()) {}
FrameTap::~FrameTap() = default;

void FrameTap::attach(GstPad* pad) {
    // The probe's data is the shared state, so a pad outliving the tap never reads freed memory.
    auto* keep = new std::shared_ptr<Shared>(shared_);
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, keep,
                      [](gpointer p) { delete static_cast<std::shared_ptr<Shared>*>(p); });
}

std::string FrameTap::png(std::int64_t max_age_us) {
    std::lock_guard lock(shared_->mutex);
    if (g_get_monotonic_time() - shared_->made_us > max_age_us) shared_->wanted = true;
    return shared_->png;
}

namespace {

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

/// The PNG of a BGRx frame scaled to `width` wide; empty when it cannot be read.
std::string encode_png(GstBuffer* buffer, GstCaps* caps, int width) {
    GstVideoInfo info;
    if (!gst_video_info_from_caps(&info, caps) ||
        GST_VIDEO_INFO_FORMAT(&info) != GST_VIDEO_FORMAT_BGRx)
        return "";
    GstVideoFrame frame;
    if (!gst_video_frame_map(&frame, &info, buffer, GST_MAP_READ)) return "";
    const int w = GST_VIDEO_FRAME_WIDTH(&frame), h = GST_VIDEO_FRAME_HEIGHT(&frame);
    const int stride = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0);
    std::string out;
    // BGRx in memory is cairo's RGB24 on a little-endian machine; cairo only reads it here.
    if (w > 0 && h > 0 && stride == cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, w)) {
        auto* data = static_cast<unsigned char*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 0));
        cairo_surface_t* src =
            cairo_image_surface_create_for_data(data, CAIRO_FORMAT_RGB24, w, h, stride);
        const int tw = std::min(width, w);
        const int th = std::max(1, int(std::int64_t(h) * tw / w));
        cairo_surface_t* dst = cairo_image_surface_create(CAIRO_FORMAT_RGB24, tw, th);
        cairo_t* cr = cairo_create(dst);
        cairo_scale(cr, double(tw) / w, double(th) / h);
        cairo_set_source_surface(cr, src, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
        cairo_paint(cr);
        cairo_destroy(cr);
        cairo_surface_write_to_png_stream(dst, append_png, &out);
        cairo_surface_destroy(dst);
        cairo_surface_destroy(src);
    }
    gst_video_frame_unmap(&frame);
    return out;
}

} // namespace

GstPadProbeReturn FrameTap::on_buffer(GstPad* pad, GstPadProbeInfo* info, gpointer data) {
    auto shared = *static_cast<std::shared_ptr<Shared>*>(data);
    if (!shared->wanted.load(std::memory_order_relaxed) || shared->encoding.exchange(true))
        return GST_PAD_PROBE_OK;
    shared->wanted = false;
    GstBuffer* buffer = gst_buffer_ref(GST_PAD_PROBE_INFO_BUFFER(info));
    GstCaps* caps = gst_pad_get_current_caps(pad);
    if (!caps) {
        gst_buffer_unref(buffer);
        shared->encoding = false;
        return GST_PAD_PROBE_OK;
    }
    std::thread([shared, buffer, caps] {
        std::string png = encode_png(buffer, caps, thumbnail_width);
        gst_buffer_unref(buffer);
        gst_caps_unref(caps);
        if (!png.empty()) {
            std::lock_guard lock(shared->mutex);
            shared->png = std::move(png);
            shared->made_us = g_get_monotonic_time();
        }
        shared->encoding = false;
    }).detach();
    return GST_PAD_PROBE_OK;
}

} // namespace tsr::console
