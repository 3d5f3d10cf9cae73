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
 * not finished is waited for when not live. A change not seen coming (a reload, the first frame) is
 * laid out on the streaming thread when not live; live, the worker lays it out while the old strip
 * keeps moving, and the new text shows a few frames later: on a TV a stall of the whole
 * screen is seen, text a tenth of a second late is not.
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
 * frames and the strip laid out for it (see above: live, by the worker); the display size and
 * rate of the run are kept.
 *
 * Read-only counters for tests and benchmarks: `layouts` (strips laid out and put to use),
 * `layouts-in-place` (of those, laid out on the streaming thread or in start()) and
 * `layouts-ahead` (laid out by the worker, put to use or not).
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
 * Threads and locks: properties are guarded by the object lock. The streaming thread owns
 * everything else (with start/stop, which do not run at the same time) except the hand-over to
 * the worker, guarded by TickerSrcState::mutex. Lock order: the object lock is never held
 * while taking TickerSrcState::mutex, and neither is held across a layout.
 */
#include "element_playlist.hpp"
#include "i18n.hpp"
#include "live_timebase.hpp"
#include "render/ticker_strip.hpp"
#include "video_source.hpp"

#include <gst/base/gstpushsrc.h>
#include <gst/gst.h>
#include <gst/video/gstvideopool.h>
#include <gst/video/video.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

GST_DEBUG_CATEGORY_STATIC(tsr_ticker_src_debug);
#define GST_CAT_DEFAULT tsr_ticker_src_debug

#define TSR_TYPE_TICKER_SRC (tsr_ticker_src_get_type())
G_DECLARE_FINAL_TYPE(TsrTickerSrc, tsr_ticker_src, TSR, TICKER_SRC, GstPushSrc)

namespace {

constexpr gboolean DEFAULT_PRELAYOUT = TRUE;
/// Strips laid out ahead and not shown yet, at most (a long one is tens of MB).
constexpr std::size_t kMaxReady = 2;
/// Layouts asked of the worker and not started, at most: the change due now and the next.
constexpr std::size_t kMaxQueued = 2;

enum {
    PROP_0,
    PROP_PLAYLIST,
    PROP_START,
    PROP_PRELAYOUT,
    PROP_LAYOUTS,
    PROP_LAYOUTS_IN_PLACE,
    PROP_LAYOUTS_AHEAD,
    PROP_WALL_CLOCK
};

using Messages = std::vector<std::string>;

/// A strip for the worker to lay out: these messages, with the playlist of the epoch they
/// belong to; `straight`: unpremultiplied (BGRA output).
struct Request {
    Messages messages;
    std::shared_ptr<const tsr::Playlist> playlist;
    std::uint64_t epoch;
    bool straight;
};

struct Laid {
    Messages messages;
    std::uint64_t epoch;
    bool straight;
    tsr::TickerStrip strip;
};

/// The messages at the next instant they are looked at, computed ahead (reused then).
struct Ahead {
    tsr::Instant t;
    Messages messages;
    std::uint64_t epoch;
};

struct TickerSrcState {
    // --- Properties (object lock).
    std::string playlist_arg;
    std::string start_arg;
    bool prelayout = DEFAULT_PRELAYOUT;
    // Size and rate of the output, known after start() (object lock); 0 before.
    int width = 0, height = 0, fps = 0;
    GstClock* wall_clock = nullptr; ///< owned ref, may be null (the real-time clock)

    std::atomic<guint64> layouts{0};
    std::atomic<guint64> layouts_in_place{0};
    std::atomic<guint64> layouts_ahead{0};

    // --- Streaming thread.
    tsr::ElementPlaylist ep;
    tsr::PlaylistInbox inbox; ///< the pipeline's playlist (set_context, any thread)
    GstVideoInfo info{};
    bool live = true;
    bool prelayout_on = false;
    GstClock* wall_clock_used = nullptr;             ///< owned ref for the run, may be null
    std::shared_ptr<tsr::PipelineTimebase> tb;       ///< the pipeline's (pipeline_timebase.hpp)
    std::optional<tsr::PipelineTimebase::View> view; ///< of `tb`, as this element follows it
    guint64 next_frame = 0;
    int display_height = 0;                  ///< of this run
    std::shared_ptr<tsr::TickerStrip> strip; ///< the strip shown
    bool strip_straight = false;             ///< the strip has been unpremultiplied (BGRA output)
    /// The shown strip's pixels as one read-only memory (owned; holds the strip), made at the
    /// first frame that points into it instead of copying (see frame_into_strip).
    GstMemory* strip_memory = nullptr;
    bool video_meta = false; ///< downstream reads GstVideoMeta (strides and offsets)
    Messages messages{};     ///< the messages to show (as last looked at)
    /// The strip shown is not the one for `messages` and `epoch` yet (live: the worker is on it).
    bool stale = false;
    bool asked = false; ///< live: the worker has been asked for the strip of `messages`
    std::optional<std::int64_t> checked_second; ///< wall second the messages were looked at
    std::optional<Ahead> ahead;

    // --- Hand-over to the worker (mutex; `epoch` is written only by the streaming thread).
    std::mutex mutex;
    std::condition_variable cond;
    std::thread worker;
    bool stopping = false;
    bool flushing = false;
    std::deque<Request> requests;
    const Request* working = nullptr; ///< the request being laid out (the worker's own copy)
    std::deque<Laid> ready;
    /// Strips no longer wanted: the worker frees them (or the last frame pointing into one).
    std::vector<std::shared_ptr<tsr::TickerStrip>> retired;
    /// Bumped when a reloaded playlist is taken: what was laid out for the old one is dropped.
    std::uint64_t epoch = 0;

    ~TickerSrcState() {
        if (strip_memory) gst_memory_unref(strip_memory);
        gst_clear_object(&wall_clock);
        gst_clear_object(&wall_clock_used);
    }
};

} // namespace

struct _TsrTickerSrc {
    GstPushSrc parent;
    TickerSrcState* state;
};

G_DEFINE_TYPE(TsrTickerSrc, tsr_ticker_src, GST_TYPE_PUSH_SRC)
GST_ELEMENT_REGISTER_DEFINE(tsrtickersrc, "tsrtickersrc", GST_RANK_NONE, TSR_TYPE_TICKER_SRC)

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE(
    "src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS(GST_VIDEO_CAPS_MAKE("{ BGRA, BGRx }")));

namespace {

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

/// The worker: lays out the requested strips ahead of time into `ready`, and frees retired
/// ones.
void worker_main(TickerSrcState* s) {
    std::unique_lock lock(s->mutex);
    for (;;) {
        s->cond.wait(lock,
                     [&] { return s->stopping || !s->requests.empty() || !s->retired.empty(); });
        if (s->stopping) return;
        std::vector<std::shared_ptr<tsr::TickerStrip>> retired = std::exchange(s->retired, {});
        std::optional<Request> req;
        if (!s->requests.empty()) {
            req = std::move(s->requests.front());
            s->requests.pop_front();
            s->working = &*req;
        }
        lock.unlock();
        retired.clear();
        if (!req) {
            lock.lock();
            continue;
        }
        std::optional<tsr::TickerStrip> strip;
        std::string error;
        try {
            strip = lay_out(*req->playlist, req->messages, req->straight);
            s->layouts_ahead.fetch_add(1);
        } catch (const std::exception& e) {
            error = e.what();
        } catch (...) {
            error = "unknown failure";
        }
        lock.lock();
        s->working = nullptr;
        try {
            if (strip && req->epoch == s->epoch) {
                s->ready.push_back(
                    Laid{std::move(req->messages), req->epoch, req->straight, std::move(*strip)});
                while (s->ready.size() > kMaxReady) {
                    s->retired.push_back(
                        std::make_shared<tsr::TickerStrip>(std::move(s->ready.front().strip)));
                    s->ready.pop_front();
                }
            } else if (!strip) {
                // The streaming thread lays it out itself and reports the error then.
                GST_WARNING("layout ahead failed: %s", error.c_str());
            }
        } catch (...) {
            // Out of memory: dropped; the streaming thread lays it out itself.
        }
        s->cond.notify_all();
    }
}

void stop_worker(TickerSrcState& s) {
    {
        std::lock_guard lock(s.mutex);
        s.stopping = true;
        s.requests.clear();
    }
    s.cond.notify_all();
    if (s.worker.joinable()) s.worker.join();
    std::lock_guard lock(s.mutex);
    s.stopping = false;
    s.ready.clear();
    s.retired.clear();
}

/// The strip is no longer shown: freed by the worker (when there is one), not here. Frames
/// still pointing into it keep it until they are let go.
void retire_strip(TickerSrcState& s) {
    if (s.strip_memory) gst_memory_unref(std::exchange(s.strip_memory, nullptr));
    if (!s.strip) return;
    if (s.prelayout_on) {
        {
            std::lock_guard lock(s.mutex);
            s.retired.push_back(std::move(s.strip));
        }
        s.cond.notify_all();
    }
    s.strip.reset();
}

bool wants_straight(const TickerSrcState& s) {
    return GST_VIDEO_INFO_FORMAT(&s.info) == GST_VIDEO_FORMAT_BGRA;
}

/// Brings the strip shown up to `messages`: the worker's when it has it (when not live,
/// waiting for it if it is on it); else, live, the worker is asked and the old strip shows on
/// meanwhile; else it is laid out here. GST_FLOW_FLUSHING when unlocked while waiting.
GstFlowReturn update_strip(TsrTickerSrc* self) {
    TickerSrcState& s = *self->state;
    const bool straight = wants_straight(s);
    if (s.prelayout_on) {
        std::unique_lock lock(s.mutex);
        auto wanted = [&](const auto& x) { return x.epoch == s.epoch && x.messages == s.messages; };
        auto coming = [&] {
            return (s.working && wanted(*s.working)) ||
                   std::any_of(s.requests.begin(), s.requests.end(), wanted);
        };
        if (!s.live) {
            // No deadline: wait for the worker rather than lay it out twice.
            s.cond.wait(lock, [&] { return s.flushing || !coming(); });
            if (s.flushing) return GST_FLOW_FLUSHING;
        }
        auto it = std::find_if(s.ready.begin(), s.ready.end(), wanted);
        if (it != s.ready.end()) {
            if (s.strip_memory) gst_memory_unref(std::exchange(s.strip_memory, nullptr));
            if (s.strip) s.retired.push_back(std::move(s.strip));
            s.strip = std::make_shared<tsr::TickerStrip>(std::move(it->strip));
            s.strip_straight = it->straight;
            // Laid out before it: for changes that were passed by, no use now.
            for (auto j = s.ready.begin(); j != it; ++j)
                s.retired.push_back(std::make_shared<tsr::TickerStrip>(std::move(j->strip)));
            s.ready.erase(s.ready.begin(), it + 1);
            lock.unlock();
            s.cond.notify_all();
            s.stale = false;
            s.layouts.fetch_add(1);
            GST_DEBUG_OBJECT(self, "strip laid out ahead: %dx%d", s.strip->width, s.strip->height);
            return GST_FLOW_OK;
        }
        if (s.live && coming()) return GST_FLOW_OK;
        if (s.live && !s.asked) {
            s.requests.push_back(Request{s.messages, s.ep.playlist, s.epoch, straight});
            if (s.requests.size() > kMaxQueued) s.requests.pop_front();
            lock.unlock();
            s.cond.notify_all();
            s.asked = true;
            GST_DEBUG_OBJECT(self, "a change not seen coming: the worker lays it out");
            return GST_FLOW_OK;
        }
        // Not asked for, or asked and not delivered (the worker failed): here.
    }
    auto strip = std::make_shared<tsr::TickerStrip>(lay_out(*s.ep.playlist, s.messages, straight));
    retire_strip(s);
    s.strip = std::move(strip);
    s.strip_straight = straight;
    s.stale = false;
    s.layouts.fetch_add(1);
    s.layouts_in_place.fetch_add(1);
    GST_DEBUG_OBJECT(self, "strip laid out on the streaming thread: %dx%d", s.strip->width,
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
    const tsr::Instant t = next_look(s.view->timebase, n, second, fps_n, fps_d);
    Messages next = tsr::ticker_messages(*s.ep.playlist, t);
    if (!(next == s.messages)) {
        bool asked = false;
        {
            std::lock_guard lock(s.mutex);
            auto same = [&](const auto& x) { return x.epoch == s.epoch && x.messages == next; };
            if (!(s.working && same(*s.working)) &&
                std::none_of(s.requests.begin(), s.requests.end(), same) &&
                std::none_of(s.ready.begin(), s.ready.end(), same)) {
                s.requests.push_back(Request{next, s.ep.playlist, s.epoch, wants_straight(s)});
                if (s.requests.size() > kMaxQueued) s.requests.pop_front();
                asked = true;
            }
        }
        if (asked) s.cond.notify_all();
    }
    s.ahead = Ahead{t, std::move(next), s.epoch};
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
    const int width = GST_VIDEO_INFO_WIDTH(&s.info), height = GST_VIDEO_INFO_HEIGHT(&s.info);
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
    gst_buffer_add_video_meta_full(buf, GST_VIDEO_FRAME_FLAG_NONE, GST_VIDEO_INFO_FORMAT(&s.info),
                                   guint(width), guint(height), 1, offsets, strides);
    return buf;
}

} // namespace

namespace {

/// Between two buffers: takes a newer playlist set by `tsr play` (hot reload); the strip
/// is laid out anew for it (update_strip). The display size and rate stay those of this run.
void take_reload(TsrTickerSrc* self) {
    TickerSrcState& s = *self->state;
    GST_OBJECT_LOCK(self);
    const int width = s.width, fps = s.fps;
    GST_OBJECT_UNLOCK(self);
    const tsr::Display& d = s.ep.playlist->display;
    if (d.width != width || d.framerate != fps ||
        tsr::ticker_height(d.height) != GST_VIDEO_INFO_HEIGHT(&s.info)) {
        GST_ELEMENT_WARNING(self, RESOURCE, SETTINGS,
                            (_("The display size or rate changed in the playlist; it takes effect "
                               "when the playout starts again.")),
                            ("reload: display kept"));
        auto copy = std::make_shared<tsr::Playlist>(*s.ep.playlist);
        copy->display.width = width;
        copy->display.framerate = fps;
        copy->display.height = s.display_height;
        s.ep.playlist = std::move(copy);
    }
    {
        std::lock_guard lock(s.mutex);
        ++s.epoch;
        s.requests.clear();
        for (Laid& l : s.ready)
            s.retired.push_back(std::make_shared<tsr::TickerStrip>(std::move(l.strip)));
        s.ready.clear();
    }
    s.cond.notify_all();
    // The messages are looked at again at this frame, for the new playlist.
    s.stale = true;
    s.asked = false;
    s.ahead.reset();
    s.checked_second.reset();
    GST_INFO_OBJECT(self, "took playlist generation %" G_GUINT64_FORMAT, s.ep.generation);
}

tsr::PlaylistPropertySlots playlist_slots(TickerSrcState& s) {
    return {PROP_PLAYLIST, PROP_START, PROP_WALL_CLOCK, s.playlist_arg, s.start_arg, s.wall_clock};
}

} // namespace

static void tsr_ticker_src_set_property(GObject* object, guint prop_id, const GValue* value,
                                        GParamSpec* pspec) {
    auto* self = TSR_TICKER_SRC(object);
    TickerSrcState& s = *self->state;
    if (tsr::set_playlist_property(object, playlist_slots(s), prop_id, value)) return;
    switch (prop_id) {
    case PROP_PRELAYOUT:
        GST_OBJECT_LOCK(self);
        s.prelayout = g_value_get_boolean(value);
        GST_OBJECT_UNLOCK(self);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
    }
}

static void tsr_ticker_src_get_property(GObject* object, guint prop_id, GValue* value,
                                        GParamSpec* pspec) {
    auto* self = TSR_TICKER_SRC(object);
    TickerSrcState& s = *self->state;
    if (tsr::get_playlist_property(object, playlist_slots(s), prop_id, value)) return;
    GST_OBJECT_LOCK(self);
    switch (prop_id) {
    case PROP_PRELAYOUT:
        g_value_set_boolean(value, s.prelayout);
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
    GST_OBJECT_UNLOCK(self);
}

static gboolean tsr_ticker_src_start(GstBaseSrc* bsrc) {
    auto* self = TSR_TICKER_SRC(bsrc);
    TickerSrcState& s = *self->state;
    GST_OBJECT_LOCK(self);
    s.ep.playlist_arg = s.playlist_arg;
    s.ep.start_arg = s.start_arg;
    s.prelayout_on = s.prelayout;
    gst_object_replace(reinterpret_cast<GstObject**>(&s.wall_clock_used),
                       GST_OBJECT_CAST(s.wall_clock));
    GST_OBJECT_UNLOCK(self);
    try {
        if (!s.ep.load(GST_ELEMENT(self), s.inbox)) return FALSE;
        s.live = s.ep.live();
        s.display_height = s.ep.playlist->display.height;
        s.view.reset();
        s.tb = tsr::element_pipeline_timebase(GST_ELEMENT(self), s.inbox, s.ep.start,
                                              s.wall_clock_used);
        s.next_frame = 0;
        s.layouts = 0;
        s.layouts_in_place = 0;
        s.layouts_ahead = 0;
        // The strip's height decides the caps: lay it out now, for the first moment to show.
        tsr::Instant first = s.ep.start ? *s.ep.start : tsr::wall_clock_now(s.wall_clock_used);
        s.messages = tsr::ticker_messages(*s.ep.playlist, first);
        retire_strip(s);
        s.strip = std::make_shared<tsr::TickerStrip>(lay_out(*s.ep.playlist, s.messages, false));
        s.strip_straight = false;
        s.layouts = 1;
        s.layouts_in_place = 1;
        s.stale = false;
        s.asked = false;
        s.ahead.reset();
        s.checked_second.reset();
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, RESOURCE, SETTINGS,
                          (_("The ticker could not be prepared: %s"), e.what()), ("start failed"));
        return FALSE;
    }
    const tsr::Display& d = s.ep.playlist->display;
    GST_OBJECT_LOCK(self);
    s.width = d.width;
    s.height = std::max(1, s.strip->height);
    s.fps = d.framerate;
    GST_OBJECT_UNLOCK(self);
    {
        std::lock_guard lock(s.mutex);
        s.flushing = false;
        s.stopping = false;
        s.requests.clear();
        s.ready.clear();
        s.retired.clear();
    }
    if (s.prelayout_on) {
        try {
            s.worker = std::thread([&s] {
                try {
                    worker_main(&s);
                } catch (...) {
                    // Never out of the thread (that ends the process): whoever waits for
                    // a strip lays it out itself.
                    std::lock_guard lock(s.mutex);
                    s.working = nullptr;
                    s.requests.clear();
                    s.cond.notify_all();
                }
            });
        } catch (const std::system_error& e) {
            GST_WARNING_OBJECT(self, "no layout worker (%s): laying out in place", e.what());
            s.prelayout_on = false;
        }
    }
    GST_INFO_OBJECT(self, "ticker %dx%d at %d/s, %g px/s, %s", d.width, s.strip->height,
                    d.framerate, s.ep.playlist->ticker.speed, s.live ? "live" : "simulated");
    return TRUE;
}

static gboolean tsr_ticker_src_stop(GstBaseSrc* bsrc) {
    auto* self = TSR_TICKER_SRC(bsrc);
    TickerSrcState& s = *self->state;
    stop_worker(s);
    if (s.strip_memory) gst_memory_unref(std::exchange(s.strip_memory, nullptr));
    s.strip.reset();
    s.ahead.reset();
    s.view.reset();
    s.tb.reset();
    gst_clear_object(&s.wall_clock_used);
    s.inbox.clear();
    s.messages = Messages{};
    GST_OBJECT_LOCK(self);
    s.width = s.height = s.fps = 0;
    GST_OBJECT_UNLOCK(self);
    return TRUE;
}

static GstCaps* tsr_ticker_src_get_caps(GstBaseSrc* bsrc, GstCaps* filter) {
    auto* self = TSR_TICKER_SRC(bsrc);
    TickerSrcState& s = *self->state;
    GST_OBJECT_LOCK(self);
    int w = s.width, h = s.height, fps = s.fps;
    GST_OBJECT_UNLOCK(self);
    return tsr::video_source_caps(bsrc, "{ BGRA, BGRx }", w, h, fps, filter);
}

static gboolean tsr_ticker_src_set_caps(GstBaseSrc* bsrc, GstCaps* caps) {
    return tsr::video_source_set_caps(bsrc, caps, &TSR_TICKER_SRC(bsrc)->state->info);
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
    if (video_meta) gst_buffer_pool_config_add_option(config, GST_BUFFER_POOL_OPTION_VIDEO_META);
    gst_buffer_pool_set_config(pool, config);
    if (update)
        gst_query_set_nth_allocation_pool(query, 0, pool, size, min, max);
    else
        gst_query_add_allocation_pool(query, pool, size, min, max);
    gst_object_unref(pool);
    return GST_BASE_SRC_CLASS(tsr_ticker_src_parent_class)->decide_allocation(bsrc, query);
}

static gboolean tsr_ticker_src_query(GstBaseSrc* bsrc, GstQuery* query) {
    auto* self = TSR_TICKER_SRC(bsrc);
    if (GST_QUERY_TYPE(query) == GST_QUERY_LATENCY) {
        // The rate is the playlist's, known from start(), before caps are negotiated.
        GST_OBJECT_LOCK(self);
        const int fps = self->state->fps;
        GST_OBJECT_UNLOCK(self);
        tsr::video_source_answer_latency(bsrc, query, fps);
        return TRUE;
    }
    if (tsr::answer_context_query(query, self->state->inbox)) return TRUE;
    return GST_BASE_SRC_CLASS(tsr_ticker_src_parent_class)->query(bsrc, query);
}

static gboolean tsr_ticker_src_is_seekable(GstBaseSrc*) {
    return FALSE;
}

static gboolean tsr_ticker_src_unlock(GstBaseSrc* bsrc) {
    return tsr::set_flushing(*TSR_TICKER_SRC(bsrc)->state, true);
}

static gboolean tsr_ticker_src_unlock_stop(GstBaseSrc* bsrc) {
    return tsr::set_flushing(*TSR_TICKER_SRC(bsrc)->state, false);
}

static GstFlowReturn tsr_ticker_src_create(GstPushSrc* psrc, GstBuffer** out) {
    auto* self = TSR_TICKER_SRC(psrc);
    TickerSrcState& s = *self->state;
    const int fps_n = GST_VIDEO_INFO_FPS_N(&s.info), fps_d = GST_VIDEO_INFO_FPS_D(&s.info);
    if (fps_n <= 0) return GST_FLOW_NOT_NEGOTIATED;
    try {
        if (s.live)
            s.next_frame =
                tsr::first_frame_worth_making(GST_ELEMENT(self), s.next_frame, fps_n, fps_d);
        tsr::follow_pipeline_timebase(GST_ELEMENT(self), *s.tb, s.view, s.ep.playlist->zone);

        const guint64 n = s.next_frame++;
        const GstClockTime pts = gst_util_uint64_scale(n, GST_SECOND * fps_d, fps_n);
        const GstClockTime next = gst_util_uint64_scale(n + 1, GST_SECOND * fps_d, fps_n);
        const tsr::Instant wall = s.view->timebase.wall_at(pts);
        if (s.ep.refresh(s.inbox)) take_reload(self);

        // Look at the messages once a second of wall time; lay out only when they changed.
        const std::int64_t second =
            std::chrono::floor<std::chrono::seconds>(wall.time_since_epoch()).count();
        const bool look = s.checked_second != second;
        if (look) {
            s.checked_second = second;
            Messages now = s.ahead && s.ahead->t == wall && s.ahead->epoch == s.epoch
                               ? std::move(s.ahead->messages)
                               : tsr::ticker_messages(*s.ep.playlist, wall);
            s.ahead.reset();
            if (!(now == s.messages)) {
                s.messages = std::move(now);
                s.stale = true;
                s.asked = false;
            }
        }
        if (s.stale) {
            GstFlowReturn ret = update_strip(self);
            if (ret != GST_FLOW_OK) return ret;
        }
        // After update_strip: a change due now goes to the worker before the next one.
        if (look && s.prelayout_on) look_ahead(s, n, second, fps_n, fps_d);

        if (GST_VIDEO_INFO_FORMAT(&s.info) == GST_VIDEO_FORMAT_BGRA && !s.strip_straight) {
            if (s.strip_memory) {
                // Frames already out point into it (caps changed to BGRA): convert a copy.
                gst_memory_unref(std::exchange(s.strip_memory, nullptr));
                s.strip = std::make_shared<tsr::TickerStrip>(*s.strip);
            }
            unpremultiply(*s.strip);
            s.strip_straight = true;
        }
        const tsr::TickerStrip& strip = *s.strip;
        std::int64_t offset = 0;
        if (strip.width > 0) {
            // Pixels moved since the Unix epoch of the wall time, rounded to the nearest: the
            // same on every screen at the same moment (and in `tsr render --at T`), and exactly
            // `speed` px per second of running time, as wall time is running time shifted.
            // Long double holds the product exactly for any date of this century.
            const long double micros = (long double)wall.time_since_epoch().count();
            const long double moved = (long double)s.ep.playlist->ticker.speed * micros / 1e6L;
            offset = std::int64_t(std::llround(moved) % strip.width);
            if (offset < 0) offset += strip.width;
        }

        GstBuffer* buf = frame_into_strip(s, offset);
        if (!buf) {
            // The window wraps round the strip's end, or downstream cannot read a stride other
            // than its own: copied into a buffer of the pool.
            GstFlowReturn ret =
                GST_BASE_SRC_CLASS(tsr_ticker_src_parent_class)
                    ->alloc(GST_BASE_SRC(self), n, GST_VIDEO_INFO_SIZE(&s.info), &buf);
            if (ret != GST_FLOW_OK) return ret;
            GstVideoFrame frame;
            if (!gst_video_frame_map(&frame, &s.info, buf, GST_MAP_WRITE)) {
                gst_buffer_unref(buf);
                GST_ELEMENT_ERROR(self, RESOURCE, WRITE, (_("Could not map an output buffer.")),
                                  (nullptr));
                return GST_FLOW_ERROR;
            }
            draw_window(strip, offset, &frame);
            gst_video_frame_unmap(&frame);
        }

        GST_BUFFER_PTS(buf) = pts;
        GST_BUFFER_DTS(buf) = GST_CLOCK_TIME_NONE;
        GST_BUFFER_DURATION(buf) = next - pts;
        GST_BUFFER_OFFSET(buf) = n;
        GST_BUFFER_OFFSET_END(buf) = n + 1;
        *out = buf;
        return GST_FLOW_OK;
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, LIBRARY, FAILED, (_("The ticker could not be drawn: %s"), e.what()),
                          ("create failed"));
    } catch (...) {
        GST_ELEMENT_ERROR(self, LIBRARY, FAILED, (_("The ticker could not be drawn.")),
                          ("unknown exception in create"));
    }
    return GST_FLOW_ERROR;
}

static void tsr_ticker_src_set_context(GstElement* element, GstContext* context) {
    tsr::element_set_context(element, context, TSR_TICKER_SRC(element)->state->inbox,
                             GST_ELEMENT_CLASS(tsr_ticker_src_parent_class));
}

static void tsr_ticker_src_finalize(GObject* object) {
    auto* self = TSR_TICKER_SRC(object);
    if (self->state) stop_worker(*self->state);
    delete std::exchange(self->state, nullptr);
    G_OBJECT_CLASS(tsr_ticker_src_parent_class)->finalize(object);
}

static void tsr_ticker_src_init(TsrTickerSrc* self) {
    self->state = new TickerSrcState();
    gst_base_src_set_format(GST_BASE_SRC(self), GST_FORMAT_TIME);
    gst_base_src_set_live(GST_BASE_SRC(self), TRUE);
}

static void tsr_ticker_src_class_init(TsrTickerSrcClass* klass) {
    GST_DEBUG_CATEGORY_INIT(tsr_ticker_src_debug, "tsrtickersrc", 0, "TSR ticker");
    auto* gobject_class = G_OBJECT_CLASS(klass);
    auto* element_class = GST_ELEMENT_CLASS(klass);
    auto* basesrc_class = GST_BASE_SRC_CLASS(klass);
    auto* pushsrc_class = GST_PUSH_SRC_CLASS(klass);

    gobject_class->set_property = tsr_ticker_src_set_property;
    gobject_class->get_property = tsr_ticker_src_get_property;
    gobject_class->finalize = tsr_ticker_src_finalize;

    tsr::install_playlist_properties(gobject_class, PROP_PLAYLIST, PROP_START, PROP_WALL_CLOCK);
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
            "thread (or in start: the first) (read only). With prelayout on, only the first and, "
            "when not live, changes the worker did not see coming (a reload) are; every such "
            "layout delays its frame by the time it takes.",
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
    element_class->set_context = tsr_ticker_src_set_context;

    basesrc_class->start = tsr_ticker_src_start;
    basesrc_class->stop = tsr_ticker_src_stop;
    basesrc_class->get_caps = tsr_ticker_src_get_caps;
    basesrc_class->set_caps = tsr_ticker_src_set_caps;
    basesrc_class->decide_allocation = tsr_ticker_src_decide_allocation;
    basesrc_class->query = tsr_ticker_src_query;
    basesrc_class->get_times = tsr::video_source_get_times;
    basesrc_class->is_seekable = tsr_ticker_src_is_seekable;
    basesrc_class->unlock = tsr_ticker_src_unlock;
    basesrc_class->unlock_stop = tsr_ticker_src_unlock_stop;
    pushsrc_class->create = tsr_ticker_src_create;
}
