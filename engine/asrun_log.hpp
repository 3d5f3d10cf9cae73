// The as-run log: one CSV row per event, proof of what was shown and said, and when.
// Each row is flushed and fsync'ed before append() returns, so a power cut loses at most the
// row being written.
#pragma once

#include "civil_time.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tsr {

struct AsRunRow {
    std::optional<Instant> scheduled;
    std::optional<Instant> actual;
    std::string kind; ///< slide, reminder, reload, error, start, stop, edit (console)
    std::string id;
    std::string detail;
    std::string outcome; ///< "played" or "skipped: REASON"
};

class AsRunLog {
  public:
    /// `fixed_path` empty: one file a day, `asrun/YYYY-MM-DD.csv` in `folder` (the day of
    /// the row's actual time, else its scheduled time, in the zone). Each time it opens a
    /// day's file there, it seals the days before it that have no digest yet
    /// (seal_closed_days).
    AsRunLog(std::filesystem::path folder, std::filesystem::path fixed_path, TimeZone zone);
    ~AsRunLog();
    AsRunLog(const AsRunLog&) = delete;
    AsRunLog& operator=(const AsRunLog&) = delete;

    /// Appends and syncs one row. Returns false (and keeps going) when the disk refuses.
    bool append(const AsRunRow& row);
    std::filesystem::path current_path() const { return path_; }
    /// Whether the file open for writing is still the one at current_path(): false once that
    /// file or its folder was moved, replaced or deleted since it was opened (the writes would
    /// go on into the moved file). True when none is open (the next append opens the path).
    bool open_file_at_path() const;

    static std::string csv_field(const std::string& s);
    static const char* header() { return "scheduled,actual,kind,id,detail,outcome"; }

  private:
    bool open_for(const std::filesystem::path& p);
    std::filesystem::path folder_;
    std::filesystem::path fixed_;
    TimeZone zone_;
    std::filesystem::path path_;
    int fd_ = -1;
};

/// Tamper evidence of the daily logs in `asrun/`. A closed day YYYY-MM-DD.csv gets
/// YYYY-MM-DD.csv.sha256, three lines:
///   sha256 HEX          the file's SHA-256
///   previous HEX        the chain value of the sealed day before it (64 zeros for the first)
///   chain HEX           SHA-256 of "PREVIOUS\nSHA256\nYYYY-MM-DD.csv\n"
/// so that changing, removing or re-sealing any earlier day shows at every later one.
/// Seals, in date order, every YYYY-MM-DD.csv of `asrun_dir` dated before `today`
/// ("YYYY-MM-DD") that has no digest. Returns the days sealed. A digest is written to a
/// temporary file, synced, then renamed: a power cut leaves none or a whole one.
std::vector<std::string> seal_closed_days(const std::filesystem::path& asrun_dir,
                                          const std::string& today);

struct DayCheck {
    std::string day;    ///< YYYY-MM-DD
    std::string status; ///< "ok", "open" (not sealed yet: the newest day) or "ALTERED"
    std::string why;    ///< for ALTERED: what does not match
};
/// Checks every day file and digest of `asrun_dir`, oldest first: a day is ALTERED when its
/// file's hash differs from its digest, its digest's chain does not follow from the day
/// before, its digest is malformed, or it has no digest while a later day is sealed.
std::vector<DayCheck> verify_asrun_days(const std::filesystem::path& asrun_dir);

} // namespace tsr
