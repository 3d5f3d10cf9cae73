#include "clock_watch.hpp"
#include "i18n.hpp"

namespace tsr {

ClockSyncWatch::ClockSyncWatch(Read read, std::function<void(const std::string&)> say,
                               std::function<void(ClockSync)> changed)
    : read_(std::move(read)), say_(std::move(say)), changed_(std::move(changed)) {}

void ClockSyncWatch::start() {
    state_ = read_();
    if (state_ != ClockSync::synchronised) say_(clock_sync_line(state_));
}

void ClockSyncWatch::check() {
    const ClockSync now = read_();
    if (now == state_) return;
    state_ = now;
    say_(clock_sync_line(now));
    changed_(now);
}

std::string clock_sync_line(ClockSync s) {
    std::string line = "tsr play: " + clock_sync_text(s);
    // What it means for the office: the as-run log's times are only as good as the clock.
    if (s != ClockSync::synchronised)
        line += std::string(": ") +
                _("the as-run log's times and the reminders follow a clock nobody checks; see "
                  "that the PC reaches an NTP server (timedatectl status)");
    return line;
}

} // namespace tsr
