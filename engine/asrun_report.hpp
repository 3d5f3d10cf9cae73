// The monthly proof-of-play report: what the schedule planned joined with what the as-run log
// says happened. Pure: the caller reads the files (read_asrun_month) and writes the result
// (tools/report_*.cpp).
//
// Joins:
//   eras       each stretch of the month is planned with the playlist that played then
//              (playlist_history.hpp: the `start`/`playlist` rows' hashes and the copies
//              tsr play kept); with none known, with today's playlist.
//   reminders  scheduled = reminders_due of each stretch; each is joined with the log's reminder
//              row of the same activity id and scheduled time: `played`, `skipped: REASON`,
//              or, with no row, skipped "not in the log" (playout was not running).
//   deadlines  occurrences with a deadline in the month: met when the activity's progress is
//              100, missed when its time has passed (before `now`) and it is not, else open.
//   slides     planned = seconds the rotation gives each slide while the screen was on, by
//              the playlist of that stretch; a slide of an earlier playlist counts for
//              today's slide with the same template, title, text and file names (else for
//              none: the report lists today's slides); shown = from each `played` slide row to the
//              next row that changes the screen (slide, start, stop, error), within the screen's on
//              time.
//   screen     on from a start row to the next stop or error row (or the day's last row).
//   reloads    reload rows: `played` taken, `skipped` refused.
//   clock      start and clock rows that say "clock NOT synchronised".
#pragma once

#include "asrun_log.hpp"
#include "playlist.hpp"
#include "playlist_history.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tsr {

/// Parses an as-run CSV as AsRunLog writes it (header first; fields quoted with "" inside;
/// times ISO 8601 with offset). Rows with a wrong number of fields or bad times are counted in
/// `*bad` and left out. Bounded: at most kMaxRows rows, lines of at most 64 KiB.
inline constexpr std::size_t kMaxAsRunRows = 2'000'000;
std::vector<AsRunRow> parse_asrun_csv(const std::string& text, std::size_t* bad = nullptr);

struct ReportMonth {
    int year = 0;
    unsigned month = 0; ///< 1..12
};
/// "2026-11" (years 2000-2100); nullopt otherwise.
std::optional<ReportMonth> parse_report_month(const std::string& text);

/// Every row of asrun/YYYY-MM-DD.csv of the month in `asrun_dir`, day by day, plus the last
/// day before the month (a screen on at midnight) and the first after it. `error` names a file that
/// could not be read; `bad` (may be null) counts the rows left out (parse_asrun_csv).
std::vector<AsRunRow> read_asrun_month(const std::filesystem::path& asrun_dir, ReportMonth m,
                                       std::string* error, std::size_t* bad = nullptr);

struct ActivityLine {
    std::string id, title;
    int scheduled = 0, played = 0, skipped = 0;
    std::map<std::string, int> skip_reasons; ///< reason (after "skipped: ") -> count
    int deadlines = 0, deadlines_met = 0, deadlines_missed = 0;
};

struct SlideLine {
    std::string id; ///< slide-N, or "reminder" for all reminder slides together
    std::string title;
    double planned_s = 0, shown_s = 0;
};

struct DayLine {
    Date date;
    int scheduled = 0, played = 0; ///< reminders
};

struct MonthReport {
    ReportMonth month;
    std::string office;
    std::string language;                 ///< the playlist's ("id", "en")
    std::vector<ActivityLine> activities; ///< in playlist order; only those with anything
    std::vector<SlideLine> slides;        ///< rotation slides in order, then reminder slides
    double screen_on_s = 0;
    int reloads_taken = 0, edits_refused = 0;
    std::vector<std::string> clock_unsynchronised; ///< ISO times of each row that said so
    std::vector<DayLine> days;                     ///< every day of the month
    int unreadable_rows = 0;
    int scheduled_total() const;
    int played_total() const;
};

/// Whether `asrun_dir` holds a day's log (YYYY-MM-DD.csv) from before month `m`: when not,
/// the proof log, and so the office's use of TSR, began in the month (or later).
bool proof_log_before(const std::filesystem::path& asrun_dir, ReportMonth m);

/// Builds the report of month `m` for playlist `p` (today's: the office, the language, the
/// deadlines' progress, the slides listed) from the log's rows. `eras` (playlist_eras of the
/// same rows): the playlists that played, for the plan; empty: `p` all month. `now`:
/// reminders due from then on are not planned yet, and deadlines after it are neither met
/// nor missed. `log_began_in_month` (!proof_log_before): nothing is planned before the
/// first row of `rows`, since TSR was not in service yet.
MonthReport build_month_report(const Playlist& p, ReportMonth m, const std::vector<AsRunRow>& rows,
                               Instant now, const std::vector<PlaylistEra>& eras = {},
                               bool log_began_in_month = false);

} // namespace tsr
