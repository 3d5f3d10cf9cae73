// TsrScrollMeta: a layer buffer that lasts several frames and moves sideways within them, as the
// ticker's does live (tsrtickersrc frames-per-buffer, behind tsrcompose). The buffer's video
// meta points at the window of its first frame; frame k of the buffer, from `after[k]` after
// the buffer's PTS on, shows the window `columns[k]` pixels further right in the same memory
// (same stride; the buffer's memory holds every window). Times are relative to the buffer's
// PTS, so that they move with it (a live GstBaseSrc shifts its buffers' PTS by the pipeline's
// start-up time). tsrcompose reads the window of the frame it
// is composing, so the streaming thread of the ticker wakes once for those frames instead of
// once a frame, and each frame shows the very pixels a buffer of its own would.
//
// Offered by tsrcompose in the allocation query (a source uses it only when downstream reads
// it: another element would show the first frame's window for the whole buffer). Dropped by
// any element that changes the picture (tags "video", "size" and "memory"). Limit: a
// converter between the source and tsrcompose (videoconvert) passes the offer upstream but
// drops the meta, and the band would then stand still for a buffer's frames; keep
// frames-per-buffer at 1 there (tsr play links them through caps filters only).
#pragma once

#include <gst/gst.h>

#include <cstdint>
#include <optional>

namespace tsr {

/// Most frames one buffer's scroll meta describes.
inline constexpr guint kMaxScrollFrames = 64;

struct ScrollMeta {
    GstMeta meta;
    guint frames; ///< entries in use, 1..kMaxScrollFrames
    /// Each frame's start after the buffer's PTS (ns; 0 for the first), rising.
    GstClockTime after[kMaxScrollFrames];
    guint32 columns[kMaxScrollFrames]; ///< each frame's window: pixels right of frame 0's
};

GType scroll_meta_api_get_type();

/// Adds an empty meta (no frames) to a writable `buffer`.
ScrollMeta* add_scroll_meta(GstBuffer* buffer);
/// The buffer's meta, or null.
ScrollMeta* get_scroll_meta(GstBuffer* buffer);

/// Appends a frame starting `after` the buffer's PTS; false when the meta is full or `after`
/// is not later than the last frame's (the first must be 0).
bool scroll_meta_append(ScrollMeta& meta, GstClockTime after, guint32 columns);

/// The window shown in an output frame ending at running time `output_end` by a buffer
/// beginning at running time `buffer_start`: the last of its frames that begins before the
/// output frame ends, as GstVideoAggregator picks buffers (so a buffer of several frames shows
/// what as many buffers of one frame would). Nullopt for a meta without frames.
std::optional<guint32> scroll_columns_at(const ScrollMeta& meta, GstClockTime buffer_start,
                                         GstClockTime output_end);

} // namespace tsr
