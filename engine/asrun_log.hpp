// The as-run log: one CSV row per event, proof of what was shown and said, and when.
// Each row is flushed and fsync'ed before append() returns, so a power cut loses at most the
// row being written.
#pragma once

#include "civil_time.hpp"

#include <filesystem>
#include <optional>
#include <string>

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
    /// the row's actual time, else its scheduled time, in the zone).
    AsRunLog(std::filesystem::path folder, std::filesystem::path fixed_path, TimeZone zone);
    ~AsRunLog();
    AsRunLog(const AsRunLog&) = delete;
    AsRunLog& operator=(const AsRunLog&) = delete;

    /// Appends and syncs one row. Returns false (and keeps going) when the disk refuses.
    bool append(const AsRunRow& row);
    std::filesystem::path current_path() const { return path_; }

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

} // namespace tsr
