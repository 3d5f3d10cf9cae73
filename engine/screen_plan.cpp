#include "screen_plan.hpp"

#include "office_hours.hpp"
#include "schedule.hpp"

#include <algorithm>

namespace tsr {

namespace {

struct Wake {
    Instant from, until; ///< [from, until)
};

/// The reminders' wakes overlapping [from, to] (inside office hours too: screen_on rules there).
std::vector<Wake> wakes(const Playlist& p, Instant from, Instant to) {
    std::vector<Wake> out;
    const auto& h = p.display.hours;
    if (!h || h->reminders_outside != OfficeHours::Outside::wake) return out;
    // A slide lasts at most a reminder's length (10 min) or reminder_slide_min (10 min): the
    // same three hours back as reminder_slide_at covers any queue.
    for (const ReminderPlay& r :
         reminder_program(p, from - std::chrono::hours(3), to + kWakeAhead + Micros(1))) {
        const Wake w{r.sound_start - kWakeAhead, r.slide_end};
        if (w.until > from && w.from <= to) out.push_back(w);
    }
    return out;
}

ScreenWant want_at(const Playlist& p, const std::vector<Wake>& ws, Instant t) {
    const auto& h = p.display.hours;
    if (!h || screen_on(*h, p.zone, t)) return {true, false};
    for (const Wake& w : ws)
        if (w.from <= t && t < w.until) return {true, true};
    return {false, false};
}

} // namespace

ScreenWant screen_wanted(const Playlist& p, Instant t) {
    return want_at(p, wakes(p, t, t), t);
}

std::vector<ScreenChange> screen_changes(const Playlist& p, Instant from, Instant to,
                                         std::size_t limit) {
    std::vector<ScreenChange> out;
    const auto& h = p.display.hours;
    if (!h || to <= from) return out;
    const std::vector<Wake> ws = wakes(p, from, to);
    // The instants where the state may change: the hours' edges and each wake's.
    std::vector<Instant> edges;
    for (const PowerChange& c : power_changes(*h, p.zone, from, to))
        edges.push_back(c.at);
    for (const Wake& w : ws)
        for (Instant at : {w.from, w.until})
            if (at > from && at <= to) edges.push_back(at);
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    ScreenWant before = want_at(p, ws, from);
    for (Instant at : edges) {
        const ScreenWant now = want_at(p, ws, at);
        if (now.on != before.on) {
            out.push_back({at, now.on, now.on ? now.for_reminder : before.for_reminder});
            if (out.size() >= limit) break;
        }
        before = now;
    }
    return out;
}

} // namespace tsr
