// One run of the show: the composed picture, the reminders with their chime and music, the
// deadline clock, to an output, with every event written to the as-run log.
//
//   [show bin: slides + ticker -> tsrcompose] ! vin (queue) ! video output
//   tsrremindersrc ! tsrdeadline ! ain (queue) ! audio output       (files: one muxer)
//
// The deadline clock sits on the audio branch: its running time is sample-exact, and a
// sound-only recording (.wav) still logs every slide change.
//
// `tsr record` runs it once, simulated, as fast as it goes. `tsr play` (options.live_play)
// runs it at the real time of day until stopped, and keeps it running:
//   - a pipeline error (a sink fails, a device goes away, a decoder error) is logged as an
//     `error` row; the pipeline is torn down and built again after 1 s, then 2, 4, ... up to
//     30 s while it keeps failing (never a tight loop); 30 s of playing resets the wait. A
//     file output goes on in a new part (x.mkv, x-2.mkv, ...), never overwriting the last.
//   - the playlist folder is watched (playlist_watch.hpp); SIGHUP reloads too. An edit is
//     loaded and checked beside the live playlist; a good one is published in the
//     PlaylistStore (the elements take it between buffers, element_playlist.hpp) and logged as
//     a `reload` row; a bad one is refused with its problems on the console and a `reload` row
//     `skipped: playlist.toml:14:9: ...`, and the last good playlist plays on. A new display
//     size or frame rate rebuilds the pipeline (the caps change).
//   - SIGTERM/SIGINT stop at once (screens and null: no draining; files: EOS, at most 0.8 s).
// Everything runs on the one main-loop thread; the elements' streaming threads never wait on
// it.
#pragma once

#include "asrun_log.hpp"
#include "output_spec.hpp"
#include "playlist.hpp"

#include <gst/gst.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tsr {

class FullscreenWindow;
class PlaylistWatch;

struct PlayoutOptions {
    std::string playlist_arg;     ///< as given on the command line (folder or file)
    std::optional<Instant> start; ///< simulated from here; nullopt: live
    std::optional<Micros> duration;
    OutputSpec output;
    std::filesystem::path asrun_file; ///< empty: asrun/YYYY-MM-DD.csv in the playlist folder
    bool progress = false;            ///< a progress line on stderr
    std::string what;                 ///< "record to x.mkv": the start row's detail
    bool live_play = false;           ///< tsr play: recover, reload, stop at once (see above)
};

class Playout {
  public:
    Playout(std::shared_ptr<const Playlist> playlist, PlayoutOptions options);
    ~Playout();
    Playout(const Playout&) = delete;
    Playout& operator=(const Playout&) = delete;

    /// Builds, plays until the end (duration, EOS, a signal) or an error. Returns the exit
    /// code: 0 done, 3 a failure at run time (said on stderr, and logged).
    int run();

  private:
    bool build(std::string* error);
    bool start_pipeline(std::string* source, std::string* error);
    void teardown();
    void on_failure(const std::string& source, const std::string& text);
    void restart_now(const std::string& why);
    void reload(const std::string& detail);
    void files_changed(const std::vector<std::string>& names);
    static gboolean on_bus(GstBus* bus, GstMessage* msg, gpointer self);
    static GstBusSyncReply on_bus_sync(GstBus* bus, GstMessage* msg, gpointer self);
    static gboolean on_progress(gpointer self);
    static gboolean on_stop_signal(gpointer self);
    static gboolean on_reload_signal(gpointer self);
    static gboolean on_duration_elapsed(gpointer self);
    static gboolean on_rebuild(gpointer self);
    static gboolean on_stable(gpointer self);
    void handle_element_message(GstMessage* msg);
    void log_row(const AsRunRow& row);
    void finish(int exit_code, const std::string& why);
    void stop_with_eos(const std::string& why);
    Instant now_wall() const;
    OutputSpec output_for_attempt() const;

    std::shared_ptr<const Playlist> playlist_;
    PlayoutOptions options_;
    AsRunLog asrun_;
    GstElement* pipeline_ = nullptr;
    GMainLoop* loop_ = nullptr;
    int exit_code_ = 0;
    std::string stop_reason_;
    bool stopping_ = false;
    bool progress_shown_ = false;
    gint64 started_monotonic_ = 0;
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
};

} // namespace tsr
