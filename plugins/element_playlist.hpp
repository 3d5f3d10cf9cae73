// What every tsr element shares: the `playlist` and `start` properties, the loaded playlist
// and the timebase that maps the element's running time to the wall time of day.
//
// Hot reload (tsr play): the application loads and validates an edited playlist beside the
// live one and publishes it in the process-wide PlaylistStore (engine/playlist_store.hpp).
// load() takes the published playlist when there is one (so an element restarted after a
// fault plays the last good playlist, not a bad edit lying on disk), and refresh() lets a
// running element pick up a newer one between two buffers: one atomic read when nothing
// changed. Nothing is ever published by `tsr record`, gst-launch or the element tests, so
// there the elements load the file as before.
//
// Thread safety: an ElementPlaylist is owned by one element and guarded by that element's
// object lock for the property strings; `playlist` is an immutable snapshot swapped whole.
// refresh() and newer() are called from the one thread that uses `playlist` (the streaming
// thread, or the element's clock thread); they never block on loading or rendering.
#pragma once

#include "civil_time.hpp"
#include "playlist.hpp"
#include "timebase.hpp"

#include <gst/gst.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace tsr {

/// Property docs shared by every element, so gst-inspect says the same thing everywhere.
inline constexpr const char* kPlaylistPropertyBlurb =
    "The playlist to play: its folder or its playlist.toml file. It is loaded and checked when "
    "the element starts; a playlist with errors stops the element with the problems listed. "
    "Inside `tsr play`, a good edit of the playlist is taken over between two buffers, and a "
    "bad one is refused while the last good playlist plays on.";
inline constexpr const char* kStartPropertyBlurb =
    "Empty (the default): live, at the real time of day. A local date-time such as "
    "\"2026-11-30 09:00\" or \"2026-11-30T09:00:00\" (in the playlist's timezone): run non-live "
    "from that simulated moment, as fast as downstream pulls.";

struct ElementPlaylist {
    std::string playlist_arg; ///< property `playlist`
    std::string start_arg;    ///< property `start`

    std::shared_ptr<const Playlist> playlist;
    std::optional<Instant> start; ///< set when simulated

    /// PlaylistStore generation `playlist` was taken from; 0: loaded from the file.
    std::uint64_t generation = 0;

    /// Takes the playlist published for `playlist_arg` when there is one (tsr play), else
    /// loads and checks the file; parses `start`. On failure posts an element error
    /// (RESOURCE/SETTINGS) whose text lists the problems, and returns false.
    bool load(GstElement* element);

    /// Between buffers: when a newer playlist than `playlist` has been published for this
    /// element's playlist, takes it (playlist, generation) and returns true; the caller then
    /// rebuilds what it derived from the old one. Cheap when nothing changed: one atomic read.
    /// `start` is kept: a reload changes the content, never the timebase.
    bool refresh();

    /// The newer published playlist, without taking it (nullptr when there is none).
    std::shared_ptr<const Playlist> newer();

    bool live() const { return !start.has_value(); }

  private:
    std::uint64_t seen_store_generation_ = 0; ///< the store's global generation last looked at
};

/// Installs the `playlist`, `start` and `wall-clock` properties every tsr element has,
/// documented alike.
void install_playlist_properties(GObjectClass* klass, guint prop_playlist, guint prop_start,
                                 guint prop_wall_clock);

/// Where an element keeps its `playlist`, `start` and `wall-clock` properties (guarded by its
/// object lock; `wall_clock` an owned reference or null) and the ids it installed them with.
struct PlaylistPropertySlots {
    guint playlist_id, start_id, wall_clock_id;
    std::string& playlist_arg;
    std::string& start_arg;
    GstClock*& wall_clock;
};

/// set_property for those three, alike in every element (taking the object lock); false for
/// any other id, which the element handles itself. A source is live while `start` is empty.
bool set_playlist_property(GObject* object, const PlaylistPropertySlots& slots, guint id,
                           const GValue* value);
/// get_property for those three (taking the object lock); false for any other id.
bool get_playlist_property(GObject* object, const PlaylistPropertySlots& slots, guint id,
                           GValue* value);

/// The timebase for an element about to produce its first buffer.
/// Simulated: wall = start + running time. Live: running time 0 is the element's base time,
/// whose wall time is read from `wall_clock` (null: the real-time clock; see live_timebase.hpp)
/// together with the element's pipeline clock.
Timebase element_timebase(GstElement* element, const ElementPlaylist& ep,
                          GstClock* wall_clock = nullptr);

} // namespace tsr
