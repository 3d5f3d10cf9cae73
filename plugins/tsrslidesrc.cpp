/**
 * SECTION:element-tsrslidesrc
 * @title: tsrslidesrc
 *
 * The TSR slide layer: the playlist's rotation of slides and its reminder slides (clock and
 * date included) as full-screen video at the playlist's display size and framerate.
 *
 * Render once, push often: a picture is rendered (SVG through librsvg) only when its content
 * key changes (new slide or page, new minute of the clock, a reminder starting or ending) and
 * the same memory is then pushed by reference, frame after frame. With `prerender` on (the
 * default) every picture is rendered by a worker thread, never on the streaming thread: the
 * next one ahead of time, looking one second ahead of the frame being made, so that a change
 * never makes a frame late. The first picture is rendered when the element starts. A picture
 * the worker did not see coming (a reload, a change less than a second after the last look)
 * is asked of it at the frame that needs it; live, the old picture shows until it is ready
 * (a few frames), else the frame waits for it.
 *
 * Video slides: the picture is the office background and each frame draws the clip's frame
 * at that instant on it (wall time - when this showing of the clip began; SlideContentKey),
 * fitted above the ticker band. Frames come from a per-clip decoder (video/video_clip.hpp: its
 * own small pipeline, decoding on its own threads, sought accurately when playout starts or
 * resumes mid-clip). Each showing of a clip has a decoder of its own, opened by the look ahead
 * a second before it is due and closed by the prerender worker (closing joins threads). Not live
 * (`start` set: record, render) a frame waits for the clip's frame, so the output is the same every
 * run; live it takes what is decoded already (the background, or the previous frame, while the clip
 * opens or lags).
 *
 * Pixels: the renderer's premultiplied BGRA, pushed as is. Slides are opaque (every built-in
 * template paints a full background), so BGRx and BGRA carry the same bytes; BGRx (the
 * default) lets compositor copy the slide instead of blending it.
 *
 * Time: frame n has PTS n / framerate. With `start` set the element is non-live and the wall
 * time of frame n is start + PTS. With `start` empty it is live: timestamps are running time
 * of the pipeline clock (a late element skips the frames it missed) and the wall time comes
 * from the wall clock (`wall-clock`, by default the system's real-time clock) through the
 * pipeline's timebase (pipeline_timebase.hpp: one for all tsr elements of the pipeline),
 * compared with the wall clock once a second of running time and re-anchored when it jumps.
 * Live with `frames-per-buffer` N > 1 (TsrLookaheadSrc's property; tsr play: a third of a
 * second), an unchanged picture goes out as one buffer lasting up to N frames, which tsrcompose
 * repeats frame by frame; a change still starts a buffer at its own frame. Each buffer then
 * goes out one frame after the previous one began, so that tsrcompose always holds the next
 * one: the streaming thread wakes about 3 times a second instead of 30, and a reload or an
 * announcement shows at most 2N frames later.
 *
 * Playlist: the pipeline's "tsr.playlist" context when it has one (playlist_context.hpp;
 * `tsr` sets it), else `playlist`, loaded once for the pipeline.
 *
 * Reload (`tsr play`): a newer playlist set as the pipeline's context is taken between two
 * frames; pictures made for the old one are dropped and the current one is rendered anew by
 * the worker (live, the old picture shows meanwhile). The display size and rate of the
 * run are kept; a change of [display] takes effect at the next start.
 *
 * Each time the slide shown changes (another slide or page, a reminder slide coming or going;
 * not the clock's minute) it posts an element message `tsr-slide` with that slide's first
 * frame: `running-time` (guint64 ns, the frame's PTS), `wall` (ISO 8601 with offset, the time
 * of day the frame shows), `slide` and `page` (int, -1: nothing may show), `reminder-id` (the
 * reminder slide's activity, else empty), `first` (boolean: the first since start) and
 * `outcome`: "played", or "skipped: render failed: REASON" when the office slide shows
 * instead (SlideRenderer::render). The as-run log writes it once that frame reaches the sink.
 * Each time the minute on the picture's clock changes it posts `tsr-clock` (tsr_messages.hpp)
 * with that frame's running time and the minute: `tsr play` rebuilds the pipeline when the
 * clock on screen stops changing.
 *
 * An announcement (`tsr play --console`: a "tsr.announcement" context,
 * announcement_context.hpp) shows over the rotation and the reminder slides from its `from`
 * to its `until` wall time, on the built-in template announce.svg, rendered like any picture
 * (the worker; the clock's minute redraws it). Its first frame's `tsr-slide` message also has
 * `announced-by` (the user), `announcement` (the as-run detail) and `announcement-from`
 * (ISO 8601); the as-run log writes it as an `announce` row.
 *
 * Read-only counters for tests and benchmarks: `renders` (pictures rendered) and
 * `renders-in-place` (of those, rendered on the streaming thread).
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 tsrslidesrc playlist=playlists/demo ! videoconvert ! autovideosink
 * gst-launch-1.0 tsrslidesrc playlist=playlists/demo start="2026-11-30 09:00" num-buffers=1 \
 *     ! videoconvert ! pngenc ! filesink location=slide.png
 * ]|
 *
 * Built on TsrLookaheadSrc (tsrlookaheadsrc.hpp), which owns the playlist, time, caps,
 * reload and the worker; this file says what a picture is (SlideWork: a SlideContentKey
 * rendered by SlideRenderer) and draws the frames. The streaming thread owns SlideSrcState
 * but for the renderer the worker uses (its own).
 */
#include "tsrlookaheadsrc.hpp"

#include "element_playlist.hpp"
#include "i18n.hpp"
#include "render/slide_renderer.hpp"
#include "tsr_messages.hpp"
#include "video/video_clip.hpp"

#include <gst/gst.h>
#include <gst/video/video.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

GST_DEBUG_CATEGORY_STATIC(tsr_slide_src_debug);
#define GST_CAT_DEFAULT tsr_slide_src_debug

#define TSR_TYPE_SLIDE_SRC (tsr_slide_src_get_type())
G_DECLARE_FINAL_TYPE(TsrSlideSrc, tsr_slide_src, TSR, SLIDE_SRC, TsrLookaheadSrc)

namespace {

constexpr gboolean DEFAULT_PRERENDER = TRUE;
/// How far ahead of the frame being made the worker looks for the next picture.
constexpr auto kLookahead = std::chrono::seconds(1);
/// How often the streaming thread looks ahead (in wall time): a change is seen at least
/// kLookahead - kLookaheadEvery before it is due.
constexpr auto kLookaheadEvery = std::chrono::milliseconds(200);
/// Pictures rendered ahead and not shown yet, at most.
constexpr std::size_t kMaxReady = 3;

enum { PROP_0, PROP_PRERENDER, PROP_RENDERS, PROP_RENDERS_IN_PLACE };

/// A rendered picture wrapped, without copying, in a read-only GstBuffer.
GstBuffer* wrap_frame(tsr::SlideFrame&& frame) {
    const std::size_t row = std::size_t(frame.width) * 4;
    if (std::size_t(frame.stride) != row) {
        // Output buffers use the default stride of the negotiated caps: repack.
        std::vector<uint8_t> packed(row * std::size_t(frame.height));
        for (int y = 0; y < frame.height; ++y)
            std::memcpy(packed.data() + row * std::size_t(y),
                        frame.bgra.data() + std::size_t(frame.stride) * std::size_t(y), row);
        frame.bgra = std::move(packed);
        frame.stride = int(row);
    }
    auto* holder = new tsr::SlideFrame(std::move(frame));
    return gst_buffer_new_wrapped_full(GST_MEMORY_FLAG_READONLY, holder->bgra.data(),
                                       holder->bgra.size(), 0, holder->bgra.size(), holder,
                                       [](gpointer p) { delete static_cast<tsr::SlideFrame*>(p); });
}

/// A picture for the worker: a key, at the instant it will show, with the playlist it is
/// rendered for; once made, the picture and why the office slide shows instead (or empty).
struct SlideWork final : tsr::LookaheadWork {
    SlideWork(tsr::SlideContentKey k, tsr::Instant at, std::shared_ptr<const tsr::Playlist> p)
        : key(std::move(k)), t(at), playlist(std::move(p)) {}
    ~SlideWork() override {
        if (buffer) gst_buffer_unref(buffer);
    }
    bool same(const tsr::LookaheadWork& other) const override {
        return key == static_cast<const SlideWork&>(other).key;
    }
    std::unique_ptr<tsr::LookaheadWork> fresh() const override {
        return std::make_unique<SlideWork>(key, t, playlist);
    }

    tsr::SlideContentKey key;
    tsr::Instant t;
    std::shared_ptr<const tsr::Playlist> playlist;
    GstBuffer* buffer = nullptr; ///< owned
    std::string render_error;
};

struct SlideSrcState {
    TsrSlideSrc* self = nullptr; ///< the element this is the state of (not a reference)
    std::atomic<guint64> renders{0};
    std::atomic<guint64> renders_in_place{0};

    // --- Streaming thread (prepare to release).
    std::unique_ptr<tsr::SlideRenderer> renderer; ///< key_at and renders in place
    std::optional<tsr::SlideContentKey> shown_key;
    GstBuffer* shown = nullptr;                  ///< owned
    std::optional<tsr::Instant> looked_ahead_at; ///< wall time of the last look ahead
    /// Why the picture shown is the office slide instead (render error), or empty.
    std::string shown_error;
    /// The slide (not the clock's minute) last announced with `tsr-slide`.
    std::optional<tsr::SlideContentKey> announced;
    /// The clock's minute last posted with `tsr-clock`.
    std::optional<long long> clock_posted;
    /// The video slide's clip being decoded (its slide index and file), or null.
    std::unique_ptr<tsr::VideoClip> clip;
    int clip_slide = -1;
    tsr::Instant clip_began{}; ///< the showing it plays (SlideContentKey::video_began)
    std::filesystem::path clip_file;
    bool clip_warned = false; ///< its failure was said once
    /// The next video slide's clip, opened (on its own threads) when the look ahead sees it
    /// coming, so that its first frame is decoded when it is due.
    std::unique_ptr<tsr::VideoClip> next_clip;
    int next_clip_slide = -1;
    tsr::Instant next_clip_began{};

    // --- The worker's own.
    std::shared_ptr<const tsr::Playlist> worker_playlist;
    std::unique_ptr<tsr::SlideRenderer> worker_renderer;

    tsr::LookaheadRun& run() const { return tsr::lookahead_run(TSR_LOOKAHEAD_SRC(self)); }

    ~SlideSrcState() { clear_pictures(); }

    void clear_pictures() {
        next_clip.reset();
        next_clip_slide = -1;
        clip.reset();
        clip_slide = -1;
        clip_warned = false;
        if (shown) gst_buffer_unref(std::exchange(shown, nullptr));
        shown_key.reset();
    }
};

} // namespace

struct _TsrSlideSrc {
    TsrLookaheadSrc parent;
    SlideSrcState* state;
};

G_DEFINE_TYPE(TsrSlideSrc, tsr_slide_src, TSR_TYPE_LOOKAHEAD_SRC)
GST_ELEMENT_REGISTER_DEFINE(tsrslidesrc, "tsrslidesrc", GST_RANK_NONE, TSR_TYPE_SLIDE_SRC)

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE(
    "src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS(GST_VIDEO_CAPS_MAKE("{ BGRx, BGRA }")));

namespace {

/// Renders `key` with `renderer` and wraps it; counts the render. `error`: why the office
/// slide shows instead, or empty.
GstBuffer* render_picture(SlideSrcState& s, tsr::SlideRenderer& renderer,
                          const tsr::SlideContentKey& key, tsr::Instant t, std::string& error) {
    tsr::SlideFrame frame = renderer.render(key, t, &error);
    s.renders.fetch_add(1);
    if (!error.empty()) {
        // The renderer shows a plain fallback picture; the show goes on, and says why.
        GST_ELEMENT_WARNING(s.self, RESOURCE, READ,
                            (_("A slide could not be rendered: %s"), error.c_str()),
                            ("slide %d page %d", key.slide, key.page));
    }
    // The display of this run (fixed from start() to stop(); a reload keeps it).
    const tsr::Display& d = s.run().display;
    if (frame.width != d.width || frame.height != d.height || frame.stride < frame.width * 4 ||
        frame.bgra.size() < std::size_t(frame.stride) * std::size_t(frame.height))
        throw std::runtime_error(
            tsr::i18n::format(_("the slide renderer returned a picture of %sx%s for a display of "
                                "%sx%s"),
                              frame.width, frame.height, d.width, d.height));
    return wrap_frame(std::move(frame));
}

/// On the worker: renders the requested key ahead of time.
void tsr_slide_src_make_ahead(TsrLookaheadSrc* base, tsr::LookaheadWork& work) {
    SlideSrcState& s = *TSR_SLIDE_SRC(base)->state;
    auto& w = static_cast<SlideWork&>(work);
    if (!s.worker_renderer || s.worker_playlist != w.playlist) {
        s.worker_playlist = w.playlist;
        s.worker_renderer = std::make_unique<tsr::SlideRenderer>(w.playlist);
    }
    w.buffer = render_picture(s, *s.worker_renderer, w.key, w.t, w.render_error);
}

/// Hands a clip done with to the worker to close (closing joins its threads); closes it here
/// without one.
void retire_clip(SlideSrcState& s, std::unique_ptr<tsr::VideoClip> clip) {
    if (clip) tsr::lookahead_retire(TSR_LOOKAHEAD_SRC(s.self), std::move(clip));
}

/// The frame of a video slide at `wall`: the clip's frame drawn on the shown picture (the office
/// background), or null when the clip has nothing to show yet (or failed: said once).
GstBuffer* clip_picture(SlideSrcState& s, const tsr::SlideContentKey& key, tsr::Instant wall) {
    const tsr::Slide& slide = s.run().ep.playlist->slides[std::size_t(key.slide)];
    const tsr::VideoArea area = tsr::video_area(s.run().display);
    // Each showing plays a clip opened for it (from its first frame, no seek back).
    if (!s.clip || s.clip_slide != key.slide || s.clip_file != slide.video ||
        s.clip_began != key.video_began) {
        retire_clip(s, std::move(s.clip));
        if (s.next_clip && s.next_clip_slide == key.slide && s.next_clip_began == key.video_began)
            s.clip = std::move(s.next_clip); // seen coming: opened already
        else
            s.clip = std::make_unique<tsr::VideoClip>(slide.video, area.width, area.height);
        retire_clip(s, std::move(s.next_clip));
        s.next_clip_slide = -1;
        s.clip_began = key.video_began;
        s.clip_slide = key.slide;
        s.clip_file = slide.video;
        s.clip_warned = false;
    }
    std::shared_ptr<const tsr::VideoFrame> frame =
        s.clip->frame_at(wall - key.video_began, !s.run().live);
    if (s.clip->poll() == tsr::VideoClip::State::failed && !s.clip_warned) {
        s.clip_warned = true;
        GST_ELEMENT_WARNING(GST_ELEMENT(s.self), RESOURCE, READ,
                            (_("A video could not be played: %s %s"),
                             slide.video.filename().c_str(), s.clip->problem().c_str()),
                            ("slide %d", key.slide));
    }
    if (!frame) return nullptr;
    const int width = s.run().display.width, height = s.run().display.height;
    const int fw = std::min(frame->width(), area.width),
              fh = std::min(frame->height(), area.height);
    const int x0 = (area.width - fw) / 2, y0 = (area.height - fh) / 2;
    const std::size_t row = std::size_t(width) * 4;
    GstBuffer* out = gst_buffer_new_allocate(nullptr, row * std::size_t(height), nullptr);
    GstMapInfo bg, dst;
    if (!out) return nullptr;
    if (!gst_buffer_map(s.shown, &bg, GST_MAP_READ)) {
        gst_buffer_unref(out);
        return nullptr;
    }
    if (!gst_buffer_map(out, &dst, GST_MAP_WRITE) || bg.size < row * std::size_t(height)) {
        gst_buffer_unmap(s.shown, &bg);
        gst_buffer_unref(out);
        return nullptr;
    }
    // One pass over the screen: the background around the clip, the clip's rows in its place.
    for (int y = 0; y < height; ++y) {
        std::uint8_t* d = dst.data + row * std::size_t(y);
        const std::uint8_t* b = bg.data + row * std::size_t(y);
        if (y < y0 || y >= y0 + fh) {
            std::memcpy(d, b, row);
            continue;
        }
        const std::size_t left = std::size_t(x0) * 4, clip_row = std::size_t(fw) * 4;
        std::memcpy(d, b, left);
        std::memcpy(d + left, frame->row(y - y0), clip_row);
        std::memcpy(d + left + clip_row, b + left + clip_row, row - left - clip_row);
    }
    gst_buffer_unmap(out, &dst);
    gst_buffer_unmap(s.shown, &bg);
    return out;
}

bool is_video_slide(const SlideSrcState& s, const tsr::SlideContentKey& key) {
    return key.reminder_id.empty() && key.slide >= 0 &&
           std::size_t(key.slide) < s.run().ep.playlist->slides.size() &&
           !s.run().ep.playlist->slides[std::size_t(key.slide)].video.empty();
}

/// `tsr-slide` (see the element's documentation) when the slide shown changes; not for a new
/// minute of the clock on the same slide.
void announce_slide(GstElement* element, SlideSrcState& s, const tsr::SlideContentKey& key,
                    GstClockTime pts, tsr::Instant wall) {
    tsr::SlideContentKey what = key;
    what.minute = 0;
    if (s.announced && *s.announced == what) return;
    const bool first = !s.announced.has_value();
    s.announced = what;
    const std::string outcome =
        s.shown_error.empty()
            ? std::string("played")
            : "skipped: " + tsr::i18n::format(_("render failed: %s"), s.shown_error);
    std::shared_ptr<const tsr::Announcement> a = s.run().inbox.announcement();
    if (!a || a->id != key.announcement_id) a.reset();
    GstStructure* st = gst_structure_new(
        "tsr-slide", "running-time", G_TYPE_UINT64, guint64(pts), "wall", G_TYPE_STRING,
        tsr::format_iso(s.run().ep.playlist->zone, wall).c_str(), "slide", G_TYPE_INT, key.slide,
        "page", G_TYPE_INT, key.page, "reminder-id", G_TYPE_STRING, key.reminder_id.c_str(),
        "first", G_TYPE_BOOLEAN, gboolean(first), "outcome", G_TYPE_STRING, outcome.c_str(),
        nullptr);
    if (a)
        gst_structure_set(st, "announced-by", G_TYPE_STRING, a->user.c_str(), "announcement",
                          G_TYPE_STRING, tsr::announcement_detail(*a).c_str(), "announcement-from",
                          G_TYPE_STRING,
                          tsr::format_iso(s.run().ep.playlist->zone, a->from).c_str(), nullptr);
    gst_element_post_message(element, gst_message_new_element(GST_OBJECT(element), st));
}

/// What shows at `t`: the renderer's key, or the announcement showing then over it.
tsr::SlideContentKey key_with_announcement(SlideSrcState& s, tsr::Instant t) {
    tsr::SlideContentKey key = s.renderer->key_at(t);
    std::shared_ptr<const tsr::Announcement> a = s.run().inbox.announcement();
    if (a && a->showing_at(t)) {
        key.slide = -1;
        key.page = 0;
        key.reminder_id.clear();
        key.reminder_due = {};
        key.video_began = {}; // a clip under it goes on, unseen
        key.announcement_id = a->id;
        key.announcement = a->text;
    }
    return key;
}

/// Asks the worker for the picture due within the lookahead, if it is a new one.
void request_ahead(SlideSrcState& s, const tsr::SlideContentKey& current, tsr::Instant wall) {
    tsr::Instant ahead = wall + kLookahead;
    tsr::SlideContentKey next = key_with_announcement(s, ahead);
    if (next == current) return;
    if (is_video_slide(s, next) &&
        !(next.slide == s.clip_slide && next.video_began == s.clip_began) &&
        !(next.slide == s.next_clip_slide && next.video_began == s.next_clip_began)) {
        const tsr::VideoArea area = tsr::video_area(s.run().display);
        retire_clip(s, std::move(s.next_clip));
        s.next_clip = std::make_unique<tsr::VideoClip>(
            s.run().ep.playlist->slides[std::size_t(next.slide)].video, area.width, area.height);
        s.next_clip_slide = next.slide;
        s.next_clip_began = next.video_began;
    }
    tsr::lookahead_ask(TSR_LOOKAHEAD_SRC(s.self),
                       std::make_unique<SlideWork>(std::move(next), ahead, s.run().ep.playlist));
}

/// The picture for `key` at `wall`: the worker's (waiting for it when `may_wait` or when it
/// was seen coming), else rendered here. Null (and the old picture stays) when the worker has
/// not made it yet, or when flushing (`*flushing`).
GstBuffer* obtain_picture(SlideSrcState& s, const tsr::SlideContentKey& key, tsr::Instant t,
                          bool may_wait, bool* flushing, std::string& error) {
    tsr::Taken taken;
    std::unique_ptr<tsr::LookaheadWork> made =
        tsr::lookahead_take(TSR_LOOKAHEAD_SRC(s.self), SlideWork(key, t, s.run().ep.playlist),
                            may_wait, &taken, nullptr);
    switch (taken) {
    case tsr::Taken::made: {
        auto& w = static_cast<SlideWork&>(*made);
        error = std::move(w.render_error);
        GST_DEBUG_OBJECT(s.self, "picture rendered ahead");
        return std::exchange(w.buffer, nullptr);
    }
    case tsr::Taken::flushing:
        *flushing = true;
        return nullptr;
    case tsr::Taken::not_yet:
        return nullptr;
    case tsr::Taken::here:
        break;
    }
    // No worker, or it failed: rendered here, which reports why it fails.
    GST_DEBUG_OBJECT(s.self, "rendering on the streaming thread");
    s.renders_in_place.fetch_add(1);
    return render_picture(s, *s.renderer, key, t, error);
}

/// A newer playlist was taken: the current picture is rendered anew for it (live, the old one
/// shows meanwhile).
void tsr_slide_src_reload(TsrLookaheadSrc* base) {
    SlideSrcState& s = *TSR_SLIDE_SRC(base)->state;
    s.renderer = std::make_unique<tsr::SlideRenderer>(s.run().ep.playlist);
    s.shown_key.reset();               // an equal key may show other content now
    retire_clip(s, std::move(s.clip)); // the clip may be another file under the same slide now
    s.clip_slide = -1;
    retire_clip(s, std::move(s.next_clip));
    s.next_clip_slide = -1;
    s.looked_ahead_at.reset();
}

int tsr_slide_src_prepare(TsrLookaheadSrc* base, tsr::Instant first) {
    auto* self = TSR_SLIDE_SRC(base);
    SlideSrcState& s = *self->state;
    try {
        s.renderer = std::make_unique<tsr::SlideRenderer>(s.run().ep.playlist);
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, RESOURCE, SETTINGS,
                          (_("The slides could not be prepared: %s"), e.what()), ("start failed"));
        return 0;
    }
    s.looked_ahead_at.reset();
    s.renders = 0;
    s.renders_in_place = 0;
    s.clear_pictures();
    s.announced.reset();
    s.clock_posted.reset();
    s.shown_error.clear();
    // The first picture, here rather than on the streaming thread; should the first frame be
    // due another picture, the worker renders that one.
    try {
        tsr::SlideContentKey key = s.renderer->key_at(first);
        s.shown = render_picture(s, *s.renderer, key, first, s.shown_error);
        s.shown_key = std::move(key);
        s.renders_in_place = 1;
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, LIBRARY, FAILED, (_("A slide could not be rendered: %s"), e.what()),
                          ("first picture failed"));
        return 0;
    }
    const tsr::LookaheadRun& run = s.run();
    GST_INFO_OBJECT(self, "playlist %s: %dx%d at %d/s, %s", run.ep.playlist_arg.c_str(),
                    run.display.width, run.display.height, run.display.framerate,
                    run.live ? "live" : "simulated");
    return run.display.height;
}

void tsr_slide_src_release(TsrLookaheadSrc* base) {
    SlideSrcState& s = *TSR_SLIDE_SRC(base)->state;
    s.clear_pictures();
    s.renderer.reset();
    s.worker_renderer.reset();
    s.worker_playlist.reset();
}

GstFlowReturn tsr_slide_src_fill(TsrLookaheadSrc* base, guint64 n, GstClockTime pts,
                                 tsr::Instant wall, GstBuffer** out) {
    auto* self = TSR_SLIDE_SRC(base);
    SlideSrcState& s = *self->state;
    tsr::LookaheadRun& run = s.run();
    tsr::SlideContentKey key = key_with_announcement(s, wall);
    if (!s.shown_key || !(*s.shown_key == key)) {
        // Live with a picture to show, nothing waits for a picture not seen coming: a stalled
        // screen is seen, a picture a few frames late after a reload is not.
        bool flushing = false;
        std::string error;
        GstBuffer* picture = obtain_picture(s, key, wall, !run.live || !s.shown, &flushing, error);
        if (flushing) return GST_FLOW_FLUSHING;
        if (picture) {
            if (s.shown) gst_buffer_unref(s.shown);
            s.shown = picture;
            s.shown_error = std::move(error);
            s.shown_key = std::move(key);
            GST_DEBUG_OBJECT(self, "new picture at frame %" G_GUINT64_FORMAT, n);
        }
    }
    // Announced with the frame that shows it (the first one: rendered at start).
    if (s.shown_key) announce_slide(GST_ELEMENT(self), s, *s.shown_key, pts, wall);
    // The minute the picture's clock shows, when it changes: what `tsr play`'s watchdog
    // holds against the wall clock (a picture that stopped being renewed shows an old one).
    if (s.shown_key && s.clock_posted != s.shown_key->minute) {
        s.clock_posted = s.shown_key->minute;
        tsr::ClockMessage m{tsr::Nanos(std::int64_t(pts)),
                            tsr::Instant(std::chrono::minutes(s.shown_key->minute))};
        gst_element_post_message(
            GST_ELEMENT(self), tsr::make_clock_message(GST_OBJECT(self), run.ep.playlist->zone, m));
    }
    if (run.ahead && s.shown_key &&
        (!s.looked_ahead_at || wall < *s.looked_ahead_at ||
         wall - *s.looked_ahead_at >= kLookaheadEvery)) {
        s.looked_ahead_at = wall;
        request_ahead(s, *s.shown_key, wall);
    }

    // A shallow copy shares the picture's memory; only the timestamps are its own. A video
    // slide's frame is the clip's frame drawn on it.
    GstBuffer* buf = nullptr;
    if (s.shown_key && is_video_slide(s, *s.shown_key)) buf = clip_picture(s, *s.shown_key, wall);
    if (!buf) buf = gst_buffer_copy(s.shown);
    *out = buf;
    return GST_FLOW_OK;
}

/// Live: the frame at `wall` shows the picture shown now (not a clip: its frames move), so
/// the buffer lasts for it too.
bool tsr_slide_src_extend(TsrLookaheadSrc* base, GstBuffer*, GstClockTime, tsr::Instant wall) {
    SlideSrcState& s = *TSR_SLIDE_SRC(base)->state;
    return s.shown_key && !is_video_slide(s, *s.shown_key) &&
           key_with_announcement(s, wall) == *s.shown_key;
}

} // namespace

static void tsr_slide_src_set_property(GObject* object, guint prop_id, const GValue* value,
                                       GParamSpec* pspec) {
    switch (prop_id) {
    case PROP_PRERENDER:
        tsr::lookahead_set_ahead(TSR_LOOKAHEAD_SRC(object), g_value_get_boolean(value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
    }
}

static void tsr_slide_src_get_property(GObject* object, guint prop_id, GValue* value,
                                       GParamSpec* pspec) {
    SlideSrcState& s = *TSR_SLIDE_SRC(object)->state;
    switch (prop_id) {
    case PROP_PRERENDER:
        g_value_set_boolean(value, tsr::lookahead_get_ahead(TSR_LOOKAHEAD_SRC(object)));
        break;
    case PROP_RENDERS:
        g_value_set_uint64(value, s.renders.load());
        break;
    case PROP_RENDERS_IN_PLACE:
        g_value_set_uint64(value, s.renders_in_place.load());
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
    }
}

static void tsr_slide_src_finalize(GObject* object) {
    auto* self = TSR_SLIDE_SRC(object);
    delete std::exchange(self->state, nullptr);
    G_OBJECT_CLASS(tsr_slide_src_parent_class)->finalize(object);
}

static void tsr_slide_src_init(TsrSlideSrc* self) {
    self->state = new SlideSrcState();
    self->state->self = self;
}

static void tsr_slide_src_class_init(TsrSlideSrcClass* klass) {
    GST_DEBUG_CATEGORY_INIT(tsr_slide_src_debug, "tsrslidesrc", 0, "TSR slide layer");
    auto* gobject_class = G_OBJECT_CLASS(klass);
    auto* element_class = GST_ELEMENT_CLASS(klass);
    auto* lookahead_class = TSR_LOOKAHEAD_SRC_CLASS(klass);

    gobject_class->set_property = tsr_slide_src_set_property;
    gobject_class->get_property = tsr_slide_src_get_property;
    gobject_class->finalize = tsr_slide_src_finalize;
    const auto rw =
        GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
    g_object_class_install_property(
        gobject_class, PROP_PRERENDER,
        g_param_spec_boolean(
            "prerender", "Prerender",
            "Whether a worker thread renders the next picture ahead of time (looking one second "
            "ahead), so that a slide change never makes a frame late. When off, a picture is "
            "rendered on the streaming thread at the frame where its content changes. The "
            "pictures are the same either way.",
            DEFAULT_PRERENDER, rw));
    g_object_class_install_property(
        gobject_class, PROP_RENDERS,
        g_param_spec_uint64(
            "renders", "Renders",
            "How many pictures the element has rendered since it last started (read only). "
            "A picture is rendered only when the content changes (a new slide or page, a new "
            "minute of the clock, a reminder starting or ending); between changes the same "
            "picture is pushed again by reference.",
            0, G_MAXUINT64, 0, GParamFlags(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));

    g_object_class_install_property(
        gobject_class, PROP_RENDERS_IN_PLACE,
        g_param_spec_uint64(
            "renders-in-place", "Renders in place",
            "How many of the renders were made at the frame that needed the picture, not ahead "
            "by the worker (read only): the first picture (when the element starts, never on "
            "the streaming thread) and, with prerender off, every one; with it on, others only "
            "when the worker could not render a picture (tried again to report why).",
            0, G_MAXUINT64, 0, GParamFlags(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));

    gst_element_class_set_static_metadata(
        element_class, "TSR slides", "Source/Video",
        "The playlist's slides (rotation and reminder slides, with clock and date) as video at "
        "the display size, rendered only when they change",
        "TSR");
    gst_element_class_add_static_pad_template(element_class, &src_template);

    lookahead_class->formats = "{ BGRx, BGRA }";
    lookahead_class->prepare_error = N_("The slides could not be prepared: %s");
    lookahead_class->draw_error = N_("A slide could not be rendered: %s");
    lookahead_class->max_queued = 1;
    lookahead_class->max_ready = kMaxReady;
    lookahead_class->prepare = tsr_slide_src_prepare;
    lookahead_class->fill = tsr_slide_src_fill;
    lookahead_class->reload = tsr_slide_src_reload;
    lookahead_class->release = tsr_slide_src_release;
    lookahead_class->make_ahead = tsr_slide_src_make_ahead;
    lookahead_class->extend = tsr_slide_src_extend;
}
