// Whether a sound file staff name will play, decided by its content, not by its name: AAC in
// MPEG-4 is measured by the fast probe (mp4_probe.hpp); any other format or codec (MP3, WAV,
// Ogg/Opus voice notes, FLAC, ALAC in .m4a) is decoded once, through the same decoder the
// player uses (decode_reminder_audio), with the same length limits. What does not decode is
// refused with the decoder's reason.
//
// Blocking (a 3-minute MP3 decodes in about a quarter of a second): the playlist loader calls
// it, never a streaming thread. Results are remembered for the process by path, size,
// modification time and use, so the elements that each load the playlist decode a file once.
#pragma once

#include "mp4_probe.hpp"

#include <filesystem>

namespace tsr {

/// ok with the playing length, or !ok with `problem` (following the file's name in a message,
/// ending with what to do). Never throws.
AudioProbe probe_playable_audio(const std::filesystem::path& file, AudioUse use);

} // namespace tsr
