// Logged-in sessions of the console: a random id (the cookie) and a random CSRF token per
// session, both 32 bytes from libsodium's randombytes, as 64 hex digits. Sessions end after
// 12 hours, or 2 hours unused, or at logout; at most 200 are kept (the least recently used
// goes first). Times are monotonic seconds given by the caller.
#pragma once

#include "users.hpp"

#include <map>
#include <optional>
#include <string>

namespace tsr::console {

struct Session {
    std::string id;
    std::string csrf;
    std::string user;
    Role role = Role::viewer;
    double created_s = 0;
    double used_s = 0;
};

class Sessions {
  public:
    /// A new session for a user who just logged in.
    const Session& open(const std::string& user, Role role, double now_s);
    /// The live session of a cookie value (and marks it used), or nullopt.
    std::optional<Session> find(const std::string& id, double now_s);
    void close(const std::string& id);
    /// Ends every session of `user` (removed, or password changed).
    void close_user(const std::string& user);
    std::size_t size() const { return by_id_.size(); }

    static constexpr double max_age_s = 12 * 3600;
    static constexpr double max_idle_s = 2 * 3600;
    static constexpr std::size_t max_sessions = 200;

  private:
    std::map<std::string, Session> by_id_;
};

/// 32 random bytes as 64 lowercase hex digits.
std::string random_token();
/// Compares two tokens in constant time (sodium_memcmp); false when the sizes differ.
bool same_token(const std::string& a, const std::string& b);

} // namespace tsr::console
