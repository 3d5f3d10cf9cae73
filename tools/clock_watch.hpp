// The system clock's NTP state as `tsr play` reports it: said on stderr (the journal) at start
// when it is not synchronised, and again at every change, with a `clock` as-run row for each
// change. The state is read through a function (normally system_clock_sync(), adjtimex), so
// tests give their own.
#pragma once

#include "asrun_proof.hpp"

#include <functional>
#include <string>

namespace tsr {

class ClockSyncWatch {
  public:
    using Read = std::function<ClockSync()>;
    /// `say`: one line for the journal (no newline). `changed`: the new state, after start.
    ClockSyncWatch(Read read, std::function<void(const std::string&)> say,
                   std::function<void(ClockSync)> changed);

    /// Reads the state once and says it unless synchronised.
    void start();
    /// Reads again (every minute); on a change says it and calls `changed`.
    void check();
    ClockSync state() const { return state_; }

  private:
    Read read_;
    std::function<void(const std::string&)> say_;
    std::function<void(ClockSync)> changed_;
    ClockSync state_ = ClockSync::unknown;
};

/// The journal's line for a state: "tsr play: clock NOT synchronised (NTP): ...".
std::string clock_sync_line(ClockSync s);

} // namespace tsr
