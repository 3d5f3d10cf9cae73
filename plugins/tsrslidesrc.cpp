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
 * Threads and locks: properties are guarded by the object lock. The streaming thread owns
 * everything else except the prerender hand-over, guarded by SlideSrcState::mutex. Lock
 * order: the object lock is never held while taking SlideSrcState::mutex, and neither is held
 * across a push or a render.
 */
#include "element_playlist.hpp"
#include "i18n.hpp"
#include "live_timebase.hpp"
#include "render/slide_renderer.hpp"
#include "tsr_messages.hpp"
#include "video/video_clip.hpp"
#include "video_source.hpp"

#include <gst/base/gstpushsrc.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

GST_DEBUG_CATEGORY_STATIC(tsr_slide_src_debug);
#define GST_CAT_DEFAULT tsr_slide_src_debug

#define TSR_TYPE_SLIDE_SRC (tsr_slide_src_get_type())
G_DECLARE_FINAL_TYPE(TsrSlideSrc, tsr_slide_src, TSR, SLIDE_SRC, GstPushSrc)

namespace {

constexpr gboolean DEFAULT_PRERENDER = TRUE;
/// How far ahead of the frame being made the worker looks for the next picture.
constexpr auto kLookahead = std::chrono::seconds(1);
/// How often the streaming thread looks ahead (in wall time): a change is seen at least
/// kLookahead - kLookaheadEvery before it is due.
constexpr auto kLookaheadEvery = std::chrono::milliseconds(200);
/// Pictures rendered ahead and not shown yet, at most.
constexpr std::size_t kMaxReady = 3;

enum {
    PROP_0,
    PROP_PLAYLIST,
    PROP_START,
    PROP_PRERENDER,
    PROP_RENDERS,
    PROP_RENDERS_IN_PLACE,
    PROP_WALL_CLOCK
};

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

struct Ready {
    tsr::SlideContentKey key;
    GstBuffer* buffer; ///< owned
    std::string error; ///< why the office slide shows instead (SlideRenderer::render)
};

/// What the worker is asked to render: a key, at the instant it will show, with the playlist
/// of the epoch it belongs to.
struct Request {
    tsr::SlideContentKey key;
    tsr::Instant t;
    std::shared_ptr<const tsr::Playlist> playlist;
    std::uint64_t epoch;
};

struct SlideSrcState {
    // --- Properties (object lock).
    std::string playlist_arg;
    std::string start_arg;
    bool prerender = DEFAULT_PRERENDER;
    GstClock* wall_clock = nullptr; ///< owned ref, may be null (the real-time clock)
    // Display of the loaded playlist, for get_caps (object lock); 0 before start().
    int width = 0, height = 0, fps = 0;

    std::atomic<guint64> renders{0};
    std::atomic<guint64> renders_in_place{0};
    GstElement* element = nullptr; ///< the element this is the state of (not a reference)

    // --- Streaming thread (set up in start(), torn down in stop()).
    tsr::ElementPlaylist ep;
    tsr::PlaylistInbox inbox; ///< the pipeline's playlist (set_context, any thread)
    GstVideoInfo info{};
    bool live = true;
    bool prerender_on = false;
    GstClock* wall_clock_used = nullptr;             ///< owned ref for the run, may be null
    std::shared_ptr<tsr::PipelineTimebase> tb;       ///< the pipeline's (pipeline_timebase.hpp)
    std::optional<tsr::PipelineTimebase::View> view; ///< of `tb`, as this element follows it
    guint64 next_frame = 0;
    std::unique_ptr<tsr::SlideRenderer> renderer; ///< key_at and synchronous renders
    std::optional<tsr::SlideContentKey> shown_key;
    GstBuffer* shown = nullptr;                  ///< owned
    std::optional<tsr::Instant> looked_ahead_at; ///< wall time of the last look ahead
    /// A picture asked of the worker at the frame that needed it (not seen coming): live,
    /// frames do not wait for it.
    std::optional<tsr::SlideContentKey> unforeseen;
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

    // --- Prerender hand-over (mutex).
    std::mutex mutex;
    std::condition_variable cond;
    std::thread worker;
    bool stopping = false;
    bool flushing = false;
    std::optional<Request> request;
    std::optional<tsr::SlideContentKey> rendering;
    /// The worker could not render this key: the streaming thread renders it (and reports).
    std::optional<tsr::SlideContentKey> failed;
    /// Why the picture shown is the office slide instead (render error), or empty.
    std::string shown_error;
    /// The slide (not the clock's minute) last announced with `tsr-slide`.
    std::optional<tsr::SlideContentKey> announced;
    /// The clock's minute last posted with `tsr-clock`.
    std::optional<long long> clock_posted;
    std::deque<Ready> ready;
    /// Clips done with, closed by the worker (closing joins their threads: not on the
    /// streaming thread).
    std::vector<std::unique_ptr<tsr::VideoClip>> retired;
    /// Bumped when a reloaded playlist is taken: what the worker made before is dropped.
    std::uint64_t epoch = 0;

    ~SlideSrcState() {
        clear_pictures();
        gst_clear_object(&wall_clock);
        gst_clear_object(&wall_clock_used);
    }

    void clear_pictures() {
        retired.clear();
        next_clip.reset();
        next_clip_slide = -1;
        clip.reset();
        clip_slide = -1;
        clip_warned = false;
        if (shown) gst_buffer_unref(std::exchange(shown, nullptr));
        shown_key.reset();
        for (Ready& r : ready)
            gst_buffer_unref(r.buffer);
        ready.clear();
    }
};

} // namespace

struct _TsrSlideSrc {
    GstPushSrc parent;
    SlideSrcState* state;
};

G_DEFINE_TYPE(TsrSlideSrc, tsr_slide_src, GST_TYPE_PUSH_SRC)
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
        GST_ELEMENT_WARNING(s.element, RESOURCE, READ,
                            (_("A slide could not be rendered: %s"), error.c_str()),
                            ("slide %d page %d", key.slide, key.page));
    }
    // The display of this run (fixed from start() to stop(); a reload keeps it).
    if (frame.width != s.width || frame.height != s.height || frame.stride < frame.width * 4 ||
        frame.bgra.size() < std::size_t(frame.stride) * std::size_t(frame.height))
        throw std::runtime_error(
            tsr::i18n::format(_("the slide renderer returned a picture of %sx%s for a display of "
                                "%sx%s"),
                              frame.width, frame.height, s.width, s.height));
    return wrap_frame(std::move(frame));
}

/// The prerender worker: renders the requested key ahead of time into `ready`.
void worker_main(SlideSrcState* s) {
    std::shared_ptr<const tsr::Playlist> playlist;
    std::unique_ptr<tsr::SlideRenderer> renderer;
    std::unique_lock lock(s->mutex);
    for (;;) {
        s->cond.wait(lock,
                     [&] { return s->stopping || s->request.has_value() || !s->retired.empty(); });
        if (s->stopping) return;
        if (!s->retired.empty()) {
            auto closing = std::move(s->retired);
            s->retired.clear();
            lock.unlock();
            closing.clear();
            lock.lock();
            continue;
        }
        Request req = std::move(*s->request);
        s->request.reset();
        s->rendering = req.key;
        lock.unlock();
        GstBuffer* buffer = nullptr;
        std::string error, render_error;
        try {
            if (!renderer || playlist != req.playlist) {
                playlist = req.playlist;
                renderer = std::make_unique<tsr::SlideRenderer>(playlist);
            }
            buffer = render_picture(*s, *renderer, req.key, req.t, render_error);
        } catch (const std::exception& e) {
            error = e.what();
        } catch (...) {
            error = "unknown failure";
        }
        lock.lock();
        s->rendering.reset();
        if (buffer && req.epoch == s->epoch) {
            try {
                s->ready.push_back(Ready{std::move(req.key), buffer, std::move(render_error)});
            } catch (...) {
                gst_buffer_unref(buffer); // out of memory: the streaming thread renders it
            }
            while (s->ready.size() > kMaxReady) {
                gst_buffer_unref(s->ready.front().buffer);
                s->ready.pop_front();
            }
        } else if (buffer) {
            gst_buffer_unref(buffer); // made for a playlist that has been replaced since
        } else {
            // The streaming thread renders it again itself and reports the error then.
            GST_WARNING("prerender failed: %s", error.c_str());
            if (req.epoch == s->epoch) s->failed = req.key;
        }
        s->cond.notify_all();
    }
}

void stop_worker(SlideSrcState& s) {
    {
        std::lock_guard lock(s.mutex);
        s.stopping = true;
        s.request.reset();
    }
    s.cond.notify_all();
    if (s.worker.joinable()) s.worker.join();
    std::lock_guard lock(s.mutex);
    s.stopping = false;
}

bool in_ready(const SlideSrcState& s, const tsr::SlideContentKey& key) {
    for (const Ready& r : s.ready)
        if (r.key == key) return true;
    return false;
}

/// The picture for `key`: from the worker (waiting when it is rendering it right now), else
/// rendered here. Returns nullptr when flushing.
GstBuffer* obtain_picture(SlideSrcState& s, const tsr::SlideContentKey& key, tsr::Instant t,
                          bool may_wait, bool* flushing, std::string& error) {
    if (s.prerender_on) {
        std::unique_lock lock(s.mutex);
        for (;;) {
            if (s.flushing) {
                *flushing = true;
                return nullptr;
            }
            for (auto it = s.ready.begin(); it != s.ready.end(); ++it) {
                if (it->key == key) {
                    GstBuffer* b = it->buffer;
                    error = std::move(it->error);
                    s.ready.erase(it);
                    if (s.unforeseen && *s.unforeseen == key) s.unforeseen.reset();
                    GST_DEBUG("picture rendered ahead");
                    return b;
                }
            }
            if (s.failed && *s.failed == key) {
                s.failed.reset();
                break; // rendered here, which reports why it fails
            }
            const bool coming =
                (s.rendering && *s.rendering == key) || (s.request && s.request->key == key);
            if (!coming) {
                // Not seen coming (a reload, a change less than the lookahead away): the
                // worker renders it too, never this thread.
                s.request = Request{key, t, s.ep.playlist, s.epoch};
                s.unforeseen = key;
                s.cond.notify_all();
            }
            // Seen coming, the worker is on it: waiting costs no more than rendering here.
            // Not seen coming, live: the old picture shows meanwhile.
            if (!may_wait && s.unforeseen && *s.unforeseen == key) return nullptr;
            s.cond.wait(lock);
        }
    }
    GST_DEBUG("rendering on the streaming thread");
    s.renders_in_place.fetch_add(1);
    return render_picture(s, *s.renderer, key, t, error);
}

/// Hands a clip done with to the worker to close; closes it here without one.
void retire_clip(SlideSrcState& s, std::unique_ptr<tsr::VideoClip> clip) {
    if (!clip) return;
    if (s.prerender_on && s.worker.joinable()) {
        {
            std::lock_guard lock(s.mutex);
            s.retired.push_back(std::move(clip));
        }
        s.cond.notify_all();
    }
}

/// The frame of a video slide at `wall`: the clip's frame drawn on the shown picture (the office
/// background), or null when the clip has nothing to show yet (or failed: said once).
GstBuffer* clip_picture(SlideSrcState& s, const tsr::SlideContentKey& key, tsr::Instant wall) {
    const tsr::Slide& slide = s.ep.playlist->slides[std::size_t(key.slide)];
    const tsr::VideoArea area = tsr::video_area(tsr::Display{s.width, s.height, s.fps});
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
        s.clip->frame_at(wall - key.video_began, !s.live);
    if (s.clip->poll() == tsr::VideoClip::State::failed && !s.clip_warned) {
        s.clip_warned = true;
        GST_ELEMENT_WARNING(s.element, RESOURCE, READ,
                            (_("A video could not be played: %s %s"),
                             slide.video.filename().c_str(), s.clip->problem().c_str()),
                            ("slide %d", key.slide));
    }
    if (!frame) return nullptr;
    const int width = s.width, height = s.height;
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
           std::size_t(key.slide) < s.ep.playlist->slides.size() &&
           !s.ep.playlist->slides[std::size_t(key.slide)].video.empty();
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
    std::shared_ptr<const tsr::Announcement> a = s.inbox.announcement();
    if (!a || a->id != key.announcement_id) a.reset();
    GstStructure* st = gst_structure_new(
        "tsr-slide", "running-time", G_TYPE_UINT64, guint64(pts), "wall", G_TYPE_STRING,
        tsr::format_iso(s.ep.playlist->zone, wall).c_str(), "slide", G_TYPE_INT, key.slide, "page",
        G_TYPE_INT, key.page, "reminder-id", G_TYPE_STRING, key.reminder_id.c_str(), "first",
        G_TYPE_BOOLEAN, gboolean(first), "outcome", G_TYPE_STRING, outcome.c_str(), nullptr);
    if (a)
        gst_structure_set(st, "announced-by", G_TYPE_STRING, a->user.c_str(), "announcement",
                          G_TYPE_STRING, tsr::announcement_detail(*a).c_str(), "announcement-from",
                          G_TYPE_STRING, tsr::format_iso(s.ep.playlist->zone, a->from).c_str(),
                          nullptr);
    gst_element_post_message(element, gst_message_new_element(GST_OBJECT(element), st));
}

/// What shows at `t`: the renderer's key, or the announcement showing then over it.
tsr::SlideContentKey key_with_announcement(SlideSrcState& s, tsr::Instant t) {
    tsr::SlideContentKey key = s.renderer->key_at(t);
    std::shared_ptr<const tsr::Announcement> a = s.inbox.announcement();
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
        const tsr::VideoArea area = tsr::video_area(tsr::Display{s.width, s.height, s.fps});
        retire_clip(s, std::move(s.next_clip));
        s.next_clip = std::make_unique<tsr::VideoClip>(
            s.ep.playlist->slides[std::size_t(next.slide)].video, area.width, area.height);
        s.next_clip_slide = next.slide;
        s.next_clip_began = next.video_began;
    }
    {
        std::lock_guard lock(s.mutex);
        if ((s.rendering && *s.rendering == next) || in_ready(s, next) ||
            (s.request && s.request->key == next))
            return;
        // A request not picked up yet for the picture wanted now is never replaced.
        if (s.request && s.unforeseen && s.request->key == *s.unforeseen) return;
        s.request = Request{std::move(next), ahead, s.ep.playlist, s.epoch};
    }
    s.cond.notify_all();
}

} // namespace

namespace {

/// Between two buffers: takes a newer playlist set by `tsr play` (hot reload). What was
/// rendered for the old one is dropped; the current picture is rendered anew. The display
/// size and rate stay those of this run (caps are not renegotiated): a change of [display]
/// takes effect when the element starts again.
void take_reload(TsrSlideSrc* self) {
    SlideSrcState& s = *self->state;
    const tsr::Display& d = s.ep.playlist->display;
    if (d.width != s.width || d.height != s.height || d.framerate != s.fps) {
        GST_ELEMENT_WARNING(self, RESOURCE, SETTINGS,
                            (_("The display size or rate changed in the playlist; it takes effect "
                               "when the playout starts again.")),
                            ("reload: display %dx%d@%d kept", s.width, s.height, s.fps));
        auto copy = std::make_shared<tsr::Playlist>(*s.ep.playlist);
        // Only the size and rate stay; the rest of [display] (overdue, hours, ...) is new.
        copy->display.width = s.width;
        copy->display.height = s.height;
        copy->display.framerate = s.fps;
        s.ep.playlist = std::move(copy);
    }
    s.renderer = std::make_unique<tsr::SlideRenderer>(s.ep.playlist);
    {
        std::lock_guard lock(s.mutex);
        ++s.epoch;
        s.request.reset();
        s.failed.reset();
        for (Ready& r : s.ready)
            gst_buffer_unref(r.buffer);
        s.ready.clear();
    }
    s.shown_key.reset();               // an equal key may show other content now
    retire_clip(s, std::move(s.clip)); // the clip may be another file under the same slide now
    s.clip_slide = -1;
    retire_clip(s, std::move(s.next_clip));
    s.next_clip_slide = -1;
    s.looked_ahead_at.reset();
    GST_INFO_OBJECT(self, "took playlist generation %" G_GUINT64_FORMAT, s.ep.generation);
}

tsr::PlaylistPropertySlots playlist_slots(SlideSrcState& s) {
    return {PROP_PLAYLIST, PROP_START, PROP_WALL_CLOCK, s.playlist_arg, s.start_arg, s.wall_clock};
}

} // namespace

static void tsr_slide_src_set_property(GObject* object, guint prop_id, const GValue* value,
                                       GParamSpec* pspec) {
    auto* self = TSR_SLIDE_SRC(object);
    SlideSrcState& s = *self->state;
    if (tsr::set_playlist_property(object, playlist_slots(s), prop_id, value)) return;
    switch (prop_id) {
    case PROP_PRERENDER:
        GST_OBJECT_LOCK(self);
        s.prerender = g_value_get_boolean(value);
        GST_OBJECT_UNLOCK(self);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
    }
}

static void tsr_slide_src_get_property(GObject* object, guint prop_id, GValue* value,
                                       GParamSpec* pspec) {
    auto* self = TSR_SLIDE_SRC(object);
    SlideSrcState& s = *self->state;
    if (tsr::get_playlist_property(object, playlist_slots(s), prop_id, value)) return;
    switch (prop_id) {
    case PROP_PRERENDER:
        GST_OBJECT_LOCK(self);
        g_value_set_boolean(value, s.prerender);
        GST_OBJECT_UNLOCK(self);
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

static gboolean tsr_slide_src_start(GstBaseSrc* bsrc) {
    auto* self = TSR_SLIDE_SRC(bsrc);
    SlideSrcState& s = *self->state;
    GST_OBJECT_LOCK(self);
    s.ep.playlist_arg = s.playlist_arg;
    s.ep.start_arg = s.start_arg;
    s.prerender_on = s.prerender;
    gst_object_replace(reinterpret_cast<GstObject**>(&s.wall_clock_used),
                       GST_OBJECT_CAST(s.wall_clock));
    GST_OBJECT_UNLOCK(self);

    try {
        if (!s.ep.load(GST_ELEMENT(self), s.inbox)) return FALSE;
        s.renderer = std::make_unique<tsr::SlideRenderer>(s.ep.playlist);
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, RESOURCE, SETTINGS,
                          (_("The slides could not be prepared: %s"), e.what()), ("start failed"));
        return FALSE;
    }
    s.live = s.ep.live();
    s.view.reset();
    s.tb =
        tsr::element_pipeline_timebase(GST_ELEMENT(self), s.inbox, s.ep.start, s.wall_clock_used);
    s.looked_ahead_at.reset();
    s.unforeseen.reset();
    s.next_frame = 0;
    s.renders = 0;
    s.renders_in_place = 0;
    s.clear_pictures();
    s.announced.reset();
    s.clock_posted.reset();
    s.shown_error.clear();
    {
        std::lock_guard lock(s.mutex);
        s.flushing = false;
        s.stopping = false;
        s.request.reset();
        s.rendering.reset();
        s.failed.reset();
    }
    const tsr::Display& d = s.ep.playlist->display;
    GST_OBJECT_LOCK(self);
    s.width = d.width;
    s.height = d.height;
    s.fps = d.framerate;
    GST_OBJECT_UNLOCK(self);
    // The first picture, here rather than on the streaming thread (as the ticker lays out its
    // first strip): the first frame is then made at once, live or not. Live, for the time of
    // day now; should the first frame be due another picture, the worker renders that one.
    try {
        const tsr::Instant first =
            s.ep.start ? *s.ep.start : tsr::wall_clock_now(s.wall_clock_used);
        tsr::SlideContentKey key = s.renderer->key_at(first);
        s.shown = render_picture(s, *s.renderer, key, first, s.shown_error);
        s.shown_key = std::move(key);
        s.renders_in_place = 1;
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, LIBRARY, FAILED, (_("A slide could not be rendered: %s"), e.what()),
                          ("first picture failed"));
        return FALSE;
    }
    if (s.prerender_on) {
        try {
            s.worker = std::thread([&s] {
                try {
                    worker_main(&s);
                } catch (...) {
                    // Never out of the thread (that ends the process): whoever waits for
                    // the picture being rendered renders it itself.
                    std::lock_guard lock(s.mutex);
                    s.rendering.reset();
                    s.request.reset();
                    s.cond.notify_all();
                }
            });
        } catch (const std::system_error& e) {
            GST_WARNING_OBJECT(self, "no prerender worker (%s): rendering in place", e.what());
            s.prerender_on = false;
        }
    }
    GST_INFO_OBJECT(self, "playlist %s: %dx%d at %d/s, %s", s.ep.playlist_arg.c_str(), d.width,
                    d.height, d.framerate, s.live ? "live" : "simulated");
    return TRUE;
}

static gboolean tsr_slide_src_stop(GstBaseSrc* bsrc) {
    auto* self = TSR_SLIDE_SRC(bsrc);
    SlideSrcState& s = *self->state;
    stop_worker(s);
    s.clear_pictures();
    s.renderer.reset();
    s.view.reset();
    s.tb.reset();
    gst_clear_object(&s.wall_clock_used);
    s.inbox.clear();
    GST_OBJECT_LOCK(self);
    s.width = s.height = s.fps = 0;
    GST_OBJECT_UNLOCK(self);
    return TRUE;
}

static GstCaps* tsr_slide_src_get_caps(GstBaseSrc* bsrc, GstCaps* filter) {
    auto* self = TSR_SLIDE_SRC(bsrc);
    SlideSrcState& s = *self->state;
    GST_OBJECT_LOCK(self);
    int w = s.width, h = s.height, fps = s.fps;
    GST_OBJECT_UNLOCK(self);
    return tsr::video_source_caps(bsrc, "{ BGRx, BGRA }", w, h, fps, filter);
}

static gboolean tsr_slide_src_set_caps(GstBaseSrc* bsrc, GstCaps* caps) {
    return tsr::video_source_set_caps(bsrc, caps, &TSR_SLIDE_SRC(bsrc)->state->info);
}

static gboolean tsr_slide_src_query(GstBaseSrc* bsrc, GstQuery* query) {
    auto* self = TSR_SLIDE_SRC(bsrc);
    if (GST_QUERY_TYPE(query) == GST_QUERY_LATENCY) {
        // The rate is the playlist's, known from start(), before caps are negotiated.
        GST_OBJECT_LOCK(self);
        const int fps = self->state->fps;
        GST_OBJECT_UNLOCK(self);
        tsr::video_source_answer_latency(bsrc, query, fps);
        return TRUE;
    }
    if (tsr::answer_context_query(query, self->state->inbox)) return TRUE;
    return GST_BASE_SRC_CLASS(tsr_slide_src_parent_class)->query(bsrc, query);
}

static gboolean tsr_slide_src_is_seekable(GstBaseSrc*) {
    return FALSE;
}

static gboolean tsr_slide_src_unlock(GstBaseSrc* bsrc) {
    return tsr::set_flushing(*TSR_SLIDE_SRC(bsrc)->state, true);
}

static gboolean tsr_slide_src_unlock_stop(GstBaseSrc* bsrc) {
    return tsr::set_flushing(*TSR_SLIDE_SRC(bsrc)->state, false);
}

static GstFlowReturn tsr_slide_src_create(GstPushSrc* psrc, GstBuffer** out) {
    auto* self = TSR_SLIDE_SRC(psrc);
    SlideSrcState& s = *self->state;
    const int fps_n = GST_VIDEO_INFO_FPS_N(&s.info), fps_d = GST_VIDEO_INFO_FPS_D(&s.info);
    if (fps_n <= 0) return GST_FLOW_NOT_NEGOTIATED;
    try {
        if (s.live) {
            // Timestamps are running time of the clock: skip frames hopelessly late.
            guint64 n =
                tsr::first_frame_worth_making(GST_ELEMENT(self), s.next_frame, fps_n, fps_d);
            if (n > s.next_frame) {
                GST_DEBUG_OBJECT(self,
                                 "late: skipping frames %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT,
                                 s.next_frame, n - 1);
                s.next_frame = n;
            }
        }
        tsr::follow_pipeline_timebase(GST_ELEMENT(self), *s.tb, s.view, s.ep.playlist->zone);
        if (s.ep.refresh(s.inbox)) take_reload(self);

        const guint64 n = s.next_frame++;
        const GstClockTime pts = gst_util_uint64_scale(n, GST_SECOND * fps_d, fps_n);
        const GstClockTime next = gst_util_uint64_scale(n + 1, GST_SECOND * fps_d, fps_n);
        const tsr::Instant wall = s.view->timebase.wall_at(pts);

        tsr::SlideContentKey key = key_with_announcement(s, wall);
        if (!s.shown_key || !(*s.shown_key == key)) {
            // Live with a picture to show, nothing waits for the worker: a stalled screen is
            // seen, a picture a few frames late after a reload is not.
            bool flushing = false;
            std::string error;
            GstBuffer* picture =
                obtain_picture(s, key, wall, !s.live || !s.shown, &flushing, error);
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
                GST_ELEMENT(self),
                tsr::make_clock_message(GST_OBJECT(self), s.ep.playlist->zone, m));
        }
        if (s.prerender_on && s.shown_key &&
            (!s.looked_ahead_at || wall < *s.looked_ahead_at ||
             wall - *s.looked_ahead_at >= kLookaheadEvery)) {
            s.looked_ahead_at = wall;
            request_ahead(s, *s.shown_key, wall);
        }

        // A shallow copy shares the picture's memory; only the timestamps are its own. A video
        // slide's frame is the clip's frame drawn on it.
        GstBuffer* buf = nullptr;
        if (s.shown_key && is_video_slide(s, *s.shown_key))
            buf = clip_picture(s, *s.shown_key, wall);
        if (!buf) buf = gst_buffer_copy(s.shown);
        GST_BUFFER_PTS(buf) = pts;
        GST_BUFFER_DTS(buf) = GST_CLOCK_TIME_NONE;
        GST_BUFFER_DURATION(buf) = next - pts;
        GST_BUFFER_OFFSET(buf) = n;
        GST_BUFFER_OFFSET_END(buf) = n + 1;
        *out = buf;
        return GST_FLOW_OK;
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, LIBRARY, FAILED, (_("A slide could not be rendered: %s"), e.what()),
                          ("create failed"));
    } catch (...) {
        GST_ELEMENT_ERROR(self, LIBRARY, FAILED, (_("A slide could not be rendered.")),
                          ("unknown exception in create"));
    }
    return GST_FLOW_ERROR;
}

static void tsr_slide_src_set_context(GstElement* element, GstContext* context) {
    tsr::element_set_context(element, context, TSR_SLIDE_SRC(element)->state->inbox,
                             GST_ELEMENT_CLASS(tsr_slide_src_parent_class));
}

static void tsr_slide_src_finalize(GObject* object) {
    auto* self = TSR_SLIDE_SRC(object);
    if (self->state) stop_worker(*self->state);
    delete std::exchange(self->state, nullptr);
    G_OBJECT_CLASS(tsr_slide_src_parent_class)->finalize(object);
}

static void tsr_slide_src_init(TsrSlideSrc* self) {
    self->state = new SlideSrcState();
    self->state->element = GST_ELEMENT(self);
    gst_base_src_set_format(GST_BASE_SRC(self), GST_FORMAT_TIME);
    gst_base_src_set_live(GST_BASE_SRC(self), TRUE);
}

static void tsr_slide_src_class_init(TsrSlideSrcClass* klass) {
    GST_DEBUG_CATEGORY_INIT(tsr_slide_src_debug, "tsrslidesrc", 0, "TSR slide layer");
    auto* gobject_class = G_OBJECT_CLASS(klass);
    auto* element_class = GST_ELEMENT_CLASS(klass);
    auto* basesrc_class = GST_BASE_SRC_CLASS(klass);
    auto* pushsrc_class = GST_PUSH_SRC_CLASS(klass);

    gobject_class->set_property = tsr_slide_src_set_property;
    gobject_class->get_property = tsr_slide_src_get_property;
    gobject_class->finalize = tsr_slide_src_finalize;

    const auto rw =
        GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
    tsr::install_playlist_properties(gobject_class, PROP_PLAYLIST, PROP_START, PROP_WALL_CLOCK);
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
    element_class->set_context = tsr_slide_src_set_context;

    basesrc_class->start = tsr_slide_src_start;
    basesrc_class->stop = tsr_slide_src_stop;
    basesrc_class->get_caps = tsr_slide_src_get_caps;
    basesrc_class->set_caps = tsr_slide_src_set_caps;
    basesrc_class->query = tsr_slide_src_query;
    basesrc_class->get_times = tsr::video_source_get_times;
    basesrc_class->is_seekable = tsr_slide_src_is_seekable;
    basesrc_class->unlock = tsr_slide_src_unlock;
    basesrc_class->unlock_stop = tsr_slide_src_unlock_stop;
    pushsrc_class->create = tsr_slide_src_create;
}
