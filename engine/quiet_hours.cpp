#include "quiet_hours.hpp"

#include <algorithm>
#include <cstdio>

namespace tsr {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

std::string hhmm(Seconds s) {
    // At most 24:00: two digits each.
    const int m = int(std::chrono::duration_cast<std::chrono::minutes>(s).count() % (25 * 60));
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
    return buf;
}

} // namespace

std::vector<QuietSpan> quiet_spans(const std::vector<QuietWindow>& windows, const TimeZone& tz,
                                   Instant from, Instant to) {
    std::vector<QuietSpan> out;
    if (windows.empty() || to <= from) return out;
    // A window lies within its own local day, so the days of from..to hold every span.
    const sys_days first = sys_days(local_date(tz, from));
    const sys_days last = sys_days(local_date(tz, to));
    for (sys_days day = first; day <= last; day += days(1)) {
        const Date d(day);
        for (const QuietWindow& w : windows) {
            if (!w.days[weekday_index(d)]) continue;
            const Instant b = at_local(tz, d, w.begin), e = at_local(tz, d, w.end);
            if (e > from && b < to) out.push_back({b, e, &w});
        }
    }
    std::sort(out.begin(), out.end(),
              [](const QuietSpan& x, const QuietSpan& y) { return x.begin < y.begin; });
    return out;
}

std::optional<QuietSpan> quiet_span_at(const std::vector<QuietWindow>& windows, const TimeZone& tz,
                                       Instant t) {
    for (const QuietSpan& s : quiet_spans(windows, tz, t, t + Micros(1)))
        if (s.begin <= t && t < s.end) return s;
    return std::nullopt;
}

Instant quiet_release(const std::vector<QuietWindow>& windows, const TimeZone& tz, Instant t,
                      const QuietWindow** held_by) {
    if (held_by) *held_by = nullptr;
    // Windows never overlap (the loader refuses it) but may adjoin (11:30-12:00, 12:00-13:00;
    // or 23:00-24:00 and 00:00-01:00 next day): follow them, at most once each a day.
    for (std::size_t i = 0; i <= windows.size() * 2; ++i) {
        auto s = quiet_span_at(windows, tz, t);
        if (!s) break;
        if (held_by && !*held_by) *held_by = s->window;
        t = s->end;
    }
    return t;
}

Instant quiet_release(const std::vector<QuietWindow>& windows, const TimeZone& tz, Instant t,
                      Micros length, const QuietWindow** held_by) {
    if (held_by) *held_by = nullptr;
    const Micros span = std::max(length, Micros(1));
    // Each turn moves past one span; a reminder's sound is minutes long at most, so it can
    // meet the spans of a day or two at most (windows never overlap).
    for (std::size_t i = 0; i <= windows.size() * 3 + 2; ++i) {
        const std::vector<QuietSpan> met = quiet_spans(windows, tz, t, t + span);
        if (met.empty()) break;
        if (held_by && !*held_by) *held_by = met.front().window;
        t = met.front().end;
    }
    return t;
}

bool quiet_overlap(const QuietWindow& a, const QuietWindow& b) {
    bool same_day = false;
    for (std::size_t i = 0; i < a.days.size(); ++i)
        same_day = same_day || (a.days[i] && b.days[i]);
    return same_day && a.begin < b.end && b.begin < a.end;
}

std::string quiet_label(const QuietWindow& w) {
    std::string hours = hhmm(w.begin) + "-" + hhmm(w.end);
    return w.name.empty() ? hours : w.name + " " + hours;
}

} // namespace tsr
