#include "tsrlookaheadsrc.hpp"

#include "i18n.hpp"
#include "live_timebase.hpp"
#include "video_source.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

GST_DEBUG_CATEGORY_STATIC(tsr_lookahead_src_debug);
#define GST_CAT_DEFAULT tsr_lookahead_src_debug

namespace {

enum { PROP_0, PROP_PLAYLIST, PROP_START, PROP_WALL_CLOCK, PROP_FRAMES_PER_BUFFER };

using WorkPtr = std::unique_ptr<tsr::LookaheadWork>;

struct LookaheadState {
    // --- Properties (object lock).
    std::string playlist_arg;
    std::string start_arg;
    GstClock* wall_clock = nullptr; ///< owned ref, may be null (the real-time clock)
    bool ahead = true;
    guint frames_per_buffer = 1;
    /// Output size and rate for get_caps and latency (object lock); 0 before start().
    int width = 0, height = 0, fps = 0;

    // --- Streaming thread.
    tsr::LookaheadRun run;
    /// Live: the frame whose time the buffer being pushed waits for (plan_sync, get_times).
    guint64 sync_frame = 0;
    std::optional<guint64> previous_first; ///< the previous buffer's first frame
    /// The pipeline's latency, from the LATENCY event (any thread); 0 before it comes.
    std::atomic<GstClockTime> pipeline_latency{0};

    // --- Hand-over to the worker (mutex).
    std::mutex mutex;
    std::condition_variable cond;
    std::thread worker;
    bool stopping = false;
    bool flushing = false;
    std::deque<WorkPtr> requests;
    const tsr::LookaheadWork* working = nullptr; ///< being made (the worker's own)
    std::deque<WorkPtr> ready;
    WorkPtr failed; ///< the worker could not make it: the streaming thread does (and says why)
    /// Things no longer wanted, freed by the worker.
    std::vector<std::shared_ptr<void>> retired;
    std::uint64_t epoch = 0; ///< as run.epoch, for the worker (mutex)

    ~LookaheadState() {
        gst_clear_object(&wall_clock);
        gst_clear_object(&run.wall_clock);
    }
};

struct TsrLookaheadSrcPrivate {
    LookaheadState* state;
};

} // namespace

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE(TsrLookaheadSrc, tsr_lookahead_src, GST_TYPE_PUSH_SRC)

namespace {

LookaheadState& state_of(TsrLookaheadSrc* self) {
    return *static_cast<TsrLookaheadSrcPrivate*>(tsr_lookahead_src_get_instance_private(self))
                ->state;
}

TsrLookaheadSrcClass* klass_of(TsrLookaheadSrc* self) {
    return TSR_LOOKAHEAD_SRC_GET_CLASS(self);
}

bool same_now(const LookaheadState& s, const tsr::LookaheadWork& w, const tsr::LookaheadWork& key) {
    return w.epoch == s.epoch && w.same(key);
}

/// Being made or asked for (mutex held).
bool coming_locked(const LookaheadState& s, const tsr::LookaheadWork& key) {
    if (s.working && same_now(s, *s.working, key)) return true;
    for (const WorkPtr& r : s.requests)
        if (same_now(s, *r, key)) return true;
    return false;
}

/// Drops ready products beyond `max`, oldest first (mutex held): the worker frees them.
void trim_ready(LookaheadState& s, std::size_t max) {
    while (s.ready.size() > max) {
        s.retired.push_back(std::shared_ptr<tsr::LookaheadWork>(std::move(s.ready.front())));
        s.ready.pop_front();
    }
}

void worker_main(TsrLookaheadSrc* self) {
    LookaheadState& s = state_of(self);
    TsrLookaheadSrcClass* klass = klass_of(self);
    std::unique_lock lock(s.mutex);
    for (;;) {
        s.cond.wait(lock, [&] { return s.stopping || !s.requests.empty() || !s.retired.empty(); });
        if (s.stopping) return;
        std::vector<std::shared_ptr<void>> retired = std::exchange(s.retired, {});
        WorkPtr work;
        if (!s.requests.empty()) {
            work = std::move(s.requests.front());
            s.requests.pop_front();
            s.working = work.get();
        }
        lock.unlock();
        retired.clear();
        if (!work) {
            lock.lock();
            continue;
        }
        try {
            klass->make_ahead(self, *work);
        } catch (const std::exception& e) {
            work->error = e.what();
        } catch (...) {
            work->error = "unknown failure";
        }
        if (!work->error.empty()) GST_WARNING_OBJECT(self, "ahead failed: %s", work->error.c_str());
        lock.lock();
        s.working = nullptr;
        try {
            if (work->epoch != s.epoch) {
                // Made for a playlist replaced since: freed at the next turn.
                s.retired.push_back(std::shared_ptr<tsr::LookaheadWork>(std::move(work)));
            } else if (!work->error.empty()) {
                s.failed = std::move(work);
            } else {
                s.ready.push_back(std::move(work));
                trim_ready(s, klass->max_ready);
            }
        } catch (...) {
            // Out of memory: dropped; the streaming thread makes it itself.
        }
        s.cond.notify_all();
    }
}

void start_worker(TsrLookaheadSrc* self) {
    LookaheadState& s = state_of(self);
    try {
        s.worker = std::thread([self, &s] {
            try {
                worker_main(self);
            } catch (...) {
                // Never out of the thread (that ends the process): whoever waits for a
                // picture makes it itself.
                std::lock_guard lock(s.mutex);
                s.working = nullptr;
                s.requests.clear();
                s.cond.notify_all();
            }
        });
    } catch (const std::system_error& e) {
        GST_WARNING_OBJECT(self, "no look-ahead worker (%s): making pictures in place", e.what());
        s.run.ahead = false;
    }
}

/// No worker running: nothing asked, made or to free (mutex held).
void clear_handover_locked(LookaheadState& s) {
    s.stopping = false;
    s.working = nullptr;
    s.requests.clear();
    s.ready.clear();
    s.failed.reset();
    s.retired.clear();
}

void stop_worker(LookaheadState& s) {
    {
        std::lock_guard lock(s.mutex);
        s.stopping = true;
        s.requests.clear();
    }
    s.cond.notify_all();
    if (s.worker.joinable()) s.worker.join();
    std::lock_guard lock(s.mutex);
    clear_handover_locked(s);
}

tsr::PlaylistPropertySlots playlist_slots(LookaheadState& s) {
    return {PROP_PLAYLIST, PROP_START, PROP_WALL_CLOCK, s.playlist_arg, s.start_arg, s.wall_clock};
}

/// Between two buffers: takes the newer playlist in run.ep (hot reload). The display size and
/// rate stay those of this run (caps are not renegotiated).
void take_reload(TsrLookaheadSrc* self) {
    LookaheadState& s = state_of(self);
    tsr::LookaheadRun& run = s.run;
    const tsr::Display& d = run.ep.playlist->display;
    const tsr::Display& kept = run.display;
    if (d.width != kept.width || d.height != kept.height || d.framerate != kept.framerate) {
        GST_ELEMENT_WARNING(
            self, RESOURCE, SETTINGS,
            (_("The display size or rate changed in the playlist; it takes effect "
               "when the playout starts again.")),
            ("reload: display %dx%d@%d kept", kept.width, kept.height, kept.framerate));
        auto copy = std::make_shared<tsr::Playlist>(*run.ep.playlist);
        // Only the size and rate stay; the rest of [display] (overdue, hours, ...) is new.
        copy->display.width = kept.width;
        copy->display.height = kept.height;
        copy->display.framerate = kept.framerate;
        run.ep.playlist = std::move(copy);
    }
    {
        std::lock_guard lock(s.mutex);
        s.epoch = ++run.epoch;
        s.failed.reset();
        for (WorkPtr& r : s.requests)
            s.retired.push_back(std::shared_ptr<tsr::LookaheadWork>(std::move(r)));
        s.requests.clear();
        trim_ready(s, 0);
        if (!run.ahead) s.retired.clear();
    }
    s.cond.notify_all();
    klass_of(self)->reload(self);
    GST_INFO_OBJECT(self, "took playlist generation %" G_GUINT64_FORMAT, run.ep.generation);
}

} // namespace

namespace tsr {

LookaheadRun& lookahead_run(TsrLookaheadSrc* self) {
    return state_of(self).run;
}

void lookahead_set_ahead(TsrLookaheadSrc* self, bool ahead) {
    GST_OBJECT_LOCK(self);
    state_of(self).ahead = ahead;
    GST_OBJECT_UNLOCK(self);
}

bool lookahead_get_ahead(TsrLookaheadSrc* self) {
    GST_OBJECT_LOCK(self);
    const bool ahead = state_of(self).ahead;
    GST_OBJECT_UNLOCK(self);
    return ahead;
}

void lookahead_ask(TsrLookaheadSrc* self, std::unique_ptr<LookaheadWork> work) {
    LookaheadState& s = state_of(self);
    if (!s.run.ahead) return;
    {
        std::lock_guard lock(s.mutex);
        if (coming_locked(s, *work)) return;
        for (const WorkPtr& r : s.ready)
            if (same_now(s, *r, *work)) return;
        work->epoch = s.epoch;
        work->now = false;
        s.requests.push_back(std::move(work));
        // Beyond the bound the oldest asked ahead goes (a change passed by); never one asked
        // by the frame that needs it.
        std::size_t ahead = 0;
        for (const WorkPtr& r : s.requests)
            ahead += r->now ? 0 : 1;
        for (auto it = s.requests.begin(); ahead > klass_of(self)->max_queued;) {
            if ((*it)->now) {
                ++it;
                continue;
            }
            s.retired.push_back(std::shared_ptr<LookaheadWork>(std::move(*it)));
            it = s.requests.erase(it);
            --ahead;
        }
    }
    s.cond.notify_all();
}

std::unique_ptr<LookaheadWork> lookahead_take(TsrLookaheadSrc* self, const LookaheadWork& wanted,
                                              bool wait, Taken* taken, std::string* error) {
    LookaheadState& s = state_of(self);
    if (!s.run.ahead) {
        *taken = Taken::here;
        return nullptr;
    }
    std::unique_lock lock(s.mutex);
    for (;;) {
        if (s.flushing) {
            *taken = Taken::flushing;
            return nullptr;
        }
        for (auto it = s.ready.begin(); it != s.ready.end(); ++it) {
            if (same_now(s, **it, wanted)) {
                WorkPtr made = std::move(*it);
                s.ready.erase(it);
                *taken = Taken::made;
                return made;
            }
        }
        if (s.failed && same_now(s, *s.failed, wanted)) {
            if (error) *error = s.failed->error;
            s.retired.push_back(std::shared_ptr<LookaheadWork>(std::move(s.failed)));
            *taken = Taken::here; // made here, which reports why it fails
            return nullptr;
        }
        bool asked_now = false;
        if (s.working && same_now(s, *s.working, wanted)) {
            asked_now = s.working->now;
        } else {
            auto it = s.requests.begin();
            while (it != s.requests.end() && !same_now(s, **it, wanted))
                ++it;
            if (it == s.requests.end()) {
                // Not seen coming (a reload, a change less than the look-ahead away): the
                // worker makes it too, first, never this thread.
                WorkPtr work = wanted.fresh();
                work->epoch = s.epoch;
                work->now = true;
                s.requests.push_front(std::move(work));
                s.cond.notify_all();
                asked_now = true;
            } else {
                asked_now = (*it)->now;
            }
        }
        // Seen coming, the worker is on it: waiting costs no more than making it here. Not
        // seen coming, live: the old picture shows meanwhile.
        if (asked_now && !wait) {
            *taken = Taken::not_yet;
            return nullptr;
        }
        s.cond.wait(lock);
    }
}

void lookahead_retire(TsrLookaheadSrc* self, std::shared_ptr<void> thing) {
    LookaheadState& s = state_of(self);
    if (!thing || !s.run.ahead || !s.worker.joinable()) return; // freed here
    {
        std::lock_guard lock(s.mutex);
        s.retired.push_back(std::move(thing));
    }
    s.cond.notify_all();
}

} // namespace tsr

static void tsr_lookahead_src_set_property(GObject* object, guint prop_id, const GValue* value,
                                           GParamSpec* pspec) {
    LookaheadState& s = state_of(TSR_LOOKAHEAD_SRC(object));
    if (tsr::set_playlist_property(object, playlist_slots(s), prop_id, value)) return;
    if (prop_id == PROP_FRAMES_PER_BUFFER) {
        GST_OBJECT_LOCK(object);
        s.frames_per_buffer = g_value_get_uint(value);
        GST_OBJECT_UNLOCK(object);
        return;
    }
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
}

static void tsr_lookahead_src_get_property(GObject* object, guint prop_id, GValue* value,
                                           GParamSpec* pspec) {
    LookaheadState& s = state_of(TSR_LOOKAHEAD_SRC(object));
    if (tsr::get_playlist_property(object, playlist_slots(s), prop_id, value)) return;
    if (prop_id == PROP_FRAMES_PER_BUFFER) {
        GST_OBJECT_LOCK(object);
        g_value_set_uint(value, s.frames_per_buffer);
        GST_OBJECT_UNLOCK(object);
        return;
    }
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
}

static gboolean tsr_lookahead_src_start(GstBaseSrc* bsrc) {
    auto* self = TSR_LOOKAHEAD_SRC(bsrc);
    TsrLookaheadSrcClass* klass = klass_of(self);
    LookaheadState& s = state_of(self);
    tsr::LookaheadRun& run = s.run;
    tsr::take_run_properties(G_OBJECT(self), playlist_slots(s), run.ep, &run.wall_clock);
    GST_OBJECT_LOCK(self);
    run.ahead = s.ahead;
    run.max_frames_per_buffer = s.frames_per_buffer;
    GST_OBJECT_UNLOCK(self);
    try {
        if (!run.ep.load(GST_ELEMENT(self), run.inbox)) return FALSE;
        run.live = run.ep.live();
        run.display = run.ep.playlist->display;
        run.view.reset();
        run.tb = tsr::element_pipeline_timebase(GST_ELEMENT(self), run.inbox, run.ep.start,
                                                run.wall_clock);
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, RESOURCE, SETTINGS, (_(klass->prepare_error), e.what()),
                          ("start failed"));
        return FALSE;
    }
    run.next_frame = 0;
    s.previous_first.reset();
    {
        std::lock_guard lock(s.mutex);
        clear_handover_locked(s);
        s.flushing = false;
        s.epoch = run.epoch;
    }
    const tsr::Display& d = run.display;
    GST_OBJECT_LOCK(self);
    s.width = d.width;
    s.height = d.height;
    s.fps = d.framerate;
    GST_OBJECT_UNLOCK(self);
    // The first picture here rather than on the streaming thread: the first frame is then made
    // at once, live or not (and its size may decide the caps). Live, for the time of day now.
    const tsr::Instant first = run.ep.start ? *run.ep.start : tsr::wall_clock_now(run.wall_clock);
    const int height = klass->prepare(self, first);
    if (height <= 0) return FALSE;
    GST_OBJECT_LOCK(self);
    s.height = height;
    GST_OBJECT_UNLOCK(self);
    if (run.ahead) start_worker(self);
    GST_DEBUG_OBJECT(self, "started: %dx%d", d.width, height);
    return TRUE;
}

static gboolean tsr_lookahead_src_stop(GstBaseSrc* bsrc) {
    auto* self = TSR_LOOKAHEAD_SRC(bsrc);
    LookaheadState& s = state_of(self);
    stop_worker(s);
    klass_of(self)->release(self);
    s.run.view.reset();
    s.run.tb.reset();
    gst_clear_object(&s.run.wall_clock);
    s.run.inbox.clear();
    GST_OBJECT_LOCK(self);
    s.width = s.height = s.fps = 0;
    GST_OBJECT_UNLOCK(self);
    return TRUE;
}

static GstCaps* tsr_lookahead_src_get_caps(GstBaseSrc* bsrc, GstCaps* filter) {
    auto* self = TSR_LOOKAHEAD_SRC(bsrc);
    LookaheadState& s = state_of(self);
    GST_OBJECT_LOCK(self);
    int w = s.width, h = s.height, fps = s.fps;
    GST_OBJECT_UNLOCK(self);
    return tsr::video_source_caps(bsrc, klass_of(self)->formats, w, h, fps, filter);
}

static gboolean tsr_lookahead_src_set_caps(GstBaseSrc* bsrc, GstCaps* caps) {
    return tsr::video_source_set_caps(bsrc, caps, &state_of(TSR_LOOKAHEAD_SRC(bsrc)).run.info);
}

static gboolean tsr_lookahead_src_query(GstBaseSrc* bsrc, GstQuery* query) {
    auto* self = TSR_LOOKAHEAD_SRC(bsrc);
    LookaheadState& s = state_of(self);
    if (GST_QUERY_TYPE(query) == GST_QUERY_LATENCY) {
        // The rate is the playlist's, known from start(), before caps are negotiated.
        GST_OBJECT_LOCK(self);
        const int fps = s.fps;
        GST_OBJECT_UNLOCK(self);
        tsr::video_source_answer_latency(bsrc, query, fps);
        return TRUE;
    }
    if (tsr::answer_context_query(query, s.run.inbox)) return TRUE;
    return GST_BASE_SRC_CLASS(tsr_lookahead_src_parent_class)->query(bsrc, query);
}

/// Frame `n`'s running time at the negotiated rate (ns, truncated as GstVideoAggregator
/// truncates its output frames' times; fps_n > 0).
static GstClockTime frame_time(const tsr::LookaheadRun& run, guint64 n) {
    return gst_util_uint64_scale(n, GST_SECOND * GST_VIDEO_INFO_FPS_D(&run.info),
                                 GST_VIDEO_INFO_FPS_N(&run.info));
}

/// Live: wait for the clock until the sync frame's time (plan_sync), not the buffer's own.
static void tsr_lookahead_src_get_times(GstBaseSrc* bsrc, GstBuffer* buffer, GstClockTime* start,
                                        GstClockTime* end) {
    tsr::video_source_get_times(bsrc, buffer, start, end);
    LookaheadState& s = state_of(TSR_LOOKAHEAD_SRC(bsrc));
    if (!GST_CLOCK_TIME_IS_VALID(*start) || GST_VIDEO_INFO_FPS_N(&s.run.info) <= 0) return;
    // tsrcompose takes a frame about one frame before the pipeline shows it (its running time
    // + the pipeline's latency) and its pad queue holds two buffers: a buffer pushed more than
    // two frames and a half earlier would wait for room there, and its thread would be woken
    // many times a frame. That happens when a sink's own buffering (an audio device's, about
    // 200 ms) makes the pipeline's latency the sound's instead of the picture's (about two
    // frames and a half): then each buffer waits for the clock that much longer.
    const GstClockTime frames_2_5 = frame_time(s.run, 5) / 2;
    const GstClockTime latency = s.pipeline_latency;
    *start = frame_time(s.run, s.sync_frame) + (latency > frames_2_5 ? latency - frames_2_5 : 0);
}

static gboolean tsr_lookahead_src_event(GstBaseSrc* bsrc, GstEvent* event) {
    if (GST_EVENT_TYPE(event) == GST_EVENT_LATENCY) {
        GstClockTime latency = 0;
        gst_event_parse_latency(event, &latency);
        state_of(TSR_LOOKAHEAD_SRC(bsrc)).pipeline_latency = latency;
        GST_DEBUG_OBJECT(bsrc, "pipeline latency %" GST_TIME_FORMAT, GST_TIME_ARGS(latency));
    }
    return GST_BASE_SRC_CLASS(tsr_lookahead_src_parent_class)->event(bsrc, event);
}

static gboolean tsr_lookahead_src_is_seekable(GstBaseSrc*) {
    return FALSE;
}

static gboolean tsr_lookahead_src_unlock(GstBaseSrc* bsrc) {
    return tsr::set_flushing(state_of(TSR_LOOKAHEAD_SRC(bsrc)), true);
}

static gboolean tsr_lookahead_src_unlock_stop(GstBaseSrc* bsrc) {
    return tsr::set_flushing(state_of(TSR_LOOKAHEAD_SRC(bsrc)), false);
}

/// Live: which frame's time the buffer starting at frame `n` waits for (get_times). A buffer
/// lasting several frames leaves tsrcompose's pad empty once taken, and the aggregator would
/// then wait for the next one until its timeout, every frame: so the next buffer goes out one
/// frame after this one began, not when it begins itself.
static void plan_sync(LookaheadState& st, guint64 n) {
    st.sync_frame = st.previous_first ? std::min(n, *st.previous_first + 1) : n;
    st.previous_first = n;
}

static GstFlowReturn tsr_lookahead_src_create(GstPushSrc* psrc, GstBuffer** out) {
    auto* self = TSR_LOOKAHEAD_SRC(psrc);
    TsrLookaheadSrcClass* klass = klass_of(self);
    tsr::LookaheadRun& run = state_of(self).run;
    const int fps_n = GST_VIDEO_INFO_FPS_N(&run.info), fps_d = GST_VIDEO_INFO_FPS_D(&run.info);
    if (fps_n <= 0) return GST_FLOW_NOT_NEGOTIATED;
    try {
        if (run.live) {
            // Timestamps are running time of the clock: skip frames hopelessly late.
            guint64 n =
                tsr::first_frame_worth_making(GST_ELEMENT(self), run.next_frame, fps_n, fps_d);
            if (n > run.next_frame) {
                GST_DEBUG_OBJECT(self,
                                 "late: skipping frames %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT,
                                 run.next_frame, n - 1);
                run.next_frame = n;
            }
        }
        tsr::follow_pipeline_timebase(GST_ELEMENT(self), *run.tb, run.view, run.ep.playlist->zone);
        if (run.ep.refresh(run.inbox)) take_reload(self);

        const guint64 n = run.next_frame++;
        const GstClockTime pts = frame_time(run, n);
        const tsr::Instant wall = run.view->timebase.wall_at(pts);
        GstBuffer* buf = nullptr;
        GstFlowReturn ret = klass->fill(self, n, pts, wall, &buf);
        if (ret != GST_FLOW_OK) return ret;
        // Frames after n that the subclass can show with this buffer go out in it too (live
        // only: not live, num-buffers counts frames).
        if (run.live && klass->extend)
            while (run.next_frame - n < run.max_frames_per_buffer) {
                const GstClockTime next = frame_time(run, run.next_frame);
                if (!klass->extend(self, buf, next, run.view->timebase.wall_at(next))) break;
                ++run.next_frame;
            }
        plan_sync(state_of(self), n);
        GST_BUFFER_PTS(buf) = pts;
        GST_BUFFER_DTS(buf) = GST_CLOCK_TIME_NONE;
        GST_BUFFER_DURATION(buf) = frame_time(run, run.next_frame) - pts;
        GST_BUFFER_OFFSET(buf) = n;
        GST_BUFFER_OFFSET_END(buf) = run.next_frame;
        *out = buf;
        return GST_FLOW_OK;
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, LIBRARY, FAILED, (_(klass->draw_error), e.what()),
                          ("create failed"));
    } catch (...) {
        GST_ELEMENT_ERROR(self, LIBRARY, FAILED, (_(klass->draw_error), "unknown failure"),
                          ("unknown exception in create"));
    }
    return GST_FLOW_ERROR;
}

static void tsr_lookahead_src_set_context(GstElement* element, GstContext* context) {
    tsr::element_set_context(element, context, state_of(TSR_LOOKAHEAD_SRC(element)).run.inbox,
                             GST_ELEMENT_CLASS(tsr_lookahead_src_parent_class));
}

// Before any finalize: the worker uses the subclass's state.
static void tsr_lookahead_src_dispose(GObject* object) {
    auto* priv = static_cast<TsrLookaheadSrcPrivate*>(
        tsr_lookahead_src_get_instance_private(TSR_LOOKAHEAD_SRC(object)));
    if (priv->state) stop_worker(*priv->state);
    G_OBJECT_CLASS(tsr_lookahead_src_parent_class)->dispose(object);
}

static void tsr_lookahead_src_finalize(GObject* object) {
    auto* priv = static_cast<TsrLookaheadSrcPrivate*>(
        tsr_lookahead_src_get_instance_private(TSR_LOOKAHEAD_SRC(object)));
    delete std::exchange(priv->state, nullptr);
    G_OBJECT_CLASS(tsr_lookahead_src_parent_class)->finalize(object);
}

static void tsr_lookahead_src_init(TsrLookaheadSrc* self) {
    static_cast<TsrLookaheadSrcPrivate*>(tsr_lookahead_src_get_instance_private(self))->state =
        new LookaheadState();
    gst_base_src_set_format(GST_BASE_SRC(self), GST_FORMAT_TIME);
    gst_base_src_set_live(GST_BASE_SRC(self), TRUE);
}

static void tsr_lookahead_src_class_init(TsrLookaheadSrcClass* klass) {
    GST_DEBUG_CATEGORY_INIT(tsr_lookahead_src_debug, "tsrlookaheadsrc", 0,
                            "TSR video sources' look-ahead base");
    auto* gobject_class = G_OBJECT_CLASS(klass);
    auto* element_class = GST_ELEMENT_CLASS(klass);
    auto* basesrc_class = GST_BASE_SRC_CLASS(klass);
    auto* pushsrc_class = GST_PUSH_SRC_CLASS(klass);

    gobject_class->set_property = tsr_lookahead_src_set_property;
    gobject_class->get_property = tsr_lookahead_src_get_property;
    gobject_class->dispose = tsr_lookahead_src_dispose;
    gobject_class->finalize = tsr_lookahead_src_finalize;
    tsr::install_playlist_properties(gobject_class, PROP_PLAYLIST, PROP_START, PROP_WALL_CLOCK);
    g_object_class_install_property(
        gobject_class, PROP_FRAMES_PER_BUFFER,
        g_param_spec_uint(
            "frames-per-buffer", "Frames per buffer",
            "Live only: most frames one buffer lasts (1, the default: a buffer each frame). "
            "tsrslidesrc lets an unchanged picture last; tsrtickersrc, linked to tsrcompose "
            "through elements that pass buffers on unchanged (capsfilter, identity, queue; "
            "not a converter), lets its scrolling window move within one buffer. tsrcompose "
            "shows such a buffer frame by frame, and the streaming thread wakes once for "
            "those frames instead of once a frame. A reload, a new announcement or a "
            "wall-clock jump shows up to twice that many frames later (the next buffer is out "
            "one frame after this one began). A change of slide, page or minute, or of the "
            "ticker's messages, still starts a buffer at its own frame.",
            1, 300, 1,
            GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY)));

    element_class->set_context = tsr_lookahead_src_set_context;

    basesrc_class->start = tsr_lookahead_src_start;
    basesrc_class->stop = tsr_lookahead_src_stop;
    basesrc_class->get_caps = tsr_lookahead_src_get_caps;
    basesrc_class->set_caps = tsr_lookahead_src_set_caps;
    basesrc_class->query = tsr_lookahead_src_query;
    basesrc_class->get_times = tsr_lookahead_src_get_times;
    basesrc_class->event = tsr_lookahead_src_event;
    basesrc_class->is_seekable = tsr_lookahead_src_is_seekable;
    basesrc_class->unlock = tsr_lookahead_src_unlock;
    basesrc_class->unlock_stop = tsr_lookahead_src_unlock_stop;
    pushsrc_class->create = tsr_lookahead_src_create;

    klass->formats = "{ BGRx, BGRA }";
    klass->max_queued = 1;
    klass->max_ready = 2;
}
