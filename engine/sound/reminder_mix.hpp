// Placing reminders on the audio timeline, to the sample, and mixing them (with the ducked
// background music) into 48 kHz stereo S16 buffers. Pure engine code: tsrremindersrc is a thin
// GStreamer wrapper around a ReminderMixer.
//
// The model ("audio is placed, not triggered"): sample s of the output is running
// time s / 48000 s, whose wall time the Timebase gives. The queued program
// (tsr::reminder_program) says when each reminder's sound starts (its due time, or later when
// queued behind another); that instant becomes a sample index (rounded to the nearest sample),
// where the chime's first sample goes, the voice right after the chime's last one. So the audio,
// the reminder slide and `tsr timeline` agree to the sample.
//
// The program queues with the lengths the loader read from the MPEG-4 headers, which may differ
// from the decoded lengths (encoder priming and padding: today the header length is ~21 ms
// longer, so a queued reminder follows the previous one after a ~25 ms gap). The mixer never
// lets a reminder start before the previous one has ended (the "queue guard"): if a decoded
// sound is longer than its header said, the next one waits for it, so nothing is ever cut or
// overlapped; the `tsr-reminder` message then says when it really started.
//
// Background music ([audio] background) loops from the first sample under everything and is
// lowered to `duck` while a reminder sounds, with linear ramps (ramp down ending where the
// reminder starts, ramp up starting where it ends), so there is no click. During a quiet
// window ([audio] quiet, quiet_hours.hpp) it is muted the same way: silent from the window's
// first sample to its last, ramps outside it. Reminders are held to the window's end by the
// program itself; the `note` of a held reminder says so.
//
// A video slide's sound track (Slide::video_sound) plays with its picture: the clip program
// (normally tsr::clip_showings, the rotation as the slide layer walks it) says when each showing
// of a clip plays and when it began; sample s of a showing is the clip's sample s - began (both
// rounded to the nearest sample), so a playout started mid-clip starts its sound at that offset
// and the sound is a function of time like the picture. The clip's sound is ducked under
// reminders exactly like the music (it goes on unseen under a reminder slide) and muted in quiet
// windows. The background music is ducked to `duck` under a clip with sound, with the same ramps
// (ramp down ending where the clip starts): the clip is heard, the music stays in the room. A
// clip without a sound track, or whose sound failed to decode, changes nothing. A clip sound
// not decoded yet is silent until it is, then plays from the offset of that instant.
#pragma once

#include "reminder_audio.hpp"
#include "schedule.hpp"
#include "timebase.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace tsr {

/// Sample index (48 kHz) of a running time, rounded to the nearest sample.
std::uint64_t sample_at_running(std::uint64_t running_ns);
/// Running time of a sample index.
std::uint64_t running_at_sample(std::uint64_t sample);

/// What happened to one reminder, for the `tsr-reminder` message and the as-run log.
struct MixEvent {
    ReminderPlay play;
    bool played = false;
    std::string reason;           ///< skipped: why (for "skipped: REASON")
    std::string note;             ///< played: anything worth logging (e.g. no chime)
    Instant actual_start{};       ///< played: when its first sample sounds
    std::uint64_t running_ns = 0; ///< played: running time of its first sample
    std::string outcome() const { return played ? "played" : "skipped: " + reason; }
};

struct MixerConfig {
    std::filesystem::path chime;                   ///< empty: no chime
    std::vector<std::filesystem::path> background; ///< looped in this order
    double volume = 1.0;                           ///< reminder gain
    double duck = 0.2;                             ///< background gain under a reminder
    Micros ramp{200000};                           ///< duck ramps
    std::vector<QuietWindow> quiet;                ///< music muted in these
    TimeZone zone = TimeZone::fixed(Seconds(0));   ///< of the quiet windows' hours
    /// At begin(), reminders whose sound started up to this long before the first sample are
    /// reported as skipped (a restart must not be silent about what it missed).
    Micros missed_window{std::chrono::minutes(15)};
    /// The program is asked for in windows of this length.
    Micros window{std::chrono::hours(1)};

    static MixerConfig of(const Playlist& p);
};

class ReminderMixer {
  public:
    using Program = std::function<std::vector<ReminderPlay>(Instant from, Instant to)>;
    using Lookup = std::function<ReminderSoundBank::Entry(const std::filesystem::path&)>;
    /// Clip showings overlapping [from, to), as tsr::clip_showings returns them.
    using ClipProgram = std::function<std::vector<ClipShowing>(Instant from, Instant to)>;

    /// `program` is normally `reminder_program(playlist, from, to)`; `lookup` normally the
    /// bank's; `clips` normally `clip_showings(playlist, from, to)` (none when empty). All must
    /// stay valid (and the playlist the plays point into) while mixing.
    ReminderMixer(Program program, Lookup lookup, MixerConfig config, ClipProgram clips = {});
    /// The mixer of a playlist: its reminder program, its clips and MixerConfig::of(*p) (with
    /// `missed_window` replaced when given). Holds `p`.
    static std::unique_ptr<ReminderMixer> of(std::shared_ptr<const Playlist> p, Lookup lookup,
                                             std::optional<Micros> missed_window = {});

    /// Starts the timeline: `first_sample` is the first sample mix() will be asked for.
    /// Reminders whose sound should have started before it are reported as skipped.
    void begin(const Timebase& tb, std::uint64_t first_sample, std::vector<MixEvent>& events);
    /// The wall clock jumped: from `at_sample` on, wall times come from `tb`. Reminders that
    /// already sound go on; the rest are placed again (those the jump passed over are reported
    /// skipped, none is played twice).
    void reanchor(const Timebase& tb, std::uint64_t at_sample, std::vector<MixEvent>& events);
    const Timebase& timebase() const { return tb_; }

    /// Sounds the reminders starting in [s0, s0 + n) and the clips playing then (or within a
    /// ramp after: the music ducks ahead of a clip) need and that are still pending (so that a
    /// simulated run can wait for them instead of skipping).
    std::vector<std::filesystem::path> pending_for(std::uint64_t s0, std::size_t n);

    /// Writes n stereo frames for samples [s0, s0 + n) into `out` (2n values), appends what
    /// happened to `events`, and returns false when the buffer is pure silence.
    bool mix(std::uint64_t s0, std::size_t n, std::int16_t* out, std::vector<MixEvent>& events);
    /// Whether a reminder (chime or voice, not the background) sounded in the last mix()'s
    /// samples: a reload may replace the mixer only when none did, so that none is cut.
    bool reminder_sounded() const { return reminder_sounded_; }

  private:
    struct Entry {
        ReminderPlay play;
        std::int64_t programmed = 0; ///< sample where the program says it starts
        bool resolved = false;
        // resolved:
        std::shared_ptr<const DecodedSound> chime, voice;
        std::uint64_t start = 0, voice_start = 0, end = 0;
    };
    /// A clip showing with a sound track, in samples.
    struct ClipEntry {
        ClipShowing show;
        std::int64_t began = 0, from = 0, until = 0;
        bool failed = false; ///< its sound cannot be played: nothing changes
        std::shared_ptr<const DecodedSound> sound;
    };
    using Key = std::pair<std::string, Instant::rep>;
    static Key key_of(const ReminderPlay& p);

    void fetch_until(std::uint64_t sample_end);
    /// Where an unresolved entry will start, given what sounds before it.
    std::int64_t expected_start(const Entry& e, std::uint64_t guard) const;
    void resolve(Entry& e, std::uint64_t s0, std::vector<MixEvent>& events);
    void background_ready();
    std::int64_t sample_of(Instant wall) const;
    void fetch_clips_until(Instant need);
    /// Looks up the sounds of the clips playing before `sample_end`.
    void resolve_clips(std::uint64_t sample_end);

    Program program_;
    Lookup lookup_;
    MixerConfig config_;
    ClipProgram clip_program_;
    std::shared_ptr<const Playlist> playlist_; ///< of(): what the programs point into
    std::deque<ClipEntry> clips_;
    Instant clips_until_{}; ///< the clip program was asked up to here
    Timebase tb_;
    std::uint64_t first_sample_ = 0;
    Instant programmed_until_{};
    std::deque<Entry> entries_;
    std::set<Key> done_; ///< played or skipped: never again
    std::uint64_t guard_end_ = 0;
    bool reminder_sounded_ = false;

    bool bg_settled_ = false;
    std::vector<std::shared_ptr<const DecodedSound>> bg_;
    std::uint64_t bg_frames_ = 0;
    std::vector<float> scratch_;
    std::vector<double> gains_; ///< of the reminders and quiet windows, per sample of a mix()
};

} // namespace tsr
