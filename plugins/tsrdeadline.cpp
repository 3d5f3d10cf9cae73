/**
 * SECTION:element-tsrdeadline
 *
 * The deadline clock: a pass-through for any stream that posts an element message `tsr-cue`
 * when the stream's running time reaches a cue of the playlist (a slide change, a reminder, an
 * activity's start or deadline: tsr::cues). Fields: `id` (string), `kind` (`slide`, `reminder`,
 * `start`, `deadline`), `due` (ISO 8601 with offset) and `due-ns` (gint64 ns since 1970 UTC),
 * `running-time` (guint64 ns: the cue's running time), `title` and `detail` (strings, as in
 * `tsr timeline`). Made and read with tsr_messages.hpp.
 *
 * Simulated (`start` set): the buffers' running time drives it. A cue fires on the first
 * buffer that reaches it: one whose span [running time, running time + duration) contains or
 * passed the cue (a buffer without duration: its running time >= the cue).
 *
 * Live (`start` empty): a thread waits on the pipeline clock for base time + the cue's running
 * time, so a cue fires on time even while no buffer flows; buffers do not fire cues then. The
 * wait is unscheduled on flush and when leaving PLAYING. It wakes at least every second to
 * follow the pipeline's timebase (pipeline_timebase.hpp, shared with the other tsr elements):
 * a wall-clock jump of more than 2 s re-anchors it once for the pipeline, and the element
 * that saw it posts `tsr-timebase`. Cues are computed lazily an hour at a time.
 *
 * |[
 * gst-launch-1.0 -m tsrremindersrc playlist=playlists/demo start="2026-11-30 08:44" \
 *     num-buffers=500 ! tsrdeadline playlist=playlists/demo start="2026-11-30 08:44" ! fakesink
 * ]|
 */
#include "element_playlist.hpp"
#include "i18n.hpp"
#include "live_timebase.hpp"
#include "schedule.hpp"
#include "tsr_messages.hpp"

#include <gst/base/gstbasetransform.h>

#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

GST_DEBUG_CATEGORY_STATIC(tsr_deadline_debug);
#define GST_CAT_DEFAULT tsr_deadline_debug

namespace {

using namespace tsr;

constexpr Micros kCueWindow = std::chrono::hours(1);
constexpr int kMaxEmptyWindows = 48; // look this many windows ahead for a next cue
constexpr GstClockTime kJumpCheckInterval = GST_SECOND;

struct State {
    // Properties, under the object lock.
    ElementPlaylist ep;
    GstClock* wall_clock = nullptr;

    // From start() to stop().
    std::shared_ptr<const Playlist> playlist;
    bool live = true;
    GstClock* wall_clock_used = nullptr;
    ElementPlaylist taken; ///< where reloads come from (state mutex): tsr play sets them
    PlaylistInbox inbox;   ///< the pipeline's playlist (set_context, any thread)

    // Lock order: `mutex` before the object lock (gst_element_get_clock); never held while
    // posting a message or waiting on the clock.
    std::mutex mutex;
    Timebase tb;
    std::shared_ptr<PipelineTimebase> ptb; ///< the pipeline's, `tb` a view of it
    std::uint64_t tb_epoch = 0;            ///< of `tb`
    std::vector<Cue> cues;                 ///< the current window
    std::size_t next = 0;                  ///< first cue of `cues` not fired
    Instant window_end{};                  ///< cues are known up to here
    Instant fired_until{};                 ///< live: cues up to this wall time have fired
    // The live waiting thread.
    std::thread thread;
    std::condition_variable wake;
    bool running = false;
    bool flushing = false;
    GstClockID wait_id = nullptr;
};

} // namespace

G_BEGIN_DECLS
#define TSR_TYPE_DEADLINE (tsr_deadline_get_type())
G_DECLARE_FINAL_TYPE(TsrDeadline, tsr_deadline, TSR, DEADLINE, GstBaseTransform)
G_END_DECLS

struct _TsrDeadline {
    GstBaseTransform parent;
    State* state;
};

G_DEFINE_TYPE(TsrDeadline, tsr_deadline, GST_TYPE_BASE_TRANSFORM)
GST_ELEMENT_REGISTER_DEFINE(tsrdeadline, "tsrdeadline", GST_RANK_NONE, TSR_TYPE_DEADLINE)

enum { PROP_0, PROP_PLAYLIST, PROP_START, PROP_WALL_CLOCK };

static GstStaticPadTemplate sink_template =
    GST_STATIC_PAD_TEMPLATE("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate src_template =
    GST_STATIC_PAD_TEMPLATE("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

/// Restarts the cue list at `from` (state mutex held).
static void reset_cues_locked(State* st, Instant from) {
    st->cues.clear();
    st->next = 0;
    st->window_end = from;
}

/// The next cue not fired, computing windows as needed (state mutex held); null when none
/// within kMaxEmptyWindows windows (then `window_end` has moved on).
static const Cue* next_cue_locked(State* st) {
    for (int i = 0; st->next >= st->cues.size() && i < kMaxEmptyWindows; ++i) {
        st->cues = cues(*st->playlist, st->window_end, st->window_end + kCueWindow);
        st->next = 0;
        st->window_end += kCueWindow;
    }
    return st->next < st->cues.size() ? &st->cues[st->next] : nullptr;
}

static GstMessage* cue_message(TsrDeadline* self, const Cue& c, guint64 running) {
    const TimeZone& zone = self->state->playlist->zone;
    return make_cue_message(GST_OBJECT(self), zone,
                            CueMessage{c.id, cue_kind_name(c.kind), c.time,
                                       Nanos(std::int64_t(running)), c.title, c.detail});
}

/// Fires (into `out`) every cue whose running time is before `pos` (or at it, `inclusive`).
static void collect_due_locked(TsrDeadline* self, std::uint64_t pos, bool inclusive,
                               std::vector<GstMessage*>& out) {
    State* st = self->state;
    while (const Cue* c = next_cue_locked(st)) {
        const std::int64_t rt = st->tb.running_at_signed(c->time);
        const bool due = inclusive ? rt <= std::int64_t(pos) : rt < std::int64_t(pos);
        if (!due) break;
        out.push_back(cue_message(self, *c, guint64(std::max<std::int64_t>(rt, 0))));
        ++st->next;
    }
}

static void post_all(TsrDeadline* self, std::vector<GstMessage*>& msgs) {
    for (GstMessage* m : msgs)
        gst_element_post_message(GST_ELEMENT(self), m);
    msgs.clear();
}

static void live_loop(TsrDeadline* self, GstClock* clock, GstClockTime base) {
    State* st = self->state;
    std::vector<GstMessage*> msgs;
    std::unique_lock lock(st->mutex);
    while (st->running) {
        if (st->flushing) {
            st->wake.wait(lock);
            continue;
        }
        GstClockTime t = gst_clock_get_time(clock);
        const std::uint64_t now = t > base ? t - base : 0;
        if (st->taken.refresh(st->inbox)) {
            // tsr play set an edited playlist: the cues up to the last look fired from
            // the old one; from there on they come from the new one.
            st->playlist = st->taken.playlist;
            reset_cues_locked(st, st->fired_until + Micros(1));
            GST_INFO_OBJECT(self, "took playlist generation %" G_GUINT64_FORMAT,
                            st->taken.generation);
        }
        if (auto jump = st->ptb->follow(std::chrono::nanoseconds(now))) {
            GST_WARNING_OBJECT(self, "wall clock jumped by %" G_GINT64_FORMAT " ms: re-anchored",
                               jump->jump_ns() / 1000000);
            msgs.push_back(timebase_message(GST_ELEMENT(self), st->playlist->zone, *jump));
        }
        if (st->ptb->epoch() != st->tb_epoch) {
            // Re-anchored, here or by another element of the pipeline: the cues still to come
            // are those after now in the new timebase.
            const PipelineTimebase::View view = st->ptb->current();
            st->tb = view.timebase;
            st->tb_epoch = view.epoch;
            reset_cues_locked(st, st->tb.wall_at(now));
        }
        collect_due_locked(self, now, true, msgs);
        st->fired_until = st->tb.wall_at(now);
        const Cue* c = next_cue_locked(st);
        const std::int64_t target = st->tb.running_at_signed(c ? c->time : st->window_end);
        const std::uint64_t wait_rt = std::min<std::uint64_t>(
            std::uint64_t(std::max<std::int64_t>(target, 0)), now + kJumpCheckInterval);
        GstClockID id = gst_clock_new_single_shot_id(clock, base + wait_rt);
        st->wait_id = id;
        lock.unlock();
        post_all(self, msgs);
        GstClockReturn ret = gst_clock_id_wait(id, nullptr);
        lock.lock();
        st->wait_id = nullptr;
        gst_clock_id_unref(id);
        GST_LOG_OBJECT(self, "clock wait for %" GST_TIME_FORMAT " returned %d",
                       GST_TIME_ARGS(wait_rt), ret);
    }
    lock.unlock();
    post_all(self, msgs);
}

static void stop_thread(TsrDeadline* self) {
    State* st = self->state;
    std::thread t;
    {
        std::lock_guard lock(st->mutex);
        st->running = false;
        if (st->wait_id) gst_clock_id_unschedule(st->wait_id);
        t = std::move(st->thread);
    }
    st->wake.notify_all();
    if (t.joinable()) t.join();
}

static bool start_thread(TsrDeadline* self) {
    State* st = self->state;
    GstClock* clock = gst_element_get_clock(GST_ELEMENT(self));
    if (!clock) {
        GST_WARNING_OBJECT(self, "live without a clock: cues fire on no clock");
        return true;
    }
    const GstClockTime base = gst_element_get_base_time(GST_ELEMENT(self));
    GstClockTime t = gst_clock_get_time(clock);
    const std::uint64_t now = t > base ? t - base : 0;
    std::lock_guard lock(st->mutex);
    // Live: the pipeline's timebase, anchored now unless another element did (a pause longer
    // than a jump is then seen as one: running time stood still, the time of day did not).
    const PipelineTimebase::View view = st->ptb->anchor(std::chrono::nanoseconds(now));
    st->tb = view.timebase;
    st->tb_epoch = view.epoch;
    reset_cues_locked(st, st->tb.wall_at(now));
    st->fired_until = st->tb.wall_at(now) - Micros(1);
    st->running = true;
    st->flushing = false;
    try {
        st->thread = std::thread([self, clock, base] {
            // Never an exception out of the thread, which would end the process: the
            // deadline clock stops with an element error instead (tsr play restarts).
            try {
                live_loop(self, clock, base);
            } catch (const std::exception& e) {
                GST_ELEMENT_ERROR(self, CORE, FAILED,
                                  (_("The deadline clock failed: %s"), e.what()),
                                  ("exception in the clock thread"));
            } catch (...) {
                GST_ELEMENT_ERROR(self, CORE, FAILED, (_("The deadline clock failed.")),
                                  ("unknown exception in the clock thread"));
            }
            gst_object_unref(clock);
        });
    } catch (const std::exception& e) {
        st->running = false;
        gst_object_unref(clock);
        GST_ELEMENT_ERROR(self, RESOURCE, FAILED,
                          (_("Cannot start the deadline clock: %s"), e.what()),
                          ("thread creation failed"));
        return false;
    }
    return true;
}

static GstStateChangeReturn tsr_deadline_change_state(GstElement* element,
                                                      GstStateChange transition) {
    auto* self = TSR_DEADLINE(element);
    if (transition == GST_STATE_CHANGE_PLAYING_TO_PAUSED) stop_thread(self);
    GstStateChangeReturn ret =
        GST_ELEMENT_CLASS(tsr_deadline_parent_class)->change_state(element, transition);
    if (ret == GST_STATE_CHANGE_FAILURE) return ret;
    if (transition == GST_STATE_CHANGE_PAUSED_TO_PLAYING && self->state->live &&
        self->state->playlist) {
        if (!start_thread(self)) return GST_STATE_CHANGE_FAILURE;
    }
    return ret;
}

static tsr::PlaylistPropertySlots playlist_slots(State& st);

static gboolean tsr_deadline_start(GstBaseTransform* trans) {
    auto* self = TSR_DEADLINE(trans);
    State* st = self->state;
    ElementPlaylist ep;
    take_run_properties(G_OBJECT(self), playlist_slots(*st), ep, &st->wall_clock_used);
    try {
        if (!ep.load(GST_ELEMENT(self), st->inbox)) return FALSE;
        std::lock_guard lock(st->mutex);
        st->playlist = ep.playlist;
        st->taken = ep;
        st->live = ep.live();
        st->ptb =
            element_pipeline_timebase(GST_ELEMENT(self), st->inbox, ep.start, st->wall_clock_used);
        if (!st->live) {
            st->tb = Timebase::simulated(*ep.start);
            reset_cues_locked(st, *ep.start);
        }
        return TRUE;
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, RESOURCE, FAILED,
                          (_("Cannot start the deadline clock: %s"), e.what()),
                          ("exception in start"));
        return FALSE;
    }
}

static gboolean tsr_deadline_stop(GstBaseTransform* trans) {
    auto* self = TSR_DEADLINE(trans);
    stop_thread(self);
    std::lock_guard lock(self->state->mutex);
    self->state->playlist.reset();
    self->state->ptb.reset();
    self->state->cues.clear();
    gst_clear_object(&self->state->wall_clock_used);
    self->state->inbox.clear();
    return TRUE;
}

static gboolean tsr_deadline_sink_event(GstBaseTransform* trans, GstEvent* event) {
    State* st = TSR_DEADLINE(trans)->state;
    if (GST_EVENT_TYPE(event) == GST_EVENT_FLUSH_START) {
        std::lock_guard lock(st->mutex);
        st->flushing = true;
        if (st->wait_id) gst_clock_id_unschedule(st->wait_id);
    } else if (GST_EVENT_TYPE(event) == GST_EVENT_FLUSH_STOP) {
        {
            std::lock_guard lock(st->mutex);
            st->flushing = false;
        }
        st->wake.notify_all();
    }
    return GST_BASE_TRANSFORM_CLASS(tsr_deadline_parent_class)->sink_event(trans, event);
}

static GstFlowReturn tsr_deadline_transform_ip(GstBaseTransform* trans, GstBuffer* buf) {
    auto* self = TSR_DEADLINE(trans);
    State* st = self->state;
    if (st->live || !st->playlist) return GST_FLOW_OK; // live: the clock thread fires cues
    if (trans->segment.format != GST_FORMAT_TIME || !GST_BUFFER_PTS_IS_VALID(buf))
        return GST_FLOW_OK;
    const guint64 rt =
        gst_segment_to_running_time(&trans->segment, GST_FORMAT_TIME, GST_BUFFER_PTS(buf));
    if (!GST_CLOCK_TIME_IS_VALID(rt)) return GST_FLOW_OK;
    std::vector<GstMessage*> msgs;
    try {
        std::lock_guard lock(st->mutex);
        if (GST_BUFFER_DURATION_IS_VALID(buf))
            collect_due_locked(self, rt + GST_BUFFER_DURATION(buf), false, msgs);
        else
            collect_due_locked(self, rt, true, msgs);
    } catch (const std::exception& e) {
        GST_ELEMENT_WARNING(self, CORE, FAILED, (_("Deadline clock: %s"), e.what()),
                            ("exception while computing cues"));
    }
    post_all(self, msgs);
    return GST_FLOW_OK;
}

static gboolean tsr_deadline_query(GstBaseTransform* trans, GstPadDirection direction,
                                   GstQuery* query) {
    if (answer_context_query(query, TSR_DEADLINE(trans)->state->inbox)) return TRUE;
    return GST_BASE_TRANSFORM_CLASS(tsr_deadline_parent_class)->query(trans, direction, query);
}

static void tsr_deadline_set_context(GstElement* element, GstContext* context) {
    element_set_context(element, context, TSR_DEADLINE(element)->state->inbox,
                        GST_ELEMENT_CLASS(tsr_deadline_parent_class));
}

static tsr::PlaylistPropertySlots playlist_slots(State& st) {
    return {PROP_PLAYLIST,      PROP_START,      PROP_WALL_CLOCK,
            st.ep.playlist_arg, st.ep.start_arg, st.wall_clock};
}

static void tsr_deadline_set_property(GObject* object, guint id, const GValue* value,
                                      GParamSpec* pspec) {
    if (!tsr::set_playlist_property(object, playlist_slots(*TSR_DEADLINE(object)->state), id,
                                    value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void tsr_deadline_get_property(GObject* object, guint id, GValue* value, GParamSpec* pspec) {
    if (!tsr::get_playlist_property(object, playlist_slots(*TSR_DEADLINE(object)->state), id,
                                    value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

static void tsr_deadline_finalize(GObject* object) {
    auto* self = TSR_DEADLINE(object);
    stop_thread(self);
    gst_clear_object(&self->state->wall_clock);
    gst_clear_object(&self->state->wall_clock_used);
    delete self->state;
    G_OBJECT_CLASS(tsr_deadline_parent_class)->finalize(object);
}

static void tsr_deadline_init(TsrDeadline* self) {
    self->state = new State();
    gst_base_transform_set_passthrough(GST_BASE_TRANSFORM(self), TRUE);
    gst_base_transform_set_gap_aware(GST_BASE_TRANSFORM(self), TRUE);
}

static void tsr_deadline_class_init(TsrDeadlineClass* klass) {
    GObjectClass* gobject_class = G_OBJECT_CLASS(klass);
    GstElementClass* element_class = GST_ELEMENT_CLASS(klass);
    GstBaseTransformClass* trans_class = GST_BASE_TRANSFORM_CLASS(klass);

    GST_DEBUG_CATEGORY_INIT(tsr_deadline_debug, "tsrdeadline", 0, "TSR deadline clock");

    gobject_class->set_property = tsr_deadline_set_property;
    gobject_class->get_property = tsr_deadline_get_property;
    gobject_class->finalize = tsr_deadline_finalize;

    tsr::install_playlist_properties(gobject_class, PROP_PLAYLIST, PROP_START, PROP_WALL_CLOCK);

    gst_element_class_add_static_pad_template(element_class, &sink_template);
    gst_element_class_add_static_pad_template(element_class, &src_template);
    gst_element_class_set_static_metadata(
        element_class, "TSR deadline clock", "Generic",
        "Passes any stream through and posts a tsr-cue element message when its running time "
        "reaches a cue of the playlist (slide change, reminder, start, deadline)",
        "TSR <tsr@example.invalid>");

    element_class->change_state = tsr_deadline_change_state;
    element_class->set_context = tsr_deadline_set_context;
    trans_class->query = tsr_deadline_query;
    trans_class->start = tsr_deadline_start;
    trans_class->stop = tsr_deadline_stop;
    trans_class->sink_event = tsr_deadline_sink_event;
    trans_class->transform_ip = tsr_deadline_transform_ip;
    trans_class->passthrough_on_same_caps = TRUE;
}
