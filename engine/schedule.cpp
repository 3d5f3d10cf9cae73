#include "schedule.hpp"

#include <algorithm>

namespace tsr {

using namespace std::chrono;

namespace {

Date add_days(Date d, int n) {
    return Date(sys_days(d) + days(n));
}

unsigned last_day_of(Date d) {
    return unsigned(year_month_day_last(d.year(), month_day_last(d.month())).day());
}

bool repeats_on(const Activity& a, Date d) {
    if (a.from && d < *a.from) return false;
    if (a.until && d > *a.until) return false;
    switch (a.repeat) {
    case Repeat::once:
        return false;
    case Repeat::daily:
        return true;
    case Repeat::weekdays:
        return weekday_index(d) < 5;
    case Repeat::weekly:
        return a.days[weekday_index(d)];
    case Repeat::monthly:
        // Short months use their last day: day = 31 is the 30th in November.
        return unsigned(d.day()) == std::min(a.day_of_month, last_day_of(d));
    }
    return false;
}

std::optional<Instant> instant_of(const Playlist& p, const std::optional<When>& w, Date d) {
    if (!w) return std::nullopt;
    return at_local(p.zone, w->date ? *w->date : d, w->time_of_day);
}

Occurrence make_occurrence(const Playlist& p, const Activity& a, Date d) {
    Occurrence o;
    o.activity = &a;
    o.start = instant_of(p, a.start, d);
    o.end = instant_of(p, a.end, d);
    o.deadline = instant_of(p, a.deadline, d);
    o.date = a.repeat == Repeat::once ? local_date(p.zone, o.anchor()) : d;
    return o;
}

void sort_by_time(std::vector<Occurrence>& list, const Playlist& p) {
    std::stable_sort(list.begin(), list.end(), [&](const Occurrence& x, const Occurrence& y) {
        if (x.anchor() != y.anchor()) return x.anchor() < y.anchor();
        return x.activity - p.activities.data() < y.activity - p.activities.data();
    });
}

/// The longest time a reminder can precede its occurrence (before, plus a day for `at`).
Micros longest_lead(const Playlist& p) {
    Seconds lead{0};
    for (const Activity& a : p.activities)
        for (const Reminder& r : a.reminders)
            lead = std::max(lead, r.before);
    return duration_cast<Micros>(lead + days(1));
}

/// The longest time from an occurrence's start to its deadline, at least a day: a repeating
/// activity has both on the day it repeats on; a one-off one may have them months apart. (The
/// cues used to look 400 days back for every activity: with a thousand daily ones, 400 000
/// occurrences an hour of cues.)
Micros longest_start_to_deadline(const Playlist& p) {
    Micros span = duration_cast<Micros>(days(1));
    for (const Activity& a : p.activities) {
        if (!a.start || !a.deadline || a.repeat != Repeat::once) continue;
        Occurrence o = make_occurrence(p, a, Date{});
        if (o.start && o.deadline && *o.deadline > *o.start)
            span = std::max(span, duration_cast<Micros>(*o.deadline - *o.start) + days(1));
    }
    return span;
}

Instant next_midnight(const Playlist& p, Instant t) {
    return at_local(p.zone, add_days(local_date(p.zone, t), 1), Seconds(0));
}

/// The next instant after t at which the set of slides that may show can change.
Instant next_eligibility_change(const Playlist& p, Instant t) {
    Instant next = next_midnight(p, t);
    Date today = local_date(p.zone, t);
    for (const Slide& s : p.slides) {
        if (!s.hours) continue;
        for (Seconds edge : {s.hours->first, s.hours->second}) {
            Instant e = at_local(p.zone, today, edge);
            if (e > t && e < next) next = e;
        }
    }
    return next;
}

} // namespace

std::vector<Occurrence> occurrences(const Playlist& p, Instant from, Instant to) {
    std::vector<Occurrence> out;
    if (to <= from) return out;
    Date first = add_days(local_date(p.zone, from), -1);
    Date last = add_days(local_date(p.zone, to), 1);
    for (const Activity& a : p.activities) {
        if (a.repeat == Repeat::once) {
            Occurrence o = make_occurrence(p, a, Date{});
            if (o.anchor() >= from && o.anchor() < to) out.push_back(o);
            continue;
        }
        for (Date d = first; d <= last; d = add_days(d, 1)) {
            if (!repeats_on(a, d)) continue;
            Occurrence o = make_occurrence(p, a, d);
            if (o.anchor() >= from && o.anchor() < to) out.push_back(o);
        }
    }
    sort_by_time(out, p);
    return out;
}

std::vector<Occurrence> occurrences_on_day(const Playlist& p, Instant t) {
    return occurrences(p, local_midnight(p.zone, t), next_midnight(p, t));
}

std::vector<ReminderDue> reminders_due(const Playlist& p, Instant from, Instant to) {
    std::vector<ReminderDue> out;
    if (to <= from) return out;
    // A reminder precedes its occurrence, so look for occurrences a little past `to`.
    for (const Occurrence& o : occurrences(p, from, to + longest_lead(p))) {
        for (const Reminder& r : o.activity->reminders) {
            Instant due = o.anchor() - r.before;
            if (r.at) due = at_local(p.zone, local_date(p.zone, due), *r.at);
            if (due >= from && due < to) out.push_back({o, &r, due});
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const ReminderDue& x, const ReminderDue& y) { return x.due < y.due; });
    return out;
}

std::vector<ReminderPlay> reminder_program(const Playlist& p, Instant from, Instant to) {
    std::vector<ReminderPlay> out;
    Instant cursor = Instant::min();
    for (const ReminderDue& d : reminders_due(p, from - days(1), to)) {
        ReminderPlay play;
        play.due = d;
        play.sound_start = std::max(d.due, cursor);
        play.chime_length =
            d.reminder->chime && !p.audio.chime.empty() ? p.audio.chime_length : Micros(0);
        play.voice_length = d.reminder->audio_length;
        cursor = play.sound_end();
        if (play.sound_start >= from && play.sound_start < to) out.push_back(play);
    }
    return out;
}

std::optional<ReminderPlay> reminder_sounding_at(const Playlist& p, Instant t) {
    // Reminder audio is at most minutes long; a few hours back covers any queue.
    for (const ReminderPlay& r : reminder_program(p, t - hours(3), t + Micros(1)))
        if (r.sound_start <= t && t < r.sound_end()) return r;
    return std::nullopt;
}

int agenda_page_count(const Playlist& p, const Slide& s, Instant t) {
    if (s.rows_per_page <= 0) return 1;
    int n = int(occurrences_on_day(p, t).size());
    return std::max(1, (n + s.rows_per_page - 1) / s.rows_per_page);
}

bool slide_may_show(const Playlist& p, const Slide& s, Instant t) {
    Date d = local_date(p.zone, t);
    if (s.from && d < *s.from) return false;
    if (s.until && d > *s.until) return false;
    if (s.days && !(*s.days)[weekday_index(d)]) return false;
    if (s.hours) {
        Seconds tod = local_time_of_day(p.zone, t);
        if (tod < s.hours->first || tod >= s.hours->second) return false;
    }
    return true;
}

namespace {

/// The rotation as it stands from an instant until `until` (the next window edge or local
/// midnight): nothing in it changes before then, so a walk over many slide changes (cues)
/// builds it once per stretch instead of once per change.
struct Rotation {
    struct Item {
        int slide;
        int pages;
        Micros length; ///< of one page
        Micros end;    ///< offset in the round where this slide's last page ends
    };
    std::vector<Item> items;
    Micros round{0};
    Instant midnight; ///< the local midnight the loop is anchored to
    Instant until;
};

Rotation rotation_from(const Playlist& p, Instant t) {
    Rotation r;
    r.until = next_eligibility_change(p, t);
    r.midnight = local_midnight(p.zone, t);
    for (std::size_t i = 0; i < p.slides.size(); ++i) {
        const Slide& s = p.slides[i];
        if (!slide_may_show(p, s, t)) continue;
        int pages = agenda_page_count(p, s, t);
        Micros length = duration_cast<Micros>(s.duration);
        r.round += length * pages;
        r.items.push_back({int(i), pages, length, r.round});
    }
    return r;
}

/// What `r` shows at t, for t in [the instant r was built for, r.until).
SlideShowing showing(const Rotation& r, Instant t) {
    SlideShowing out;
    if (r.items.empty() || r.round.count() == 0) {
        out.began = t;
        out.ends = r.until;
        return out;
    }
    Micros pos = (t - r.midnight) % r.round;
    // The first slide whose span ends after pos (slides of zero length span nothing).
    auto it = std::upper_bound(r.items.begin(), r.items.end(), pos,
                               [](Micros v, const Rotation::Item& i) { return v < i.end; });
    if (it == r.items.end()) return out; // unreachable: pos < round
    Micros at = it->end - it->length * it->pages;
    out.slide = it->slide;
    out.pages = it->pages;
    out.page = int((pos - at) / it->length);
    out.began = t - (pos - at - it->length * out.page);
    out.ends = std::min(out.began + it->length, r.until);
    return out;
}

} // namespace

SlideShowing rotation_at(const Playlist& p, Instant t) {
    return showing(rotation_from(p, t), t);
}

const char* cue_kind_name(CueKind k) {
    switch (k) {
    case CueKind::slide:
        return "slide";
    case CueKind::reminder:
        return "reminder";
    case CueKind::start:
        return "start";
    case CueKind::deadline:
        return "deadline";
    }
    return "?";
}

std::vector<Cue> cues(const Playlist& p, Instant from, Instant to) {
    std::vector<Cue> out;
    // Slide changes: walk the rotation from change to change. What showed just before the
    // window decides whether its first instant is a change, so that the cues of consecutive
    // windows join up exactly (the deadline clock asks an hour at a time).
    SlideShowing before = rotation_at(p, from - Micros(1));
    int prev_slide = before.slide, prev_page = before.page;
    Rotation rotation = rotation_from(p, from);
    for (Instant t = from; t < to;) {
        if (t >= rotation.until) rotation = rotation_from(p, t);
        SlideShowing s = showing(rotation, t);
        bool changed = s.slide != prev_slide || s.page != prev_page;
        if (changed && s.slide >= 0) {
            const Slide& slide = p.slides[s.slide];
            Cue c{t,
                  CueKind::slide,
                  "slide-" + std::to_string(s.slide + 1),
                  slide.title.empty() ? slide.template_name : slide.title,
                  slide.template_name,
                  {}};
            if (s.pages > 1)
                c.detail += " " + std::to_string(s.page + 1) + "/" + std::to_string(s.pages);
            out.push_back(std::move(c));
        }
        prev_slide = s.slide;
        prev_page = s.page;
        t = std::max(s.ends, t + Micros(1));
    }
    for (const ReminderPlay& r : reminder_program(p, from, to)) {
        const Activity& a = *r.due.occurrence.activity;
        Cue c{r.sound_start,
              CueKind::reminder,
              a.id,
              a.title,
              r.due.reminder->audio.filename().string(),
              r.due.reminder->audio};
        if (r.sound_start != r.due.due) c.detail += " (queued behind another reminder)";
        out.push_back(std::move(c));
    }
    // An occurrence is found by its anchor (its start when it has one), so one whose deadline
    // falls in the window may have started up to its span earlier.
    for (const Occurrence& o : occurrences(p, from - longest_start_to_deadline(p), to)) {
        const Activity& a = *o.activity;
        if (o.start && *o.start >= from && *o.start < to)
            out.push_back({*o.start, CueKind::start, a.id, a.title, a.place, {}});
        if (o.deadline && *o.deadline >= from && *o.deadline < to)
            out.push_back({*o.deadline, CueKind::deadline, a.id, a.title, "", {}});
    }
    std::stable_sort(out.begin(), out.end(), [](const Cue& x, const Cue& y) {
        if (x.time != y.time) return x.time < y.time;
        return int(x.kind) > int(y.kind); // at a tie: deadline, start, reminder, then slide
    });
    return out;
}

} // namespace tsr
