// One run of the show: the composed picture, the reminders with their chime and music, the
// deadline clock, to an output, with every event written to the as-run log.
//
//   tsrshow: show.video (slides + ticker -> tsrcompose) ! vin (queue) ! video output
//            show.audio (tsrremindersrc ! tsrdeadline) ! ain (queue) ! audio output
//                                                                    (files: one muxer)
//
// The deadline clock sits on the audio branch: its running time is sample-exact, and a
// sound-only recording (.wav, `tsrshow video=false`) still logs every slide change.
//
// `tsr record` runs it once, simulated, as fast as it goes. `tsr play` (options.live_play)
// runs it at the real time of day until stopped, and keeps it running:
//   - a pipeline error (a sink fails, a device goes away, a decoder error) is logged as an
//     `error` row; the pipeline is torn down and built again after 1 s, then 2, 4, ... up to
//     30 s while it keeps failing (never a tight loop); 30 s of playing resets the wait. A
//     file output goes on in a new part (x.mkv, x-2.mkv, ...), never overwriting the last.
//   - the playlist folder is watched (playlist_watch.hpp) for the files the playlist uses
//     (playlist.toml, audio, images, templates, the ticker file...; while the file on disk is
//     refused, for any file, since the fix may add one); SIGHUP reloads too. Requests
//     coalesce: one reload runs for all that came before it. An edit is loaded and checked
//     beside the live playlist; a good one whose content differs (playlist_content_hash) is
//     set as the pipeline's playlist context (the elements take it between buffers,
//     plugins/playlist_context.hpp; a rebuilt pipeline gets the last good one), logged as
//     a `reload` row and kept on disk as the last good copy (save_last_good,
//     playlist_store.hpp); a bad one is refused with its problems on the console and a
//     `reload` row `skipped: playlist.toml:14:9: ...` (the same refusal
//     again: console only), and the last good playlist plays on. Unchanged content: a
//     console line, no row. A new display size or frame rate rebuilds the pipeline.
//   - `tsr play` started while the playlist on disk is refused plays the last good copy
//     (cmd_play.cpp) and says so: PlayoutOptions::start_note is logged after the start.
//   - the folder is watched by path: replaced by another (moved away, a new one moved in),
//     it is watched anew and reloaded; the as-run log is opened again when its file is no
//     longer the one at its path, and while the folder is away rows wait in memory (writing
//     would create an empty folder in the way of the one moved in).
//   - SIGTERM/SIGINT stop at once (screens and null: no draining; files: EOS, at most 0.8 s).
// Everything runs on the one main-loop thread; the elements' streaming threads never wait on
// it.
//
// One job a file: playout.cpp (the run: signals, timers, stopping), playout_pipeline.cpp
// (building the pipeline around tsrshow), playout_bus.cpp (bus dispatch),
// playout_supervision.cpp (restarts with backoff), playout_reload.cpp (reload control),
// asrun_recorder.cpp (the as-run log and its proof), progress_line.cpp (tsr record's line).
#pragma once

#include "announcement.hpp"
#include "asrun_log.hpp"
#include "asrun_proof.hpp"
#include "diagnostics.hpp"
#include "output_spec.hpp"
#include "playlist.hpp"
#include "playlist_loader.hpp"

#include <gst/gst.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tsr {

class AsRunRecorder;
class FrameWatchdog;
class ScreenPower;
class FullscreenWindow;
class KmsScreen;
class PlaylistWatch;
class ProgressLine;
struct LastGoodKeeper;

struct PlayoutOptions {
    std::string playlist_arg;     ///< as given on the command line (folder or file)
    std::optional<Instant> start; ///< simulated from here; nullopt: live
    std::optional<Micros> duration;
    OutputSpec output;
    std::filesystem::path asrun_file; ///< empty: asrun/YYYY-MM-DD.csv in the playlist folder
    /// tsr record: never the playlist's proof log; with asrun_file empty, no log at all.
    bool rehearsal = false;
    bool progress = false;  ///< a progress line on stderr
    std::string what;       ///< "record to x.mkv": the start row's detail
    bool live_play = false; ///< tsr play: recover, reload, stop at once (see above)
    /// The playlist folder the elements, the watch and the as-run log use; empty: the
    /// playlist's own (differs when playing the last good copy).
    std::filesystem::path folder;
    /// A row to log right after the start (kind, detail, outcome; the times are filled in).
    std::optional<AsRunRow> start_note;
    /// Refusal::key() of the playlist on disk when it was refused at start (the last good
    /// copy plays): the same refusal again is not logged again.
    std::string refused_at_start;
    /// tsr play --console: called with the composed video's pad of each pipeline built (the
    /// console's screen picture), and with every as-run row written.
    std::function<void(GstPad*)> on_show_pad;
    std::function<void(const AsRunRow&)> on_row;
    /// Office hours switch the real TV (tsr play; tsr record --switch-tv); else the `power`
    /// rows say "simulated".
    bool switch_tv = false;
    /// The system clock's NTP state; empty: system_clock_sync() (tests give their own).
    std::function<ClockSync()> clock_sync;
};

/// Why a load was refused, for the console and the as-run log: the first error with its file
/// relative to `folder` ("playlist.toml:16:12: error: duration: ...") and "1 error" or
/// "3 errors".
struct Refusal {
    std::string first;
    std::string count;
    std::vector<Diagnostic> errors; ///< in file order
    /// The same for the same problem, whatever the row around it says.
    std::string key() const { return first + " (" + count + ")"; }
};
Refusal refusal_of(const Diagnostics& d, const std::filesystem::path& folder);

class Playout {
  public:
    Playout(std::shared_ptr<const Playlist> playlist, PlayoutOptions options);
    ~Playout();
    Playout(const Playout&) = delete;
    Playout& operator=(const Playout&) = delete;

    /// Builds, plays until the end (duration, EOS, a signal) or an error. Returns the exit
    /// code: 0 done, 3 a failure at run time (said on stderr, and logged).
    int run();

    // For the console (tools/console/server.hpp), on the main loop only:
    std::shared_ptr<const Playlist> playlist() const { return playlist_; }
    void log(const AsRunRow& row);
    /// Reloads soon, like an edit seen by the watch; `why` names it in the reload row.
    void reload_soon(const std::string& why) { request_reload(why); }
    /// The system clock's NTP state as last read (every minute).
    ClockSync clock_sync() const;
    /// Shows and sounds `a` (engine/announcement.hpp) on the running pipeline, and on one
    /// rebuilt while it lasts; it replaces any announcement before it. Its `announce` row is
    /// written when its first frame reaches the output.
    void announce(std::shared_ptr<const Announcement> a);

  private:
    // playout_supervision.cpp
    bool build(std::string* error);
    bool start_pipeline(std::string* source, std::string* error);
    void teardown();
    void on_failure(const std::string& source, const std::string& text);
    void restart_now(const std::string& why);
    /// tsr play: the pipeline reached PLAYING (a `start` row after an error; backoff reset
    /// once it keeps playing).
    void output_playing();
    /// kms-dpms put the screen back in standby after kmssink lit it: said when it failed.
    void screen_reasserted(const std::string& problem);
    static gboolean on_rebuild(gpointer self);
    static gboolean on_stable(gpointer self);
    // playout_reload.cpp
    /// Starts loading the playlist on a worker (a first document conversion or speech
    /// synthesis can take a minute, and the main loop keeps the watchdog, the as-run rows and
    /// the console going); take_reload() gets the result on the main loop.
    void reload(const std::string& detail);
    void take_reload(const std::string& detail, Instant now, LoadResult r, const std::string& hash,
                     const std::string& failure);
    void request_reload(const std::string& why);
    static gboolean on_reload_idle(gpointer self);
    void files_changed(const std::vector<std::string>& names, bool folder_replaced);
    void accepted(std::shared_ptr<const Playlist> p, const std::string& hash);
    /// The playlist cache's retention (cache_retention.hpp): said on stderr when it removed any.
    static void sweep_cache(const Playlist& p);
    bool uses(const std::string& relative) const;
    // playout_bus.cpp
    static gboolean on_bus(GstBus* bus, GstMessage* msg, gpointer self);
    static GstBusSyncReply on_bus_sync(GstBus* bus, GstMessage* msg, gpointer self);
    void handle_element_message(GstMessage* msg);
    // playout.cpp
    static gboolean on_stop_signal(gpointer self);
    static gboolean on_reload_signal(gpointer self);
    static gboolean on_duration_elapsed(gpointer self);
    static gboolean on_clock_check(gpointer self);
    void log_row(const AsRunRow& row);
    void finish(int exit_code, const std::string& why);
    void stop_with_eos(const std::string& why);
    Instant now_wall() const;

    std::shared_ptr<const Playlist> playlist_;
    PlayoutOptions options_;
    std::filesystem::path folder_;
    std::unique_ptr<AsRunRecorder> recorder_;
    std::unique_ptr<ProgressLine> progress_;
    GstElement* pipeline_ = nullptr;
    GMainLoop* loop_ = nullptr;
    int exit_code_ = 0;
    std::string stop_reason_;
    bool stopping_ = false;
    guint eos_timeout_ = 0;
    guint duration_timer_ = 0;

    // tsr play
    guint bus_watch_ = 0;
    guint rebuild_timer_ = 0;
    guint stable_timer_ = 0;
    int failures_ = 0; ///< in a row, since the output last played 30 s
    int attempt_ = 0;  ///< pipelines built so far (file parts)
    bool resumed_logged_ = true;
    std::string last_audio_note_;
    std::unique_ptr<FullscreenWindow> window_;
    std::unique_ptr<PlaylistWatch> watch_;
    guint reload_idle_ = 0;
    std::vector<std::string> reload_reasons_; ///< requests the next reload answers
    bool reload_loading_ = false;             ///< a reload's load runs on its worker
    /// Held only by this object: a worker's result, arriving on the main loop, is dropped
    /// when its weak copy has expired (tsr play stopped meanwhile; the worker is not joined,
    /// so that SIGTERM never waits for a conversion).
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    std::string content_hash_;              ///< of the playlist playing
    std::uint64_t playlist_generation_ = 1; ///< of playlist_, in the pipeline's context
    std::set<std::string> uses_;            ///< files it reads, relative to folder_
    std::shared_ptr<LastGoodKeeper> keeper_;
    bool refused_on_disk_ = false; ///< the playlist on disk was refused last
    std::string last_refusal_;     ///< its outcome, so as not to log it again

    /// tsr play: do frames still reach the sink? (watchdog.hpp)
    std::unique_ptr<FrameWatchdog> frames_;
    /// The TV on in office hours, in standby outside them (power_control.hpp).
    std::unique_ptr<ScreenPower> power_;
    guint power_timer_ = 0;
    guint clock_timer_ = 0;
    std::shared_ptr<const Announcement> announcement_; ///< the last one (tsr play --console)
    /// The card and connector kms-dpms switches, handed to each kmssink (kms_screen.hpp).
    std::shared_ptr<KmsScreen> kms_;
};

} // namespace tsr
