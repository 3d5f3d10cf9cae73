// The element messages the tsr elements post on the bus, typed: one make and one parse
// function a message, so that posters and readers (tools/asrun_events.cpp, tests) agree on
// names and types in one place, as gst_video_overlay_* does for its messages.
//
// Times: running times are nanoseconds (guint64 fields, std::chrono::nanoseconds here); wall
// times are nanoseconds since 1970-01-01 UTC in the "...-ns" fields (gint64), read back as
// Instant. Each wall time is also written as ISO 8601 text with the playlist's offset (the
// field without "-ns"), for people reading `gst-launch-1.0 -m`; nothing parses that text.
//
//   tsr-cue       id, kind (slide|reminder|start|deadline), due, due-ns, running-time,
//                 title, detail                                   (tsrdeadline)
//   tsr-reminder  id, title, audio, due, due-ns, sound-start, sound-start-ns, running-time,
//                 outcome ("played" | "skipped: REASON"), note   (tsrremindersrc)
//   tsr-timebase  running-time, old-wall(-ns), new-wall(-ns), jump (gint64 ns, new - old)
//   tsr-sound     file, outcome ("ready" | "failed: REASON"), length (guint64 ns)
//   tsr-clock     running-time, minute(-ns): the minute the clock on the slide now pushed
//                 shows, posted when it changes (tsrslidesrc; the watchdog of tsr play)
//
// Parse functions return nullopt for another message or one missing a field; they never
// throw.
#pragma once

#include "civil_time.hpp"

#include <gst/gst.h>

#include <chrono>
#include <optional>
#include <string>

namespace tsr {

using Nanos = std::chrono::nanoseconds;

struct CueMessage {
    std::string id;
    std::string kind; ///< cue_kind_name(): "slide", "reminder", "start", "deadline"
    Instant due{};
    Nanos running_time{0};
    std::string title;
    std::string detail;
};

struct ReminderMessage {
    std::string id;
    std::string title;
    std::string audio; ///< the file, as the playlist resolved it (absolute)
    Instant due{};
    Instant sound_start{}; ///< played: its first sample; skipped: where it would have been
    Nanos running_time{0};
    std::string outcome; ///< "played" or "skipped: REASON"
    std::string note;
    std::string say; ///< a spoken reminder's words (`say =`); empty for a recording
};

struct TimebaseMessage {
    Nanos running_time{0}; ///< when the jump was seen
    Instant old_wall{};    ///< what the timebase said the time was then
    Instant new_wall{};    ///< what the wall clock said
    Nanos jump() const { return new_wall - old_wall; }
};

struct SoundMessage {
    std::string file;
    std::string outcome; ///< "ready" or "failed: REASON"
    Nanos length{0};
};

struct ClockMessage {
    Nanos running_time{0}; ///< of the first frame showing it
    Instant minute{};      ///< the start of the minute the clock shows
};

/// New element messages from `src`; `zone` only words the ISO text fields.
GstMessage* make_cue_message(GstObject* src, const TimeZone& zone, const CueMessage& m);
GstMessage* make_reminder_message(GstObject* src, const TimeZone& zone, const ReminderMessage& m);
GstMessage* make_timebase_message(GstObject* src, const TimeZone& zone, const TimebaseMessage& m);
GstMessage* make_sound_message(GstObject* src, const SoundMessage& m);
GstMessage* make_clock_message(GstObject* src, const TimeZone& zone, const ClockMessage& m);

std::optional<CueMessage> parse_cue_message(const GstStructure* s);
std::optional<ReminderMessage> parse_reminder_message(const GstStructure* s);
std::optional<TimebaseMessage> parse_timebase_message(const GstStructure* s);
std::optional<SoundMessage> parse_sound_message(const GstStructure* s);
std::optional<ClockMessage> parse_clock_message(const GstStructure* s);

} // namespace tsr
