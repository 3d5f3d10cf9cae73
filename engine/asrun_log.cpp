#include "asrun_log.hpp"
#include "i18n.hpp"

#include "asrun_proof.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace tsr {

namespace fs = std::filesystem;

namespace {
std::string day_after_newest_sealed(const fs::path& dir);
}

AsRunLog::AsRunLog(fs::path folder, fs::path fixed_path, TimeZone zone)
    : folder_(std::move(folder)), fixed_(std::move(fixed_path)), zone_(std::move(zone)) {}

AsRunLog::~AsRunLog() {
    if (fd_ >= 0) ::close(fd_);
}

std::string AsRunLog::csv_field(const std::string& s) {
    // A leading = + - @ would be run as a formula by a spreadsheet: quote it as text.
    bool formula = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@');
    if (s.find_first_of(",\"\n\r") == std::string::npos && !formula) return s;
    std::string out = "\"";
    if (formula) out += '\'';
    for (char c : s) {
        if (c == '"') out += '"';
        out += c == '\n' || c == '\r' ? ' ' : c;
    }
    return out + "\"";
}

bool AsRunLog::open_for(const fs::path& p) {
    if (p == path_ && fd_ >= 0) return true;
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    path_ = p;
    std::error_code ec;
    if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
    // A new day's file: the days before it are closed (also those of an earlier run).
    if (fixed_.empty()) seal_closed_days(p.parent_path(), p.stem().string());
    fd_ = ::open(p.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) return false;
    if (::lseek(fd_, 0, SEEK_END) == 0) {
        std::string h = std::string(header()) + "\n";
        if (::write(fd_, h.data(), h.size()) != ssize_t(h.size())) return false;
    }
    return true;
}

bool AsRunLog::open_file_at_path() const {
    if (fd_ < 0) return true;
    struct stat written {};
    struct stat at_path {};
    return ::fstat(fd_, &written) == 0 && ::stat(path_.c_str(), &at_path) == 0 &&
           written.st_dev == at_path.st_dev && written.st_ino == at_path.st_ino;
}

bool AsRunLog::append(const AsRunRow& row) {
    fs::path p = fixed_;
    if (p.empty()) {
        auto when = row.actual ? row.actual : row.scheduled;
        std::string day = when ? format_iso(zone_, *when).substr(0, 10) : "undated";
        p = folder_ / "asrun" / (day + ".csv");
        // A sealed day is never written again (the wall clock set back across midnight): the
        // row goes to the day being written, else to the day after the newest sealed one.
        std::error_code ec;
        if (fs::exists(p.string() + ".sha256", ec)) {
            if (fd_ >= 0 && !fs::exists(path_.string() + ".sha256", ec))
                p = path_;
            else
                p = folder_ / "asrun" / (day_after_newest_sealed(folder_ / "asrun") + ".csv");
        }
    }
    if (!open_for(p)) return false;
    auto iso = [&](const std::optional<Instant>& t) { return t ? format_iso(zone_, *t) : ""; };
    std::string line = iso(row.scheduled) + "," + iso(row.actual) + "," + csv_field(row.kind) +
                       "," + csv_field(row.id) + "," + csv_field(row.detail) + "," +
                       csv_field(row.outcome) + "\n";
    const char* data = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        ssize_t n = ::write(fd_, data, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        left -= std::size_t(n);
    }
    return ::fdatasync(fd_) == 0;
}

namespace {

constexpr std::size_t kMaxDays = 20000; // 50 years of days: more files than that is no log
const std::string kZeros(64, '0');

/// "YYYY-MM-DD.csv" exactly: the day, else empty.
std::string day_of_name(const std::string& name) {
    if (name.size() != 14 || name.compare(10, 4, ".csv") != 0) return "";
    for (std::size_t i = 0; i < 10; ++i) {
        const bool dash = i == 4 || i == 7;
        if (dash ? name[i] != '-' : (name[i] < '0' || name[i] > '9')) return "";
    }
    return name.substr(0, 10);
}

/// Days with a log or a digest in `dir`, oldest first (names sort as dates).
std::map<std::string, std::pair<bool, bool>> days_in(const fs::path& dir) {
    std::map<std::string, std::pair<bool, bool>> days; // day -> (csv, digest)
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (days.size() >= kMaxDays) break;
        std::string name = e.path().filename().string();
        bool digest = name.size() == 21 && name.compare(14, 7, ".sha256") == 0;
        std::string day = day_of_name(digest ? name.substr(0, 14) : name);
        if (day.empty()) continue;
        (digest ? days[day].second : days[day].first) = true;
    }
    return days;
}

struct Digest {
    std::string sha256, previous, chain;
};

bool is_hex64(const std::string& s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::optional<Digest> read_digest(const fs::path& p) {
    std::ifstream in(p);
    Digest d;
    std::string key, value;
    int lines = 0;
    while (lines < 8 && in >> key >> value) {
        ++lines;
        if (!is_hex64(value)) return std::nullopt;
        if (key == "sha256")
            d.sha256 = value;
        else if (key == "previous")
            d.previous = value;
        else if (key == "chain")
            d.chain = value;
        else
            return std::nullopt;
    }
    if (d.sha256.empty() || d.previous.empty() || d.chain.empty()) return std::nullopt;
    return d;
}

std::string chain_of(const std::string& previous, const std::string& sha, const std::string& day) {
    return text_sha256(previous + "\n" + sha + "\n" + day + ".csv\n");
}

bool write_synced(const fs::path& p, const std::string& text) {
    const fs::path tmp = p.string() + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0444);
    if (fd < 0) return false;
    bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    std::error_code ec;
    if (ok) fs::rename(tmp, p, ec);
    if (!ok || ec) fs::remove(tmp, ec);
    return ok && !ec;
}

std::string day_after_newest_sealed(const fs::path& dir) {
    std::string newest;
    for (const auto& [day, has] : days_in(dir))
        if (has.second) newest = day;
    auto d = parse_date(newest);
    if (!d) return "undated";
    const Date next{std::chrono::sys_days(*d) + std::chrono::days(1)};
    char name[16];
    std::snprintf(name, sizeof name, "%04d-%02u-%02u", int(next.year()), unsigned(next.month()),
                  unsigned(next.day()));
    return name;
}

} // namespace

std::vector<std::string> seal_closed_days(const fs::path& dir, const std::string& today) {
    std::vector<std::string> sealed;
    std::string previous = kZeros;
    for (const auto& [day, has] : days_in(dir)) {
        if (day >= today) break;
        const fs::path digest = dir / (day + ".csv.sha256");
        if (has.second) {
            if (auto d = read_digest(digest)) previous = d->chain;
            continue;
        }
        if (!has.first) continue;
        const std::string sha = file_sha256(dir / (day + ".csv"));
        if (sha.empty()) continue;
        const std::string chain = chain_of(previous, sha, day);
        if (!write_synced(digest,
                          "sha256 " + sha + "\nprevious " + previous + "\nchain " + chain + "\n"))
            continue;
        previous = chain;
        sealed.push_back(day);
    }
    return sealed;
}

std::vector<DayCheck> verify_asrun_days(const fs::path& dir) {
    std::vector<DayCheck> out;
    const auto days = days_in(dir);
    std::string last_sealed;
    for (const auto& [day, has] : days)
        if (has.second) last_sealed = day;
    std::string previous = kZeros;
    std::string previous_day;
    for (const auto& [day, has] : days) {
        DayCheck c{day, "ok", ""};
        if (!has.second) {
            if (day < last_sealed) {
                c.status = "ALTERED";
                c.why = i18n::format(
                    _("its digest %s.csv.sha256 is missing, though later days are sealed"), day);
            } else {
                c.status = "open";
                c.why = _("not sealed yet (sealed when the next day's first row is written)");
            }
            out.push_back(c);
            continue;
        }
        auto d = read_digest(dir / (day + ".csv.sha256"));
        if (!d) {
            c.status = "ALTERED";
            c.why = _("its digest is not in the form tsr writes");
        } else if (!has.first) {
            c.status = "ALTERED";
            c.why = _("the day's log was removed");
        } else if (file_sha256(dir / (day + ".csv")) != d->sha256) {
            c.status = "ALTERED";
            c.why = _("its rows were changed after the day was sealed");
        } else if (d->previous != previous) {
            c.status = "ALTERED";
            c.why = previous_day.empty()
                        ? _("its chain does not start where the first sealed day must")
                        : i18n::format(_("its chain does not follow from %s (a day between was "
                                         "removed, or a digest written again)"),
                                       previous_day);
        } else if (chain_of(d->previous, d->sha256, day) != d->chain) {
            c.status = "ALTERED";
            c.why = _("its digest was edited");
        }
        if (d) previous = d->chain;
        previous_day = day;
        out.push_back(c);
    }
    return out;
}

} // namespace tsr
