#include "schedule.hpp"
#include "i18n.hpp"

#include "mp4_probe.hpp"
#include "text_checks.hpp"

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

/// A recurring activity whose end (time of day) is not after its start ends the next day.
bool ends_next_day(const Activity& a) {
    return a.start && a.end && !a.start->date && !a.end->date &&
           a.end->time_of_day <= a.start->time_of_day;
}

Occurrence make_occurrence(const Playlist& p, const Activity& a, Date d) {
    Occurrence o;
    o.activity = &a;
    o.start = instant_of(p, a.start, d);
    o.end = instant_of(p, a.end, ends_next_day(a) ? add_days(d, 1) : d);
    o.deadline = instant_of(p, a.deadline, d);
    o.date = a.repeat == Repeat::once ? local_date(p.zone, o.anchor()) : d;
    return o;
}

std::size_t index_of(const Playlist& p, const Activity* a) {
    return std::size_t(a - p.activities.data());
}

void sort_by_time(std::vector<Occurrence>& list, const Playlist& p) {
    std::stable_sort(list.begin(), list.end(), [&](const Occurrence& x, const Occurrence& y) {
        if (x.anchor() != y.anchor()) return x.anchor() < y.anchor();
        return index_of(p, x.activity) < index_of(p, y.activity);
    });
}

// Dates the schedule computes with: the years a playlist can write (TOML, 4 digits). Day
// loops are clamped to these and to the window asked for, so a repeat from 0001-01-01 or a
// reminder a million days ahead costs no more than any other.
constexpr long long kFirstDay = sys_days(year(1) / 1 / 1).time_since_epoch().count();
constexpr long long kLastDay = sys_days(year(9999) / 12 / 31).time_since_epoch().count();

long long day_number(Date d) {
    return sys_days(d).time_since_epoch().count();
}

/// Calls f(occurrence) for each occurrence of a whose day (the repeat's day; a one-off's
/// only one whatever its date) lies in [first, last], day numbers.
template <class F>
void for_each_occurrence(const Playlist& p, const Activity& a, long long first, long long last,
                         F&& f) {
    if (a.repeat == Repeat::once) {
        f(make_occurrence(p, a, Date{}));
        return;
    }
    first = std::max(first, kFirstDay);
    last = std::min(last, kLastDay);
    if (a.from) first = std::max(first, day_number(*a.from));
    if (a.until) last = std::min(last, day_number(*a.until));
    for (long long n = first; n <= last; ++n) {
        Date d{sys_days(days(n))};
        if (repeats_on(a, d)) f(make_occurrence(p, a, d));
    }
}

/// When a reminder of o is due; nullopt for a `before` beyond any date (it would overflow).
std::optional<Instant> due_of(const Playlist& p, const Occurrence& o, const Reminder& r) {
    if (r.before > days(kLastDay - kFirstDay + 2)) return std::nullopt;
    Instant due = o.anchor() - r.before;
    if (r.at) due = at_local(p.zone, local_date(p.zone, due), *r.at);
    return due;
}

Instant next_midnight(const Playlist& p, Instant t) {
    return at_local(p.zone, add_days(local_date(p.zone, t), 1), Seconds(0));
}

/// What the agenda of one local day holds, as the rotation needs it: how many rows at t.
struct DayAgenda {
    Instant midnight{};
    Instant next_midnight{};
    std::vector<Occurrence> carried;  ///< begun before midnight, ending after it; by anchor
    std::vector<Occurrence> anchored; ///< anchored on the day
    std::size_t rows_at(Instant t) const {
        std::size_t n = anchored.size();
        for (const Occurrence& o : carried)
            if (*o.end > t) ++n;
        return n;
    }
};

DayAgenda day_agenda(const Playlist& p, Instant t) {
    DayAgenda day;
    day.midnight = local_midnight(p.zone, t);
    day.next_midnight = next_midnight(p, t);
    day.anchored = occurrences(p, day.midnight, day.next_midnight);
    long long yesterday = day_number(local_date(p.zone, t)) - 1;
    for (const Activity& a : p.activities) {
        if (!a.start || !a.end) continue;
        if (a.repeat != Repeat::once && !ends_next_day(a)) continue;
        for_each_occurrence(p, a, yesterday, yesterday, [&](const Occurrence& o) {
            bool before_midnight = *o.start < day.midnight;
            if (before_midnight && *o.end > day.midnight) day.carried.push_back(o);
        });
    }
    sort_by_time(day.carried, p);
    return day;
}

bool any_paged(const Playlist& p) {
    return std::any_of(p.slides.begin(), p.slides.end(),
                       [](const Slide& s) { return s.rows_per_page > 0; });
}

/// The next instant after t at which the set of slides that may show, or an agenda's page
/// count, can change.
Instant next_eligibility_change(const Playlist& p, Instant t, const DayAgenda& day) {
    Instant next = day.next_midnight;
    Date today = local_date(p.zone, t);
    for (const Slide& s : p.slides) {
        if (!s.hours) continue;
        for (Seconds edge : {s.hours->first, s.hours->second}) {
            Instant e = at_local(p.zone, today, edge);
            if (e > t && e < next) next = e;
        }
    }
    if (any_paged(p)) // a carried occurrence leaves the agenda when it ends
        for (const Occurrence& o : day.carried)
            if (*o.end > t && *o.end < next) next = *o.end;
    return next;
}

/// The rotation as it stands over [at, until): which slides, how many pages each.
struct RotationPlan {
    struct Item {
        int slide;
        int pages;
        Micros length;
    };
    Instant midnight{};
    Instant until{};
    std::vector<Item> items;
    Micros round{0};
};

int pages_for(const Slide& s, std::size_t rows) {
    // A document slide: each chosen page is a slide of its own in the round.
    if (!s.document_pages.empty()) return int(s.document_pages.size());
    if (s.rows_per_page <= 0) return 1;
    return std::max(1,
                    int((rows + std::size_t(s.rows_per_page) - 1) / std::size_t(s.rows_per_page)));
}

/// How long one page of the slide shows: a clip its own length, any other slide `duration`.
Micros slide_length(const Slide& s) {
    return s.video.empty() ? duration_cast<Micros>(s.duration) : s.video_length;
}

RotationPlan plan_rotation(const Playlist& p, Instant t, const DayAgenda& day) {
    RotationPlan plan;
    plan.midnight = day.midnight;
    plan.until = next_eligibility_change(p, t, day);
    std::size_t rows = day.rows_at(t);
    for (std::size_t i = 0; i < p.slides.size(); ++i) {
        const Slide& s = p.slides[i];
        if (!slide_may_show(p, s, t)) continue;
        int pages = pages_for(s, rows);
        const Micros length = slide_length(s);
        if (length.count() <= 0) continue; // a clip not measured (files unchecked) never shows
        plan.items.push_back({int(i), pages, length});
        plan.round += plan.items.back().length * pages;
    }
    return plan;
}

/// The rotation at t, for a t in [the instant the plan was made, plan.until).
SlideShowing showing_in(const RotationPlan& plan, Instant t) {
    SlideShowing out;
    if (plan.items.empty() || plan.round.count() == 0) {
        out.began = t;
        out.ends = plan.until;
        return out;
    }
    Micros pos = (t - plan.midnight) % plan.round;
    Micros at{0};
    for (const RotationPlan::Item& it : plan.items) {
        Micros span = it.length * it.pages;
        if (pos < at + span) {
            out.slide = it.slide;
            out.pages = it.pages;
            out.page = int((pos - at) / it.length);
            out.began = t - (pos - at - it.length * out.page);
            out.ends = std::min(out.began + it.length, plan.until);
            return out;
        }
        at += span;
    }
    return out; // unreachable: pos < round
}

} // namespace

std::vector<Occurrence> occurrences(const Playlist& p, Instant from, Instant to) {
    std::vector<Occurrence> out;
    if (to <= from) return out;
    long long first = day_number(local_date(p.zone, from)) - 1;
    long long last = day_number(local_date(p.zone, to)) + 1;
    for (const Activity& a : p.activities)
        for_each_occurrence(p, a, first, last, [&](const Occurrence& o) {
            if (o.anchor() >= from && o.anchor() < to) out.push_back(o);
        });
    sort_by_time(out, p);
    return out;
}

std::vector<Occurrence> occurrences_on_day(const Playlist& p, Instant t) {
    DayAgenda day = day_agenda(p, t);
    std::vector<Occurrence> out;
    for (const Occurrence& o : day.carried)
        if (*o.end > t) out.push_back(o);
    out.insert(out.end(), day.anchored.begin(), day.anchored.end());
    return out;
}

std::vector<ReminderDue> reminders_due(const Playlist& p, Instant from, Instant to) {
    std::vector<ReminderDue> out;
    if (to <= from) return out;
    long long from_day = day_number(local_date(p.zone, from));
    long long to_day = day_number(local_date(p.zone, to));
    for (const Activity& a : p.activities) {
        for (const Reminder& r : a.reminders) {
            // A reminder is due on the local day of (anchor - before), so the occurrences that
            // can be due in the window lie `before` after it, give or take a day.
            long long ahead = duration_cast<days>(r.before).count();
            for_each_occurrence(p, a, from_day + ahead - 1, to_day + ahead + 2,
                                [&](const Occurrence& o) {
                                    auto due = due_of(p, o, r);
                                    if (due && *due >= from && *due < to)
                                        out.push_back({o, &r, *due});
                                });
        }
    }
    std::sort(out.begin(), out.end(), [&](const ReminderDue& x, const ReminderDue& y) {
        if (x.due != y.due) return x.due < y.due;
        const Occurrence &ox = x.occurrence, &oy = y.occurrence;
        if (ox.anchor() != oy.anchor()) return ox.anchor() < oy.anchor();
        if (ox.activity != oy.activity) return index_of(p, ox.activity) < index_of(p, oy.activity);
        return x.reminder < y.reminder; // reminders of one activity: in the order written
    });
    return out;
}

std::vector<ReminderPlay> reminder_program(const Playlist& p, Instant from, Instant to) {
    std::vector<ReminderPlay> all;
    Instant cursor = Instant::min();
    const Micros slide_min = duration_cast<Micros>(p.display.reminder_slide_min);
    // Past `to` only as far as a reminder's slide can last: the next sound cuts it short.
    for (const ReminderDue& d : reminders_due(p, from - days(1), to + slide_min)) {
        ReminderPlay play;
        play.due = d;
        // Never more than the player plays: a file swapped for a longer one after the check
        // is refused at play time and must not hold the queue behind it for its length.
        play.chime_length = d.reminder->chime && !p.audio.chime.empty()
                                ? std::min(p.audio.chime_length, kMaxChimeLength)
                                : Micros(0);
        play.voice_length = std::min(d.reminder->audio_length, kMaxReminderLength);
        // Due in a quiet window, or sounding on into one: held to its end. Queued behind
        // another into one: held too.
        const Micros length = play.chime_length + play.voice_length;
        play.sound_start = quiet_release(p.audio.quiet, p.zone, d.due, length, &play.held_by);
        if (cursor > play.sound_start) {
            const QuietWindow* queued_into = nullptr;
            play.sound_start = quiet_release(p.audio.quiet, p.zone, cursor, length, &queued_into);
            if (!play.held_by) play.held_by = queued_into;
        }
        play.slide_end = std::max(play.sound_end(), play.sound_start + slide_min);
        cursor = play.sound_end();
        if (!all.empty()) all.back().slide_end = std::min(all.back().slide_end, play.sound_start);
        all.push_back(play);
    }
    std::vector<ReminderPlay> out;
    for (const ReminderPlay& play : all)
        if (play.sound_start >= from && play.sound_start < to) out.push_back(play);
    return out;
}

std::optional<ReminderPlay> reminder_sounding_at(const Playlist& p, Instant t) {
    // Reminder audio is at most minutes long; a few hours back covers any queue.
    for (const ReminderPlay& r : reminder_program(p, t - hours(3), t + Micros(1)))
        if (r.sound_start <= t && t < r.sound_end()) return r;
    return std::nullopt;
}

std::optional<ReminderPlay> reminder_slide_at(const Playlist& p, Instant t) {
    for (const ReminderPlay& r : reminder_program(p, t - hours(3), t + Micros(1)))
        if (r.sound_start <= t && t < r.slide_end) return r;
    return std::nullopt;
}

int agenda_page_count(const Playlist& p, const Slide& s, Instant t) {
    if (s.rows_per_page <= 0) return pages_for(s, 0);
    return pages_for(s, day_agenda(p, t).rows_at(t));
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

SlideShowing rotation_at(const Playlist& p, Instant t) {
    return showing_in(plan_rotation(p, t, day_agenda(p, t)), t);
}

namespace {

/// Calls `each(showing, t)` at every change of what the rotation shows in [from, to), in
/// order. The rotation is planned once per stretch in which its slides and pages stay (a
/// day, or between a slide's hours), not once per slide change: with thousands of
/// activities, counting the day's agenda rows is what costs.
template <class Each> void walk_rotation(const Playlist& p, Instant from, Instant to, Each&& each) {
    std::optional<DayAgenda> day;
    for (Instant t = from; t < to;) {
        if (!day || t >= day->next_midnight || t < day->midnight) day = day_agenda(p, t);
        RotationPlan plan = plan_rotation(p, t, *day);
        for (; t < to && t < plan.until;) {
            SlideShowing s = showing_in(plan, t);
            each(s, t);
            t = std::max(s.ends, t + Micros(1));
        }
    }
}

} // namespace

std::vector<ClipShowing> clip_showings(const Playlist& p, Instant from, Instant to) {
    std::vector<ClipShowing> out;
    walk_rotation(p, from, to, [&](const SlideShowing& s, Instant t) {
        if (s.slide < 0 || p.slides[std::size_t(s.slide)].video.empty()) return;
        if (!out.empty() && out.back().slide == s.slide && out.back().began == s.began &&
            out.back().until == t)
            out.back().until = s.ends; // the same showing on in the next plan
        else
            out.push_back({s.slide, &p.slides[std::size_t(s.slide)], s.began, t, s.ends});
    });
    return out;
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

bool CueKinds::has(CueKind k) const {
    switch (k) {
    case CueKind::slide:
        return slide;
    case CueKind::reminder:
        return reminder;
    case CueKind::start:
        return start;
    case CueKind::deadline:
        return deadline;
    }
    return false;
}

std::vector<Cue> cues(const Playlist& p, Instant from, Instant to, CueKinds kinds) {
    std::vector<Cue> out;
    if (to <= from) return out;
    // Slide changes: walk the rotation from change to change. What showed just before the
    // window decides whether its first instant is a change, so that the cues of consecutive
    // windows join up exactly (the deadline clock asks an hour at a time).
    if (kinds.slide) {
        SlideShowing before = rotation_at(p, from - Micros(1));
        int prev_slide = before.slide, prev_page = before.page;
        walk_rotation(p, from, to, [&](const SlideShowing& s, Instant t) {
            bool changed = s.slide != prev_slide || s.page != prev_page;
            if (changed && s.slide >= 0) {
                const Slide& slide = p.slides[s.slide];
                Cue c{t,
                      CueKind::slide,
                      "slide-" + std::to_string(s.slide + 1),
                      !slide.title.empty()      ? slide.title
                      : !slide.document.empty() ? slide.document.filename().string()
                      : !slide.video.empty()    ? slide.video.filename().string()
                                                : slide.template_name,
                      slide.template_name,
                      {}};
                if (s.pages > 1)
                    c.detail += " " + std::to_string(s.page + 1) + "/" + std::to_string(s.pages);
                out.push_back(std::move(c));
            }
            prev_slide = s.slide;
            prev_page = s.page;
        });
    }
    if (kinds.reminder) {
        for (const ReminderPlay& r : reminder_program(p, from, to)) {
            const Activity& a = *r.due.occurrence.activity;
            Cue c{r.sound_start,
                  CueKind::reminder,
                  a.id,
                  a.title,
                  r.due.reminder->say.empty() ? r.due.reminder->audio.filename().string()
                                              : _("say: ") + excerpt(r.due.reminder->say, 60),
                  r.due.reminder->audio};
            if (r.held_by)
                c.detail += " " + i18n::format(_("(held for the quiet time %s)"),
                                               quiet_label(*r.held_by).c_str());
            else if (r.sound_start != r.due.due)
                c.detail += " " + std::string(_("(queued behind another reminder)"));
            out.push_back(std::move(c));
        }
    }
    if (kinds.start || kinds.deadline) {
        // A recurring activity's start and deadline fall on its day (its end may not, but it
        // is no cue); a one-off's anywhere: each activity's occurrences of the window's days.
        long long first = day_number(local_date(p.zone, from)) - 1;
        long long last = day_number(local_date(p.zone, to)) + 1;
        auto within = [&](const std::optional<Instant>& t) { return t && *t >= from && *t < to; };
        std::vector<Occurrence> found;
        for (const Activity& a : p.activities)
            for_each_occurrence(p, a, first, last, [&](const Occurrence& o) {
                if ((kinds.start && within(o.start)) || (kinds.deadline && within(o.deadline)))
                    found.push_back(o);
            });
        sort_by_time(found, p);
        for (const Occurrence& o : found) {
            const Activity& a = *o.activity;
            if (kinds.start && within(o.start))
                out.push_back({*o.start, CueKind::start, a.id, a.title, a.place, {}});
            if (kinds.deadline && within(o.deadline))
                out.push_back({*o.deadline, CueKind::deadline, a.id, a.title, "", {}});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Cue& x, const Cue& y) {
        if (x.time != y.time) return x.time < y.time;
        return int(x.kind) > int(y.kind); // at a tie: deadline, start, reminder, then slide
    });
    return out;
}

} // namespace tsr
