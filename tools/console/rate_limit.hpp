// Login attempts, rate-limited per client address, so that passwords cannot be guessed
// quickly: after `max_failures` failed logins within `window`, that address is refused until
// the oldest of them is older than `window`. The server counts an attempt as failed before
// checking it (so parallel guesses cannot pass the limit); a success takes that one back, and
// earlier failures still count (a valid login between guesses does not reset them). Pure:
// the caller passes the time (monotonic seconds), so tests need no clock.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <string>

namespace tsr::console {

class LoginRateLimit {
  public:
    /// Defaults: 5 failures in 10 minutes; at most 1000 addresses remembered (the least
    /// recently failing are forgotten first).
    explicit LoginRateLimit(std::size_t max_failures = 5, double window_s = 600,
                            std::size_t max_addresses = 1000);

    /// 0 when `address` may try now; else the seconds until it may (rounded up, >= 1).
    long wait_seconds(const std::string& address, double now_s);
    void failed(const std::string& address, double now_s);
    /// Takes back the newest failure of `address` (the attempt that then succeeded).
    void succeeded(const std::string& address);
    std::size_t addresses() const { return failures_.size(); }

  private:
    void forget_old(std::deque<double>& times, double now_s) const;
    std::size_t max_failures_;
    double window_s_;
    std::size_t max_addresses_;
    std::map<std::string, std::deque<double>> failures_; ///< times of failures, oldest first
};

} // namespace tsr::console
