// Switching the TV for office hours (engine/office_hours.hpp). The method, chosen at each
// change as an installer would expect:
//
//   a /dev/cec* device (an HDMI output with CEC, or an adapter with a kernel driver):
//     hdmi-cec      cec-ctl -d /dev/cec0 --to 0 --standby    (--image-view-on to wake it)
//   else a USB CEC adapter that libcec finds (Pulse-Eight; `cec-client -l` lists it):
//     hdmi-cec-usb  cec-client -s -d 1 PORT, "standby 0" (or "on 0") on its standard input,
//                   then "pow 0": the TV's power status says whether it obeyed
//   and after either, when tsr holds the KMS screen (`tsr play --output kms`, kms_screen.hpp):
//     kms-dpms      the connector's DPMS property Off (On), on tsr's DRM master fd
//   and when DISPLAY is set:
//     dpms          xset dpms force off                       (force on)
// A screen that kms-dpms switched off is lit by kms-dpms first (else a TV woken by CEC would
// show black), and the other methods then still wake the TV (it may have taken a CEC standby
// it never confirmed); the row names the method that reached the TV, else kms-dpms.
// Live, ticks are a second apart: after a longer gap (a clock set forward, a stalled loop)
// the TV gets the state of now once, not every change it missed. No office hours: on.
//
// TSR_TV_POWER in the environment (the unit's Environment=) forces one method alone:
// "cec-ctl", "cec-client", "kms-dpms" or "dpms"; "auto" or unset chooses as above.
//
// Each change is an as-run `power` row: the method and whether the TV acknowledged; off on
// purpose is `played`, never a failure. The commands run as child processes (GSubprocess),
// never blocking the main loop, each killed after 5 s (kms-dpms's ioctls run on a worker
// thread; they cannot be killed). `cec-ctl` is taken as acknowledged
// when it exits 0 and its transcript reports the transmit ", OK" (the TV ACKed the CEC
// message) and no NACK; `cec-client` when the TV then reports the power status asked for (or
// the transition to it); kms-dpms when the property reads back the mode set; X DPMS has no
// acknowledgement ("done, no acknowledgement").
#pragma once

#include "asrun_log.hpp"
#include "office_hours.hpp"
#include "playlist.hpp"

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tsr {

class KmsScreen;

/// One command of a method, and what its output means.
struct PowerStep {
    enum class Role {
        switch_tv,    ///< the switch; cec-ctl and xset judge by it alone
        find_adapter, ///< `cec-client -l`: which USB adapter, if any (then switch and ask)
        ask_state,    ///< `cec-client` "pow 0": whether the TV obeyed the switch before it
        kms_dpms,     ///< no command: the KMS connector's DPMS (argv empty)
    } role = Role::switch_tv;
    std::vector<std::string> argv;
    std::string input; ///< written to its standard input ("" : none)
};

struct PowerMethod {
    std::string name; ///< "hdmi-cec", "hdmi-cec-usb", "kms-dpms" or "dpms": the row's method
    std::vector<PowerStep> steps;
};

/// What the PC offers, looked at when the TV is switched.
struct PowerSetup {
    std::string cec_device;    ///< the first /dev/cec* in name order; "" when none
    bool have_display = false; ///< DISPLAY set: X's DPMS may be tried
    bool have_kms = false;     ///< tsr holds a KMS screen (KmsScreen, usable or not)
    std::string forced;        ///< TSR_TV_POWER as set ("" when unset)
};

/// The setup of this PC now: /dev/cec*, DISPLAY, TSR_TV_POWER (have_kms: false).
PowerSetup power_setup();

/// The methods to try in order for `on`. Empty, with `problem` set, when TSR_TV_POWER is
/// none of the names above.
std::vector<PowerMethod> power_methods(bool on, const PowerSetup& setup, std::string* problem);

/// The steps of cec-client for `on` with the adapter at `port` (after `cec-client -l`).
std::vector<PowerStep> cec_client_steps(bool on, const std::string& port);

/// Whether a cec-ctl transcript (stdout and stderr) says the TV acknowledged.
bool cec_acknowledged(const std::string& transcript);

/// The first adapter's "com port:" in a `cec-client -l` listing; "" when it lists none.
std::string cec_client_port(const std::string& listing);

/// Whether `cec-client`'s answer to "pow 0" ("power status: standby") is the state asked for,
/// or the TV's way to it ("in transition from on to standby").
bool cec_client_power_is(const std::string& transcript, bool on);

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

    /// Applies what `p` wants (screen_plan.hpp: office hours, reminders' wakes; no hours:
    /// always on, nothing switched) at now(): the first tick sets the state wanted at start;
    /// later ticks each change passed since the last, at its own instant.
    void tick(const Playlist& p);
    /// Waits (running the default main context) until no command is under way, at most
    /// `at_most` microseconds: their rows are written before the stop row.
    void finish(Micros at_most);
    /// The KMS screen that kms-dpms switches (tsr play --output kms, or TSR_TV_POWER=kms-dpms).
    void use_kms(std::shared_ptr<KmsScreen> kms) { kms_ = std::move(kms); }

  private:
    struct Pending;
    void apply(bool on, std::optional<Instant> scheduled, const std::string& why);
    /// Runs the step under way of the method being tried (none left: the skipped row).
    void run_next(std::shared_ptr<Pending> p);
    /// kms-dpms: KmsScreen::set on a worker thread, then step_done.
    void run_kms(std::shared_ptr<Pending> p);
    /// A step's command ended: the row, the next step, or the next method.
    void step_done(std::shared_ptr<Pending> p, bool exited, int status,
                   const std::string& transcript);
    void next_method(std::shared_ptr<Pending> p);
    /// One change done (its row written): the next queued one starts.
    void done();

    std::function<Instant()> now_;
    std::function<void(const AsRunRow&)> log_;
    bool switch_tv_;
    bool simulated_;
    std::optional<bool> state_; ///< as last set; nullopt before the first tick
    std::optional<Instant> last_tick_;
    /// Changes in order, the first one running: a TV told on then off gets them in that order.
    std::deque<std::shared_ptr<Pending>> queue_;
    std::shared_ptr<bool> alive_; ///< false once destroyed: late callbacks do nothing
    std::shared_ptr<KmsScreen> kms_;
};

} // namespace tsr
