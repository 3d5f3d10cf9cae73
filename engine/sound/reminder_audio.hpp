// Reminder audio decoded ahead of time: MPEG-4 audio files (AAC in .m4a/.mp4/.aac, any rate
// and channel count) become 48 kHz stereo interleaved S16 in memory, so that the streaming
// thread only copies samples.
//
// Format choice: S16 interleaved (not F32) halves the memory of the bank (a 10-minute
// background song is 110 MiB instead of 220 MiB) and is what the decoder's AAC output is worth.
// Mixing happens in float and is exact for one source at gain 1.0 (s / 32768 * 32768).
//
// Decoding runs a private GStreamer pipeline synchronously with a timeout: for a file the MP4
// probe vouches for as plain AAC, filesrc ! qtdemux (or aacparse for ADTS) ! the AAC decoder
// decodebin would pick ! audioconvert ! audioresample ! capsfilter ! appsink; for anything else,
// and when that fails, filesrc ! decodebin ! ... (whose typefinding, parser and multiqueue
// thread cost over a third of a decode). It is blocking work: call it from a worker
// (ReminderSoundBank does), never from a streaming thread.
#pragma once

#include "civil_time.hpp"
#include "mp4_probe.hpp"
#include "playlist.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace tsr {

/// How much longer than its container says a decoded sound may come out (the last AAC frame's
/// padding: 1024 samples, 0.14 s at the lowest AAC rate).
inline constexpr Micros kDecodeSlack{500000};

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
    /// What the sound is for: says which limit applies and names it in the "too long" error.
    AudioUse use = AudioUse::reminder;
    /// Longer sounds are refused (unset: max_length_of(use), the limit the playlist check
    /// applies too). An MPEG-4 file is measured as the check measures it (its container); the
    /// decoded samples may exceed the limit by kDecodeSlack (encoder padding) before the decode
    /// is cut off, which also bounds the memory one file may take.
    std::optional<Micros> max_length;
    /// Polled while decoding; set it to abandon the decode (element stopping).
    const std::atomic<bool>* cancel = nullptr;
    /// False: always through decodebin (tests compare the two routes).
    bool direct = true;
};

struct DecodeResult {
    std::shared_ptr<const DecodedSound> sound; ///< null on failure
    std::string error;                         ///< for people: what is wrong and what to do
    bool ok() const { return sound != nullptr; }
};

/// Decodes the audio track of an MPEG-4 (or any GStreamer-decodable) file. A video track is
/// ignored (not even decoded). Errors name the file: missing, not audio, no audio track,
/// truncated, no decoder for the codec, too long, timed out. A silent file is not an error.
/// Where the playlist check (probe_mpeg4_audio, length_problem) refuses the file, a failed
/// decode says the check's reason, in the check's words, after the file's name; a file the
/// check accepts is refused only when its content will not decode (damaged inside, no decoder
/// installed) or it cannot be read in time.
DecodeResult decode_reminder_audio(const std::filesystem::path& file,
                                   const DecodeOptions& options = {});

/// Where, in playlist time, reminder audio is decoded ahead of the playout position and when a
/// decoded sound is dropped again (ReminderSoundBank::follow).
struct SoundHorizon {
    /// A reminder's audio is queued when its sound starts within this much ahead. An hour: a
    /// reminder decodes in ~10 ms of CPU (a 10-minute song in ~0.6 s), and a file on a dead
    /// drive is given up after DecodeOptions::timeout (60 s), so live, even dozens of files
    /// entering at once are decoded long before they sound. A recording at ~3600x real time
    /// still has them a second ahead (and waits for a late one instead of skipping it).
    Micros ahead{std::chrono::hours(1)};
    /// A decoded sound that no reminder needs within this much is dropped, to bound memory (a
    /// playlist of a thousand reminders holds only the next hours' sounds). Twice `ahead`, so
    /// that a sound used every hour or so stays instead of being decoded again each time.
    Micros keep{std::chrono::hours(2)};
    /// Reminders whose sound started up to this long ago still keep theirs (one the queue guard
    /// made start late, behind a sound longer than its header said).
    Micros behind{std::chrono::minutes(10)};
    /// The horizon moves in steps of this much: the schedule is asked a few hundred times a
    /// day, not for every buffer. A sound is queued at least `ahead - step` before it is due.
    Micros step{std::chrono::minutes(5)};
    /// A video slide's sound (up to 10 minutes, 110 MiB decoded) is queued when the clip plays
    /// within this much (so at least `clip_ahead - step` before: a decode takes seconds) ...
    Micros clip_ahead{std::chrono::minutes(15)};
    /// ... and dropped when it does not play within this much: memory holds only the clips of
    /// the next half hour (a rotation shorter than that keeps its clips decoded).
    Micros clip_keep{std::chrono::minutes(30)};
};

/// The sounds a playlist needs, decoded on one worker thread: the chime and background songs
/// for good, each reminder's audio only from an hour before it sounds and each video slide's
/// sound track from a quarter of an hour before the clip plays (SoundHorizon), each file once
/// while it is needed. Lookups never block; a sound that is still being decoded reports
/// `pending`, and the caller decides what that means (tsrremindersrc live: skip the reminder and
/// say so; simulated: wait, with wait_settled()).
///
/// Thread safety: all public functions may be called from any thread, except follow() (one
/// thread: the streaming thread). Lock order: the bank's mutex is a leaf (nothing else is
/// locked while it is held; adopt() takes the other bank's and its own one after the other).
class ReminderSoundBank {
  public:
    enum class State { unknown, pending, ready, failed };
    struct Entry {
        State state = State::unknown;
        std::shared_ptr<const DecodedSound> sound;
        std::string error;
    };

    explicit ReminderSoundBank(DecodeOptions options = {}, SoundHorizon horizon = {});
    ~ReminderSoundBank(); ///< cancels and joins the worker
    ReminderSoundBank(const ReminderSoundBank&) = delete;
    ReminderSoundBank& operator=(const ReminderSoundBank&) = delete;

    /// Every file a playlist may need: chime first (it sounds with every reminder), then
    /// reminder audio in playlist order, then background songs, then the clips with a sound
    /// track. No duplicates.
    static std::vector<std::filesystem::path> files_of(const Playlist& p);

    /// Called on the worker after each file is decoded or failed (not for cancelled ones); a
    /// file dropped and needed again later is decoded, and reported, again. Set it before
    /// start() or follow().
    using Observer = std::function<void(const std::filesystem::path&, const Entry&)>;
    void set_observer(Observer observer) { observer_ = std::move(observer); }

    /// Queues `files` (duplicates and already known files are ignored) behind the files already
    /// queued, and starts the worker if it is not running (not while stop() runs).
    void start(const std::vector<std::filesystem::path>& files);
    /// Moves the horizon to `now` (the wall time of the playout position): queues the chime,
    /// the audio of each reminder whose sound starts in [now, now + ahead) (soonest first), the
    /// background songs and the clips (with a sound track) playing in [now, now + clip_ahead);
    /// drops the decoded reminder audio (and failures) no reminder needs in [now - behind,
    /// now + keep) and the clip sounds no clip needs in [now, now + clip_keep). Costs two
    /// comparisons until `now` leaves the current step (or goes back): call it for every buffer.
    void follow(const Playlist& p, Instant now);
    /// Takes the decoded sounds of `old` (the bank of the playlist being replaced) whose files
    /// did not change on disk since, so that a reload does not decode them again. Shared, not
    /// copied. Call it before follow().
    void adopt(const ReminderSoundBank& old);
    /// Cancels the decode in progress and joins the worker. Decoded sounds stay.
    void stop();
    /// Cancels the decode in progress and drops the decoded sounds (a bank being replaced,
    /// after adopt()), without waiting for the worker: a streaming thread calls it, and
    /// leaves the join to stop() or the destructor on another thread. The observer is not
    /// called after it.
    void cancel();
    /// True once the worker has ended (or never ran): destroying the bank then waits for
    /// nothing.
    bool finished() const;

    Entry lookup(const std::filesystem::path& file) const;
    /// Blocks until `file` is no longer pending, or `abort()` returns true (polled every
    /// 20 ms; a decode that ends wakes it at once), or the worker is stopped. Returns the entry
    /// as it then is.
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
    /// Files the bank holds now, pending, decoded or failed (memory bound tests).
    std::size_t size() const;
    /// Decodes done (or failed) since the bank was made.
    std::size_t decodes() const;

  private:
    /// What a file was when it was decoded: a reload shares its sound only if it is unchanged.
    struct Stamp {
        std::uintmax_t size = 0;
        std::filesystem::file_time_type mtime{};
        bool operator==(const Stamp&) const = default;
    };
    static std::optional<Stamp> stamp_of(const std::filesystem::path& file);
    /// Under mutex_: queues `f` unless known.
    void queue_locked(const std::filesystem::path& f);
    void run();
    /// The worker's body: run(), and what it throws failing the files still pending (never
    /// an exception out of the thread, which would end the process).
    void run_guarded();

    DecodeOptions options_;
    SoundHorizon horizon_;
    Observer observer_;
    mutable std::mutex mutex_;
    std::condition_variable settled_; ///< a file settled, or stop()
    std::condition_variable work_;    ///< the worker: something queued, or stop()
    std::map<std::filesystem::path, Entry> entries_;
    std::map<std::filesystem::path, Stamp> stamps_; ///< of the ready entries
    /// What each file of the followed playlist is for (its length limit); a file with two
    /// uses gets the stricter. Files not in it are decoded as reminders.
    std::map<std::filesystem::path, AudioUse> uses_;
    std::deque<std::filesystem::path> queue_;
    std::size_t decodes_ = 0;
    bool stopping_ = false;
    bool running_ = false; ///< the worker's body has not returned yet
    bool dropped_ = false; ///< cancel() was called: nothing is kept or told any more
    std::atomic<bool> cancel_{false};
    std::thread worker_;

    // follow()'s caller only: the step `now` was last in.
    bool followed_ = false;
    Instant step_from_{}, step_to_{};
};

} // namespace tsr
