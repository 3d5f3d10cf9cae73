#include "sessions.hpp"

#include <sodium.h>

namespace tsr::console {

std::string random_token() {
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char hex[sizeof bytes * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    return hex;
}

bool same_token(const std::string& a, const std::string& b) {
    return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

const Session& Sessions::open(const std::string& user, Role role, double now_s) {
    if (by_id_.size() >= max_sessions) {
        auto oldest = by_id_.begin();
        for (auto i = by_id_.begin(); i != by_id_.end(); ++i)
            if (i->second.used_s < oldest->second.used_s) oldest = i;
        by_id_.erase(oldest);
    }
    Session s{random_token(), random_token(), user, role, now_s, now_s};
    return by_id_.emplace(s.id, s).first->second;
}

std::optional<Session> Sessions::find(const std::string& id, double now_s) {
    if (id.size() != 64) return std::nullopt;
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return std::nullopt;
    // The map lookup is not constant time; the id is 256 random bits, so timing cannot help
    // guess one.
    Session& s = it->second;
    if (now_s - s.created_s > max_age_s || now_s - s.used_s > max_idle_s) {
        by_id_.erase(it);
        return std::nullopt;
    }
    s.used_s = now_s;
    return s;
}

void Sessions::close(const std::string& id) {
    by_id_.erase(id);
}

void Sessions::close_user(const std::string& user) {
    for (auto i = by_id_.begin(); i != by_id_.end();)
        i = i->second.user == user ? by_id_.erase(i) : std::next(i);
}

} // namespace tsr::console
