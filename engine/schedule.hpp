// The schedule: what is true at a given instant. Pure functions of (playlist, time).
#pragma once

#include "playlist.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tsr {

/// One happening of an activity (a one-off has one, a repeating one many).
struct Occurrence {
    const Activity* activity = nullptr;
    Date date; ///< the local day it belongs to
    std::optional<Instant> start;
    /// After start: a recurring end written before its start is on the next day (a night
    /// shift 22:00-02:00); a one-off end carries its own date.
    std::optional<Instant> end;
    std::optional<Instant> deadline;
    /// Start, else deadline: what reminders count back from and lists sort by.
    Instant anchor() const { return start ? *start : *deadline; }
};

/// Occurrences whose anchor lies in [from, to), in time order. Cost: activities x days of
/// the window, whatever the activities' dates or bounds.
std::vector<Occurrence> occurrences(const Playlist& p, Instant from, Instant to);

/// The agenda of the local day containing t: first the occurrences begun on an earlier day
/// and still under way at t (end after t: a night shift after midnight), then those anchored
/// on that day (the whole day, ended ones too), in time order.
std::vector<Occurrence> occurrences_on_day(const Playlist& p, Instant t);

/// A reminder of one occurrence at its due instant.
struct ReminderDue {
    Occurrence occurrence;
    const Reminder* reminder = nullptr;
    Instant due;
};

/// Reminders due in [from, to), in time order (ties: by occurrence, then reminder order).
/// Cost: reminders x days of the window, whatever `before` is.
std::vector<ReminderDue> reminders_due(const Playlist& p, Instant from, Instant to);

/// A reminder as it will sound: queued after any reminder still sounding, never cut.
struct ReminderPlay {
    ReminderDue due;
    Instant sound_start; ///< >= due.due; later when queued behind another or held
    /// The quiet window ([audio] quiet) that held it to its end; null when none did.
    const QuietWindow* held_by = nullptr;
    Micros chime_length{0};
    Micros voice_length{0};
    /// When its reminder slide gives way: at sound_start + Display::reminder_slide_min or at
    /// sound_end, whichever is later, but never after the next reminder's sound_start (that
    /// one's slide takes over then).
    Instant slide_end{};
    Instant voice_start() const { return sound_start + chime_length; }
    Instant sound_end() const { return sound_start + chime_length + voice_length; }
};

/// The queued program of reminders whose sound starts in [from, to). A reminder that would
/// start inside a quiet window starts at the window's end instead (held_by says which). Reminders
/// due before `from` are taken into account (up to a day back) so that queueing is the same
/// whatever window is asked for.
std::vector<ReminderPlay> reminder_program(const Playlist& p, Instant from, Instant to);

/// The reminder sounding at t, if any.
std::optional<ReminderPlay> reminder_sounding_at(const Playlist& p, Instant t);

/// The reminder whose slide shows at t (sound_start <= t < slide_end), if any.
std::optional<ReminderPlay> reminder_slide_at(const Playlist& p, Instant t);

/// Rows a page of a paged slide shows; the agenda uses it for "more than fit".
int agenda_page_count(const Playlist& p, const Slide& s, Instant t);

/// What the rotation shows at an instant.
struct SlideShowing {
    int slide = -1; ///< index into Playlist::slides; -1: nothing may show now
    int page = 0;   ///< agenda pages: 0..pages-1
    int pages = 1;
    Instant began; ///< when this slide (page) came on screen
    Instant ends;  ///< when the next one comes
};

/// The rotation at t: slides in order, each for its duration, looped, anchored to local
/// midnight, counting only the slides (and agenda pages) that may show at t.
SlideShowing rotation_at(const Playlist& p, Instant t);

/// A stretch of the rotation in which a video slide's clip plays: from `from` to `until`, its
/// frame (and sound) at t being the clip's at t - began, as the slide layer shows it
/// (SlideContentKey::video_began). A reminder or announcement slide may cover it meanwhile: the
/// clip goes on unseen.
struct ClipShowing {
    int slide = -1;              ///< index into Playlist::slides
    const Slide* what = nullptr; ///< that slide (its `video`, `video_sound`)
    Instant began;               ///< when this showing of the clip began: its offset 0
    Instant from, until;         ///< [from, until): the clip plays
};

/// The clip showings overlapping [from, to), in time order, walked the way rotation_at sees the
/// rotation (the first may have begun before `from`: its `from` is then `from`, its `began` the
/// showing's; the last's `until` may lie after `to`). Consecutive windows may both return a
/// showing that spans their boundary: the same slide and `began`, overlapping. Cost: one step
/// per slide change in the window.
std::vector<ClipShowing> clip_showings(const Playlist& p, Instant from, Instant to);

/// Whether a slide's window (dates, days, hours) lets it show at t.
bool slide_may_show(const Playlist& p, const Slide& s, Instant t);

/// Everything that happens in a window, for `tsr timeline` and the deadline clock.
enum class CueKind { slide, reminder, start, deadline };
const char* cue_kind_name(CueKind k);

struct Cue {
    Instant time;
    CueKind kind;
    std::string id; ///< activity id, or "slide-N" / template name for slides
    std::string title;
    std::string detail;          ///< slide: template and page; reminder: audio file name
    std::filesystem::path audio; ///< reminders
};

/// Which kinds of cue to compute (slides are by far the most: one per slide duration).
struct CueKinds {
    bool slide = true, reminder = true, start = true, deadline = true;
    bool has(CueKind k) const;
};

/// Every cue of the given kinds in [from, to), in time order. Slides: each instant the
/// rotation changes to another slide or page (a one-slide rotation that loops is no change).
/// The cues of [a, b) and [b, c) together are exactly those of [a, c). Cost: activities x
/// days of the window, plus one step per slide change.
std::vector<Cue> cues(const Playlist& p, Instant from, Instant to, CueKinds kinds = {});

} // namespace tsr
