// The as-run recording of one playout: every row it logs goes through here, to the log file
// (asrun_log.hpp) and to the console's listener.
//   - Rows that report what reached an output wait in a ProofGate (asrun_proof.hpp) until
//     the output's sink took it (OutputReach, asrun_events.hpp), and are written once
//     (RowDedupe: after the wall clock was set back, what plays again is not logged twice).
//   - A rehearsal (tsr record) without --asrun keeps no log.
//   - Live, while the playlist folder is away (moved, to be replaced) the folder's own log
//     holds its rows in memory (at most 10,000): writing would create an empty folder in the
//     way of the new one. When the file at the log's path is no longer the one written last,
//     it is opened again.
//   - The start rows' detail: the system clock's NTP state and the playlist's SHA-256.
// On the main-loop thread only.
#pragma once

#include "asrun_events.hpp"
#include "asrun_log.hpp"
#include "asrun_proof.hpp"
#include "civil_time.hpp"
#include "clock_watch.hpp"
#include "output_spec.hpp"

#include <gst/gst.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tsr {

class AsRunRecorder {
  public:
    struct Options {
        std::filesystem::path folder;                ///< the playlist folder (its asrun/)
        std::filesystem::path asrun_file;            ///< empty: asrun/YYYY-MM-DD.csv in `folder`
        bool rehearsal = false;                      ///< without asrun_file: no log at all
        bool live_play = false;                      ///< rows wait while the folder is away
        std::function<void(const AsRunRow&)> on_row; ///< every row (may be empty)
    };
    AsRunRecorder(Options options, const TimeZone& zone);
    ~AsRunRecorder();
    AsRunRecorder(const AsRunRecorder&) = delete;
    AsRunRecorder& operator=(const AsRunRecorder&) = delete;

    /// Writes a row now (a write that fails is said on stderr; playout goes on).
    void log(const AsRunRow& row);
    /// Rows of a message that waits for its output (proof_position): written once the
    /// output took running time `at` on branch `b`.
    void hold(Branch b, std::uint64_t at, const AsRunRow& row);
    /// What the branch's sink reached since: its waiting rows written (a `tsr-reached`).
    void pump(Branch b);
    /// A new pipeline: the proof starts again; probes on its outputs' queues "vin" / "ain".
    void watch_outputs(GstElement* pipeline, const OutputSpec& out);
    /// The pipeline goes: what its sinks took is written, the rest as skipped for `reason`.
    void drop_waiting(const std::string& reason);

    /// "WHAT; clock synchronised (NTP); playlist sha256 …; content sha256 …" for a start row:
    /// playlist.toml's SHA-256 (`sha256sum playlist.toml` gives it), then the content hash of
    /// it and every file it names (playlist_store.hpp playlist_content_hash), so that a new
    /// picture or recording under the same name is on record too.
    std::string start_detail(const std::string& what) const;
    /// At start: the system clock's NTP state and the offset of the real-time clock.
    /// `live` (tsr play): an unsynchronised clock is said on stderr at once (ClockSyncWatch).
    /// `read_clock`: the NTP state's source; empty: system_clock_sync() (tests give their own).
    void begin(const std::filesystem::path& playlist_file, const std::string& content_sha,
               bool live = false, ClockSyncWatch::Read read_clock = {});
    /// Every minute, live: a `clock` row when the NTP state changed.
    void check_clock();
    /// The NTP state as last read.
    ClockSync clock_sync() const { return clock_sync_; }
    /// A `tsr-timebase` message: true when the wall clock was set (a row is due), false for
    /// a pause or a stall, which move the real-time and the monotonic clock alike.
    bool wall_clock_set();
    /// A reload took `playlist_file` with `content_sha`: a `playlist` row at `now` when
    /// either hash differs from the playing one's.
    void playlist_taken(const std::filesystem::path& playlist_file, const std::string& content_sha,
                        Instant now);
    /// The zone of the playlist playing (the log's days).
    void set_zone(const TimeZone& zone) { zone_ = zone; }
    /// Rows still held (the folder never came back).
    std::size_t held() const { return held_rows_.size(); }

  private:
    void log_all(const std::vector<AsRunRow>& rows);

    Options options_;
    TimeZone zone_;
    std::unique_ptr<AsRunLog> log_;
    std::vector<AsRunRow> held_rows_; ///< while the folder is away
    ProofGate gate_;
    RowDedupe dedupe_;
    std::shared_ptr<OutputReach> reach_[2]; ///< video, audio of the current pipeline
    std::int64_t real_minus_monotonic_ = 0; ///< us, when the wall clock was last seen set
    ClockSync clock_sync_ = ClockSync::unknown;
    std::optional<ClockSyncWatch> clock_watch_; ///< live only
    std::string playlist_sha_;                  ///< SHA-256 of the playing playlist.toml
    std::string content_sha_;                   ///< its content hash (with the files it names)
    std::string hashes() const;                 ///< "playlist sha256 …; content sha256 …"
    /// playlist.toml's SHA-256 ("" unreadable); live, a copy kept in asrun/playlists/.
    std::string playlist_sha(const std::filesystem::path& playlist_file) const;
};

} // namespace tsr
