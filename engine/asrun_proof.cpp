#include "asrun_proof.hpp"
#include "i18n.hpp"

#include <glib.h>

#include <fcntl.h>
#include <sys/timex.h>
#include <unistd.h>

namespace tsr {

namespace {

bool says_played(const AsRunRow& row) {
    return row.outcome == "played";
}

} // namespace

std::vector<AsRunRow> ProofGate::hold(Branch b, std::uint64_t running_ns, AsRunRow row) {
    std::vector<AsRunRow> out;
    const std::size_t i = index(b);
    if (!says_played(row)) {
        out.push_back(std::move(row)); // already says why it did not reach the output
        return out;
    }
    if (!out_[i].present) return out; // that output does not exist in this run: no row
    if (!out_[i].silent_reason.empty()) {
        row.outcome = "skipped: " + out_[i].silent_reason;
        out.push_back(std::move(row));
        return out;
    }
    if (reached_[i] && running_ns < *reached_[i]) {
        out.push_back(std::move(row));
        return out;
    }
    if (held_[i].size() >= kMaxHeld) {
        Held old = std::move(held_[i].front());
        held_[i].pop_front();
        old.row.outcome = std::string("skipped: ") + _("output down (it took nothing)");
        out.push_back(std::move(old.row));
    }
    // Sources post in running-time order per branch; keep the deque ordered anyway.
    auto at = held_[i].end();
    while (at != held_[i].begin() && std::prev(at)->running_ns > running_ns)
        --at;
    held_[i].insert(at, Held{running_ns, std::move(row)});
    return out;
}

std::vector<AsRunRow> ProofGate::reached(Branch b, std::uint64_t running_end_ns) {
    const std::size_t i = index(b);
    if (!reached_[i] || running_end_ns > *reached_[i]) reached_[i] = running_end_ns;
    std::vector<AsRunRow> out;
    while (!held_[i].empty() && held_[i].front().running_ns < *reached_[i]) {
        out.push_back(std::move(held_[i].front().row));
        held_[i].pop_front();
    }
    return out;
}

std::optional<std::uint64_t> ProofGate::next_wanted(Branch b) const {
    const auto& h = held_[index(b)];
    if (h.empty()) return std::nullopt;
    return h.front().running_ns;
}

std::vector<AsRunRow> ProofGate::drop_all(const std::string& reason) {
    std::vector<AsRunRow> out;
    for (auto& h : held_)
        for (Held& x : h) {
            x.row.outcome = "skipped: " + reason;
            out.push_back(std::move(x.row));
        }
    for (auto& h : held_)
        h.clear();
    return out;
}

void ProofGate::restart() {
    for (auto& r : reached_)
        r.reset();
}

bool RowDedupe::first_time(const AsRunRow& row) {
    if (!row.scheduled || (row.kind != "slide" && row.kind != "reminder")) return true;
    const std::string day = format_iso(zone_, *row.scheduled).substr(0, 10);
    if (day > day_) {
        day_ = day;
        keys_.clear();
    }
    // A row of an earlier day than the newest seen (the clock set back across midnight) is
    // kept under the newest day's keys: it still must not come twice.
    if (keys_.size() >= kMaxKeys) keys_.clear();
    const bool fresh =
        keys_.emplace(row.scheduled->time_since_epoch().count(), row.kind, row.id).second;
    // What is on screen when an output (re)starts is shown again, so it is written again.
    const std::string opens = _("(on screen at start)");
    const bool opens_run =
        row.detail.size() >= opens.size() &&
        row.detail.compare(row.detail.size() - opens.size(), opens.size(), opens) == 0;
    return fresh || opens_run;
}

void RowDedupe::remember(const std::vector<AsRunRow>& rows) {
    for (const AsRunRow& r : rows)
        first_time(r);
}

ClockSync clock_sync_of(int adjtimex_return, int status) {
    if (adjtimex_return < 0) return ClockSync::unknown;
    if (adjtimex_return == TIME_ERROR || (status & STA_UNSYNC)) return ClockSync::unsynchronised;
    return ClockSync::synchronised;
}

ClockSync system_clock_sync() {
    struct timex tx {};
    tx.modes = 0; // read only
    int r = ::ntp_adjtime(&tx);
    return clock_sync_of(r, tx.status);
}

std::string clock_sync_text(ClockSync s) {
    switch (s) {
    case ClockSync::synchronised:
        return _("clock synchronised (NTP)");
    case ClockSync::unsynchronised:
        return _("clock NOT synchronised (NTP)");
    case ClockSync::unknown:
        break;
    }
    return _("clock state unknown");
}

bool wall_clock_was_set(std::int64_t before_us, std::int64_t now_us, std::int64_t threshold_us) {
    std::int64_t d = now_us - before_us;
    return d > threshold_us || d < -threshold_us;
}

std::string text_sha256(const std::string& text) {
    gchar* hex = g_compute_checksum_for_data(
        G_CHECKSUM_SHA256, reinterpret_cast<const guchar*>(text.data()), text.size());
    std::string out = hex ? hex : "";
    g_free(hex);
    return out;
}

std::string file_sha256(const std::filesystem::path& file) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "";
    GChecksum* sum = g_checksum_new(G_CHECKSUM_SHA256);
    char buf[65536];
    bool ok = true;
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            ok = false;
            break;
        }
        g_checksum_update(sum, reinterpret_cast<const guchar*>(buf), n);
    }
    ::close(fd);
    std::string out = ok ? g_checksum_get_string(sum) : "";
    g_checksum_free(sum);
    return out;
}

} // namespace tsr
