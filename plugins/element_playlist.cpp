#include "element_playlist.hpp"
#include "i18n.hpp"

#include "live_timebase.hpp"

#include "playlist_loader.hpp"

#include <gst/base/gstbasesrc.h>

namespace tsr {

namespace {

constexpr const char* kTimebaseKey = "tsr-pipeline-timebase";

GstContext* make_timebase_context(std::shared_ptr<PipelineTimebase> tb) {
    GObject* carrier = G_OBJECT(g_object_new(G_TYPE_OBJECT, nullptr));
    g_object_set_data_full(
        carrier, kTimebaseKey, new std::shared_ptr<PipelineTimebase>(std::move(tb)),
        [](gpointer p) { delete static_cast<std::shared_ptr<PipelineTimebase>*>(p); });
    GstContext* context = gst_context_new(kTimebaseContextType, FALSE);
    gst_structure_set(gst_context_writable_structure(context), "timebase", G_TYPE_OBJECT, carrier,
                      nullptr);
    g_object_unref(carrier);
    return context;
}

} // namespace

std::shared_ptr<PipelineTimebase> timebase_from_context(const GstContext* context) {
    if (!context || !gst_context_has_context_type(context, kTimebaseContextType)) return nullptr;
    const GValue* v = gst_structure_get_value(gst_context_get_structure(context), "timebase");
    if (!v || !G_VALUE_HOLDS_OBJECT(v) || !g_value_get_object(v)) return nullptr;
    auto* held = static_cast<std::shared_ptr<PipelineTimebase>*>(
        g_object_get_data(G_OBJECT(g_value_get_object(v)), kTimebaseKey));
    return held ? *held : nullptr;
}

PlaylistInbox::~PlaylistInbox() {
    if (context_) gst_context_unref(context_);
    if (timebase_context_) gst_context_unref(timebase_context_);
}

std::shared_ptr<PipelineTimebase> PlaylistInbox::timebase() const {
    std::lock_guard lock(mutex_);
    return timebase_;
}

bool PlaylistInbox::offer(GstContext* context) {
    if (auto a = announcement_from_context(context)) {
        std::lock_guard lock(mutex_);
        announcement_ = std::move(a);
        return true;
    }
    if (auto tb = timebase_from_context(context)) {
        std::lock_guard lock(mutex_);
        gst_context_replace(&timebase_context_, context);
        timebase_ = std::move(tb);
        return true;
    }
    std::optional<PlaylistSnapshot> snapshot = playlist_from_context(context);
    if (!snapshot) return false;
    {
        std::lock_guard lock(mutex_);
        gst_context_replace(&context_, context);
        snapshot_ = std::move(snapshot);
    }
    offers_.fetch_add(1);
    return true;
}

std::shared_ptr<const Announcement> PlaylistInbox::announcement() const {
    std::lock_guard lock(mutex_);
    return announcement_;
}

std::optional<PlaylistSnapshot> PlaylistInbox::latest() const {
    std::lock_guard lock(mutex_);
    return snapshot_;
}

GstContext* PlaylistInbox::context(const char* type) const {
    std::lock_guard lock(mutex_);
    GstContext* c = g_strcmp0(type, kTimebaseContextType) == 0 ? timebase_context_ : context_;
    return c ? gst_context_ref(c) : nullptr;
}

void PlaylistInbox::clear() {
    std::lock_guard lock(mutex_);
    gst_context_replace(&context_, nullptr);
    snapshot_.reset();
    gst_context_replace(&timebase_context_, nullptr);
    timebase_.reset();
    announcement_.reset();
}

namespace {

/// The GL way of finding a context (gst_gl_run_query): ask the peers downstream, then
/// upstream; the first answer is set on the element.
bool query_neighbours(GstElement* element, const char* type) {
    GstQuery* query = gst_query_new_context(type);
    bool answered = false;
    for (GstPadDirection dir : {GST_PAD_SRC, GST_PAD_SINK}) {
        GstIterator* it = dir == GST_PAD_SRC ? gst_element_iterate_src_pads(element)
                                             : gst_element_iterate_sink_pads(element);
        GValue item = G_VALUE_INIT;
        while (!answered && gst_iterator_next(it, &item) == GST_ITERATOR_OK) {
            answered = gst_pad_peer_query(GST_PAD(g_value_get_object(&item)), query);
            g_value_reset(&item);
        }
        g_value_unset(&item);
        gst_iterator_free(it);
        if (answered) break;
    }
    if (answered) {
        GstContext* context = nullptr;
        gst_query_parse_context(query, &context);
        if (context) gst_element_set_context(element, context);
    }
    gst_query_unref(query);
    return answered;
}

} // namespace

bool ElementPlaylist::wants(const PlaylistSnapshot& s) const {
    return playlist_arg.empty() || playlist_key(playlist_arg) == s.for_file;
}

bool ElementPlaylist::load(GstElement* element, PlaylistInbox& inbox) {
    std::optional<PlaylistSnapshot> given = inbox.latest();
    if (!given) {
        // Not given before start: ask for it. A bin or the application answers NEED_CONTEXT
        // synchronously (set_context), so the inbox holds it when the post returns.
        if (!query_neighbours(element, kPlaylistContextType))
            gst_element_post_message(
                element, gst_message_new_need_context(GST_OBJECT(element), kPlaylistContextType));
        given = inbox.latest();
    }
    seen_offers_ = inbox.offers();
    if (given && wants(*given)) {
        GST_INFO_OBJECT(element, "playlist %s: the pipeline's (generation %" G_GUINT64_FORMAT ")",
                        given->for_file.c_str(), given->generation);
        playlist = given->playlist;
        generation = given->generation;
    } else {
        if (playlist_arg.empty()) {
            GST_ELEMENT_ERROR(element, RESOURCE, NOT_FOUND,
                              (_("No playlist given: set the playlist property to a playlist "
                                 "folder.")),
                              ("playlist property is empty and no tsr.playlist context"));
            return false;
        }
        LoadResult r = load_playlist(playlist_arg);
        if (!r.playlist) {
            std::string text = _("The playlist has errors:");
            for (const Diagnostic& d : r.diagnostics.sorted())
                if (d.severity == Severity::error) text += "\n" + format_diagnostic(d);
            GST_ELEMENT_ERROR(element, RESOURCE, SETTINGS, ("%s", text.c_str()),
                              ("playlist %s refused", playlist_arg.c_str()));
            return false;
        }
        playlist = r.playlist;
        generation = 0;
        // Offered to the rest of the pipeline: its bins keep it and answer the others'
        // NEED_CONTEXT, so a gst-launch pipeline loads the playlist once too.
        GstContext* context = make_playlist_context(playlist, 0, playlist_arg);
        inbox.offer(context);
        seen_offers_ = inbox.offers();
        gst_element_post_message(element,
                                 gst_message_new_have_context(GST_OBJECT(element), context));
    }
    start.reset();
    if (!start_arg.empty()) {
        start = parse_local_datetime(playlist->zone, start_arg);
        if (!start) {
            GST_ELEMENT_ERROR(
                element, RESOURCE, SETTINGS,
                (_("start: \"%s\" is not a date-time; write it like 2026-11-30 09:00"),
                 start_arg.c_str()),
                ("bad start property"));
            return false;
        }
    }
    return true;
}

bool ElementPlaylist::refresh(const PlaylistInbox& inbox) {
    const std::uint64_t offers = inbox.offers(); // one atomic read: the common case ends here
    if (offers == seen_offers_) return false;
    seen_offers_ = offers;
    std::optional<PlaylistSnapshot> s = inbox.latest();
    // The same snapshot again (a bin handing on what it keeps) is not a reload.
    if (!s || !wants(*s) || s->playlist == playlist) return false;
    playlist = std::move(s->playlist);
    generation = s->generation;
    return true;
}

void element_set_context(GstElement* element, GstContext* context, PlaylistInbox& inbox,
                         GstElementClass* parent_class) {
    if (inbox.offer(context)) GST_DEBUG_OBJECT(element, "given a playlist context");
    if (parent_class->set_context) parent_class->set_context(element, context);
}

std::shared_ptr<PipelineTimebase> element_pipeline_timebase(GstElement* element,
                                                            PlaylistInbox& inbox,
                                                            const std::optional<Instant>& start,
                                                            GstClock* wall_clock) {
    std::shared_ptr<PipelineTimebase> tb = inbox.timebase();
    if (!tb || !tb->fits(start, wall_clock)) {
        if (!query_neighbours(element, kTimebaseContextType))
            gst_element_post_message(
                element, gst_message_new_need_context(GST_OBJECT(element), kTimebaseContextType));
        tb = inbox.timebase();
    }
    if (tb && tb->fits(start, wall_clock)) return tb;
    tb = std::make_shared<PipelineTimebase>(start, wall_clock);
    GstContext* context = make_timebase_context(tb);
    inbox.offer(context);
    gst_element_post_message(element, gst_message_new_have_context(GST_OBJECT(element), context));
    return tb;
}

bool answer_context_query(GstQuery* query, const PlaylistInbox& inbox) {
    const char* type = nullptr;
    if (GST_QUERY_TYPE(query) != GST_QUERY_CONTEXT || !gst_query_parse_context_type(query, &type) ||
        (g_strcmp0(type, kPlaylistContextType) != 0 && g_strcmp0(type, kTimebaseContextType) != 0))
        return false;
    GstContext* context = inbox.context(type);
    if (!context) return false;
    gst_query_set_context(query, context);
    gst_context_unref(context);
    return true;
}

void install_playlist_properties(GObjectClass* klass, guint prop_playlist, guint prop_start,
                                 guint prop_wall_clock) {
    const auto flags =
        GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
    g_object_class_install_property(
        klass, prop_playlist,
        g_param_spec_string("playlist", "Playlist", kPlaylistPropertyBlurb, "", flags));
    g_object_class_install_property(
        klass, prop_start, g_param_spec_string("start", "Start", kStartPropertyBlurb, "", flags));
    g_object_class_install_property(klass, prop_wall_clock,
                                    g_param_spec_object("wall-clock", "Wall clock",
                                                        kWallClockPropertyBlurb, GST_TYPE_CLOCK,
                                                        flags));
}

bool set_playlist_property(GObject* object, const PlaylistPropertySlots& slots, guint id,
                           const GValue* value) {
    if (id != slots.playlist_id && id != slots.start_id && id != slots.wall_clock_id) return false;
    bool live = false;
    GST_OBJECT_LOCK(object);
    if (id == slots.wall_clock_id) {
        gst_object_replace(reinterpret_cast<GstObject**>(&slots.wall_clock),
                           GST_OBJECT_CAST(g_value_get_object(value)));
    } else {
        const char* v = g_value_get_string(value);
        (id == slots.playlist_id ? slots.playlist_arg : slots.start_arg) = v ? v : "";
        live = slots.start_arg.empty();
    }
    GST_OBJECT_UNLOCK(object);
    // Outside the object lock: basesrc takes it itself.
    if (id == slots.start_id && GST_IS_BASE_SRC(object))
        gst_base_src_set_live(GST_BASE_SRC(object), live);
    return true;
}

void take_run_properties(GObject* object, const PlaylistPropertySlots& slots, ElementPlaylist& ep,
                         GstClock** wall_clock_used) {
    GST_OBJECT_LOCK(object);
    ep.playlist_arg = slots.playlist_arg;
    ep.start_arg = slots.start_arg;
    gst_object_replace(reinterpret_cast<GstObject**>(wall_clock_used),
                       GST_OBJECT_CAST(slots.wall_clock));
    GST_OBJECT_UNLOCK(object);
}

bool get_playlist_property(GObject* object, const PlaylistPropertySlots& slots, guint id,
                           GValue* value) {
    if (id != slots.playlist_id && id != slots.start_id && id != slots.wall_clock_id) return false;
    GST_OBJECT_LOCK(object);
    if (id == slots.wall_clock_id)
        g_value_set_object(value, slots.wall_clock);
    else
        g_value_set_string(
            value, (id == slots.playlist_id ? slots.playlist_arg : slots.start_arg).c_str());
    GST_OBJECT_UNLOCK(object);
    return true;
}

} // namespace tsr
