// The console's users: who may log in, with which role, and their password hashes.
//
// The users file, one user a line, fields separated by one space:
//   NAME ROLE HASH
//   ana editor $argon2id$v=19$m=65536,t=2,p=1$...$...
// NAME: 1-32 of a-z A-Z 0-9 . _ - ; ROLE: viewer, editor or admin; HASH: libsodium's
// Argon2id string (crypto_pwhash_str). Lines starting with # and blank lines are ignored.
// At most 200 users and 64 KiB. Written whole to a temporary file and renamed over the old
// one, mode 0600: it is readable only by the account the service runs as.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsr::console {

/// What a user may do. viewer: look only; editor: also change the schedule; admin: as editor
/// (users are managed with `tsr user`, on the PC itself).
enum class Role { viewer, editor, admin };
const char* role_name(Role r);
std::optional<Role> parse_role(std::string_view text);
inline bool may_change(Role r) {
    return r != Role::viewer;
}

struct User {
    std::string name;
    Role role = Role::viewer;
    std::string hash; ///< Argon2id string
};

inline constexpr std::size_t max_users = 200;
inline constexpr std::size_t max_users_file_bytes = 64 * 1024;
inline constexpr std::size_t max_password_bytes = 256;
inline constexpr std::size_t min_password_chars = 8;

/// Empty when `name` may name a user; else why not ("is too long (at most 32 characters)").
std::string name_problem(std::string_view name);

/// Parses the users file's text. On a bad line returns nullopt and says where in `error`
/// ("line 3: ROLE \"boss\" is not viewer, editor or admin").
std::optional<std::vector<User>> parse_users(std::string_view text, std::string* error);
/// The file's text for `users` (a comment header, then one line a user).
std::string format_users(const std::vector<User>& users);

/// Reads the users file (read_regular_file, at most max_users_file_bytes). A missing file is
/// an empty list; nullopt with `error` set when it cannot be read or parsed.
std::optional<std::vector<User>> read_users(const std::filesystem::path& file, std::string* error);
/// Writes atomically (temporary file in the same folder, fsync, rename), mode 0600, creating
/// the folder (mode 0700) when missing. Empty on success, else why not.
std::string write_users(const std::filesystem::path& file, const std::vector<User>& users);

/// Where the users file of a playlist folder is: FOLDER/.tsr/users.
std::filesystem::path default_users_file(const std::filesystem::path& playlist_folder);

/// Argon2id hash of a password (libsodium, interactive limits: 64 MiB, 2 passes, about a
/// tenth of a second). Empty on failure (out of memory).
std::string hash_password(std::string_view password);
/// True when `password` matches `hash`. Costs what hash_password costs: call it off the main
/// loop.
bool verify_password(const std::string& hash, std::string_view password);

/// Empty when `password` may be used; else why not (too short, too long, not UTF-8).
std::string password_problem(std::string_view password);

/// Must be called once before any of the above (sodium_init); false when libsodium cannot
/// start (no random source).
bool crypto_ready();

} // namespace tsr::console
