// What every tsr element shares: the `playlist` and `start` properties, the loaded playlist
// and the timebase that maps the element's running time to the wall time of day.
//
// Thread safety: an ElementPlaylist is owned by one element and guarded by that element's
// object lock for the property strings; `playlist` is an immutable snapshot swapped whole.
#pragma once

#include "civil_time.hpp"
#include "playlist.hpp"
#include "timebase.hpp"

#include <gst/gst.h>

#include <memory>
#include <optional>
#include <string>

namespace tsr {

/// Property docs shared by every element, so gst-inspect says the same thing everywhere.
inline constexpr const char* kPlaylistPropertyBlurb =
    "The playlist to play: its folder or its playlist.toml file. It is loaded and checked when "
    "the element starts; a playlist with errors stops the element with the problems listed.";
inline constexpr const char* kStartPropertyBlurb =
    "Empty (the default): live, at the real time of day. A local date-time such as "
    "\"2026-11-30 09:00\" or \"2026-11-30T09:00:00\" (in the playlist's timezone): run non-live "
    "from that simulated moment, as fast as downstream pulls.";

struct ElementPlaylist {
    std::string playlist_arg; ///< property `playlist`
    std::string start_arg;    ///< property `start`

    std::shared_ptr<const Playlist> playlist;
    std::optional<Instant> start; ///< set when simulated

    /// Loads and checks the playlist and parses `start`. On failure posts an element error
    /// (RESOURCE/SETTINGS) whose text lists the problems, and returns false.
    bool load(GstElement* element);

    bool live() const { return !start.has_value(); }
};

/// The timebase for an element about to produce its first buffer.
/// Simulated: wall = start + running time. Live: running time 0 is the element's base time,
/// whose wall time is read from the real-time clock through the element's pipeline clock.
Timebase element_timebase(GstElement* element, const ElementPlaylist& ep);

/// The wall time now according to the real-time clock (the one place that reads it).
Instant real_time_now();

} // namespace tsr
