// What every tsr element shares: the `playlist` and `start` properties, the playlist it plays
// and the timebase that maps the element's running time to the wall time of day.
//
// The playlist comes from the pipeline's "tsr.playlist" context (playlist_context.hpp): one
// snapshot a pipeline, loaded once by the application (tsr record, tsr play) or, without one,
// by the first element that starts, which offers it to the others. Hot reload (tsr play): the
// application sets a new context on the pipeline; each element's set_context puts it in its
// PlaylistInbox, and refresh() takes it between two buffers (one atomic read when nothing
// changed). A refused edit is never set, so the old playlist plays on.
//
// Thread safety: an ElementPlaylist is owned by one element and guarded by that element's
// object lock for the property strings; `playlist` is an immutable snapshot swapped whole.
// refresh() is called from the one thread that uses `playlist` (the streaming thread, or the
// element's clock thread); it never blocks on loading or rendering. A PlaylistInbox is written
// from any thread (set_context) and read by that one thread.
#pragma once

#include "civil_time.hpp"
#include "playlist.hpp"
#include "timebase.hpp"

#include "announcement_context.hpp"
#include "pipeline_timebase.hpp"
#include "playlist_context.hpp"

#include <gst/gst.h>

#include <atomic>
#include <mutex>

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

/// The newest "tsr.playlist" and "tsr.timebase" contexts given to an element (set_context,
/// from any thread).
class PlaylistInbox {
  public:
    PlaylistInbox() = default;
    PlaylistInbox(const PlaylistInbox&) = delete;
    PlaylistInbox& operator=(const PlaylistInbox&) = delete;
    ~PlaylistInbox();

    /// Keeps `context` when it is a tsr.playlist context this build can read, a
    /// tsr.timebase or a tsr.announcement context; false otherwise.
    bool offer(GstContext* context);
    /// The announcement last offered (announcement_context.hpp; null: none). Whether it
    /// shows now is the reader's question (Announcement::showing_at).
    std::shared_ptr<const Announcement> announcement() const;
    /// The timebase last offered (null: none).
    std::shared_ptr<PipelineTimebase> timebase() const;
    /// The snapshot last offered (nullopt: none yet).
    std::optional<PlaylistSnapshot> latest() const;
    /// The context of `type` last offered, a new reference (nullptr: none), to answer
    /// CONTEXT queries.
    GstContext* context(const char* type = kPlaylistContextType) const;
    /// Counts offers: one atomic read tells the streaming thread whether anything came.
    std::uint64_t offers() const { return offers_.load(); }
    /// Forgets what was offered (the element stopped).
    void clear();

  private:
    mutable std::mutex mutex_;
    GstContext* context_ = nullptr; ///< owned
    std::optional<PlaylistSnapshot> snapshot_;
    GstContext* timebase_context_ = nullptr; ///< owned
    std::shared_ptr<PipelineTimebase> timebase_;
    std::shared_ptr<const Announcement> announcement_;
    std::atomic<std::uint64_t> offers_{0};
};

struct ElementPlaylist {
    std::string playlist_arg; ///< property `playlist`
    std::string start_arg;    ///< property `start`

    std::shared_ptr<const Playlist> playlist;
    std::optional<Instant> start; ///< set when simulated

    /// Generation of the context `playlist` came from; 0: loaded by this element.
    std::uint64_t generation = 0;

    /// Takes the pipeline's snapshot from `inbox` (asking the neighbours and the application
    /// for one when it has none: a CONTEXT query, then NEED_CONTEXT), else loads and checks
    /// `playlist_arg` and offers the result to the pipeline (HAVE_CONTEXT); parses `start`.
    /// A snapshot for another playlist than a non-empty `playlist_arg` is not taken. On
    /// failure posts an element error (RESOURCE/SETTINGS) whose text lists the problems, and
    /// returns false.
    bool load(GstElement* element, PlaylistInbox& inbox);

    /// Between buffers: when `inbox` holds a newer snapshot for this element's playlist than
    /// `playlist`, takes it (playlist, generation) and returns true; the caller then rebuilds
    /// what it derived from the old one. Cheap when nothing changed: one atomic read.
    /// `start` is kept: a reload changes the content, never the timebase.
    bool refresh(const PlaylistInbox& inbox);

    bool live() const { return !start.has_value(); }

  private:
    bool wants(const PlaylistSnapshot& s) const;
    std::uint64_t seen_offers_ = 0; ///< inbox.offers() last looked at
};

/// set_context of every tsr element: `context` into `inbox` when it is a playlist, then the
/// parent class's set_context (which keeps it for gst_element_get_context).
void element_set_context(GstElement* element, GstContext* context, PlaylistInbox& inbox,
                         GstElementClass* parent_class);

/// The timebase of `element`'s pipeline for `start` and `wall_clock`: the one in `inbox`
/// when it fits, else asked of the neighbours and the pipeline (CONTEXT query, NEED_CONTEXT),
/// else a new one, offered to the pipeline (HAVE_CONTEXT). See pipeline_timebase.hpp.
std::shared_ptr<PipelineTimebase> element_pipeline_timebase(GstElement* element,
                                                            PlaylistInbox& inbox,
                                                            const std::optional<Instant>& start,
                                                            GstClock* wall_clock);

/// Answers a CONTEXT query for "tsr.playlist" or "tsr.timebase" from `inbox`; false for other
/// queries or when it holds nothing.
bool answer_context_query(GstQuery* query, const PlaylistInbox& inbox);

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
/// start() of every element: the `playlist` and `start` properties into `ep` (playlist_arg,
/// start_arg; load() then reads them) and the `wall-clock` property into `*wall_clock_used`
/// (a reference of its own for the run, or null: the real-time clock), read together under
/// the object lock.
void take_run_properties(GObject* object, const PlaylistPropertySlots& slots, ElementPlaylist& ep,
                         GstClock** wall_clock_used);
/// get_property for those three (taking the object lock); false for any other id.
bool get_playlist_property(GObject* object, const PlaylistPropertySlots& slots, guint id,
                           GValue* value);

} // namespace tsr
