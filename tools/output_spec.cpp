#include "output_spec.hpp"
#include "i18n.hpp"

#include <algorithm>

namespace tsr {

namespace {

std::string lower_extension(const std::string& path) {
    auto dot = path.rfind('.');
    if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return "";
    std::string ext = path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return ext;
}

/// A location value for a gst-launch description: quoted, with quotes and backslashes escaped.
std::string launch_quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::optional<OutputSpec> file_output(const std::string& path, std::string* error) {
    std::string ext = lower_extension(path);
    if (ext != "mkv" && ext != "mp4" && ext != "webm" && ext != "wav") {
        *error = i18n::format(
            _("\"%s\": write a file ending in .mkv, .mp4, .webm or .wav, or null"), path);
        return std::nullopt;
    }
    OutputSpec o;
    o.kind = OutputSpec::Kind::file;
    o.path = path;
    o.container = ext;
    return o;
}

} // namespace

std::optional<OutputSpec> parse_record_output(const std::string& text, std::string* error) {
    if (text == "null") return OutputSpec{};
    return file_output(text, error);
}

std::optional<OutputSpec> parse_play_output(const std::string& text, std::string* error) {
    OutputSpec o;
    if (text == "auto")
        o.kind = OutputSpec::Kind::automatic;
    else if (text == "null")
        o.kind = OutputSpec::Kind::null;
    else if (text == "window")
        o.kind = OutputSpec::Kind::window;
    else if (text == "fullscreen")
        o.kind = OutputSpec::Kind::fullscreen;
    else if (text == "kms")
        o.kind = OutputSpec::Kind::kms;
    else if (text.rfind("file:", 0) == 0)
        return file_output(text.substr(5), error);
    else {
        *error = i18n::format(_("\"%s\" is not an output; write auto, window, fullscreen, kms, "
                                "file:PATH or null"),
                              text);
        return std::nullopt;
    }
    return o;
}

bool sinks_pace_show(const OutputSpec& o, bool sync) {
    return sync && o.kind != OutputSpec::Kind::file;
}

std::string video_sink_description(const OutputSpec& o, bool sync) {
    const std::string s = sync ? "true" : "false";
    // The show's own format, fixed right after the queue: tsrcompose then never fixates
    // to a size or rate of its own choosing before its sources have said theirs and changes
    // it later (seen on rebuilt live recordings: 1x1 frames, which x264enc refuses, and a
    // caps change, which matroskamux refuses with "Could not multiplex stream").
    std::string size;
    if (o.show_width > 0 && o.show_height > 0) {
        size = " ! video/x-raw,width=" + std::to_string(o.show_width) +
               ",height=" + std::to_string(o.show_height) + ",pixel-aspect-ratio=1/1";
        if (o.show_framerate > 0) size += ",framerate=" + std::to_string(o.show_framerate) + "/1";
    }
    // Paced by the sink, a queue would only add a thread woken every frame.
    const std::string vin =
        (sinks_pace_show(o, sync) ? "identity name=vin"
                                  : "queue name=vin max-size-buffers=3 max-size-time=0 "
                                    "max-size-bytes=0") +
        size;
    switch (o.kind) {
    case OutputSpec::Kind::null:
        return vin + " ! fakesink name=vout sync=" + s;
    case OutputSpec::Kind::window:
    case OutputSpec::Kind::fullscreen: {
        std::string scale;
        if (o.scale_width > 0 && o.scale_height > 0)
            scale = " ! videoscale add-borders=true ! video/x-raw,width=" +
                    std::to_string(o.scale_width) + ",height=" + std::to_string(o.scale_height) +
                    ",pixel-aspect-ratio=1/1";
        return vin + scale +
               " ! videoconvert ! ximagesink name=vout force-aspect-ratio=true sync=" + s;
    }
    case OutputSpec::Kind::kms:
        return vin + " ! videoconvert ! kmssink name=vout force-modesetting=true sync=" + s;
    case OutputSpec::Kind::automatic:
        return vin + " ! videoconvert ! autovideosink name=vout sync=" + s;
    case OutputSpec::Kind::file:
        break;
    }
    // Live (sync): unbuffered, so that a full disk or a lost drive fails the output now, not
    // at some later flush; the player then starts a new part (playout.hpp).
    const std::string sink = " ! filesink name=fileout location=" + launch_quoted(o.path) +
                             (sync ? " buffer-mode=unbuffered" : "");
    // Slides change seldom: a key frame every 2 s keeps files seekable and small.
    if (o.container == "webm")
        return vin +
               " ! videoconvert ! vp8enc deadline=1 cpu-used=16 keyframe-max-dist=60 "
               "end-usage=cq cq-level=10 ! webmmux name=mux" +
               sink;
    const std::string mux =
        o.container == "mp4" ? "mp4mux name=mux faststart=true" : "matroskamux name=mux";
    return vin +
           " ! videoconvert ! x264enc speed-preset=ultrafast tune=zerolatency key-int-max=60 "
           "! video/x-h264,profile=constrained-baseline ! h264parse ! " +
           mux + sink;
}

std::string audio_sink_description(const OutputSpec& o, bool sync) {
    const std::string s = sync ? "true" : "false";
    const std::string ain =
        sinks_pace_show(o, sync)
            ? "identity name=ain"
            : "queue name=ain max-size-time=1000000000 max-size-buffers=0 max-size-bytes=0";
    switch (o.kind) {
    case OutputSpec::Kind::null:
        return ain + " ! fakesink name=aout sync=" + s;
    case OutputSpec::Kind::file:
        if (o.container == "wav")
            return ain + " ! audioconvert ! wavenc ! filesink name=fileout location=" +
                   launch_quoted(o.path) + (sync ? " buffer-mode=unbuffered" : "");
        if (o.container == "webm") return ain + " ! audioconvert ! opusenc ! mux.";
        return ain + " ! audioconvert ! avenc_aac ! aacparse ! mux.";
    default:
        if (o.audio_sink == "fakesink") return ain + " ! fakesink name=aout sync=" + s;
        return ain + " ! audioconvert ! audioresample ! " + o.audio_sink + " name=aout sync=" + s;
    }
}

} // namespace tsr
