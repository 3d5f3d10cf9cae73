// Looks inside an audio file to tell whether it really is MPEG-4 audio (AAC in an MP4/M4A
// container, plain or fragmented, or raw ADTS .aac), and how long it plays. Pure C++: the
// playlist check must not trust the extension, and must not need a media framework to say
// "this is an MP3".
//
// Also the limits a sound must keep, in one place: the check (playlist_loader) refuses at load
// what the player (sound/reminder_audio) would refuse on the day, with the same words.
#pragma once

#include "civil_time.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace tsr {

/// What a sound is for; each use has its own length limit.
enum class AudioUse {
    reminder,   ///< a reminder's spoken words (`audio = ...`)
    chime,      ///< [audio] chime: sounds before every reminder
    background, ///< [audio] background: a looped song
    clip,       ///< the sound track of a video slide's clip (`video = ...`)
};

/// A reminder is spoken words, not a concert; the limit also bounds the memory one decoded
/// sound takes (48 kHz stereo S16: 110 MiB for 10 minutes) and how long one reminder may hold
/// the ones queued behind it.
inline constexpr Micros kMaxReminderLength{std::chrono::minutes(10)};
/// The chime precedes every reminder and delays its words by its own length: a few seconds.
inline constexpr Micros kMaxChimeLength{std::chrono::seconds(10)};
/// Background songs are held decoded in memory for the whole playout, like reminders.
inline constexpr Micros kMaxBackgroundLength{std::chrono::minutes(10)};
/// A clip's sound is as long as the clip: kMaxVideoLength (video/video_clip.hpp), held decoded
/// while the clip is about to show.
inline constexpr Micros kMaxClipSoundLength{std::chrono::minutes(10)};

Micros max_length_of(AudioUse use);

/// The sound formats staff can use (decided by decoding, sound/audio_check.hpp), for messages.
inline constexpr const char* kSoundFormats = "MP3, WAV, Ogg/Opus, FLAC or M4A (AAC, ALAC)";

/// "20 min 00 s" (a minute or more) or "7.25 s".
std::string length_text(Micros length);

/// Why a sound of `length` (nullopt: not known, only that it is over) is refused for `use` with
/// the limit `limit`: "is too long (20 min 00 s); a reminder may last at most 10 min 00 s;
/// shorten the recording". Follows the file's name in messages.
std::string too_long_problem(AudioUse use, std::optional<Micros> length, Micros limit);
/// too_long_problem() when `length` is over max_length_of(use), else "".
std::string length_problem(AudioUse use, Micros length);

struct AudioProbe {
    bool ok = false;
    Micros length{0};    ///< playing length (the container's, which covers decoder priming)
    std::string problem; ///< when !ok: "is an MP3 file, not MPEG-4 audio", ...; follows the name
    bool has_video = false;
    /// When !ok: the file is another format or codec (MP3, WAV, Ogg, FLAC, ALAC in MP4 ...),
    /// not a damaged MPEG-4 file; whether it plays is then for a decode to say
    /// (sound/audio_check.hpp).
    bool other_format = false;
};

/// Reads the whole file (up to 256 MiB). Never throws.
AudioProbe probe_mpeg4_audio(const std::filesystem::path& file);

} // namespace tsr
