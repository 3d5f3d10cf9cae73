// Switching the TV for office hours (engine/office_hours.hpp): HDMI-CEC through `cec-ctl`
// (v4l-utils) for the adapter /dev/cec0, else X's DPMS through `xset` when DISPLAY is set.
// Each change is an as-run `power` row: the method and whether the TV acknowledged; off on
// purpose is `played`, never a failure.
//
//   off: cec-ctl -d /dev/cec0 --to 0 --standby        else  xset dpms force off
//   on:  cec-ctl -d /dev/cec0 --to 0 --image-view-on  else  xset dpms force on
//
// The commands run as child processes (GSubprocess), never blocking the main loop, each
// killed after 5 s. `cec-ctl` is taken as acknowledged when it exits 0 and its transcript
// reports the transmit ", OK" (the TV ACKed the CEC message) and no NACK; DPMS has no
// acknowledgement (xset exiting 0 is reported as "done, no acknowledgement").
#pragma once

#include "asrun_log.hpp"
#include "office_hours.hpp"

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tsr {

struct PowerCommand {
    std::string method; ///< "hdmi-cec" or "dpms"
    std::vector<std::string> argv;
};

/// The commands to try in order for `on`; DPMS only when `have_display`.
std::vector<PowerCommand> power_commands(bool on, bool have_display);

/// Whether a cec-ctl transcript (stdout and stderr) says the TV acknowledged.
bool cec_acknowledged(const std::string& transcript);

/// The `power` row's detail: "off (outside 06:30-17:00): hdmi-cec, acknowledged by the TV".
std::string power_detail(bool on, const std::string& why, const std::string& method,
                         const std::string& result);

/// Keeps the TV in the state the office hours want, one tick at a time (the caller's timer).
/// `now()` is the playout's wall time (simulated in `tsr record`); `log(row)` writes a row.
class ScreenPower {
  public:
    /// `simulated` (tsr record): a change is logged at its scheduled instant, the moment the
    /// simulated TV switched (the command runs when the recording passes it, which in real
    /// time is a tick late, in simulated time up to minutes).
    ScreenPower(std::function<Instant()> now, std::function<void(const AsRunRow&)> log,
                bool switch_tv, bool simulated);
    ~ScreenPower();
    ScreenPower(const ScreenPower&) = delete;
    ScreenPower& operator=(const ScreenPower&) = delete;

    /// Applies `hours` (nullopt: always on, nothing switched) at now(): the first tick sets
    /// the state the hours want at start; later ticks each change passed since the last.
    void tick(const std::optional<OfficeHours>& hours, const TimeZone& tz);
    /// A reminder sounds now: with reminders_outside = "wake" and the TV off, it is woken
    /// for `for_at_least` (then the next tick puts it back to standby).
    void reminder(const std::optional<OfficeHours>& hours, const TimeZone& tz, Micros for_at_least);
    /// Waits (running the default main context) until no command is under way, at most
    /// `at_most` microseconds: their rows are written before the stop row.
    void finish(Micros at_most);

  private:
    struct Pending;
    void apply(bool on, std::optional<Instant> scheduled, const std::string& why);
    void run_next(std::shared_ptr<Pending> p);
    /// One change done (its row written): the next queued one starts.
    void done();

    std::function<Instant()> now_;
    std::function<void(const AsRunRow&)> log_;
    bool switch_tv_;
    bool simulated_;
    std::optional<bool> state_; ///< as last set; nullopt before the first tick
    std::optional<Instant> last_tick_;
    std::optional<Instant> awake_until_; ///< woken for a reminder
    /// Changes in order, the first one running: a TV told on then off gets them in that order.
    std::deque<std::shared_ptr<Pending>> queue_;
    std::shared_ptr<bool> alive_; ///< false once destroyed: late callbacks do nothing
};

} // namespace tsr
