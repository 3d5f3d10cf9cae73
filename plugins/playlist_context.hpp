// How the elements of one pipeline share one playlist snapshot: a GstContext of type
// "tsr.playlist", as GstGLDisplay is shared (gst-libs/gst/gl/gstgldisplay.c).
//
// The application (tsr record, tsr play) loads and checks the playlist once and sets the
// context on the pipeline before it starts (gst_element_set_context: a bin hands it to every
// element in it, and to elements added later). On a good edit it sets a new context with the
// new snapshot; each element takes it between two buffers. An element started without one
// asks for it (a CONTEXT query to its neighbours, then a NEED_CONTEXT message, which a bin or
// the application answers); with none, it loads its `playlist` property itself, once, and
// offers the result to the others (HAVE_CONTEXT), so that a gst-launch pipeline loads it once
// too.
//
// What the context holds: a structure "tsr.playlist" with
//   "snapshot"   GObject: a plain GObject carrying the shared_ptr<const Playlist> as data
//                (no GType of ours, so the plugin and the tsr executable share no symbol);
//   "generation" guint64: increasing per application, 1 for the first snapshot;
//   "for"        string: the absolute playlist.toml path the snapshot plays for (the folder
//                given, even when the snapshot is the last good copy tools/playout.cpp
//                plays); an element whose `playlist` names another one ignores it;
//   "layout"     guint64: sizes of the playlist's types in this build: a plugin built from
//                other sources ignores the context rather than misread it.
#pragma once

#include "playlist.hpp"

#include <gst/gst.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace tsr {

inline constexpr const char* kPlaylistContextType = "tsr.playlist";

struct PlaylistSnapshot {
    std::shared_ptr<const Playlist> playlist; ///< never null in a snapshot read back
    std::uint64_t generation = 0;
    std::filesystem::path for_file; ///< the absolute playlist.toml it plays for
};

/// The key a folder-or-file argument is compared by: its absolute playlist.toml path.
std::filesystem::path playlist_key(const std::filesystem::path& where);

/// A new (non-persistent) context carrying `playlist` as snapshot `generation`, for the
/// folder-or-file `where` (empty: the playlist's own file). Never null.
GstContext* make_playlist_context(std::shared_ptr<const Playlist> playlist,
                                  std::uint64_t generation,
                                  const std::filesystem::path& where = {});

/// The snapshot `context` carries; nullopt for another type, or one of another build.
std::optional<PlaylistSnapshot> playlist_from_context(const GstContext* context);

/// Sets a new snapshot on `element` (a pipeline or bin: on every element in it, now and
/// added later). The elements take it between two buffers.
void set_playlist_context(GstElement* element, std::shared_ptr<const Playlist> playlist,
                          std::uint64_t generation, const std::filesystem::path& where = {});

} // namespace tsr
