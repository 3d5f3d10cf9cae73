/**
 * SECTION:element-tsrremindersrc
 *
 * The spoken reminders of a playlist as one audio stream, 48 kHz stereo S16LE interleaved:
 * each reminder's chime and voice placed to the sample at the running time of its due time
 * (queued after any reminder still sounding, never cut or overlapped), the playlist's
 * background music looped under everything and lowered while a reminder sounds, the sound
 * track of each video slide's clip while it plays (from the offset the picture shows; the music
 * lowered under it), silence otherwise (sound/reminder_mix.hpp).
 *
 * Every sound is decoded ahead, on a worker thread: the chime and background music when the
 * element starts, each reminder's audio from an hour (of playlist time) before it sounds, each
 * clip's sound track from a quarter of an hour before it plays; dropped again when no reminder
 * needs it for two hours (no clip for half an hour), so that starting costs little and a long
 * playlist does not hold all its sounds (SoundHorizon in reminder_audio.hpp). Live (no
 * `start`), a reminder whose audio is not decoded by its time is skipped and said so; the
 * streaming thread never waits for a decoder. Simulated (`start` set), the element waits for
 * the decoder instead, so that a recording is the same whatever the machine's speed. A
 * reloaded playlist keeps the sounds already decoded for the old one (files unchanged).
 *
 * Live it waits on the pipeline clock for each buffer's time, as any live source; with `sync`
 * off (tsr play to a screen or `null`, where the sink syncs) it pushes each buffer as soon as
 * the one before is taken and the sink sets the pace: one wake-up of its thread a buffer
 * instead of two. Its latency is one buffer, with no maximum (made on demand).
 *
 * For every reminder it posts an element message `tsr-reminder` when the reminder starts
 * sounding or is skipped: `id` (activity id), `title`, `audio` (file), `due` and `sound-start`
 * (ISO 8601 with offset; as gint64 ns since 1970 UTC in `due-ns`, `sound-start-ns`: see
 * tsr_messages.hpp, which makes and reads them), `running-time` (guint64 ns of its first sample;
 * for a skipped one, where it would have been, 0 if before the start), `outcome` ("played" or
 * "skipped: REASON"), and `note` (e.g. why the chime was left out; empty mostly). Live, a
 * wall-clock jump re-anchors the pipeline's timebase (pipeline_timebase.hpp) and posts
 * `tsr-timebase`, once for the pipeline. Each time a sound has been decoded
 * (on the worker; again when it is needed again after being dropped) it posts `tsr-sound`: `file`,
 * `outcome`
 * ("ready" or "failed: REASON"), `length` (guint64 ns); a failed one is also an element
 * warning.
 *
 * An announcement (`tsr play --console`, a "tsr.announcement" context:
 * announcement_context.hpp) is mixed in from the sample of its `from` wall time, over the
 * reminders and the music (not ducking them: it is rare and short).
 *
 * |[
 * gst-launch-1.0 tsrremindersrc playlist=playlists/demo ! audioconvert ! autoaudiosink
 * gst-launch-1.0 -m tsrremindersrc playlist=playlists/demo start="2026-11-30 08:44" \
 *     num-buffers=500 ! fakesink
 * ]|
 */
#include "element_playlist.hpp"
#include "i18n.hpp"
#include "live_timebase.hpp"
#include "sound/reminder_mix.hpp"
#include "tsr_messages.hpp"

#include <gst/audio/audio.h>
#include <gst/base/gstbasesrc.h>

#include <atomic>
#include <exception>
#include <memory>
#include <vector>

GST_DEBUG_CATEGORY_STATIC(tsr_reminder_src_debug);
#define GST_CAT_DEFAULT tsr_reminder_src_debug

#define DEFAULT_SAMPLES_PER_BUFFER 480 // 10 ms

namespace {

using namespace tsr;

struct State {
    // Properties, under the object lock.
    ElementPlaylist ep;
    int samples_per_buffer = DEFAULT_SAMPLES_PER_BUFFER;
    std::atomic<bool> sync{true};   // `sync`; also read by get_times on the streaming thread
    GstClock* wall_clock = nullptr; // owned ref, may be null

    // Between start() and stop(), used by the streaming thread only (and start/stop).
    std::shared_ptr<const Playlist> playlist;
    bool live = true;
    Instant sim_start{}; ///< simulated: the wall time of running time 0
    std::unique_ptr<ReminderSoundBank> bank;
    /// Banks replaced by a reload, cancelled but maybe still decoding: joined off the
    /// streaming thread (stop()), or dropped here once their worker has ended.
    std::vector<std::unique_ptr<ReminderSoundBank>> retired_banks;
    std::unique_ptr<ReminderMixer> mixer;
    bool begun = false;
    std::uint64_t next_sample = 0;
    GstClock* wall_clock_used = nullptr;  // owned ref for the run, may be null
    ElementPlaylist taken;                ///< streaming thread: where reloads come from (tsr play)
    PlaylistInbox inbox;                  ///< the pipeline's playlist (set_context, any thread)
    bool sounding = false;                ///< the last buffer had reminder sound in it
    std::shared_ptr<PipelineTimebase> tb; ///< the pipeline's (pipeline_timebase.hpp)
    std::uint64_t tb_epoch = 0;           ///< of the timebase the mixer uses

    // Set by unlock() from any thread: a simulated run waiting for the decoder gives up.
    std::atomic<bool> flushing{false};
};

} // namespace

G_BEGIN_DECLS
#define TSR_TYPE_REMINDER_SRC (tsr_reminder_src_get_type())
G_DECLARE_FINAL_TYPE(TsrReminderSrc, tsr_reminder_src, TSR, REMINDER_SRC, GstBaseSrc)
G_END_DECLS

struct _TsrReminderSrc {
    GstBaseSrc parent;
    State* state;
};

G_DEFINE_TYPE(TsrReminderSrc, tsr_reminder_src, GST_TYPE_BASE_SRC)
GST_ELEMENT_REGISTER_DEFINE(tsrremindersrc, "tsrremindersrc", GST_RANK_NONE, TSR_TYPE_REMINDER_SRC)

enum { PROP_0, PROP_PLAYLIST, PROP_START, PROP_SAMPLES_PER_BUFFER, PROP_WALL_CLOCK, PROP_SYNC };

static GstStaticPadTemplate src_template =
    GST_STATIC_PAD_TEMPLATE("src", GST_PAD_SRC, GST_PAD_ALWAYS,
                            GST_STATIC_CAPS("audio/x-raw, format=(string)S16LE, "
                                            "rate=(int)48000, channels=(int)2, "
                                            "layout=(string)interleaved, "
                                            "channel-mask=(bitmask)0x3"));

static void post_events(TsrReminderSrc* self, const std::vector<MixEvent>& events) {
    State* st = self->state;
    if (events.empty() || !st->playlist) return;
    const TimeZone& zone = st->playlist->zone;
    const Timebase& tb = st->mixer->timebase();
    for (const MixEvent& ev : events) {
        const ReminderPlay& p = ev.play;
        const Activity* a = p.due.occurrence.activity;
        const Instant sound_start = ev.played ? ev.actual_start : p.sound_start;
        const guint64 running = ev.played ? ev.running_ns : tb.running_at(p.sound_start);
        const std::string outcome = ev.outcome();
        if (ev.played)
            GST_INFO_OBJECT(self, "reminder %s due %s sounds at %s%s%s", a ? a->id.c_str() : "",
                            format_iso(zone, p.due.due).c_str(),
                            format_iso(zone, sound_start).c_str(), ev.note.empty() ? "" : ": ",
                            ev.note.c_str());
        else
            GST_WARNING_OBJECT(self, "reminder %s due %s %s", a ? a->id.c_str() : "",
                               format_iso(zone, p.due.due).c_str(), outcome.c_str());
        ReminderMessage m{
            a ? a->id : "", a ? a->title : "", p.due.reminder ? p.due.reminder->audio.string() : "",
            p.due.due,      sound_start,       Nanos(std::int64_t(running)),
            outcome,        ev.note,           p.due.reminder ? p.due.reminder->say : ""};
        gst_element_post_message(GST_ELEMENT(self),
                                 make_reminder_message(GST_OBJECT(self), zone, m));
    }
}

/// From the decoding worker: one `tsr-sound` message a file.
static void post_sound_message(TsrReminderSrc* self, const std::filesystem::path& file,
                               const ReminderSoundBank::Entry& e) {
    const bool ok = e.state == ReminderSoundBank::State::ready;
    if (!ok)
        GST_ELEMENT_WARNING(self, RESOURCE, READ, ("%s", e.error.c_str()),
                            ("decoding %s failed", file.c_str()));
    const std::string outcome = ok ? "ready" : "failed: " + e.error;
    const guint64 length = ok ? guint64(e.sound->length().count()) * 1000 : 0;
    gst_element_post_message(
        GST_ELEMENT(self),
        make_sound_message(GST_OBJECT(self),
                           SoundMessage{file.string(), outcome, Nanos(std::int64_t(length))}));
}

static std::unique_ptr<ReminderSoundBank> make_bank(TsrReminderSrc* self) {
    auto bank = std::make_unique<ReminderSoundBank>();
    bank->set_observer([self](const std::filesystem::path& f, const ReminderSoundBank::Entry& e) {
        post_sound_message(self, f, e);
    });
    return bank;
}

/// The mixer's view of the bank. A file the bank does not hold (never queued: a bug, not a
/// state) counts as not decoded yet: live skips the reminder saying so, simulated queues it and
/// waits; neither plays it wrong.
static ReminderMixer::Lookup lookup_in(const ReminderSoundBank* bank) {
    return [bank](const std::filesystem::path& f) {
        ReminderSoundBank::Entry e = bank->lookup(f);
        if (e.state == ReminderSoundBank::State::unknown)
            e.state = ReminderSoundBank::State::pending;
        return e;
    };
}

/// The wall time of the next sample to make.
static Instant position_wall(const State* st) {
    return st->mixer->timebase().wall_at(running_at_sample(st->next_sample));
}

static tsr::PlaylistPropertySlots playlist_slots(State& st);

static gboolean tsr_reminder_src_start(GstBaseSrc* base) {
    auto* self = TSR_REMINDER_SRC(base);
    State* st = self->state;
    ElementPlaylist ep;
    take_run_properties(G_OBJECT(self), playlist_slots(*st), ep, &st->wall_clock_used);
    try {
        if (!ep.load(GST_ELEMENT(self), st->inbox)) return FALSE;
        st->playlist = ep.playlist;
        st->live = ep.live();
        st->sim_start = ep.start.value_or(Instant{});
        GST_OBJECT_LOCK(self);
        st->ep.playlist = ep.playlist;
        st->ep.start = ep.start;
        GST_OBJECT_UNLOCK(self);
        st->taken = ep;
        st->sounding = false;
        st->tb =
            element_pipeline_timebase(GST_ELEMENT(self), st->inbox, ep.start, st->wall_clock_used);

        st->bank = make_bank(self);
        // Decoding starts now, before the first buffer: live, from the time of day now (the
        // first buffer's, near enough: the horizon is an hour).
        st->bank->follow(*st->playlist,
                         st->live ? wall_clock_now(st->wall_clock_used) : st->sim_start);
        st->mixer = ReminderMixer::of(st->playlist, lookup_in(st->bank.get()));
        st->begun = false;
        st->next_sample = 0;
        st->flushing = false;
        return TRUE;
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, RESOURCE, FAILED, (_("Cannot start the reminders: %s"), e.what()),
                          ("exception in start"));
        return FALSE;
    }
}

static gboolean tsr_reminder_src_stop(GstBaseSrc* base) {
    State* st = TSR_REMINDER_SRC(base)->state;
    if (st->bank) st->bank->stop();
    st->mixer.reset();
    st->bank.reset();
    st->retired_banks.clear(); // joins their workers: not on the streaming thread
    st->playlist.reset();
    st->tb.reset();
    gst_clear_object(&st->wall_clock_used);
    st->inbox.clear();
    st->begun = false;
    return TRUE;
}

static gboolean tsr_reminder_src_unlock(GstBaseSrc* base) {
    TSR_REMINDER_SRC(base)->state->flushing = true;
    return TRUE;
}

static gboolean tsr_reminder_src_unlock_stop(GstBaseSrc* base) {
    TSR_REMINDER_SRC(base)->state->flushing = false;
    return TRUE;
}

static gboolean tsr_reminder_src_is_seekable(GstBaseSrc*) {
    return FALSE;
}

static void tsr_reminder_src_get_times(GstBaseSrc* base, GstBuffer* buffer, GstClockTime* start,
                                       GstClockTime* end) {
    // Live: sync on the buffer's timestamp (its running time), like audiotestsrc; with `sync`
    // off the sink downstream sets the pace.
    *start = GST_CLOCK_TIME_NONE;
    *end = GST_CLOCK_TIME_NONE;
    if (!gst_base_src_is_live(base) || !TSR_REMINDER_SRC(base)->state->sync) return;
    GstClockTime ts = GST_BUFFER_PTS(buffer);
    if (!GST_CLOCK_TIME_IS_VALID(ts)) return;
    *start = ts;
    if (GST_BUFFER_DURATION_IS_VALID(buffer)) *end = ts + GST_BUFFER_DURATION(buffer);
}

static gboolean tsr_reminder_src_query(GstBaseSrc* base, GstQuery* query) {
    auto* self = TSR_REMINDER_SRC(base);
    if (GST_QUERY_TYPE(query) == GST_QUERY_LATENCY && gst_base_src_is_live(base)) {
        GST_OBJECT_LOCK(self);
        int n = self->state->samples_per_buffer;
        GST_OBJECT_UNLOCK(self);
        // A buffer is made before its time and then waits for it: one buffer of latency. Made
        // on demand, it loses nothing by waiting longer: no maximum (a sink's processing
        // deadline needs no queue before it).
        GstClockTime latency = gst_util_uint64_scale_int(n, GST_SECOND, kSoundRate);
        gst_query_set_latency(query, TRUE, latency, GST_CLOCK_TIME_NONE);
        return TRUE;
    }
    if (answer_context_query(query, self->state->inbox)) return TRUE;
    return GST_BASE_SRC_CLASS(tsr_reminder_src_parent_class)->query(base, query);
}

static GstFlowReturn tsr_reminder_src_create(GstBaseSrc* base, guint64, guint, GstBuffer** out) {
    auto* self = TSR_REMINDER_SRC(base);
    State* st = self->state;
    GST_OBJECT_LOCK(self);
    const std::size_t n = std::size_t(st->samples_per_buffer);
    GST_OBJECT_UNLOCK(self);
    std::vector<MixEvent> events;
    std::optional<TimebaseJump> jump;
    try {
        if (!st->begun) {
            const auto running =
                st->live ? running_time_of(GST_ELEMENT(self)).value_or(std::chrono::nanoseconds(0))
                         : std::chrono::nanoseconds(0);
            const PipelineTimebase::View view = st->tb->anchor(running);
            // First sample: the running time now (0 when simulated), rounded up to a whole
            // sample.
            const auto running_ns = std::uint64_t(running.count());
            st->next_sample = sample_at_running(running_ns);
            if (running_at_sample(st->next_sample) < running_ns) ++st->next_sample;
            st->tb_epoch = view.epoch;
            st->mixer->begin(view.timebase, st->next_sample, events);
            st->begun = true;
        } else if (st->live) {
            if (auto running = running_time_of(GST_ELEMENT(self))) {
                jump = st->tb->follow(*running); // posted below when this element saw it
                if (st->tb->epoch() != st->tb_epoch) {
                    // Re-anchored, here or by another element of the pipeline.
                    const PipelineTimebase::View view = st->tb->current();
                    st->tb_epoch = view.epoch;
                    st->mixer->reanchor(view.timebase, st->next_sample, events);
                }
            }
        }
        if (st->live && st->begun && !st->sounding && st->taken.refresh(st->inbox)) {
            // tsr play published an edited playlist. Taken only between reminders, so that
            // none is cut; what was due before now was handled by the old mixer.
            std::shared_ptr<const Playlist> p = st->taken.playlist;
            auto bank = make_bank(self);
            bank->adopt(*st->bank); // unchanged files are not decoded again
            bank->follow(*p, position_wall(st));
            auto mixer = ReminderMixer::of(p, lookup_in(bank.get()), Micros(0));
            mixer->begin(st->mixer->timebase(), st->next_sample, events);
            st->mixer = std::move(mixer); // first: the old mixer looks into the old bank
            // Never a join here: the old decoder may be in the middle of a long file.
            st->bank->cancel();
            st->retired_banks.push_back(std::move(st->bank));
            st->bank = std::move(bank);
            st->playlist = p;
            GST_INFO_OBJECT(self, "took playlist generation %" G_GUINT64_FORMAT,
                            st->taken.generation);
        }
        std::erase_if(st->retired_banks, [](const auto& b) { return b->finished(); });
        // Asked every buffer; the horizon only moves every few minutes of playlist time.
        st->bank->follow(*st->playlist, position_wall(st));
        if (!st->live) {
            // Simulated: the decoder is waited for, so the result never depends on speed.
            for (const auto& f : st->mixer->pending_for(st->next_sample, n)) {
                if (st->bank->lookup(f).state == ReminderSoundBank::State::unknown)
                    st->bank->start({f});
                st->bank->wait_settled(f, [st] { return st->flushing.load(); });
                if (st->flushing) return GST_FLOW_FLUSHING;
            }
        }
        GstBuffer* buf = gst_buffer_new_allocate(nullptr, n * kSoundChannels * 2, nullptr);
        GstMapInfo map;
        gst_buffer_map(buf, &map, GST_MAP_WRITE);
        bool sound =
            st->mixer->mix(st->next_sample, n, reinterpret_cast<std::int16_t*>(map.data), events);
        // An announcement from the console (announcement_context.hpp) sounds over whatever
        // plays; its samples were decoded before it was handed over.
        if (auto a = st->inbox.announcement())
            sound = mix_announcement(*a, st->mixer->timebase(), st->next_sample, n,
                                     reinterpret_cast<std::int16_t*>(map.data),
                                     st->playlist ? st->playlist->audio.volume : 1.0) ||
                    sound;
        gst_buffer_unmap(buf, &map);
        const GstClockTime pts = running_at_sample(st->next_sample);
        GST_BUFFER_PTS(buf) = pts;
        GST_BUFFER_DTS(buf) = GST_CLOCK_TIME_NONE;
        GST_BUFFER_DURATION(buf) = running_at_sample(st->next_sample + n) - pts;
        GST_BUFFER_OFFSET(buf) = st->next_sample;
        GST_BUFFER_OFFSET_END(buf) = st->next_sample + n;
        if (!sound) GST_BUFFER_FLAG_SET(buf, GST_BUFFER_FLAG_GAP);
        // Not `sound`: with background music every buffer sounds, and a reload would wait
        // for ever.
        st->sounding = st->mixer->reminder_sounded();
        st->next_sample += n;
        *out = buf;
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, CORE, FAILED, (_("Reminder audio failed: %s"), e.what()),
                          ("exception in create"));
        return GST_FLOW_ERROR;
    }
    if (jump && st->playlist) {
        GST_WARNING_OBJECT(self, "wall clock jumped by %" G_GINT64_FORMAT " ms: re-anchored",
                           jump->jump_ns() / 1000000);
        gst_element_post_message(GST_ELEMENT(self),
                                 timebase_message(GST_ELEMENT(self), st->playlist->zone, *jump));
    }
    post_events(self, events);
    return GST_FLOW_OK;
}

static tsr::PlaylistPropertySlots playlist_slots(State& st) {
    return {PROP_PLAYLIST,      PROP_START,      PROP_WALL_CLOCK,
            st.ep.playlist_arg, st.ep.start_arg, st.wall_clock};
}

static void tsr_reminder_src_set_property(GObject* object, guint id, const GValue* value,
                                          GParamSpec* pspec) {
    auto* self = TSR_REMINDER_SRC(object);
    State* st = self->state;
    if (tsr::set_playlist_property(object, playlist_slots(*st), id, value)) return;
    switch (id) {
    case PROP_SAMPLES_PER_BUFFER:
        GST_OBJECT_LOCK(self);
        st->samples_per_buffer = g_value_get_int(value);
        GST_OBJECT_UNLOCK(self);
        gst_base_src_set_blocksize(GST_BASE_SRC(self),
                                   guint(g_value_get_int(value)) * kSoundChannels * 2);
        break;
    case PROP_SYNC:
        st->sync = g_value_get_boolean(value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    }
}

static void tsr_reminder_src_get_property(GObject* object, guint id, GValue* value,
                                          GParamSpec* pspec) {
    auto* self = TSR_REMINDER_SRC(object);
    State* st = self->state;
    if (tsr::get_playlist_property(object, playlist_slots(*st), id, value)) return;
    GST_OBJECT_LOCK(self);
    switch (id) {
    case PROP_SAMPLES_PER_BUFFER:
        g_value_set_int(value, st->samples_per_buffer);
        break;
    case PROP_SYNC:
        g_value_set_boolean(value, st->sync);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    }
    GST_OBJECT_UNLOCK(self);
}

static void tsr_reminder_src_set_context(GstElement* element, GstContext* context) {
    element_set_context(element, context, TSR_REMINDER_SRC(element)->state->inbox,
                        GST_ELEMENT_CLASS(tsr_reminder_src_parent_class));
}

static void tsr_reminder_src_finalize(GObject* object) {
    auto* self = TSR_REMINDER_SRC(object);
    if (self->state->bank) self->state->bank->stop();
    self->state->retired_banks.clear();
    gst_clear_object(&self->state->wall_clock);
    gst_clear_object(&self->state->wall_clock_used);
    delete self->state;
    G_OBJECT_CLASS(tsr_reminder_src_parent_class)->finalize(object);
}

static void tsr_reminder_src_init(TsrReminderSrc* self) {
    self->state = new State();
    gst_base_src_set_format(GST_BASE_SRC(self), GST_FORMAT_TIME);
    gst_base_src_set_live(GST_BASE_SRC(self), TRUE); // `start` empty: live
    gst_base_src_set_blocksize(GST_BASE_SRC(self), DEFAULT_SAMPLES_PER_BUFFER * kSoundChannels * 2);
}

static void tsr_reminder_src_class_init(TsrReminderSrcClass* klass) {
    GObjectClass* gobject_class = G_OBJECT_CLASS(klass);
    GstElementClass* element_class = GST_ELEMENT_CLASS(klass);
    GstBaseSrcClass* basesrc_class = GST_BASE_SRC_CLASS(klass);

    GST_DEBUG_CATEGORY_INIT(tsr_reminder_src_debug, "tsrremindersrc", 0, "TSR spoken reminders");

    gobject_class->set_property = tsr_reminder_src_set_property;
    gobject_class->get_property = tsr_reminder_src_get_property;
    gobject_class->finalize = tsr_reminder_src_finalize;

    tsr::install_playlist_properties(gobject_class, PROP_PLAYLIST, PROP_START, PROP_WALL_CLOCK);
    /**
     * GstTsrReminderSrc:samples-per-buffer:
     *
     * Stereo frames in each buffer (48000 a second); the default 480 makes 10 ms buffers.
     */
    g_object_class_install_property(
        gobject_class, PROP_SAMPLES_PER_BUFFER,
        g_param_spec_int(
            "samples-per-buffer", "Samples per buffer",
            "How many stereo frames each buffer carries (48000 make a second). The "
            "default, 480, makes 10 ms buffers. Reminders are placed to the sample "
            "whatever this is.",
            1, 480000, DEFAULT_SAMPLES_PER_BUFFER,
            GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY)));

    /**
     * GstTsrReminderSrc:sync:
     *
     * Live only. TRUE (default): wait on the pipeline clock for each buffer's time, as any
     * live source. FALSE: push each buffer as soon as downstream takes it, the pace set by a
     * sink that syncs; the streaming thread then wakes once a buffer instead of twice
     * (`tsr play` to a screen or `null`). Never without such a sink: the sound would run
     * ahead of the time of day.
     */
    g_object_class_install_property(
        gobject_class, PROP_SYNC,
        g_param_spec_boolean(
            "sync", "Sync",
            "Live only: wait on the pipeline clock for each buffer's time (TRUE), or push each "
            "buffer as soon as downstream takes it and leave the pace to a sink that syncs "
            "(FALSE: one thread wake-up a buffer instead of two)",
            TRUE,
            GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY)));

    gst_element_class_add_static_pad_template(element_class, &src_template);
    gst_element_class_set_static_metadata(
        element_class, "TSR reminders", "Source/Audio",
        "The playlist's spoken reminders (chime, then voice) placed to the sample at their due "
        "times, over the ducked background music; silence between",
        "TSR <tsr@example.invalid>");

    element_class->set_context = tsr_reminder_src_set_context;
    basesrc_class->start = tsr_reminder_src_start;
    basesrc_class->stop = tsr_reminder_src_stop;
    basesrc_class->unlock = tsr_reminder_src_unlock;
    basesrc_class->unlock_stop = tsr_reminder_src_unlock_stop;
    basesrc_class->is_seekable = tsr_reminder_src_is_seekable;
    basesrc_class->get_times = tsr_reminder_src_get_times;
    basesrc_class->query = tsr_reminder_src_query;
    basesrc_class->create = tsr_reminder_src_create;
}
