#include "element_playlist.hpp"

#include "live_timebase.hpp"

#include "playlist_loader.hpp"
#include "playlist_store.hpp"

#include <gst/base/gstbasesrc.h>

namespace tsr {

bool ElementPlaylist::load(GstElement* element) {
    if (playlist_arg.empty()) {
        GST_ELEMENT_ERROR(element, RESOURCE, NOT_FOUND,
                          ("No playlist given: set the playlist property to a playlist folder."),
                          ("playlist property is empty"));
        return false;
    }
    PlaylistStore& store = PlaylistStore::instance();
    seen_store_generation_ = store.generation();
    PlaylistStore::Snapshot published;
    if (seen_store_generation_ != 0) published = store.current(playlist_arg);
    if (published.playlist) {
        GST_INFO_OBJECT(element,
                        "playlist %s: the published one (generation %" G_GUINT64_FORMAT ")",
                        playlist_arg.c_str(), published.generation);
        playlist = published.playlist;
        generation = published.generation;
    } else {
        LoadResult r = load_playlist(playlist_arg);
        if (!r.playlist) {
            std::string text = "The playlist has errors:";
            for (const Diagnostic& d : r.diagnostics.sorted())
                if (d.severity == Severity::error) text += "\n" + format_diagnostic(d);
            GST_ELEMENT_ERROR(element, RESOURCE, SETTINGS, ("%s", text.c_str()),
                              ("playlist %s refused", playlist_arg.c_str()));
            return false;
        }
        playlist = r.playlist;
        generation = 0;
    }
    start.reset();
    if (!start_arg.empty()) {
        start = parse_local_datetime(playlist->zone, start_arg);
        if (!start) {
            GST_ELEMENT_ERROR(element, RESOURCE, SETTINGS,
                              ("start: \"%s\" is not a date-time; write it like 2026-11-30 09:00",
                               start_arg.c_str()),
                              ("bad start property"));
            return false;
        }
    }
    return true;
}

std::shared_ptr<const Playlist> ElementPlaylist::newer() {
    PlaylistStore& store = PlaylistStore::instance();
    const std::uint64_t now = store.generation(); // one atomic read: the common case ends here
    if (now == seen_store_generation_ || playlist_arg.empty()) return nullptr;
    PlaylistStore::Snapshot s = store.current(playlist_arg);
    if (!s.playlist || s.generation <= generation) {
        // Something else was published (another playlist): nothing new for this element.
        seen_store_generation_ = now;
        return nullptr;
    }
    return s.playlist;
}

bool ElementPlaylist::refresh() {
    PlaylistStore& store = PlaylistStore::instance();
    const std::uint64_t now = store.generation();
    if (now == seen_store_generation_ || playlist_arg.empty()) return false;
    seen_store_generation_ = now;
    PlaylistStore::Snapshot s = store.current(playlist_arg);
    if (!s.playlist || s.generation <= generation) return false;
    playlist = std::move(s.playlist);
    generation = s.generation;
    return true;
}

Timebase element_timebase(GstElement* element, const ElementPlaylist& ep, GstClock* wall_clock) {
    if (ep.start) return Timebase::simulated(*ep.start);
    // Live: running time = clock time - base time. Sample the clock and the wall clock
    // together; the wall time at running time `now_running` is `real_now`.
    GstClock* clock = gst_element_get_clock(element);
    Instant real_now = wall_clock_now(wall_clock);
    if (!clock) return Timebase{real_now, 0};
    GstClockTime now = gst_clock_get_time(clock);
    gst_object_unref(clock);
    GstClockTime base = gst_element_get_base_time(element);
    std::uint64_t running = now > base ? now - base : 0;
    return Timebase{real_now, running};
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
