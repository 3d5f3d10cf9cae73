// An announcement: words typed (or a recording made) in the office console, shown at once on
// a full-screen slide with the chime and the words spoken, ending by itself. It is not in the
// playlist: tsr play hands it to the running pipeline as a "tsr.announcement" context
// (plugins/announcement_context.hpp); the slide layer shows its slide while it lasts, the
// reminder audio mixes its sound in, and the as-run log gets an `announce` row when its first
// frame reaches the output.
//
// Everything slow (synthesis, decoding) happens in prepare_announcement_sound(), on a worker
// thread of the caller; the elements only read the finished samples.
#pragma once

#include "civil_time.hpp"
#include "playlist.hpp"
#include "sound/reminder_audio.hpp"
#include "timebase.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace tsr {

/// The words of one announcement, in bytes (as a reminder's `say`).
inline constexpr std::size_t kMaxAnnouncementBytes = 600;
/// How long its slide shows: from 5 s to 10 minutes (at least as long as its sound).
inline constexpr Seconds kMinAnnouncement{5};
inline constexpr Seconds kMaxAnnouncement{600};

struct Announcement {
    std::uint64_t id = 0; ///< increasing per tsr play; tells two equal texts apart
    std::string text;     ///< shown (and spoken unless a recording plays), UTF-8
    std::string user;     ///< who announced it, for the as-run row
    std::string sound;    ///< for the row: "spoken", "recording NAME" or "silent"
    Instant from{};       ///< its slide and sound start here (wall time)
    Instant until{};      ///< its slide ends here
    /// The chime then the words, 48 kHz stereo; null: silent.
    std::shared_ptr<const DecodedSound> samples;

    bool showing_at(Instant t) const { return from <= t && t < until; }
};

/// Why `text` and `seconds` cannot be announced, or "": one of a few fixed sentences, marked
/// for translation (i18n.hpp N_), so that the console can say it in the reader's language.
std::string announcement_problem(const std::string& text, long seconds);

struct AnnouncementSound {
    std::shared_ptr<const DecodedSound> samples; ///< null on failure
    std::string error;                           ///< for people; empty on success
    std::string what;                            ///< "spoken" or "recording NAME"
};

/// The sound of an announcement: the playlist's chime (unless it has none), then `recording`
/// decoded (any format the sound bank decodes, at most a reminder's length), or, when
/// `recording` is empty, `text` read aloud and synthesized (engine/speech) into the
/// playlist's cache. Blocking: seconds at most; call it on a worker thread. Never throws.
AnnouncementSound prepare_announcement_sound(const Playlist& p, const std::string& text,
                                             const std::filesystem::path& recording);

/// Adds the announcement's samples that fall in [s0, s0 + n) (48 kHz sample indexes, the
/// first one at the running time of `a.from` on `tb`) into `out` (n stereo frames), times
/// `volume`, saturating. True when any sample of it was there.
bool mix_announcement(const Announcement& a, const Timebase& tb, std::uint64_t s0, std::size_t n,
                      std::int16_t* out, double volume);

/// The announcement's row detail: "TEXT (30 s, spoken)", the text cut to 200 characters.
std::string announcement_detail(const Announcement& a);

} // namespace tsr
