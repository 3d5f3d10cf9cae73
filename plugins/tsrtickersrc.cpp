/**
 * SECTION:element-tsrtickersrc
 * @title: tsrtickersrc
 *
 * The TSR ticker: the playlist's scrolling messages as a BGRA (straight alpha) or BGRx strip
 * as wide as the display and as high as the ticker band, to be laid over the slides at the bottom
 * of the screen (compositor sink pad ypos = display height - strip height).
 *
 * The text is laid out once into a strip holding one loop of the messages. Each frame is the
 * window into that strip at offset speed * wall time (pixels since the Unix epoch, modulo the
 * strip's width, wrapping seamlessly). Wall time is running time shifted by the timebase, so
 * the text moves exactly `[ticker] speed` pixels a second of running time whatever the frame
 * timing, and every screen (and `tsr render --at T`) shows the same position at the same
 * moment. The messages
 * are looked at again when the wall time enters a new second; the strip is laid out anew only
 * when they changed (e.g. an agenda item passed, or a reload brought a new ticker.txt).
 *
 * Layout ahead: laying out a long ticker (Pango) takes tens of milliseconds (55-80 ms with a
 * thousand activities), more than a frame at 30/s. With `prelayout` on (the default) a worker
 * thread does it ahead of time: each time the messages are looked at, the element also looks at
 * them where they are looked at next (the first frame of the next wall second, a second ahead at
 * most) and, when they change there, the worker lays that strip out; the element switches to it at
 * exactly that frame, so the pictures are the same as with `prelayout` off. A strip the worker has
 * not finished (asked a second ahead) is waited for. A change not seen coming (a reload) is
 * asked of the worker at the frame that needs it: not live, that frame waits for it; live, the
 * old strip keeps moving and the new text shows a few frames later: on a TV a stall of the
 * whole screen is seen, text a tenth of a second late is not. The strip of the first frame is
 * laid out in start() (its height decides the caps).
 *
 * Time: frame n has PTS n / framerate. With `start` set the element is non-live and the wall
 * time of frame n is start + PTS. With `start` empty it is live: timestamps are running time
 * of the pipeline clock (a late element skips the frames it missed) and the wall time comes
 * from the pipeline's timebase (pipeline_timebase.hpp) over the wall clock (`wall-clock`, by
 * default the system's real-time clock), re-anchored when that clock jumps.
 *
 * Formats: BGRA (the default) is straight alpha, as GStreamer means it: the strip is
 * unpremultiplied once after each layout. BGRx carries the strip's bytes as they are; the
 * built-in band is opaque, so both are exact (tsrshow composes in BGRx).
 *
 * Playlist: the pipeline's "tsr.playlist" context when it has one (playlist_context.hpp;
 * `tsr` sets it), else `playlist`, loaded once for the pipeline.
 *
 * Reload (`tsr play`): a newer playlist set as the pipeline's context is taken between two
 * frames and the strip laid out for it (by the worker, see above); the display size and
 * rate of the run are kept.
 *
 * Read-only counters for tests and benchmarks: `layouts` (strips laid out and put to use),
 * `layouts-in-place` (of those, laid out on the streaming thread or in start()) and
 * `layouts-ahead` (laid out by the worker, put to use or not).
 *
 * Live with `frames-per-buffer` N > 1 (tsr play: a third of a second) behind tsrcompose, which
 * offers TsrScrollMeta in the allocation query (scroll_meta.hpp): one buffer holds the windows
 * of up to N frames, the first as its video meta says and each next one its scroll step further
 * along the strip; tsrcompose shows each frame's window, the very pixels a buffer a frame would
 * carry. A buffer ends before the next wall second (the messages are looked at there) and
 * before a window that would pass the loop's end; the next one goes out one frame after it
 * began (TsrLookaheadSrc), so the streaming thread wakes about 3 times a second instead of 30.
 * Downstream without the meta gets a buffer a frame (but see scroll_meta.hpp: no converter in
 * between). Timestamps and the windows are those of a buffer a frame; a reload, or a re-anchoring
 * after the wall clock jumped, is seen up to 2N frames later.
 *
 * Costs: no copy for a frame whose window lies within the strip, when downstream reads
 * GstVideoMeta (tsrcompose, videoconvert): the frame is the strip's own read-only memory with
 * a video meta whose offset and stride pick the window (the strip's tail repeats its first
 * display width of columns, so no window wraps). Downstream without video meta gets one copy
 * of the window (display width x band height x 4 bytes) in a buffer of the pool. The messages are
 * computed once a second, for the next second (from memory: ticker.file is read when the playlist
 * is loaded, and `tsr play` reloads it when the file changes, never on this thread); a
 * layout (Pango), the unpremultiplying of BGRA and the freeing of an old strip (a long one is tens
 * of MB) happen on the worker.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 tsrtickersrc playlist=playlists/demo ! videoconvert ! autovideosink
 * ]|
 *
 * Built on TsrLookaheadSrc (tsrlookaheadsrc.hpp), which owns the playlist, time, caps,
 * reload and the worker; this file says what a strip is (TickerWork: the messages laid out)
 * and draws the frames. The streaming thread owns TickerSrcState but for the counters.
 */
#include "tsrlookaheadsrc.hpp"

#include "element_playlist.hpp"
#include "i18n.hpp"
#include "render/ticker_strip.hpp"
#include "scroll_meta.hpp"

#include <gst/gst.h>
#include <gst/video/gstvideopool.h>
#include <gst/video/video.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

GST_DEBUG_CATEGORY_STATIC(tsr_ticker_src_debug);
#define GST_CAT_DEFAULT tsr_ticker_src_debug

#define TSR_TYPE_TICKER_SRC (tsr_ticker_src_get_type())
G_DECLARE_FINAL_TYPE(TsrTickerSrc, tsr_ticker_src, TSR, TICKER_SRC, TsrLookaheadSrc)

namespace {

constexpr gboolean DEFAULT_PRELAYOUT = TRUE;
/// Strips laid out ahead and not shown yet, at most (a long one is tens of MB).
constexpr std::size_t kMaxReady = 2;
/// Layouts asked of the worker ahead and not started, at most.
constexpr std::size_t kMaxQueued = 2;

enum { PROP_0, PROP_PRELAYOUT, PROP_LAYOUTS, PROP_LAYOUTS_IN_PLACE, PROP_LAYOUTS_AHEAD };

using Messages = std::vector<std::string>;

/// GStreamer's BGRA is straight (not premultiplied) alpha, and compositor blends it so:
/// convert the strip once after layout, never per frame. Opaque and empty pixels stay as they
/// are. (BGRx output keeps the premultiplied bytes: the band is opaque, so they are equal.)
void unpremultiply(tsr::TickerStrip& strip) {
    for (int y = 0; y < strip.height; ++y) {
        std::uint8_t* p = strip.bgra.data() + std::ptrdiff_t(y) * strip.stride;
        for (int x = 0; x < strip.width + strip.tail; ++x, p += 4) {
            const unsigned a = p[3];
            if (a == 0 || a == 255) continue;
            for (int c = 0; c < 3; ++c)
                p[c] = std::uint8_t(std::min(255u, (p[c] * 255u + a / 2) / a));
        }
    }
}

/// Lays out the strip for `messages` (on the worker, the streaming thread or in start()).
tsr::TickerStrip lay_out(const tsr::Playlist& p, const Messages& messages, bool straight) {
    tsr::TickerStrip strip = tsr::layout_ticker(p, messages, p.display.width);
    if (strip.stride < strip.width * 4 ||
        strip.bgra.size() < std::size_t(strip.stride) * std::size_t(strip.height))
        throw std::runtime_error(_("the ticker strip has a wrong size"));
    if (straight) unpremultiply(strip);
    return strip;
}

/// A strip for the worker to lay out: these messages, with the playlist they are laid out
/// for; `straight`: unpremultiplied (BGRA output). Once made, the strip.
struct TickerWork final : tsr::LookaheadWork {
    TickerWork(Messages m, std::shared_ptr<const tsr::Playlist> p, bool s)
        : messages(std::move(m)), playlist(std::move(p)), straight(s) {}
    bool same(const tsr::LookaheadWork& other) const override {
        return messages == static_cast<const TickerWork&>(other).messages;
    }
    std::unique_ptr<tsr::LookaheadWork> fresh() const override {
        return std::make_unique<TickerWork>(messages, playlist, straight);
    }

    Messages messages;
    std::shared_ptr<const tsr::Playlist> playlist;
    bool straight;
    std::optional<tsr::TickerStrip> strip;
};

/// The messages at the next instant they are looked at, computed ahead (reused then).
struct Ahead {
    tsr::Instant t;
    Messages messages;
    std::uint64_t epoch;
};

struct TickerSrcState {
    TsrTickerSrc* self = nullptr; ///< the element this is the state of (not a reference)
    std::atomic<guint64> layouts{0};
    std::atomic<guint64> layouts_in_place{0};
    std::atomic<guint64> layouts_ahead{0};

    // --- Streaming thread (prepare to release; video_meta from negotiation).
    std::shared_ptr<tsr::TickerStrip> strip; ///< the strip shown
    bool strip_straight = false;             ///< the strip has been unpremultiplied (BGRA output)
    /// The shown strip's pixels as one read-only memory (owned; holds the strip), made at the
    /// first frame that points into it instead of copying (see frame_into_strip).
    GstMemory* strip_memory = nullptr;
    bool video_meta = false;  ///< downstream reads GstVideoMeta (strides and offsets)
    bool scroll_meta = false; ///< downstream reads TsrScrollMeta (tsrcompose)
    /// Live, the buffer being made is a window into the strip that may last several frames
    /// (TsrScrollMeta): its first frame's window, PTS and wall second.
    struct Batch {
        std::int64_t first_offset;
        GstClockTime first_pts;
        std::int64_t second;
    };
    std::optional<Batch> batch;
    Messages messages{}; ///< the messages to show (as last looked at)
    /// The strip shown is not the one for `messages` and the epoch yet (live: the worker is
    /// on it).
    bool stale = false;
    std::optional<std::int64_t> checked_second; ///< wall second the messages were looked at
    std::optional<Ahead> ahead;

    tsr::LookaheadRun& run() const { return tsr::lookahead_run(TSR_LOOKAHEAD_SRC(self)); }

    ~TickerSrcState() {
        if (strip_memory) gst_memory_unref(strip_memory);
    }
};

} // namespace

struct _TsrTickerSrc {
    TsrLookaheadSrc parent;
    TickerSrcState* state;
};

G_DEFINE_TYPE(TsrTickerSrc, tsr_ticker_src, TSR_TYPE_LOOKAHEAD_SRC)
GST_ELEMENT_REGISTER_DEFINE(tsrtickersrc, "tsrtickersrc", GST_RANK_NONE, TSR_TYPE_TICKER_SRC)

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE(
    "src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS(GST_VIDEO_CAPS_MAKE("{ BGRA, BGRx }")));

namespace {

/// On the worker: lays out the requested strip ahead of time.
void tsr_ticker_src_make_ahead(TsrLookaheadSrc* base, tsr::LookaheadWork& work) {
    auto& w = static_cast<TickerWork&>(work);
    w.strip = lay_out(*w.playlist, w.messages, w.straight);
    TSR_TICKER_SRC(base)->state->layouts_ahead.fetch_add(1);
}

/// The strip is no longer shown: freed by the worker (when there is one), not here. Frames
/// still pointing into it keep it until they are let go.
void retire_strip(TickerSrcState& s) {
    if (s.strip_memory) gst_memory_unref(std::exchange(s.strip_memory, nullptr));
    if (s.strip) tsr::lookahead_retire(TSR_LOOKAHEAD_SRC(s.self), std::move(s.strip));
    s.strip.reset();
}

bool wants_straight(const TickerSrcState& s) {
    return GST_VIDEO_INFO_FORMAT(&s.run().info) == GST_VIDEO_FORMAT_BGRA;
}

/// Brings the strip shown up to `messages`: the worker's when it has it (waiting for it when
/// it was seen coming, or, not live, in any case); live, a change not seen coming is asked of
/// the worker and the old strip shows on meanwhile; without a worker (or when it failed) it is
/// laid out here. GST_FLOW_FLUSHING when unlocked while waiting.
GstFlowReturn update_strip(TickerSrcState& s) {
    tsr::LookaheadRun& run = s.run();
    const bool straight = wants_straight(s);
    tsr::Taken taken;
    std::unique_ptr<tsr::LookaheadWork> made = tsr::lookahead_take(
        TSR_LOOKAHEAD_SRC(s.self), TickerWork(s.messages, run.ep.playlist, straight), !run.live,
        &taken, nullptr);
    switch (taken) {
    case tsr::Taken::made: {
        auto& w = static_cast<TickerWork&>(*made);
        retire_strip(s);
        s.strip = std::make_shared<tsr::TickerStrip>(std::move(*w.strip));
        s.strip_straight = w.straight;
        s.stale = false;
        s.layouts.fetch_add(1);
        GST_DEBUG_OBJECT(s.self, "strip laid out ahead: %dx%d", s.strip->width, s.strip->height);
        return GST_FLOW_OK;
    }
    case tsr::Taken::flushing:
        return GST_FLOW_FLUSHING;
    case tsr::Taken::not_yet:
        GST_DEBUG_OBJECT(s.self, "a change not seen coming: the worker lays it out");
        return GST_FLOW_OK;
    case tsr::Taken::here:
        break;
    }
    auto strip =
        std::make_shared<tsr::TickerStrip>(lay_out(*run.ep.playlist, s.messages, straight));
    retire_strip(s);
    s.strip = std::move(strip);
    s.strip_straight = straight;
    s.stale = false;
    s.layouts.fetch_add(1);
    s.layouts_in_place.fetch_add(1);
    GST_DEBUG_OBJECT(s.self, "strip laid out on the streaming thread: %dx%d", s.strip->width,
                     s.strip->height);
    return GST_FLOW_OK;
}

/// Live frames n have wall times timebase.wall_at(pts(n)); the wall time of the first frame
/// after frame `n` that is in a later wall second than `second` (the next look at the messages).
tsr::Instant next_look(const tsr::Timebase& tb, guint64 n, std::int64_t second, int fps_n,
                       int fps_d) {
    auto wall_of = [&](guint64 k) {
        return tb.wall_at(gst_util_uint64_scale(k, GST_SECOND * fps_d, fps_n));
    };
    const tsr::Instant boundary{std::chrono::seconds(second + 1)};
    const std::int64_t running = tb.running_at_signed(boundary);
    guint64 k = n + 1;
    if (running > 0)
        k = std::max(k, gst_util_uint64_scale_ceil(guint64(running), fps_n, GST_SECOND * fps_d));
    // Exact to the frame whatever the rounding of the two conversions.
    while (k > n + 1 && wall_of(k - 1) >= boundary)
        --k;
    while (wall_of(k) < boundary)
        ++k;
    return wall_of(k);
}

/// Looks at the messages where they are looked at next (at most a second ahead); when they
/// change there, asks the worker to lay that strip out.
void look_ahead(TickerSrcState& s, guint64 n, std::int64_t second, int fps_n, int fps_d) {
    tsr::LookaheadRun& run = s.run();
    const tsr::Instant t = next_look(run.view->timebase, n, second, fps_n, fps_d);
    Messages next = tsr::ticker_messages(*run.ep.playlist, t);
    if (!(next == s.messages))
        tsr::lookahead_ask(TSR_LOOKAHEAD_SRC(s.self),
                           std::make_unique<TickerWork>(next, run.ep.playlist, wants_straight(s)));
    s.ahead = Ahead{t, std::move(next), run.epoch};
}

/// The strip's column at the left edge of the frame at `wall`: pixels moved since the Unix
/// epoch of the wall time, rounded to the nearest, modulo the strip's width. The same on every
/// screen at the same moment (and in `tsr render --at T`), and exactly `speed` px per second of
/// running time, as wall time is running time shifted.
std::int64_t offset_at(const TickerSrcState& s, tsr::Instant wall) {
    const tsr::TickerStrip& strip = *s.strip;
    if (strip.width <= 0) return 0;
    // Long double holds the product exactly for any date of this century.
    const long double micros = (long double)wall.time_since_epoch().count();
    const long double moved = (long double)s.run().ep.playlist->ticker.speed * micros / 1e6L;
    std::int64_t offset = std::int64_t(std::llround(moved) % strip.width);
    if (offset < 0) offset += strip.width;
    return offset;
}

std::int64_t wall_second(tsr::Instant wall) {
    return std::chrono::floor<std::chrono::seconds>(wall.time_since_epoch()).count();
}

/// Copies the window of `strip` starting at column `offset` (wrapping) into `frame`; rows the
/// strip does not have are transparent.
void draw_window(const tsr::TickerStrip& strip, std::int64_t offset, GstVideoFrame* frame) {
    const int width = GST_VIDEO_FRAME_WIDTH(frame);
    const int height = GST_VIDEO_FRAME_HEIGHT(frame);
    const int dst_stride = GST_VIDEO_FRAME_PLANE_STRIDE(frame, 0);
    auto* dst = static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(frame, 0));
    const int rows = strip.width > 0 ? std::min(height, strip.height) : 0;
    for (int y = 0; y < rows; ++y) {
        std::uint8_t* out = dst + std::ptrdiff_t(y) * dst_stride;
        const std::uint8_t* row = strip.bgra.data() + std::ptrdiff_t(y) * strip.stride;
        int x = 0;
        int sx = int(offset % strip.width);
        while (x < width) {
            int run = std::min(width - x, strip.width - sx);
            std::memcpy(out + std::ptrdiff_t(x) * 4, row + std::ptrdiff_t(sx) * 4,
                        std::size_t(run) * 4);
            x += run;
            sx = 0;
        }
    }
    for (int y = rows; y < height; ++y)
        std::memset(dst + std::ptrdiff_t(y) * dst_stride, 0, std::size_t(width) * 4);
}

/// The frame at `offset` as a window into the strip's own memory, without copying: a buffer
/// holding the strip with a GstVideoMeta whose offset and stride pick the window (the strip's
/// tail repeats its start, so no window wraps). Null when the strip is shorter than the frame
/// or downstream does not read GstVideoMeta (then the frame is copied). tsrcompose reads it in
/// place.
GstBuffer* frame_into_strip(TickerSrcState& s, std::int64_t offset) {
    const tsr::TickerStrip& strip = *s.strip;
    const int width = GST_VIDEO_INFO_WIDTH(&s.run().info),
              height = GST_VIDEO_INFO_HEIGHT(&s.run().info);
    if (!s.video_meta || strip.width <= 0 || strip.height < height ||
        offset + width > strip.width + strip.tail ||
        std::int64_t(strip.stride) < (offset + width) * 4 || s.strip_straight != wants_straight(s))
        return nullptr;
    if (!s.strip_memory) {
        auto* hold = new std::shared_ptr<tsr::TickerStrip>(s.strip);
        const gsize size = (*hold)->bgra.size();
        s.strip_memory = gst_memory_new_wrapped(
            GST_MEMORY_FLAG_READONLY, (*hold)->bgra.data(), size, 0, size, hold,
            [](gpointer p) { delete static_cast<std::shared_ptr<tsr::TickerStrip>*>(p); });
    }
    // A share of just the rows the window spans: the buffer's size is the frame's, not the
    // strip's (a byte-limited queue downstream counts it right).
    const gsize start = gsize(offset) * 4;
    const gsize size = gsize(strip.stride) * gsize(height - 1) + gsize(width) * 4;
    GstBuffer* buf = gst_buffer_new();
    gst_buffer_append_memory(buf, gst_memory_share(s.strip_memory, gssize(start), gssize(size)));
    gsize offsets[GST_VIDEO_MAX_PLANES] = {0};
    gint strides[GST_VIDEO_MAX_PLANES] = {strip.stride};
    gst_buffer_add_video_meta_full(buf, GST_VIDEO_FRAME_FLAG_NONE,
                                   GST_VIDEO_INFO_FORMAT(&s.run().info), guint(width),
                                   guint(height), 1, offsets, strides);
    return buf;
}

/// A newer playlist was taken: the messages are looked at again at this frame and the strip
/// laid out anew for them (update_strip; live, by the worker while the old strip moves on).
void tsr_ticker_src_reload(TsrLookaheadSrc* base) {
    TickerSrcState& s = *TSR_TICKER_SRC(base)->state;
    s.stale = true;
    s.ahead.reset();
    s.checked_second.reset();
}

int tsr_ticker_src_prepare(TsrLookaheadSrc* base, tsr::Instant first) {
    auto* self = TSR_TICKER_SRC(base);
    TickerSrcState& s = *self->state;
    tsr::LookaheadRun& run = s.run();
    s.layouts = 0;
    s.layouts_in_place = 0;
    s.layouts_ahead = 0;
    try {
        // The strip's height decides the caps: lay it out now, for the first moment to show.
        s.messages = tsr::ticker_messages(*run.ep.playlist, first);
        retire_strip(s);
        s.strip = std::make_shared<tsr::TickerStrip>(lay_out(*run.ep.playlist, s.messages, false));
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, RESOURCE, SETTINGS,
                          (_("The ticker could not be prepared: %s"), e.what()), ("start failed"));
        return 0;
    }
    s.strip_straight = false;
    s.layouts = 1;
    s.layouts_in_place = 1;
    s.stale = false;
    s.ahead.reset();
    s.checked_second.reset();
    GST_INFO_OBJECT(self, "ticker %dx%d at %d/s, %g px/s, %s", run.display.width, s.strip->height,
                    run.display.framerate, run.ep.playlist->ticker.speed,
                    run.live ? "live" : "simulated");
    return std::max(1, s.strip->height);
}

void tsr_ticker_src_release(TsrLookaheadSrc* base) {
    TickerSrcState& s = *TSR_TICKER_SRC(base)->state;
    if (s.strip_memory) gst_memory_unref(std::exchange(s.strip_memory, nullptr));
    s.strip.reset();
    s.ahead.reset();
    s.batch.reset();
    s.messages = Messages{};
}

GstFlowReturn tsr_ticker_src_fill(TsrLookaheadSrc* base, guint64 n, GstClockTime pts,
                                  tsr::Instant wall, GstBuffer** out) {
    auto* self = TSR_TICKER_SRC(base);
    TickerSrcState& s = *self->state;
    tsr::LookaheadRun& run = s.run();
    const int fps_n = GST_VIDEO_INFO_FPS_N(&run.info), fps_d = GST_VIDEO_INFO_FPS_D(&run.info);
    // Look at the messages once a second of wall time; lay out only when they changed.
    const std::int64_t second = wall_second(wall);
    s.batch.reset();
    const bool look = s.checked_second != second;
    if (look) {
        s.checked_second = second;
        Messages now = s.ahead && s.ahead->t == wall && s.ahead->epoch == run.epoch
                           ? std::move(s.ahead->messages)
                           : tsr::ticker_messages(*run.ep.playlist, wall);
        s.ahead.reset();
        if (!(now == s.messages)) {
            s.messages = std::move(now);
            s.stale = true;
        }
    }
    if (s.stale) {
        GstFlowReturn ret = update_strip(s);
        if (ret != GST_FLOW_OK) return ret;
    }
    // After update_strip: a change due now goes to the worker before the next one.
    if (look && run.ahead) look_ahead(s, n, second, fps_n, fps_d);

    if (GST_VIDEO_INFO_FORMAT(&run.info) == GST_VIDEO_FORMAT_BGRA && !s.strip_straight) {
        if (s.strip_memory) {
            // Frames already out point into it (caps changed to BGRA): convert a copy.
            gst_memory_unref(std::exchange(s.strip_memory, nullptr));
            s.strip = std::make_shared<tsr::TickerStrip>(*s.strip);
        }
        unpremultiply(*s.strip);
        s.strip_straight = true;
    }
    const tsr::TickerStrip& strip = *s.strip;
    const std::int64_t offset = offset_at(s, wall);

    GstBuffer* buf = frame_into_strip(s, offset);
    if (buf && run.live && s.scroll_meta && run.max_frames_per_buffer > 1)
        s.batch = TickerSrcState::Batch{offset, pts, second};
    if (!buf) {
        // The window wraps round the strip's end, or downstream cannot read a stride other
        // than its own: copied into a buffer of the pool.
        GstFlowReturn ret =
            GST_BASE_SRC_CLASS(tsr_ticker_src_parent_class)
                ->alloc(GST_BASE_SRC(self), n, GST_VIDEO_INFO_SIZE(&run.info), &buf);
        if (ret != GST_FLOW_OK) return ret;
        GstVideoFrame frame;
        if (!gst_video_frame_map(&frame, &run.info, buf, GST_MAP_WRITE)) {
            gst_buffer_unref(buf);
            GST_ELEMENT_ERROR(self, RESOURCE, WRITE, (_("Could not map an output buffer.")),
                              (nullptr));
            return GST_FLOW_ERROR;
        }
        draw_window(strip, offset, &frame);
        gst_video_frame_unmap(&frame);
    }

    *out = buf;
    return GST_FLOW_OK;
}

/// Live, behind tsrcompose: the buffer fill() made, a window into the strip, lasts for the
/// frame at `wall` too when that frame's window is further along the same strip (no wrap) and
/// in the same wall second (the messages may change in the next); the step goes into the
/// buffer's TsrScrollMeta and the buffer grows to hold the window.
bool tsr_ticker_src_extend(TsrLookaheadSrc* base, GstBuffer* buf, GstClockTime pts,
                           tsr::Instant wall) {
    TickerSrcState& s = *TSR_TICKER_SRC(base)->state;
    if (!s.batch || s.stale || wall_second(wall) != s.batch->second) return false;
    const tsr::TickerStrip& strip = *s.strip;
    const int width = GST_VIDEO_INFO_WIDTH(&s.run().info),
              height = GST_VIDEO_INFO_HEIGHT(&s.run().info);
    const std::int64_t offset = offset_at(s, wall);
    if (offset < s.batch->first_offset || offset + width > strip.width + strip.tail ||
        std::int64_t(strip.stride) < (offset + width) * 4)
        return false;
    const std::int64_t step = offset - s.batch->first_offset;
    tsr::ScrollMeta* meta = tsr::get_scroll_meta(buf);
    if (!meta) {
        meta = tsr::add_scroll_meta(buf);
        if (!meta || !tsr::scroll_meta_append(*meta, 0, 0)) return false;
    }
    if (meta->frames >= tsr::kMaxScrollFrames) return false;
    // The buffer's memory begins at the first window; it grows within the strip's memory.
    const gsize size = gsize(strip.stride) * gsize(height - 1) + gsize(step + width) * 4;
    if (size > gst_buffer_get_size(buf) && !gst_buffer_resize_range(buf, 0, -1, 0, gssize(size)))
        return false;
    return tsr::scroll_meta_append(*meta, pts - s.batch->first_pts, guint32(step));
}

} // namespace

static void tsr_ticker_src_set_property(GObject* object, guint prop_id, const GValue* value,
                                        GParamSpec* pspec) {
    switch (prop_id) {
    case PROP_PRELAYOUT:
        tsr::lookahead_set_ahead(TSR_LOOKAHEAD_SRC(object), g_value_get_boolean(value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
    }
}

static void tsr_ticker_src_get_property(GObject* object, guint prop_id, GValue* value,
                                        GParamSpec* pspec) {
    TickerSrcState& s = *TSR_TICKER_SRC(object)->state;
    switch (prop_id) {
    case PROP_PRELAYOUT:
        g_value_set_boolean(value, tsr::lookahead_get_ahead(TSR_LOOKAHEAD_SRC(object)));
        break;
    case PROP_LAYOUTS:
        g_value_set_uint64(value, s.layouts.load());
        break;
    case PROP_LAYOUTS_IN_PLACE:
        g_value_set_uint64(value, s.layouts_in_place.load());
        break;
    case PROP_LAYOUTS_AHEAD:
        g_value_set_uint64(value, s.layouts_ahead.load());
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
    }
}

static gboolean tsr_ticker_src_decide_allocation(GstBaseSrc* bsrc, GstQuery* query) {
    GstCaps* caps = nullptr;
    gst_query_parse_allocation(query, &caps, nullptr);
    GstVideoInfo info;
    if (!caps || !gst_video_info_from_caps(&info, caps)) return FALSE;

    GstBufferPool* pool = nullptr;
    guint size = 0, min = 0, max = 0;
    const bool update = gst_query_get_n_allocation_pools(query) > 0;
    if (update) gst_query_parse_nth_allocation_pool(query, 0, &pool, &size, &min, &max);
    size = std::max<guint>(size, guint(GST_VIDEO_INFO_SIZE(&info)));
    if (!pool) pool = gst_video_buffer_pool_new();
    GstStructure* config = gst_buffer_pool_get_config(pool);
    gst_buffer_pool_config_set_params(config, caps, size, min, max);
    const bool video_meta = gst_query_find_allocation_meta(query, GST_VIDEO_META_API_TYPE, nullptr);
    TSR_TICKER_SRC(bsrc)->state->video_meta = video_meta;
    TSR_TICKER_SRC(bsrc)->state->scroll_meta =
        gst_query_find_allocation_meta(query, tsr::scroll_meta_api_get_type(), nullptr);
    if (video_meta) gst_buffer_pool_config_add_option(config, GST_BUFFER_POOL_OPTION_VIDEO_META);
    gst_buffer_pool_set_config(pool, config);
    if (update)
        gst_query_set_nth_allocation_pool(query, 0, pool, size, min, max);
    else
        gst_query_add_allocation_pool(query, pool, size, min, max);
    gst_object_unref(pool);
    return GST_BASE_SRC_CLASS(tsr_ticker_src_parent_class)->decide_allocation(bsrc, query);
}

static void tsr_ticker_src_finalize(GObject* object) {
    auto* self = TSR_TICKER_SRC(object);
    delete std::exchange(self->state, nullptr);
    G_OBJECT_CLASS(tsr_ticker_src_parent_class)->finalize(object);
}

static void tsr_ticker_src_init(TsrTickerSrc* self) {
    self->state = new TickerSrcState();
    self->state->self = self;
}

static void tsr_ticker_src_class_init(TsrTickerSrcClass* klass) {
    GST_DEBUG_CATEGORY_INIT(tsr_ticker_src_debug, "tsrtickersrc", 0, "TSR ticker");
    auto* gobject_class = G_OBJECT_CLASS(klass);
    auto* element_class = GST_ELEMENT_CLASS(klass);
    auto* basesrc_class = GST_BASE_SRC_CLASS(klass);
    auto* lookahead_class = TSR_LOOKAHEAD_SRC_CLASS(klass);

    gobject_class->set_property = tsr_ticker_src_set_property;
    gobject_class->get_property = tsr_ticker_src_get_property;
    gobject_class->finalize = tsr_ticker_src_finalize;

    g_object_class_install_property(
        gobject_class, PROP_PRELAYOUT,
        g_param_spec_boolean(
            "prelayout", "Lay out ahead",
            "Whether a worker thread lays the strip out ahead of time (looking a second ahead), "
            "so that a change of the messages never makes a frame late. When off, the strip is "
            "laid out on the streaming thread at the frame where the messages change. The "
            "pictures are the same either way (live, a change not seen coming, such as a "
            "reload, shows a few frames later with it on).",
            DEFAULT_PRELAYOUT,
            GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY)));
    g_object_class_install_property(
        gobject_class, PROP_LAYOUTS,
        g_param_spec_uint64(
            "layouts", "Layouts",
            "How many times the ticker text has been laid out into its strip since the element "
            "last started (read only). The strip is laid out once at start and again only when "
            "the messages change; every frame is a window into it. A strip laid out ahead "
            "counts when it is put to use.",
            0, G_MAXUINT64, 0, GParamFlags(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
    g_object_class_install_property(
        gobject_class, PROP_LAYOUTS_IN_PLACE,
        g_param_spec_uint64(
            "layouts-in-place", "Layouts in place",
            "How many of the layouts were made at the frame that needed them, on the streaming "
            "thread (or in start: the first) (read only). With prelayout on, only the first "
            "and any the worker failed on (laid out again to say why) are; every such layout "
            "delays its frame by the time it takes.",
            0, G_MAXUINT64, 0, GParamFlags(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
    g_object_class_install_property(
        gobject_class, PROP_LAYOUTS_AHEAD,
        g_param_spec_uint64(
            "layouts-ahead", "Layouts ahead",
            "How many strips the worker has laid out ahead of time (read only), counted when "
            "done. Those put to use count in `layouts` too; the others were for a change that "
            "did not come to be shown (the element stopped or took a reload first).",
            0, G_MAXUINT64, 0, GParamFlags(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));

    gst_element_class_set_static_metadata(
        element_class, "TSR ticker", "Source/Video",
        "The playlist's scrolling ticker as a BGRA strip as wide as the display, moving "
        "exactly the playlist's speed in pixels per second",
        "TSR");
    gst_element_class_add_static_pad_template(element_class, &src_template);
    basesrc_class->decide_allocation = tsr_ticker_src_decide_allocation;

    lookahead_class->formats = "{ BGRA, BGRx }";
    lookahead_class->prepare_error = N_("The ticker could not be prepared: %s");
    lookahead_class->draw_error = N_("The ticker could not be drawn: %s");
    lookahead_class->max_queued = kMaxQueued;
    lookahead_class->max_ready = kMaxReady;
    lookahead_class->prepare = tsr_ticker_src_prepare;
    lookahead_class->fill = tsr_ticker_src_fill;
    lookahead_class->reload = tsr_ticker_src_reload;
    lookahead_class->release = tsr_ticker_src_release;
    lookahead_class->make_ahead = tsr_ticker_src_make_ahead;
    lookahead_class->extend = tsr_ticker_src_extend;
}
