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
 * when they changed (e.g. an agenda item passed, or ticker.txt was edited).
 *
 * Time: frame n has PTS n / framerate. With `start` set the element is non-live and the wall
 * time of frame n is start + PTS. With `start` empty it is live: timestamps are running time
 * of the pipeline clock (a late element skips the frames it missed) and the wall time comes
 * from the shared timebase over the wall clock (`wall-clock`, by default the system's
 * real-time clock), re-anchored when that clock jumps.
 *
 * Formats: BGRA (the default) is straight alpha, as GStreamer means it: the strip is
 * unpremultiplied once after each layout. BGRx carries the strip's bytes as they are; the
 * built-in band is opaque, so both are exact (tools/show_pipeline.hpp composes in BGRx).
 *
 * Reload (`tsr play`): a newer playlist published in the PlaylistStore is taken between two
 * frames and the strip laid out for it; the display size and rate of the run are kept.
 * The read-only `layouts` counts the layouts, for tests and benchmarks.
 *
 * Costs: one copy of the window per frame (display width x band height x 4 bytes); the
 * messages are computed once a second (that reads ticker.file when the playlist has one);
 * a layout (Pango) happens on the streaming thread when they change.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 tsrtickersrc playlist=playlists/demo ! videoconvert ! autovideosink
 * ]|
 *
 * Threads and locks: properties are guarded by the object lock; everything else belongs to
 * the streaming thread (and start/stop, which do not run at the same time).
 */
#include "element_playlist.hpp"
#include "live_timebase.hpp"
#include "render/ticker_strip.hpp"
#include "video_source.hpp"

#include <gst/base/gstpushsrc.h>
#include <gst/gst.h>
#include <gst/video/gstvideopool.h>
#include <gst/video/video.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

GST_DEBUG_CATEGORY_STATIC(tsr_ticker_src_debug);
#define GST_CAT_DEFAULT tsr_ticker_src_debug

#define TSR_TYPE_TICKER_SRC (tsr_ticker_src_get_type())
G_DECLARE_FINAL_TYPE(TsrTickerSrc, tsr_ticker_src, TSR, TICKER_SRC, GstPushSrc)

namespace {

enum { PROP_0, PROP_PLAYLIST, PROP_START, PROP_LAYOUTS, PROP_WALL_CLOCK };

using Messages = decltype(tsr::ticker_messages(std::declval<const tsr::Playlist&>(),
                                               std::declval<tsr::Instant>()));

struct TickerSrcState {
    // --- Properties (object lock).
    std::string playlist_arg;
    std::string start_arg;
    // Size and rate of the output, known after start() (object lock); 0 before.
    int width = 0, height = 0, fps = 0;
    guint64 layouts = 0;
    GstClock* wall_clock = nullptr; ///< owned ref, may be null (the real-time clock)

    // --- Streaming thread.
    tsr::ElementPlaylist ep;
    GstVideoInfo info{};
    bool live = true;
    GstClock* wall_clock_used = nullptr; ///< owned ref for the run, may be null
    std::optional<tsr::Timebase> timebase;
    std::optional<std::uint64_t> checked_running; ///< live: when the wall clock was compared
    guint64 next_frame = 0;
    int display_height = 0; ///< of this run
    std::optional<tsr::TickerStrip> strip;
    bool strip_straight = false; ///< the strip has been unpremultiplied (BGRA output)
    Messages messages{};
    std::optional<std::int64_t> checked_second; ///< wall second the messages were looked at

    ~TickerSrcState() {
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
        for (int x = 0; x < strip.width; ++x, p += 4) {
            const unsigned a = p[3];
            if (a == 0 || a == 255) continue;
            for (int c = 0; c < 3; ++c)
                p[c] = std::uint8_t(std::min(255u, (p[c] * 255u + a / 2) / a));
        }
    }
}

/// Lays the strip out for the messages at `wall` (the streaming thread, or start()).
void relayout(TsrTickerSrc* self, tsr::Instant wall) {
    TickerSrcState& s = *self->state;
    s.strip = tsr::layout_ticker(*s.ep.playlist, wall, s.ep.playlist->display.width);
    if (s.strip->stride < s.strip->width * 4 ||
        s.strip->bgra.size() < std::size_t(s.strip->stride) * std::size_t(s.strip->height))
        throw std::runtime_error("the ticker strip has a wrong size");
    s.strip_straight = false;
    GST_OBJECT_LOCK(self);
    ++s.layouts;
    GST_OBJECT_UNLOCK(self);
    GST_DEBUG_OBJECT(self, "strip laid out: %dx%d", s.strip->width, s.strip->height);
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

} // namespace

namespace {

/// Between two buffers: takes a newer playlist published by `tsr play` (hot reload) and lays
/// the strip out for it. The display size and rate stay those of this run.
void take_reload(TsrTickerSrc* self, tsr::Instant wall) {
    TickerSrcState& s = *self->state;
    GST_OBJECT_LOCK(self);
    const int width = s.width, fps = s.fps;
    GST_OBJECT_UNLOCK(self);
    const tsr::Display& d = s.ep.playlist->display;
    if (d.width != width || d.framerate != fps ||
        tsr::ticker_height(d.height) != GST_VIDEO_INFO_HEIGHT(&s.info)) {
        GST_ELEMENT_WARNING(self, RESOURCE, SETTINGS,
                            ("The display size or rate changed in the playlist; it takes effect "
                             "when the playout starts again."),
                            ("reload: display kept"));
        auto copy = std::make_shared<tsr::Playlist>(*s.ep.playlist);
        copy->display.width = width;
        copy->display.framerate = fps;
        copy->display.height = s.display_height;
        s.ep.playlist = std::move(copy);
    }
    s.messages = tsr::ticker_messages(*s.ep.playlist, wall);
    relayout(self, wall);
    s.checked_second.reset();
    GST_INFO_OBJECT(self, "took playlist generation %" G_GUINT64_FORMAT, s.ep.generation);
}

} // namespace

static void tsr_ticker_src_set_property(GObject* object, guint prop_id, const GValue* value,
                                        GParamSpec* pspec) {
    auto* self = TSR_TICKER_SRC(object);
    TickerSrcState& s = *self->state;
    switch (prop_id) {
    case PROP_PLAYLIST: {
        const char* v = g_value_get_string(value);
        GST_OBJECT_LOCK(self);
        s.playlist_arg = v ? v : "";
        GST_OBJECT_UNLOCK(self);
        break;
    }
    case PROP_START: {
        const char* v = g_value_get_string(value);
        GST_OBJECT_LOCK(self);
        s.start_arg = v ? v : "";
        bool live = s.start_arg.empty();
        GST_OBJECT_UNLOCK(self);
        gst_base_src_set_live(GST_BASE_SRC(self), live);
        break;
    }
    case PROP_WALL_CLOCK:
        GST_OBJECT_LOCK(self);
        gst_object_replace(reinterpret_cast<GstObject**>(&s.wall_clock),
                           GST_OBJECT_CAST(g_value_get_object(value)));
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
    GST_OBJECT_LOCK(self);
    switch (prop_id) {
    case PROP_PLAYLIST:
        g_value_set_string(value, s.playlist_arg.c_str());
        break;
    case PROP_START:
        g_value_set_string(value, s.start_arg.c_str());
        break;
    case PROP_LAYOUTS:
        g_value_set_uint64(value, s.layouts);
        break;
    case PROP_WALL_CLOCK:
        g_value_set_object(value, s.wall_clock);
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
    s.layouts = 0;
    gst_object_replace(reinterpret_cast<GstObject**>(&s.wall_clock_used),
                       GST_OBJECT_CAST(s.wall_clock));
    GST_OBJECT_UNLOCK(self);
    try {
        if (!s.ep.load(GST_ELEMENT(self))) return FALSE;
        s.live = s.ep.live();
        s.display_height = s.ep.playlist->display.height;
        s.timebase.reset();
        s.checked_running.reset();
        s.next_frame = 0;
        // The strip's height decides the caps: lay it out now, for the first moment to show.
        tsr::Instant first = s.ep.start ? *s.ep.start : tsr::wall_clock_now(s.wall_clock_used);
        s.messages = tsr::ticker_messages(*s.ep.playlist, first);
        relayout(self, first);
        s.checked_second.reset();
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, RESOURCE, SETTINGS,
                          ("The ticker could not be prepared: %s", e.what()), ("start failed"));
        return FALSE;
    }
    const tsr::Display& d = s.ep.playlist->display;
    GST_OBJECT_LOCK(self);
    s.width = d.width;
    s.height = std::max(1, s.strip->height);
    s.fps = d.framerate;
    GST_OBJECT_UNLOCK(self);
    GST_INFO_OBJECT(self, "ticker %dx%d at %d/s, %g px/s, %s", d.width, s.strip->height,
                    d.framerate, s.ep.playlist->ticker.speed, s.live ? "live" : "simulated");
    return TRUE;
}

static gboolean tsr_ticker_src_stop(GstBaseSrc* bsrc) {
    auto* self = TSR_TICKER_SRC(bsrc);
    TickerSrcState& s = *self->state;
    s.strip.reset();
    s.timebase.reset();
    gst_clear_object(&s.wall_clock_used);
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
    if (gst_query_find_allocation_meta(query, GST_VIDEO_META_API_TYPE, nullptr))
        gst_buffer_pool_config_add_option(config, GST_BUFFER_POOL_OPTION_VIDEO_META);
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
    return GST_BASE_SRC_CLASS(tsr_ticker_src_parent_class)->query(bsrc, query);
}

static gboolean tsr_ticker_src_is_seekable(GstBaseSrc*) {
    return FALSE;
}

static GstFlowReturn tsr_ticker_src_fill(GstPushSrc* psrc, GstBuffer* buf) {
    auto* self = TSR_TICKER_SRC(psrc);
    TickerSrcState& s = *self->state;
    const int fps_n = GST_VIDEO_INFO_FPS_N(&s.info), fps_d = GST_VIDEO_INFO_FPS_D(&s.info);
    if (fps_n <= 0) return GST_FLOW_NOT_NEGOTIATED;
    try {
        if (s.live)
            s.next_frame =
                tsr::first_frame_worth_making(GST_ELEMENT(self), s.next_frame, fps_n, fps_d);
        if (!s.timebase)
            s.timebase = tsr::element_timebase(GST_ELEMENT(self), s.ep, s.wall_clock_used);
        if (s.live)
            tsr::follow_wall_clock(GST_ELEMENT(self), *s.timebase, s.wall_clock_used,
                                   s.checked_running);

        const guint64 n = s.next_frame++;
        const GstClockTime pts = gst_util_uint64_scale(n, GST_SECOND * fps_d, fps_n);
        const GstClockTime next = gst_util_uint64_scale(n + 1, GST_SECOND * fps_d, fps_n);
        const tsr::Instant wall = s.timebase->wall_at(pts);
        if (s.ep.refresh()) take_reload(self, wall);

        // Look at the messages once a second of wall time; lay out only when they changed.
        const std::int64_t second =
            std::chrono::floor<std::chrono::seconds>(wall.time_since_epoch()).count();
        if (s.checked_second != second) {
            s.checked_second = second;
            Messages now = tsr::ticker_messages(*s.ep.playlist, wall);
            if (!(now == s.messages)) {
                s.messages = std::move(now);
                relayout(self, wall);
            }
        }

        if (GST_VIDEO_INFO_FORMAT(&s.info) == GST_VIDEO_FORMAT_BGRA && !s.strip_straight) {
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

        GstVideoFrame frame;
        if (!gst_video_frame_map(&frame, &s.info, buf, GST_MAP_WRITE)) {
            GST_ELEMENT_ERROR(self, RESOURCE, WRITE, ("Could not map an output buffer."),
                              (nullptr));
            return GST_FLOW_ERROR;
        }
        draw_window(strip, offset, &frame);
        gst_video_frame_unmap(&frame);

        GST_BUFFER_PTS(buf) = pts;
        GST_BUFFER_DTS(buf) = GST_CLOCK_TIME_NONE;
        GST_BUFFER_DURATION(buf) = next - pts;
        GST_BUFFER_OFFSET(buf) = n;
        GST_BUFFER_OFFSET_END(buf) = n + 1;
        return GST_FLOW_OK;
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, LIBRARY, FAILED, ("The ticker could not be drawn: %s", e.what()),
                          ("fill failed"));
    } catch (...) {
        GST_ELEMENT_ERROR(self, LIBRARY, FAILED, ("The ticker could not be drawn."),
                          ("unknown exception in fill"));
    }
    return GST_FLOW_ERROR;
}

static void tsr_ticker_src_finalize(GObject* object) {
    auto* self = TSR_TICKER_SRC(object);
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

    tsr::install_playlist_properties(gobject_class, PROP_PLAYLIST, PROP_START);
    g_object_class_install_property(
        gobject_class, PROP_LAYOUTS,
        g_param_spec_uint64(
            "layouts", "Layouts",
            "How many times the ticker text has been laid out into its strip since the element "
            "last started (read only). The strip is laid out once at start and again only when "
            "the messages change; every frame is a window into it.",
            0, G_MAXUINT64, 0, GParamFlags(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
    g_object_class_install_property(
        gobject_class, PROP_WALL_CLOCK,
        g_param_spec_object(
            "wall-clock", "Wall clock", tsr::kWallClockPropertyBlurb, GST_TYPE_CLOCK,
            GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY)));

    gst_element_class_set_static_metadata(
        element_class, "TSR ticker", "Source/Video",
        "The playlist's scrolling ticker as a BGRA strip as wide as the display, moving "
        "exactly the playlist's speed in pixels per second",
        "TSR");
    gst_element_class_add_static_pad_template(element_class, &src_template);

    basesrc_class->start = tsr_ticker_src_start;
    basesrc_class->stop = tsr_ticker_src_stop;
    basesrc_class->get_caps = tsr_ticker_src_get_caps;
    basesrc_class->set_caps = tsr_ticker_src_set_caps;
    basesrc_class->decide_allocation = tsr_ticker_src_decide_allocation;
    basesrc_class->query = tsr_ticker_src_query;
    basesrc_class->get_times = tsr::video_source_get_times;
    basesrc_class->is_seekable = tsr_ticker_src_is_seekable;
    pushsrc_class->fill = tsr_ticker_src_fill;
}
