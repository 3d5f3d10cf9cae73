// Reminder audio decoded ahead of time: MPEG-4 audio files (AAC in .m4a/.mp4/.aac, any rate
// and channel count) become 48 kHz stereo interleaved S16 in memory, so that the streaming
// thread only copies samples.
//
// Format choice: S16 interleaved (not F32) halves the memory of the bank (a 10-minute
// background song is 110 MiB instead of 220 MiB) and is what the decoder's AAC output is worth.
// Mixing happens in float and is exact for one source at gain 1.0 (s / 32768 * 32768).
//
// Decoding runs a private GStreamer pipeline synchronously (filesrc ! decodebin ! audioconvert
// ! audioresample ! capsfilter ! appsink) with a timeout. It is blocking work: call it from a
// worker (ReminderSoundBank does), never from a streaming thread.
#pragma once

#include "civil_time.hpp"
#include "playlist.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tsr {

inline constexpr int kSoundRate = 48000;
inline constexpr int kSoundChannels = 2;

/// A decoded sound: 48 kHz, stereo, interleaved signed 16-bit.
struct DecodedSound {
    std::vector<std::int16_t> samples; ///< L R L R ...
    std::size_t frames() const { return samples.size() / kSoundChannels; }
    Micros length() const { return Micros(std::int64_t(frames()) * 1000000 / kSoundRate); }
};

struct DecodeOptions {
    /// The whole decode must end within this (a file on a dead network share must not hang
    /// the worker for ever).
    std::chrono::milliseconds timeout{std::chrono::seconds(60)};
    /// A decode that makes no progress (no sample decoded, no message) for this long is given
    /// up as a damaged file: some broken files make a demuxer stop without saying why.
    std::chrono::milliseconds stall_timeout{std::chrono::seconds(5)};
    /// Longer sounds are refused: a reminder is spoken words, not a concert; it also bounds
    /// the memory one file may take.
    Micros max_length{std::chrono::minutes(10)};
    /// Polled while decoding; set it to abandon the decode (element stopping).
    const std::atomic<bool>* cancel = nullptr;
};

struct DecodeResult {
    std::shared_ptr<const DecodedSound> sound; ///< null on failure
    std::string error;                         ///< for people: what is wrong and what to do
    bool ok() const { return sound != nullptr; }
};

/// Decodes the audio track of an MPEG-4 (or any GStreamer-decodable) file. A video track is
/// ignored (not even decoded). Errors name the file: missing, not audio, no audio track,
/// truncated, no decoder for the codec, too long, timed out. A silent file is not an error.
DecodeResult decode_reminder_audio(const std::filesystem::path& file,
                                   const DecodeOptions& options = {});

/// Every sound a playlist needs (chime, each reminder's audio, background songs), each file
/// decoded once, on one worker thread started by start(). Lookups never block; a sound that is
/// still being decoded reports `pending`, and the caller decides what that means (tsrremindersrc
/// live: skip the reminder and say so; simulated: wait, with wait_settled()).
///
/// Thread safety: all public functions may be called from any thread. Lock order: the bank's
/// mutex is a leaf (nothing else is locked while it is held).
class ReminderSoundBank {
  public:
    enum class State { unknown, pending, ready, failed };
    struct Entry {
        State state = State::unknown;
        std::shared_ptr<const DecodedSound> sound;
        std::string error;
    };

    explicit ReminderSoundBank(DecodeOptions options = {});
    ~ReminderSoundBank(); ///< cancels and joins the worker
    ReminderSoundBank(const ReminderSoundBank&) = delete;
    ReminderSoundBank& operator=(const ReminderSoundBank&) = delete;

    /// The files a playlist needs, in decode order: chime first (it sounds with every
    /// reminder), then reminder audio in playlist order, then background songs. No duplicates.
    static std::vector<std::filesystem::path> files_of(const Playlist& p);

    /// Called on the worker after each file is decoded or failed (not for cancelled ones).
    /// Set it before start().
    using Observer = std::function<void(const std::filesystem::path&, const Entry&)>;
    void set_observer(Observer observer) { observer_ = std::move(observer); }

    /// Queues `files` (duplicates and already known files are ignored) and starts the worker
    /// if it is not running.
    void start(const std::vector<std::filesystem::path>& files);
    /// Cancels the decode in progress and joins the worker. Decoded sounds stay.
    void stop();

    Entry lookup(const std::filesystem::path& file) const;
    /// Blocks until `file` is no longer pending, or `abort()` returns true (polled every
    /// 20 ms), or the worker is stopped. Returns the entry as it then is.
    template <class Abort> Entry wait_settled(const std::filesystem::path& file, Abort abort) {
        std::unique_lock lock(mutex_);
        for (;;) {
            auto it = entries_.find(file);
            if (it == entries_.end() || it->second.state != State::pending || stopping_ || abort())
                return it == entries_.end() ? Entry{} : it->second;
            settled_.wait_for(lock, std::chrono::milliseconds(20));
        }
    }
    /// True when no file is pending.
    bool idle() const;

  private:
    void run();

    DecodeOptions options_;
    Observer observer_;
    mutable std::mutex mutex_;
    std::condition_variable settled_;
    std::map<std::filesystem::path, Entry> entries_;
    std::vector<std::filesystem::path> queue_;
    bool stopping_ = false;
    bool running_ = false; ///< the worker is in run()
    std::atomic<bool> cancel_{false};
    std::thread worker_;
};

} // namespace tsr
