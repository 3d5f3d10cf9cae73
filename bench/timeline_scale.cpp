// The schedule with thousands of activities: what `tsr timeline` and `tsr check` compute
// (tsr::cues, tsr::reminders_due), beside two references: loading the same playlist (what
// every command pays first) and the rotation walked as it was before the plan-once change
// (tsr::rotation_at at every slide change, recounting the day's agenda each time).
//   timeline_scale [ACTIVITIES] [REPEATS]      (defaults 2000 and 3)
// Writes a generated playlist (the mix of bench/run's "N activities": daily, weekly, monthly
// deadlines, one-off tasks with deadlines weeks later, every tenth with a reminder; plus a
// night shift and the extremes a clerk can write: dates in 0001 and 9999, a repeat from
// 0001-01-01, a reminder "999999999d" ahead) into a temp dir, loads it without looking at
// files, and prints CPU ms (this process, median of REPEATS) as a markdown table.
#include "civil_time.hpp"
#include "playlist_loader.hpp"
#include "schedule.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

template <class F> double median_ms(int repeats, F&& f) {
    std::vector<double> v;
    for (int i = 0; i < repeats; ++i) {
        double t0 = cpu_ms();
        f();
        v.push_back(cpu_ms() - t0);
    }
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::string two(int v) {
    char b[8];
    std::snprintf(b, sizeof b, "%02d", v);
    return b;
}

std::string generated_playlist(int n) {
    std::string s = "[office]\nname = \"Bench\"\ntimezone = \"Asia/Jakarta\"\n"
                    "[[slide]]\ntemplate = \"agenda\"\nduration = \"15s\"\n"
                    "[[slide]]\ntemplate = \"deadlines\"\nduration = \"15s\"\n"
                    "[[slide]]\ntemplate = \"timeline\"\nduration = \"15s\"\n"
                    "[[slide]]\ntemplate = \"info\"\nduration = \"12s\"\ntitle = \"Pagi\"\n"
                    "hours = \"07:30-12:00\"\n"
                    "[[slide]]\ntemplate = \"info\"\nduration = \"12s\"\ntitle = \"Info\"\n";
    // The extremes: each must cost what any other activity costs.
    s += "[[activity]]\nid = \"kuno\"\ntitle = \"Kuno\"\nstart = 0001-01-01T09:00:00\n"
         "deadline = 9999-12-31T16:00:00\n"
         "reminders = [ { before = \"999999999d\", audio = \"a.m4a\" } ]\n"
         "[[activity]]\nid = \"sejak\"\ntitle = \"Sejak\"\nrepeat = \"daily\"\n"
         "from = 0001-01-01\nstart = 22:00:00\nend = 02:00:00\n"
         "reminders = [ { before = \"10m\", audio = \"a.m4a\" } ]\n";
    for (int k = 1; k <= n - 2; ++k) {
        int m = 480 + (k * 37) % 540; // 08:00 .. 16:59
        s += "[[activity]]\nid = \"uji-" + std::to_string(k) + "\"\ntitle = \"Kegiatan Uji " +
             std::to_string(k) + "\"\n";
        switch (k % 7) {
        case 0:
            s += "deadline = " + two(m / 60) + ":" + two(m % 60) +
                 ":00\nrepeat = \"monthly\"\nday = " + std::to_string(k % 28 + 1) + "\n";
            break;
        case 1:
            s += "start = 2026-12-" + two(k % 28 + 1) + "T" + two(m / 60) + ":" + two(m % 60) +
                 ":00\ndeadline = 2027-01-" + two(k % 28 + 1) + "T16:00:00\n";
            break;
        case 2:
            s += "start = " + two(m / 60) + ":" + two(m % 60) + ":00\nend = " + two((m + 30) / 60) +
                 ":" + two((m + 30) % 60) + ":00\ndays = [\"senin\", \"rabu\"]\n";
            break;
        default:
            s += "start = " + two(m / 60) + ":" + two(m % 60) + ":00\nend = " + two((m + 30) / 60) +
                 ":" + two((m + 30) % 60) + ":00\nrepeat = \"daily\"\n";
        }
        if (k % 10 == 0) s += "reminders = [ { before = \"5m\", audio = \"a.m4a\" } ]\n";
    }
    return s;
}

/// The slide walk as cues() did it before: the whole rotation recomputed at each change.
std::size_t reference_slide_walk(const tsr::Playlist& p, tsr::Instant from, tsr::Instant to) {
    std::size_t changes = 0;
    for (tsr::Instant t = from; t < to;) {
        tsr::SlideShowing s = tsr::rotation_at(p, t);
        ++changes;
        t = std::max(s.ends, t + tsr::Micros(1));
    }
    return changes;
}

} // namespace

int main(int argc, char** argv) {
    int n = argc > 1 ? std::atoi(argv[1]) : 2000;
    int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
    if (n < 2 || repeats < 1) {
        std::fprintf(stderr, "usage: timeline_scale [ACTIVITIES >= 2] [REPEATS >= 1]\n");
        return 2;
    }
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("tsr-timeline-scale-" + std::to_string(getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "playlist.toml") << generated_playlist(n);

    tsr::LoadResult loaded;
    double load_ms = median_ms(repeats, [&] {
        loaded = tsr::load_playlist(dir, tsr::LoadOptions{std::nullopt, false});
    });
    fs::remove_all(dir);
    if (!loaded.playlist) {
        for (const tsr::Diagnostic& d : loaded.diagnostics.all())
            std::fprintf(stderr, "%s\n", tsr::format_diagnostic(d).c_str());
        return 1;
    }
    tsr::Playlist p = *loaded.playlist;
    for (tsr::Activity& a : p.activities) // as if the clips were 3 s: reminders queue
        for (tsr::Reminder& r : a.reminders)
            r.audio_length = std::chrono::seconds(3);
    const tsr::Instant from = *tsr::parse_local_datetime(p.zone, "2026-11-30 00:00");
    const tsr::CueKinds planned{false, true, true, true};

    struct Row {
        const char* what;
        double ms;
        std::size_t items;
    };
    std::vector<Row> rows;
    std::size_t count = 0;
    auto add = [&](const char* what, auto&& f) {
        double ms = median_ms(repeats, [&] { count = f(); });
        rows.push_back({what, ms, count});
    };
    rows.push_back({"reference: load the playlist (every command)", load_ms, p.activities.size()});
    add("reference: old slide walk, rotation_at per change, 1 day",
        [&] { return reference_slide_walk(p, from, from + std::chrono::days(1)); });
    add("timeline --days 31 (default: reminder,start,deadline)",
        [&] { return tsr::cues(p, from, from + std::chrono::days(31), planned).size(); });
    add("timeline --days 7 (default kinds)",
        [&] { return tsr::cues(p, from, from + std::chrono::days(7), planned).size(); });
    add("timeline --days 31 --kind slide,reminder,start,deadline",
        [&] { return tsr::cues(p, from, from + std::chrono::days(31)).size(); });
    add("check: reminders_due over 7 days",
        [&] { return tsr::reminders_due(p, from, from + std::chrono::days(7)).size(); });
    add("agenda of a day (occurrences_on_day)",
        [&] { return tsr::occurrences_on_day(p, from + std::chrono::hours(1)).size(); });

    std::printf("timeline_scale: %zu activities (2 of them extremes: 0001/9999 dates, a "
                "repeat from 0001-01-01, a reminder 999999999d ahead), from 2026-11-30 00:00, "
                "CPU ms median of %d\n\n",
                p.activities.size(), repeats);
    std::printf("| what | CPU ms | x load | items |\n| --- | ---: | ---: | ---: |\n");
    for (const Row& r : rows)
        std::printf("| %s | %.1f | %.2fx | %zu |\n", r.what, r.ms, r.ms / load_ms, r.items);
    return 0;
}
