// A video clip's pictures: decoded by GStreamer (decodebin, so H.264/AAC MP4 and whatever
// else the installed decoders play), turned upright by its orientation tag, scaled to fit an
// area (aspect kept, square pixels), as BGRA frames pulled by offset into the clip.
//
// One class for the playlist check and the slide layer: check accepts a clip when it opens
// here (probe_video_clip), so what check accepts is what plays.
#pragma once

#include "civil_time.hpp"

#include <gst/gst.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace tsr {

/// A clip holds the screen for its whole length once a round, and the agenda is gone for
/// that long: ten minutes at most in an office rotation.
inline constexpr Micros kMaxVideoLength{std::chrono::minutes(10)};
/// Larger files are refused unread (ten minutes of a phone's Full HD video is about 1.3 GB).
inline constexpr std::uintmax_t kMaxVideoBytes = std::uintmax_t(2) << 30;
/// How long opening a clip (finding its streams, decoding its first frame) may take.
inline constexpr std::chrono::seconds kVideoOpenTimeout{20};

/// One decoded frame: BGRA (alpha 255), `width` x `height`, rows `stride` bytes apart.
class VideoFrame {
  public:
    VideoFrame(GstSample* sample, Micros pts); ///< takes the sample; throws when unmappable
    ~VideoFrame();
    VideoFrame(const VideoFrame&) = delete;
    VideoFrame& operator=(const VideoFrame&) = delete;
    const std::uint8_t* row(int y) const { return data_ + std::size_t(stride_) * std::size_t(y); }
    int width() const { return width_; }
    int height() const { return height_; }
    /// When it shows from, from the clip's start (the first frame after a seek: the offset
    /// sought, as the decoder clips the frame that spans it).
    Micros pts() const { return pts_; }

  private:
    GstSample* sample_;
    GstMapInfo map_{};
    const std::uint8_t* data_ = nullptr;
    int width_ = 0, height_ = 0, stride_ = 0;
    Micros pts_{0};
};

/// A clip being decoded by its own small pipeline (filesrc ! decodebin ! videoconvert !
/// videoflip ! videoscale ! appsink; a sound track goes to a fakesink). Opening runs on the
/// pipeline's threads: the constructor returns at once. Not thread-safe: one caller.
class VideoClip {
  public:
    enum class State { opening, ready, failed };

    /// Starts opening `file`; frames will be fitted into area_width x area_height.
    VideoClip(const std::filesystem::path& file, int area_width, int area_height);
    ~VideoClip();
    VideoClip(const VideoClip&) = delete;
    VideoClip& operator=(const VideoClip&) = delete;

    /// Where opening stands, without waiting.
    State poll();
    /// Waits for opening to end, at most `timeout` (then failed: "could not be read within").
    State wait_open(std::chrono::milliseconds timeout = kVideoOpenTimeout);
    /// When failed: why, following the file's name in a message, ending with what to do
    /// ("is not a video file (its content is not one); save it as ...").
    const std::string& problem() const { return problem_; }
    /// When ready: the container's length, and whether it has a sound track.
    Micros length() const { return length_; }
    bool has_audio() const { return has_audio_; }

    /// The frame showing at `offset` into the clip: the last one whose timestamp is at or
    /// before it (the first frame before the first timestamp, the last after the end). Plays
    /// on from the frame last given; seeks (accurately) when `offset` goes back or jumps
    /// ahead. `wait`: decode what is needed before returning (record, render: the frame is
    /// always the right one); else take only what is decoded already (live: a frame late
    /// rather than a stalled screen; a decoder more than 2 s behind is sent to `offset`). Null
    /// when nothing can show yet (opening) or the clip failed before its first frame.
    std::shared_ptr<const VideoFrame> frame_at(Micros offset, bool wait);

    struct Impl; ///< the clip's pipeline (video_clip.cpp; its callbacks reach it)

  private:
    std::unique_ptr<Impl> impl_;
    std::string problem_;
    Micros length_{0};
    bool has_audio_ = false;
    State state_ = State::opening;
    void fail(std::string problem);
    void on_message(GstMessage* msg);
    void on_ready();
};

/// What the playlist check learns of a clip.
struct VideoProbe {
    bool ok = false;
    Micros length{0};
    bool has_audio = false;
    std::string problem; ///< when !ok: follows the file's name, ends with what to do
};

/// Opens `file` as the slide layer does (a small area: only acceptance matters), within
/// kVideoOpenTimeout, refusing files over kMaxVideoBytes and clips over kMaxVideoLength.
/// Blocking; the loader calls it, never a streaming thread. Results are remembered for the
/// process by path, size and modification time. Never throws.
VideoProbe probe_video_clip(const std::filesystem::path& file);

} // namespace tsr
