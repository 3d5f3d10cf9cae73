#include "office_hours.hpp"

#include <algorithm>

namespace tsr {

namespace {

bool on_day(const OfficeHours& h, Date d) {
    return h.days[weekday_index(d)] && !std::binary_search(h.off.begin(), h.off.end(), d);
}

} // namespace

bool screen_on(const OfficeHours& h, const TimeZone& tz, Instant t) {
    const Date d = local_date(tz, t);
    if (!on_day(h, d)) return false;
    return t >= at_local(tz, d, h.begin) && t < at_local(tz, d, h.end);
}

std::vector<PowerChange> power_changes(const OfficeHours& h, const TimeZone& tz, Instant from,
                                       Instant to, std::size_t limit) {
    std::vector<PowerChange> out;
    if (to <= from) return out;
    // Candidate instants: each day's begin and end, from the day before `from` (a window
    // ending at 24:00 belongs to the day before) to the day of `to`.
    using std::chrono::days;
    using std::chrono::sys_days;
    const sys_days first = sys_days(local_date(tz, from)) - days(1);
    const sys_days last = sys_days(local_date(tz, to));
    bool state = screen_on(h, tz, from);
    for (sys_days day = first; day <= last && out.size() < limit; day += days(1)) {
        for (Seconds edge : {h.begin, h.end}) {
            const Instant at = at_local(tz, Date(day), edge);
            if (at <= from || at > to) continue;
            const bool now_on = screen_on(h, tz, at);
            if (now_on == state) continue; // 24:00 followed by 00:00: no change
            state = now_on;
            out.push_back({at, now_on});
            if (out.size() >= limit) break;
        }
    }
    return out;
}

} // namespace tsr
