/**
 * SECTION:element-tsrshow
 *
 * The whole show in one element: the composed screen on the `video` pad and the reminders
 * (chime, voice, music) on the `audio` pad, as the TV plays them. A bin of the other tsr
 * elements, wired as `tsr play`, `tsr record` and `tsr render` use it:
 *
 *   tsrslidesrc name=slides ! video/x-raw,format=BGRx ! tsrcompose name=mix (sink_0, zorder 0)
 *   tsrtickersrc name=ticker ! video/x-raw,format=BGRx
 *       ! mix.sink_1 (zorder 1; ypos = display height - strip height, from the caps)
 *   mix ! video/x-raw,format=BGRx ! ghost pad "video"
 *   tsrremindersrc name=reminders ! tsrdeadline name=deadline ! ghost pad "audio"
 *
 * `video`: video/x-raw, format=BGRx, the playlist's display size and frame rate. `audio`:
 * S16LE 48 kHz stereo. The ticker's `ypos` is set from the negotiated heights of both
 * sources (a caps probe), so nobody computes it by hand. The deadline clock sits on the audio
 * branch (its running time is sample-exact; a sound-only run still posts every `tsr-cue`).
 *
 * Properties are handed to the children: `playlist`, `start`, `wall-clock` to all four
 * sources and the deadline; `num-buffers` (frames; live with the children's frames-per-buffer
 * above 1, buffers) to the slides and the ticker;
 * `audio-num-buffers` and `samples-per-buffer` to the reminders. `video=false` leaves the
 * picture out (a sound-only recording), `audio=false` the sound (a still picture); set them
 * in the NULL state, before linking. Children are reachable by name (`gst_bin_get_by_name`,
 * or `show::slides::…` through GstChildProxy). The playlist is shared as the children's
 * `tsr.playlist` context (playlist_context.hpp): loaded once for the bin.
 *
 * Both layers are opaque (every built-in template paints a full background; the ticker is
 * text on a dark band), and tsrcompose repaints only what changed since a frame last showed.
 * Measured, 900 frames 1080p30 to fakesink, 2 cores, CPU user+sys of gst-launch-1.0:
 * compositor 0.39 s, tsrcompose 0.14 s (the same bytes, checked frame by frame).
 *
 * |[
 * gst-launch-1.0 tsrshow playlist=playlists/demo name=s s.video ! videoconvert \
 *     ! autovideosink s.audio ! audioconvert ! autoaudiosink
 * gst-launch-1.0 tsrshow playlist=playlists/demo start="2026-11-30 09:00" num-buffers=1 \
 *     audio=false ! videoconvert ! pngenc ! filesink location=screen.png
 * ]|
 */
#include <gst/gst.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <mutex>

GST_DEBUG_CATEGORY_STATIC(tsr_show_debug);
#define GST_CAT_DEFAULT tsr_show_debug

namespace {

/// Heights of the two layers as negotiated; sets the ticker pad's ypos when both are known.
struct Placement {
    std::mutex mutex;
    int display_height = 0;
    int strip_height = 0;
    GstPad* ticker_pad = nullptr; ///< tsrcompose's sink pad of the ticker (a reference)

    ~Placement() {
        if (ticker_pad) gst_object_unref(ticker_pad);
    }
};

struct ProbeData {
    std::shared_ptr<Placement> placement;
    bool is_ticker;
};

GstPadProbeReturn on_caps(GstPad*, GstPadProbeInfo* info, gpointer user_data) {
    GstEvent* event = GST_PAD_PROBE_INFO_EVENT(info);
    if (GST_EVENT_TYPE(event) != GST_EVENT_CAPS) return GST_PAD_PROBE_OK;
    GstCaps* caps = nullptr;
    gst_event_parse_caps(event, &caps);
    int height = 0;
    if (!caps || !gst_structure_get_int(gst_caps_get_structure(caps, 0), "height", &height))
        return GST_PAD_PROBE_OK;
    auto* d = static_cast<ProbeData*>(user_data);
    Placement& p = *d->placement;
    std::lock_guard lock(p.mutex);
    (d->is_ticker ? p.strip_height : p.display_height) = height;
    if (p.display_height > 0 && p.strip_height > 0)
        g_object_set(p.ticker_pad, "ypos", p.display_height - p.strip_height, nullptr);
    return GST_PAD_PROBE_OK;
}

} // namespace

G_BEGIN_DECLS
#define TSR_TYPE_SHOW (tsr_show_get_type())
G_DECLARE_FINAL_TYPE(TsrShow, tsr_show, TSR, SHOW, GstBin)
G_END_DECLS

struct _TsrShow {
    GstBin parent;
    // Properties (set from the application thread, in NULL or READY).
    gchar* playlist;
    gchar* start;
    GstClock* wall_clock;
    gint num_buffers;
    gint audio_num_buffers;
    gint samples_per_buffer;
    gboolean video;
    gboolean audio;
    // Children, owned by the bin; null while their part is left out.
    GstElement* slides;
    GstElement* ticker;
    GstElement* reminders;
    GstElement* deadline;
    GstElement* video_part[6]; ///< every element of the picture, to remove them together
    GstPad* video_pad;         ///< ghost pads, owned by the bin
    GstPad* audio_pad;
};

G_DEFINE_TYPE(TsrShow, tsr_show, GST_TYPE_BIN)
GST_ELEMENT_REGISTER_DEFINE(tsrshow, "tsrshow", GST_RANK_NONE, TSR_TYPE_SHOW)

enum {
    PROP_0,
    PROP_PLAYLIST,
    PROP_START,
    PROP_WALL_CLOCK,
    PROP_NUM_BUFFERS,
    PROP_AUDIO_NUM_BUFFERS,
    PROP_SAMPLES_PER_BUFFER,
    PROP_VIDEO,
    PROP_AUDIO,
};

constexpr gint kDefaultSamplesPerBuffer = 480; // tsrremindersrc's own default (10 ms)

static GstStaticPadTemplate video_template = GST_STATIC_PAD_TEMPLATE(
    "video", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS("video/x-raw, format=(string)BGRx"));
static GstStaticPadTemplate audio_template =
    GST_STATIC_PAD_TEMPLATE("audio", GST_PAD_SRC, GST_PAD_ALWAYS,
                            GST_STATIC_CAPS("audio/x-raw, format=(string)S16LE, "
                                            "rate=(int)48000, channels=(int)2, "
                                            "layout=(string)interleaved"));

/// A child, or null (with an element error) when the plugin lacks it.
static GstElement* make_child(TsrShow* self, const char* factory, const char* name) {
    GstElement* e = gst_element_factory_make(factory, name);
    if (!e)
        GST_ELEMENT_ERROR(self, CORE, MISSING_PLUGIN, (nullptr),
                          ("the element %s could not be made", factory));
    return e;
}

/// `playlist`, `start` and `wall-clock` as the bin has them, on a child.
static void hand_playlist(TsrShow* self, GstElement* child) {
    g_object_set(child, "playlist", self->playlist, "start", self->start, "wall-clock",
                 self->wall_clock, nullptr);
}

static GstPad* add_ghost(TsrShow* self, GstElement* from, GstStaticPadTemplate* tmpl) {
    GstPad* target = gst_element_get_static_pad(from, "src");
    GstPadTemplate* t = gst_static_pad_template_get(tmpl);
    GstPad* ghost = gst_ghost_pad_new_from_template(tmpl->name_template, target, t);
    gst_object_unref(t);
    gst_object_unref(target);
    gst_pad_set_active(ghost, TRUE);
    gst_element_add_pad(GST_ELEMENT(self), ghost);
    return ghost;
}

static void add_video_part(TsrShow* self) {
    GstElement* slides = make_child(self, "tsrslidesrc", "slides");
    GstElement* slide_caps = make_child(self, "capsfilter", "slide-caps");
    GstElement* ticker = make_child(self, "tsrtickersrc", "ticker");
    GstElement* ticker_caps = make_child(self, "capsfilter", "ticker-caps");
    GstElement* mix = make_child(self, "tsrcompose", "mix");
    GstElement* mix_caps = make_child(self, "capsfilter", "mix-caps");
    GstElement* all[] = {slides, slide_caps, ticker, ticker_caps, mix, mix_caps};
    for (GstElement* e : all)
        if (!e) {
            for (GstElement* made : all)
                if (made) gst_object_unref(gst_object_ref_sink(made));
            return;
        }
    GstCaps* bgrx = gst_caps_from_string("video/x-raw, format=(string)BGRx");
    for (GstElement* f : {slide_caps, ticker_caps, mix_caps})
        g_object_set(f, "caps", bgrx, nullptr);
    gst_caps_unref(bgrx);
    for (GstElement* src : {slides, ticker}) {
        hand_playlist(self, src);
        g_object_set(src, "num-buffers", self->num_buffers, nullptr);
    }
    gst_bin_add_many(GST_BIN(self), slides, slide_caps, ticker, ticker_caps, mix, mix_caps,
                     nullptr);

    GstPad* slide_pad = gst_element_request_pad_simple(mix, "sink_%u");
    GstPad* ticker_pad = gst_element_request_pad_simple(mix, "sink_%u");
    g_object_set(slide_pad, "zorder", 0u, nullptr);
    // Off screen until both heights are known (on_caps).
    g_object_set(ticker_pad, "zorder", 1u, "ypos", G_MAXINT / 2, nullptr);
    bool linked = gst_element_link(slides, slide_caps) && gst_element_link(ticker, ticker_caps) &&
                  gst_element_link(mix, mix_caps);
    auto placement = std::make_shared<Placement>();
    placement->ticker_pad = ticker_pad; // takes the request pad's reference
    for (bool is_ticker : {false, true}) {
        GstPad* pad = gst_element_get_static_pad(is_ticker ? ticker_caps : slide_caps, "src");
        linked = linked && gst_pad_link(pad, is_ticker ? ticker_pad : slide_pad) == GST_PAD_LINK_OK;
        gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_caps,
                          new ProbeData{placement, is_ticker},
                          [](gpointer p) { delete static_cast<ProbeData*>(p); });
        gst_object_unref(pad);
    }
    gst_object_unref(slide_pad);
    if (!linked) GST_ERROR_OBJECT(self, "the picture's elements could not be linked");
    self->slides = slides;
    self->ticker = ticker;
    std::copy(std::begin(all), std::end(all), self->video_part);
    self->video_pad = add_ghost(self, mix_caps, &video_template);
}

static void remove_video_part(TsrShow* self) {
    if (!self->slides) return;
    gst_element_remove_pad(GST_ELEMENT(self), self->video_pad);
    for (GstElement*& e : self->video_part) {
        gst_element_set_state(e, GST_STATE_NULL);
        gst_bin_remove(GST_BIN(self), e);
        e = nullptr;
    }
    self->slides = self->ticker = nullptr;
    self->video_pad = nullptr;
}

static void add_audio_part(TsrShow* self) {
    GstElement* reminders = make_child(self, "tsrremindersrc", "reminders");
    GstElement* deadline = make_child(self, "tsrdeadline", "deadline");
    if (!reminders || !deadline) {
        for (GstElement* e : {reminders, deadline})
            if (e) gst_object_unref(gst_object_ref_sink(e));
        return;
    }
    hand_playlist(self, reminders);
    hand_playlist(self, deadline);
    g_object_set(reminders, "num-buffers", self->audio_num_buffers, "samples-per-buffer",
                 self->samples_per_buffer, nullptr);
    gst_bin_add_many(GST_BIN(self), reminders, deadline, nullptr);
    if (!gst_element_link(reminders, deadline))
        GST_ERROR_OBJECT(self, "the sound's elements could not be linked");
    self->reminders = reminders;
    self->deadline = deadline;
    self->audio_pad = add_ghost(self, deadline, &audio_template);
}

static void remove_audio_part(TsrShow* self) {
    if (!self->reminders) return;
    gst_element_remove_pad(GST_ELEMENT(self), self->audio_pad);
    for (GstElement* e : {self->reminders, self->deadline}) {
        gst_element_set_state(e, GST_STATE_NULL);
        gst_bin_remove(GST_BIN(self), e);
    }
    self->reminders = self->deadline = nullptr;
    self->audio_pad = nullptr;
}

/// The playlist's sources and the deadline, the children that take `playlist` and `start`.
template <typename F> static void each_playlist_child(TsrShow* self, F&& f) {
    for (GstElement* e : {self->slides, self->ticker, self->reminders, self->deadline})
        if (e) f(e);
}

static void tsr_show_set_property(GObject* object, guint id, const GValue* value,
                                  GParamSpec* pspec) {
    TsrShow* self = TSR_SHOW(object);
    switch (id) {
    case PROP_PLAYLIST:
    case PROP_START: {
        gchar*& slot = id == PROP_PLAYLIST ? self->playlist : self->start;
        g_free(slot);
        slot = g_value_dup_string(value);
        if (!slot) slot = g_strdup("");
        each_playlist_child(self,
                            [&](GstElement* e) { g_object_set(e, pspec->name, slot, nullptr); });
        break;
    }
    case PROP_WALL_CLOCK:
        gst_object_replace(reinterpret_cast<GstObject**>(&self->wall_clock),
                           GST_OBJECT_CAST(g_value_get_object(value)));
        each_playlist_child(
            self, [&](GstElement* e) { g_object_set(e, "wall-clock", self->wall_clock, nullptr); });
        break;
    case PROP_NUM_BUFFERS:
        self->num_buffers = g_value_get_int(value);
        for (GstElement* e : {self->slides, self->ticker})
            if (e) g_object_set(e, "num-buffers", self->num_buffers, nullptr);
        break;
    case PROP_AUDIO_NUM_BUFFERS:
        self->audio_num_buffers = g_value_get_int(value);
        if (self->reminders)
            g_object_set(self->reminders, "num-buffers", self->audio_num_buffers, nullptr);
        break;
    case PROP_SAMPLES_PER_BUFFER:
        self->samples_per_buffer = g_value_get_int(value);
        if (self->reminders)
            g_object_set(self->reminders, "samples-per-buffer", self->samples_per_buffer, nullptr);
        break;
    case PROP_VIDEO:
    case PROP_AUDIO: {
        const bool on = g_value_get_boolean(value);
        const bool video = id == PROP_VIDEO;
        if (GST_STATE(self) != GST_STATE_NULL) {
            g_warning("tsrshow: %s can only be changed in the NULL state", pspec->name);
            break;
        }
        gboolean& slot = video ? self->video : self->audio;
        if (bool(slot) == on) break; // already so: the part is there (or not) once
        slot = on;
        if (video)
            on ? add_video_part(self) : remove_video_part(self);
        else
            on ? add_audio_part(self) : remove_audio_part(self);
        break;
    }
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    }
}

static void tsr_show_get_property(GObject* object, guint id, GValue* value, GParamSpec* pspec) {
    TsrShow* self = TSR_SHOW(object);
    switch (id) {
    case PROP_PLAYLIST:
        g_value_set_string(value, self->playlist);
        break;
    case PROP_START:
        g_value_set_string(value, self->start);
        break;
    case PROP_WALL_CLOCK:
        g_value_set_object(value, self->wall_clock);
        break;
    case PROP_NUM_BUFFERS:
        g_value_set_int(value, self->num_buffers);
        break;
    case PROP_AUDIO_NUM_BUFFERS:
        g_value_set_int(value, self->audio_num_buffers);
        break;
    case PROP_SAMPLES_PER_BUFFER:
        g_value_set_int(value, self->samples_per_buffer);
        break;
    case PROP_VIDEO:
        g_value_set_boolean(value, self->video);
        break;
    case PROP_AUDIO:
        g_value_set_boolean(value, self->audio);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    }
}

static void tsr_show_finalize(GObject* object) {
    TsrShow* self = TSR_SHOW(object);
    g_free(self->playlist);
    g_free(self->start);
    gst_clear_object(&self->wall_clock);
    G_OBJECT_CLASS(tsr_show_parent_class)->finalize(object);
}

static void tsr_show_init(TsrShow* self) {
    self->playlist = g_strdup("");
    self->start = g_strdup("");
    self->num_buffers = -1;
    self->audio_num_buffers = -1;
    self->samples_per_buffer = kDefaultSamplesPerBuffer;
    self->video = TRUE;
    self->audio = TRUE;
    add_video_part(self);
    add_audio_part(self);
}

static void tsr_show_class_init(TsrShowClass* klass) {
    GST_DEBUG_CATEGORY_INIT(tsr_show_debug, "tsrshow", 0, "TSR whole show");
    GObjectClass* gobject_class = G_OBJECT_CLASS(klass);
    GstElementClass* element_class = GST_ELEMENT_CLASS(klass);
    gobject_class->set_property = tsr_show_set_property;
    gobject_class->get_property = tsr_show_get_property;
    gobject_class->finalize = tsr_show_finalize;

    const auto flags =
        GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
    g_object_class_install_property(
        gobject_class, PROP_PLAYLIST,
        g_param_spec_string("playlist", "Playlist",
                            "Playlist folder or playlist.toml, for every element of the show", "",
                            flags));
    g_object_class_install_property(
        gobject_class, PROP_START,
        g_param_spec_string("start", "Start",
                            "Local date-time the show starts at, simulated and not live "
                            "(\"2026-11-30 09:00\"); empty: live, at the real time of day",
                            "", flags));
    g_object_class_install_property(
        gobject_class, PROP_WALL_CLOCK,
        g_param_spec_object("wall-clock", "Wall clock",
                            "Live: the clock giving the time of day (ns since 1970) to every "
                            "element of the show; null: the real-time clock",
                            GST_TYPE_CLOCK, flags));
    g_object_class_install_property(
        gobject_class, PROP_NUM_BUFFERS,
        g_param_spec_int("num-buffers", "Frames",
                         "Frames to make, then EOS (-1: no end); live with the children's "
                         "frames-per-buffer above 1, buffers",
                         -1, G_MAXINT, -1, flags));
    g_object_class_install_property(
        gobject_class, PROP_AUDIO_NUM_BUFFERS,
        g_param_spec_int("audio-num-buffers", "Audio buffers",
                         "Audio buffers (of samples-per-buffer) to make, then EOS (-1: no end)", -1,
                         G_MAXINT, -1, flags));
    g_object_class_install_property(
        gobject_class, PROP_SAMPLES_PER_BUFFER,
        g_param_spec_int("samples-per-buffer", "Samples per buffer",
                         "Audio samples (per channel, 48 kHz) in each audio buffer", 1, 480000,
                         kDefaultSamplesPerBuffer, flags));
    const auto null_only = GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_property(
        gobject_class, PROP_VIDEO,
        g_param_spec_boolean("video", "Video",
                             "Make the picture and its video pad (false: sound only); set in "
                             "the NULL state",
                             TRUE, null_only));
    g_object_class_install_property(
        gobject_class, PROP_AUDIO,
        g_param_spec_boolean("audio", "Audio",
                             "Make the sound and its audio pad (false: picture only); set in "
                             "the NULL state",
                             TRUE, null_only));

    gst_element_class_add_static_pad_template(element_class, &video_template);
    gst_element_class_add_static_pad_template(element_class, &audio_template);
    gst_element_class_set_static_metadata(
        element_class, "TSR show", "Source/Video/Audio",
        "The whole show of a playlist: the slides and the ticker composed into one picture, "
        "and the reminders with their chime and music",
        "TSR");
}
