// Spoken reminders from text: the words are synthesized offline by libespeak-ng (Indonesian
// voice "id", or the better MBROLA voice "mb-id1" when the mbrola-id1 database is installed)
// into a WAV file in the playlist's cache folder, named by a hash of what decides the sound
// (engine, voice, rate, repeat, words). From there the file is an ordinary reminder sound: the
// sound bank decodes it ahead like a recording, and the chime, ducking and placement to the
// sample are the same.
//
// Synthesis is blocking CPU work (about a tenth of the sentence's length): it runs at load
// (tsr check, an element starting, a reload beside the live playlist), never on a streaming
// thread; a sentence already in the cache costs one header read.
#pragma once

#include "civil_time.hpp"

#include <filesystem>
#include <string>

namespace tsr {

/// The longest `say` text, in bytes: a few sentences (a long text is a recording's job).
inline constexpr std::size_t kMaxSayBytes = 600;
/// `repeat` in a reminder: how many times the words are said (Indonesian service counters say
/// an announcement twice).
inline constexpr int kMaxSayRepeat = 3;
/// The silence between two repeats.
inline constexpr Micros kSayRepeatGap{std::chrono::milliseconds(800)};

struct SpeechRequest {
    std::string words; ///< what is said, already read aloud (read_aloud_id), UTF-8
    int repeat = 1;    ///< 1..kMaxSayRepeat
    /// Where the WAV goes (created when missing): content_cache_dir(folder, "speech").
    std::filesystem::path cache_dir;
};

struct SpeechResult {
    std::filesystem::path wav; ///< the cached WAV (mono S16), empty on failure
    Micros length{0};          ///< its playing length
    std::string voice;         ///< "mb-id1" or "id"
    bool cached = false;       ///< found in the cache, not synthesized now
    std::string error;         ///< for people: what failed and what to do
    bool ok() const { return !wav.empty(); }
};

/// The voice synthesize_speech() uses here: "mb-id1" when mbrola and its id1 database are
/// installed, else "id".
std::string speech_voice();

/// Synthesizes `req` into the cache, or finds it there. Thread-safe (espeak-ng is one global
/// engine: calls are serialized). Never throws.
SpeechResult synthesize_speech(const SpeechRequest& req);

} // namespace tsr
