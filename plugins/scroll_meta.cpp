#include "scroll_meta.hpp"

#include <gst/video/video.h>

namespace tsr {

namespace {

gboolean scroll_meta_init(GstMeta* meta, gpointer, GstBuffer*) {
    reinterpret_cast<ScrollMeta*>(meta)->frames = 0;
    return TRUE;
}

/// Kept by a whole copy of the buffer (gst_buffer_copy); a part of it is another picture.
gboolean scroll_meta_transform(GstBuffer* dest, GstMeta* meta, GstBuffer*, GQuark type,
                               gpointer data) {
    if (!GST_META_TRANSFORM_IS_COPY(type)) return FALSE;
    if (static_cast<GstMetaTransformCopy*>(data)->region) return TRUE; // not carried over
    ScrollMeta* copy = add_scroll_meta(dest);
    if (!copy) return FALSE;
    const auto* from = reinterpret_cast<const ScrollMeta*>(meta);
    copy->frames = from->frames;
    for (guint i = 0; i < from->frames; ++i) {
        copy->after[i] = from->after[i];
        copy->columns[i] = from->columns[i];
    }
    return TRUE;
}

// The plugin and an application (an element test) each hold a copy of this file; GStreamer
// knows the meta by name, registered by whichever copy comes first (the code is the same).
constexpr const char* kApiName = "TsrScrollMetaAPI";
constexpr const char* kImplName = "TsrScrollMeta";

// Two copies registering at once: one succeeds, the other finds the name taken and looks it
// up again.
const GstMetaInfo* scroll_meta_info() {
    static const GstMetaInfo* info = [] {
        if (const GstMetaInfo* known = gst_meta_get_info(kImplName)) return known;
        const GstMetaInfo* made =
            gst_meta_register(scroll_meta_api_get_type(), kImplName, sizeof(ScrollMeta),
                              scroll_meta_init, nullptr, scroll_meta_transform);
        return made ? made : gst_meta_get_info(kImplName);
    }();
    return info;
}

} // namespace

GType scroll_meta_api_get_type() {
    static const GType type = [] {
        if (const GType known = g_type_from_name(kApiName)) return known;
        // The steps are byte offsets into the memory beyond the video meta's window: an
        // element that changes the picture, its size or its memory drops the meta.
        static const gchar* tags[] = {GST_META_TAG_VIDEO_STR, GST_META_TAG_VIDEO_SIZE_STR,
                                      GST_META_TAG_MEMORY_STR, nullptr};
        const GType made = gst_meta_api_type_register(kApiName, tags);
        return made ? made : g_type_from_name(kApiName);
    }();
    return type;
}

ScrollMeta* add_scroll_meta(GstBuffer* buffer) {
    return reinterpret_cast<ScrollMeta*>(gst_buffer_add_meta(buffer, scroll_meta_info(), nullptr));
}

ScrollMeta* get_scroll_meta(GstBuffer* buffer) {
    return reinterpret_cast<ScrollMeta*>(gst_buffer_get_meta(buffer, scroll_meta_api_get_type()));
}

bool scroll_meta_append(ScrollMeta& meta, GstClockTime after, guint32 columns) {
    if (meta.frames >= kMaxScrollFrames || !GST_CLOCK_TIME_IS_VALID(after)) return false;
    if (meta.frames == 0 ? after != 0 : after <= meta.after[meta.frames - 1]) return false;
    meta.after[meta.frames] = after;
    meta.columns[meta.frames] = columns;
    ++meta.frames;
    return true;
}

std::optional<guint32> scroll_columns_at(const ScrollMeta& meta, GstClockTime buffer_start,
                                         GstClockTime output_end) {
    if (meta.frames == 0) return std::nullopt;
    guint shown = 0;
    for (guint k = 1; k < meta.frames && k < kMaxScrollFrames; ++k) {
        if (buffer_start + meta.after[k] >= output_end) break;
        shown = k;
    }
    return meta.columns[shown];
}

} // namespace tsr
