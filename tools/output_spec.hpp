// Where playout goes: `-o FILE` of `tsr record` and `--output O` of `tsr play`, turned into
// the sink side of the pipeline as gst-launch descriptions.
#pragma once

#include <optional>
#include <string>

namespace tsr {

struct OutputSpec {
    enum class Kind { null, file, window, fullscreen, kms, automatic };
    Kind kind = Kind::null;
    std::string path;      ///< file
    std::string container; ///< file: "mkv", "mp4", "webm" or "wav"
    /// window/fullscreen: scale the picture to this size (black borders keep its aspect);
    /// 0: show it at its own size (ximagesink does not scale by itself).
    int scale_width = 0, scale_height = 0;
    /// The size of the show (the playlist's display), fixed right after the queue, so that
    /// tsrcompose makes its own size (not the screen's, not one it picks before its
    /// sources have negotiated). 0: not fixed.
    int show_width = 0, show_height = 0, show_framerate = 0;
    /// Screens: the audio sink factory ("autoaudiosink", "pulsesink", ...), or "fakesink"
    /// where there is no sound device (playout goes on silently).
    std::string audio_sink = "autoaudiosink";
    /// `auto` found no screen and plays to nothing: why nobody sees or hears it. The as-run
    /// log then says `skipped: ` this for every slide and reminder, not `played` (an explicit
    /// `null` is a choice, and its start row says "nothing shown").
    std::string not_shown;

    bool has_video() const { return !(kind == Kind::file && container == "wav"); }
    /// Live outputs show at the real time of day; files and null go as fast as they can.
    bool is_screen() const {
        return kind == Kind::window || kind == Kind::fullscreen || kind == Kind::kms;
    }
};

/// `tsr record -o`: FILE.mkv|.mp4|.webm|.wav or `null`. nullopt (with `error`) otherwise.
std::optional<OutputSpec> parse_record_output(const std::string& text, std::string* error);
/// `tsr play --output`: auto|window|fullscreen|kms|file:PATH|null.
/// (file:PATH of `play` is a live recording; the name of `auto` is kept as Kind::automatic
/// until tsr play resolves it, see screen_output.hpp.)
std::optional<OutputSpec> parse_play_output(const std::string& text, std::string* error);

/// Live (`sync`) to a screen or `null`: the sinks sync on the clock and so pace the show; they
/// then run in the threads of tsrcompose and tsrremindersrc (no queue before them: a queue
/// would add a thread woken every buffer), and the reminders push as soon as a buffer is
/// taken (tsrremindersrc `sync=false`). Not for files: a live recording's filesink does not
/// sync, and its muxer needs both queues.
bool sinks_pace_show(const OutputSpec& o, bool sync);

/// The video sink side, starting at an element named "vin" (a queue; an identity when
/// sinks_pace_show). `sync`: live outputs.
/// Files: the muxer is named "mux"; the audio side links to it.
std::string video_sink_description(const OutputSpec& o, bool sync);
/// The audio sink side, starting at an element named "ain" (as "vin").
std::string audio_sink_description(const OutputSpec& o, bool sync);

} // namespace tsr
