#include "asrun_log.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace tsr {

namespace fs = std::filesystem;

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
    fd_ = ::open(p.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) return false;
    if (::lseek(fd_, 0, SEEK_END) == 0) {
        std::string h = std::string(header()) + "\n";
        if (::write(fd_, h.data(), h.size()) != ssize_t(h.size())) return false;
    }
    return true;
}

bool AsRunLog::append(const AsRunRow& row) {
    fs::path p = fixed_;
    if (p.empty()) {
        auto when = row.actual ? row.actual : row.scheduled;
        std::string day = when ? format_iso(zone_, *when).substr(0, 10) : "undated";
        p = folder_ / "asrun" / (day + ".csv");
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

} // namespace tsr
