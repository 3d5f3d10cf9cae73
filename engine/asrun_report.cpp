#include "asrun_report.hpp"
#include "i18n.hpp"

#include "playlist_files.hpp"
#include "schedule.hpp"

#include <algorithm>
#include <set>

namespace tsr {

namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

constexpr std::size_t kMaxLine = 64 * 1024;

/// One CSV record from `text` at `at` (RFC 4180 quoting). False at the end or when a line is
/// too long (then `at` skips it).
bool next_record(const std::string& text, std::size_t& at, std::vector<std::string>& fields,
                 bool& too_long) {
    fields.clear();
    too_long = false;
    if (at >= text.size()) return false;
    const std::size_t begin = at;
    std::string f;
    bool quoted = false;
    while (at < text.size()) {
        char c = text[at++];
        if (at - begin > kMaxLine) too_long = true;
        if (quoted) {
            if (c == '"') {
                if (at < text.size() && text[at] == '"') {
                    f += '"';
                    ++at;
                } else {
                    quoted = false;
                }
            } else {
                f += c;
            }
            continue;
        }
        if (c == '"' && f.empty()) {
            quoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(f));
            f.clear();
        } else if (c == '\n') {
            break;
        } else if (c != '\r') {
            f += c;
        }
        if (too_long) {
            while (at < text.size() && text[at] != '\n')
                ++at;
            ++at;
            return true;
        }
    }
    fields.push_back(std::move(f));
    return true;
}

/// csv_field quotes a leading = + - @ with an apostrophe: undo it.
std::string unformula(std::string s) {
    if (s.size() > 1 && s[0] == '\'' && (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@'))
        s.erase(0, 1);
    return s;
}

const TimeZone& utc() {
    static const TimeZone z = TimeZone::fixed(Seconds(0));
    return z;
}

bool starts_with(const std::string& s, const char* p) {
    return s.rfind(p, 0) == 0;
}

Instant month_begin(const Playlist& p, ReportMonth m) {
    return at_local(p.zone, Date{year(m.year), month(m.month), day(1)}, Seconds(0));
}

Instant month_end(const Playlist& p, ReportMonth m) {
    ReportMonth n = m.month == 12 ? ReportMonth{m.year + 1, 1} : ReportMonth{m.year, m.month + 1};
    return month_begin(p, n);
}

/// A start or clock row's detail names the NTP state in the language `play` spoke: English or
/// this process's (dgettext: thread-safe, for the console's report downloads too).
bool says_unsynchronised(const std::string& detail) {
    const char* msgid = N_("clock NOT synchronised (NTP)");
    return detail.find(msgid) != std::string::npos || detail.find(_(msgid)) != std::string::npos;
}

/// Whether a row ends (or begins again) what the screen shows.
bool changes_screen(const AsRunRow& r) {
    return r.kind == "slide" || r.kind == "start" || r.kind == "stop" || r.kind == "error";
}

/// The screen is down after these: a stop, or an error that stopped or restarts the output.
bool screen_goes_off(const AsRunRow& r) {
    return r.kind == "stop" ||
           // The only error rows that say "skipped:" are an output restarted and playout stopped
           // (the clock's say "played"): the reason after it is in the log's language.
           (r.kind == "error" && starts_with(r.outcome, "skipped: "));
}

struct Interval {
    Instant from, to;
};

std::vector<Interval> clip(const std::vector<Interval>& on, Instant from, Instant to) {
    std::vector<Interval> out;
    for (const Interval& i : on) {
        Instant a = std::max(i.from, from), b = std::min(i.to, to);
        if (a < b) out.push_back({a, b});
    }
    return out;
}

} // namespace

std::vector<AsRunRow> parse_asrun_csv(const std::string& text, std::size_t* bad) {
    std::vector<AsRunRow> rows;
    std::size_t at = 0, bad_count = 0;
    std::vector<std::string> f;
    bool too_long = false, header = true;
    while (rows.size() < kMaxAsRunRows && next_record(text, at, f, too_long)) {
        if (header) {
            header = false;
            if (!f.empty() && f[0] == "scheduled") continue;
        }
        if (f.size() == 1 && f[0].empty()) continue; // a blank line
        if (too_long || f.size() < 6) {
            ++bad_count;
            continue;
        }
        AsRunRow r;
        bool ok = true;
        for (int i : {0, 1}) {
            if (f[std::size_t(i)].empty()) continue;
            auto t = parse_local_datetime(utc(), f[std::size_t(i)]);
            if (!t) ok = false;
            (i == 0 ? r.scheduled : r.actual) = t;
        }
        if (!ok) {
            ++bad_count;
            continue;
        }
        r.kind = f[2];
        r.id = unformula(f[3]);
        r.detail = unformula(f[4]);
        r.outcome = unformula(f[5]);
        rows.push_back(std::move(r));
    }
    if (bad) *bad = bad_count;
    return rows;
}

std::optional<ReportMonth> parse_report_month(const std::string& text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6})
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    ReportMonth m{std::stoi(text.substr(0, 4)), unsigned(std::stoi(text.substr(5, 2)))};
    if (m.year < 2000 || m.year > 2100 || m.month < 1 || m.month > 12) return std::nullopt;
    return m;
}

std::vector<AsRunRow> read_asrun_month(const fs::path& dir, ReportMonth m, std::string* error,
                                       std::size_t* bad) {
    std::vector<AsRunRow> rows;
    Date d{year(m.year), month(m.month), day(1)};
    Date first = Date{sys_days(d) - days(1)};
    const auto last = year_month_day_last(year(m.year), month_day_last(month(m.month))).day();
    // The day after too: a row the wall clock dated into a day already sealed is written to
    // the next day's file (AsRunLog::append).
    const Date after = Date{sys_days(Date{year(m.year), month(m.month), last}) + days(1)};
    for (Date x = first; sys_days(x) <= sys_days(after); x = Date{sys_days(x) + days(1)}) {
        char name[32];
        std::snprintf(name, sizeof name, "%04d-%02u-%02u.csv", int(x.year()), unsigned(x.month()),
                      unsigned(x.day()));
        const fs::path p = dir / name;
        std::error_code ec;
        if (!fs::exists(p, ec)) continue;
        // A day is a few thousand rows; 256 MiB is far beyond any real one.
        FileBytes bytes = read_regular_file(p, 256u << 20, true);
        if (!bytes.ok()) {
            if (error) *error = p.string() + ": " + bytes.problem;
            continue;
        }
        std::size_t bad_here = 0;
        auto part = parse_asrun_csv(bytes.bytes, &bad_here);
        if (bad) *bad += bad_here;
        rows.insert(rows.end(), part.begin(), part.end());
        if (rows.size() > kMaxAsRunRows) break;
    }
    return rows;
}

int MonthReport::scheduled_total() const {
    int n = 0;
    for (const DayLine& d : days)
        n += d.scheduled;
    return n;
}

int MonthReport::played_total() const {
    int n = 0;
    for (const DayLine& d : days)
        n += d.played;
    return n;
}

namespace {

/// A stretch of the month and the playlist that played in it.
struct Stretch {
    Instant from, to;
    const Playlist* playlist;
};

/// [from, to) cut where the playlist changed: each era's playlist from its start to the
/// next era's (the first one's also before it: nothing else is known); today's where an
/// era's copy is missing, and throughout when no era is known.
std::vector<Stretch> stretches(const Playlist& today, const std::vector<PlaylistEra>& eras,
                               Instant from, Instant to) {
    if (eras.empty()) return {{from, to, &today}};
    std::vector<Stretch> out;
    for (std::size_t i = 0; i < eras.size(); ++i) {
        const Instant a = i == 0 ? from : std::max(from, eras[i].from);
        const Instant b = i + 1 < eras.size() ? std::min(to, eras[i + 1].from) : to;
        if (a < b) out.push_back({a, b, eras[i].playlist ? eras[i].playlist.get() : &today});
    }
    return out;
}

const Playlist& playing_at(const std::vector<Stretch>& s, const Playlist& today, Instant t) {
    for (const Stretch& x : s)
        if (x.from <= t && t < x.to) return *x.playlist;
    return today;
}

std::string slide_key(const Slide& s) {
    return s.template_name + '\n' + s.title + '\n' + s.text + '\n' + s.image.filename().string() +
           '\n' + s.video.filename().string() + '\n' + s.document.filename().string();
}

/// Today's index of slide `index` of `era` (the same slide when the same playlist), or -1.
int today_slide(const Playlist& today, const Playlist& era, int index) {
    if (index < 0 || std::size_t(index) >= era.slides.size()) return -1;
    if (&era == &today) return index;
    const std::string key = slide_key(era.slides[std::size_t(index)]);
    for (std::size_t i = 0; i < today.slides.size(); ++i)
        if (slide_key(today.slides[i]) == key) return int(i);
    return -1;
}

} // namespace

bool proof_log_before(const fs::path& asrun_dir, ReportMonth m) {
    char first[16];
    std::snprintf(first, sizeof first, "%04d-%02u-01", m.year, m.month);
    std::error_code ec;
    std::size_t seen = 0;
    for (fs::directory_iterator it(asrun_dir, ec), end; !ec && it != end && seen < 100'000;
         it.increment(ec), ++seen) {
        const std::string name = it->path().filename().string();
        // YYYY-MM-DD.csv: the names compare as the dates do.
        if (name.size() == 14 && name.compare(10, 4, ".csv") == 0 && name.compare(0, 10, first) < 0)
            return true;
    }
    return false;
}

MonthReport build_month_report(const Playlist& p, ReportMonth m, const std::vector<AsRunRow>& all,
                               Instant now, const std::vector<PlaylistEra>& eras,
                               bool log_began_in_month) {
    MonthReport r;
    r.month = m;
    r.office = p.office.name;
    r.language = p.office.language;
    const Instant from = month_begin(p, m), to = month_end(p, m);
    const std::vector<Stretch> plan = stretches(p, eras, from, to);

    // Rows in time order (the log is, within a file; across files, make sure).
    std::vector<AsRunRow> rows = all;
    std::stable_sort(rows.begin(), rows.end(), [](const AsRunRow& a, const AsRunRow& b) {
        return a.actual.value_or(Instant{}) < b.actual.value_or(Instant{});
    });

    // Screen on intervals.
    std::vector<Interval> on;
    std::optional<Instant> since;
    std::optional<Instant> last;
    for (const AsRunRow& x : rows) {
        if (!x.actual) continue;
        if (x.kind == "start" && !since) since = x.actual;
        if (since && screen_goes_off(x)) {
            on.push_back({*since, *x.actual});
            since.reset();
        }
        last = x.actual;
    }
    if (since && last) on.push_back({*since, *last}); // no stop: until the last row known
    on = clip(on, from, to);
    for (const Interval& i : on)
        r.screen_on_s += double((i.to - i.from).count()) / 1e6;

    // Days.
    for (Instant d = from; d < to;
         d = at_local(p.zone, Date{sys_days(local_date(p.zone, d)) + days(1)}, Seconds(0)))
        r.days.push_back(DayLine{local_date(p.zone, d), 0, 0});
    auto day_index = [&](Instant t) {
        Date d = local_date(p.zone, t);
        return std::size_t((sys_days(d) - sys_days(r.days.front().date)).count());
    };

    // Reminders: the schedule joined with the log by activity id and scheduled time.
    std::map<std::pair<std::string, std::int64_t>, const AsRunRow*> logged;
    for (const AsRunRow& x : rows)
        if (x.kind == "reminder" && x.scheduled) {
            auto key = std::pair{x.id, x.scheduled->time_since_epoch().count()};
            auto it = logged.find(key);
            // The same reminder twice (a rehearsal log mixed in, a restart): played wins.
            if (it == logged.end() || (it->second->outcome != "played" && x.outcome == "played"))
                logged[key] = &x;
        }
    std::map<std::string, ActivityLine> lines;
    // Planned: from the month's start (or TSR's first row) until now.
    Instant plan_from = from;
    if (log_began_in_month)
        for (const AsRunRow& x : rows)
            if (x.actual) {
                plan_from = std::max(from, *x.actual);
                break;
            }
    std::vector<ReminderDue> dues;
    for (const Stretch& s : plan)
        for (ReminderDue& d : reminders_due(*s.playlist, std::max(s.from, plan_from),
                                            std::min(s.to, std::max(now, plan_from))))
            dues.push_back(std::move(d));
    for (const ReminderDue& due : dues) {
        const Activity& a = *due.occurrence.activity;
        ActivityLine& l = lines[a.id];
        l.id = a.id;
        l.title = a.title;
        ++l.scheduled;
        DayLine& day = r.days[day_index(due.due)];
        ++day.scheduled;
        auto it = logged.find({a.id, due.due.time_since_epoch().count()});
        if (it != logged.end() && it->second->outcome == "played") {
            ++l.played;
            ++day.played;
            continue;
        }
        ++l.skipped;
        std::string reason = it == logged.end() ? _("not in the log (playout was not running)")
                                                : it->second->outcome;
        if (starts_with(reason, "skipped: ")) reason = reason.substr(9);
        ++l.skip_reasons[reason];
    }
    // Deadlines.
    for (const Occurrence& o : occurrences(p, from - days(400), to)) {
        if (!o.deadline || *o.deadline < from || *o.deadline >= to) continue;
        const Activity& a = *o.activity;
        ActivityLine& l = lines[a.id];
        l.id = a.id;
        l.title = a.title;
        ++l.deadlines;
        if (a.progress && *a.progress >= 100)
            ++l.deadlines_met;
        else if (*o.deadline < now)
            ++l.deadlines_missed;
    }
    // Today's activities in their order, then those only earlier playlists had.
    for (const Activity& a : p.activities) {
        auto it = lines.find(a.id);
        if (it == lines.end()) continue;
        r.activities.push_back(it->second);
        lines.erase(it);
    }
    for (auto& [id, line] : lines)
        r.activities.push_back(line);

    // Slides: planned while the screen was on; shown from the log.
    r.slides.resize(p.slides.size() + 1);
    for (std::size_t i = 0; i < p.slides.size(); ++i) {
        r.slides[i].id = "slide-" + std::to_string(i + 1);
        r.slides[i].title =
            p.slides[i].title.empty() ? p.slides[i].template_name : p.slides[i].title;
    }
    r.slides.back().id = "reminder";
    r.slides.back().title = _("reminder slides");
    for (const Interval& i : on) {
        std::size_t steps = 0;
        for (Instant t = i.from; t < i.to && steps < 10'000'000; ++steps) {
            const Playlist& era = playing_at(plan, p, t);
            SlideShowing s = rotation_at(era, t);
            Instant end = std::min(i.to, s.ends > t ? s.ends : i.to);
            for (const Stretch& x : plan) // a stretch ends where the playlist changed
                if (x.from > t && x.from < end) end = x.from;
            if (int k = today_slide(p, era, s.slide); k >= 0)
                r.slides[std::size_t(k)].planned_s += double((end - t).count()) / 1e6;
            t = end;
        }
    }
    const AsRunRow* showing = nullptr;
    auto close_showing = [&](Instant until) {
        if (!showing || !showing->actual) return;
        double s = 0;
        for (const Interval& i : clip(on, *showing->actual, until))
            s += double((i.to - i.from).count()) / 1e6;
        const std::string& id = showing->id;
        if (starts_with(id, "reminder-")) {
            r.slides.back().shown_s += s;
        } else if (starts_with(id, "slide-")) {
            // slide-N numbers the slides of the playlist playing then.
            const int n = std::atoi(id.c_str() + 6);
            if (int k = today_slide(p, playing_at(plan, p, *showing->actual), n - 1); k >= 0)
                r.slides[std::size_t(k)].shown_s += s;
        }
    };
    for (const AsRunRow& x : rows) {
        if (!x.actual || !changes_screen(x)) continue;
        close_showing(*x.actual);
        showing = x.kind == "slide" && x.outcome == "played" ? &x : nullptr;
    }
    if (showing && last) close_showing(*last);

    // Reloads and the clock.
    for (const AsRunRow& x : rows) {
        if (!x.actual || *x.actual < from || *x.actual >= to) continue;
        if (x.kind == "reload") (x.outcome == "played" ? r.reloads_taken : r.edits_refused)++;
        if ((x.kind == "start" || x.kind == "clock") && says_unsynchronised(x.detail))
            r.clock_unsynchronised.push_back(format_iso(p.zone, *x.actual));
    }
    return r;
}

} // namespace tsr
