// TsrLookaheadSrc: the abstract base of the tsr video sources (tsrslidesrc, tsrtickersrc), as
// GstBaseTextOverlay is the base of clockoverlay: it owns everything they do alike and each
// subclass says only what it draws.
//
// What the base does:
//   - the `playlist`, `start`, `wall-clock` and `frames-per-buffer` properties, the playlist
//     of the run (element_playlist.hpp: the pipeline's "tsr.playlist" context, else loaded
//     once) and hot reload: a newer snapshot is taken between two frames, the display size and rate
//     of the run are kept (a change of [display] warns and takes effect at the next start);
//   - time: frame n has PTS n / framerate; with `start` set the element is non-live and the
//     wall time of frame n is start + PTS; live, timestamps are running time of the pipeline
//     clock (frames hopelessly late are skipped) and the wall time comes from the pipeline's
//     timebase (pipeline_timebase.hpp), followed once a frame;
//   - caps (width x height at the playlist's rate, the subclass's formats), latency, context
//     queries, get_times, unlock / unlock_stop;
//   - the look-ahead worker: one thread a element that makes pictures ahead of the frame
//     that shows them (LookaheadWork), with a bounded queue of requests and a bounded ready
//     list, both dropped when a reload is taken (each request carries the epoch it was asked
//     in), and that frees what the streaming thread retires (big strips, video decoders whose
//     closing joins threads).
//
// What a subclass fills in (TsrLookaheadSrcClass): prepare (the first picture, in start()),
// fill (frame n at wall time t), reload, release, make_ahead (on the worker), and extend
// (live: whether a buffer also shows the next frame).
//
// Threads and locks: properties are guarded by the object lock. The streaming thread (with
// start/stop, which never run at the same time) owns LookaheadRun and the subclass's own
// state, except the hand-over to the worker, guarded by the base's mutex (never held across
// make_ahead, a push or a render). Lock order: the object lock is never held while taking the
// base's mutex.
#pragma once

#include "element_playlist.hpp"
#include "pipeline_timebase.hpp"

#include <gst/base/gstpushsrc.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace tsr {

/// One picture for the worker to make ahead: a subclass's key (what to make, with the playlist
/// it is made for) and, once made, the product. Made on the worker by make_ahead, then handed
/// to the streaming thread whole.
struct LookaheadWork {
    virtual ~LookaheadWork() = default;
    /// Whether `other` asks for the same picture (the same key; the product is not compared).
    virtual bool same(const LookaheadWork& other) const = 0;
    /// The same key, not made yet (asked again of the worker when it was not seen coming).
    virtual std::unique_ptr<LookaheadWork> fresh() const = 0;

    std::uint64_t epoch = 0; ///< the reload epoch it was asked in (set by the base)
    bool now = false;        ///< asked by the frame that needs it (set by the base)
    std::string error;       ///< make_ahead threw this (set by the base)
};

/// What the base keeps of a run (start() to stop()), read by the subclass on the streaming
/// thread; written by the base only.
struct LookaheadRun {
    ElementPlaylist ep;                         ///< the playlist playing (display of the run)
    PlaylistInbox inbox;                        ///< set_context, any thread (thread safe)
    GstVideoInfo info{};                        ///< negotiated caps
    bool live = true;                           ///< `start` empty
    bool ahead = false;                         ///< the worker runs (property, and it started)
    GstClock* wall_clock = nullptr;             ///< owned ref for the run, may be null
    std::shared_ptr<PipelineTimebase> tb;       ///< the pipeline's
    std::optional<PipelineTimebase::View> view; ///< of `tb`, as this element follows it
    guint64 next_frame = 0;
    Display display{}; ///< of the run: kept through reloads
    /// Most frames one buffer may last while the subclass's extend() says it can (1: a buffer
    /// each frame): the `frames-per-buffer` property, taken at start. Used live only (not
    /// live, num-buffers counts frames).
    guint max_frames_per_buffer = 1;
    std::uint64_t epoch = 0; ///< bumped by each reload taken
};

/// What lookahead_take found.
enum class Taken {
    made,     ///< the worker's product, returned
    not_yet,  ///< live, asked at this frame and not made yet: show the old picture meanwhile
    here,     ///< make it on the streaming thread (no worker, or the worker failed: say why)
    flushing, ///< unlocked while waiting
};

} // namespace tsr

G_BEGIN_DECLS

#define TSR_TYPE_LOOKAHEAD_SRC (tsr_lookahead_src_get_type())
G_DECLARE_DERIVABLE_TYPE(TsrLookaheadSrc, tsr_lookahead_src, TSR, LOOKAHEAD_SRC, GstPushSrc)

struct _TsrLookaheadSrcClass {
    GstPushSrcClass parent_class;

    /// Caps formats, e.g. "{ BGRx, BGRA }" (the first preferred). Set in class_init.
    const char* formats;
    /// Error texts (N_() msgids with one %s: the reason) for a failure in start() (RESOURCE
    /// SETTINGS) and while making a frame (LIBRARY FAILED).
    const char* prepare_error;
    const char* draw_error;
    /// Most requests waiting for the worker (those asked by the frame that needs them not
    /// counted: never dropped) and most products made and not taken yet.
    std::size_t max_queued;
    std::size_t max_ready;

    /// In start(), the playlist loaded and the timebase known, before the worker starts:
    /// makes the first picture for `first` (the wall time of the first frame, about) and
    /// returns the output's height in pixels; 0 after posting an element error.
    int (*prepare)(TsrLookaheadSrc* self, tsr::Instant first);
    /// Frame `n` (PTS `pts`) at wall time `wall`, into `out`; the base sets its timestamps
    /// and offsets. Throws for LIBRARY FAILED (draw_error); GST_FLOW_FLUSHING when unlocked.
    GstFlowReturn (*fill)(TsrLookaheadSrc* self, guint64 n, GstClockTime pts, tsr::Instant wall,
                          GstBuffer** out);
    /// A newer playlist was taken (LookaheadRun::ep; the epoch bumped, what the worker made or
    /// was asked for the old one dropped): what was derived from the old one is made anew.
    void (*reload)(TsrLookaheadSrc* self);
    /// In stop(), the worker stopped: lets go of the pictures.
    void (*release)(TsrLookaheadSrc* self);
    /// On the worker: makes `work` (fills its product). Throws on failure: the streaming
    /// thread then makes it itself (Taken::here) and reports why.
    void (*make_ahead)(TsrLookaheadSrc* self, tsr::LookaheadWork& work);
    /// Live, may be null: whether `buffer`, made by fill() for the frames before, can also
    /// show the next frame (PTS `pts`, wall time `wall`); the subclass adds to `buffer` what
    /// that takes (the ticker: a scroll step, scroll_meta.hpp). While it can, the buffer lasts
    /// for those frames too, up to LookaheadRun::max_frames_per_buffer: a downstream
    /// tsrcompose shows it frame by frame, and the streaming thread wakes once for the lot
    /// instead of once a frame.
    bool (*extend)(TsrLookaheadSrc* self, GstBuffer* buffer, GstClockTime pts, tsr::Instant wall);

    gpointer padding[7];
};

G_END_DECLS

namespace tsr {

/// The run of `self` (start() to stop()).
LookaheadRun& lookahead_run(TsrLookaheadSrc* self);

/// Whether the worker is to run at the next start (the subclass's `prerender` / `prelayout`
/// property; object lock taken).
void lookahead_set_ahead(TsrLookaheadSrc* self, bool ahead);
bool lookahead_get_ahead(TsrLookaheadSrc* self);

/// Asks the worker for `work` ahead of the frame that shows it, unless the same picture is
/// being made, asked for or made already (this epoch). Beyond max_queued the oldest request
/// asked ahead is dropped. No-op without a worker.
void lookahead_ask(TsrLookaheadSrc* self, std::unique_ptr<LookaheadWork> work);

/// The worker's product for `wanted`. Made: returned (Taken::made). Asked ahead and being
/// made: waited for. Not seen coming: asked now (first in the queue) and waited for when
/// `wait`, else Taken::not_yet (live: the old picture shows meanwhile). No worker, or the
/// worker failed on it: Taken::here (with its error in `*error` when it failed).
std::unique_ptr<LookaheadWork> lookahead_take(TsrLookaheadSrc* self, const LookaheadWork& wanted,
                                              bool wait, Taken* taken, std::string* error);

/// Hands something no longer wanted (a strip, a decoder) to the worker to free; freed here
/// at once without a worker.
void lookahead_retire(TsrLookaheadSrc* self, std::shared_ptr<void> thing);

} // namespace tsr
