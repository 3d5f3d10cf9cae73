#include "rate_limit.hpp"

#include <cmath>

namespace tsr::console {

LoginRateLimit::LoginRateLimit(std::size_t max_failures, double window_s, std::size_t max_addresses)
    : max_failures_(max_failures), window_s_(window_s), max_addresses_(max_addresses) {}

void LoginRateLimit::forget_old(std::deque<double>& times, double now_s) const {
    while (!times.empty() && times.front() <= now_s - window_s_)
        times.pop_front();
}

long LoginRateLimit::wait_seconds(const std::string& address, double now_s) {
    auto it = failures_.find(address);
    if (it == failures_.end()) return 0;
    forget_old(it->second, now_s);
    if (it->second.empty()) {
        failures_.erase(it);
        return 0;
    }
    if (it->second.size() < max_failures_) return 0;
    // Free again when enough of the failures have aged out of the window.
    double free_at = it->second[it->second.size() - max_failures_] + window_s_;
    long s = long(std::ceil(free_at - now_s));
    return s < 1 ? 1 : s;
}

void LoginRateLimit::failed(const std::string& address, double now_s) {
    auto it = failures_.find(address);
    if (it == failures_.end()) {
        if (failures_.size() >= max_addresses_) {
            // Forget the address whose last failure is oldest: bounded memory under a flood.
            auto oldest = failures_.begin();
            for (auto i = failures_.begin(); i != failures_.end(); ++i)
                if (i->second.empty() ||
                    (!oldest->second.empty() && i->second.back() < oldest->second.back()))
                    oldest = i;
            failures_.erase(oldest);
        }
        it = failures_.emplace(address, std::deque<double>{}).first;
    }
    forget_old(it->second, now_s);
    it->second.push_back(now_s);
    // Only the newest max_failures_ matter for the wait.
    while (it->second.size() > max_failures_)
        it->second.pop_front();
}

void LoginRateLimit::succeeded(const std::string& address) {
    auto it = failures_.find(address);
    if (it == failures_.end()) return;
    if (!it->second.empty()) it->second.pop_back();
    if (it->second.empty()) failures_.erase(it);
}

} // namespace tsr::console
