#include "users.hpp"
#include "i18n.hpp"

#include "playlist_files.hpp"
#include "text_checks.hpp"

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tsr::console {

namespace {

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

std::vector<std::string_view> split_spaces(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size() && out.size() < 4) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        std::size_t b = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t')
            ++i;
        if (i > b) out.push_back(line.substr(b, i - b));
    }
    return out;
}

} // namespace

const char* role_name(Role r) {
    switch (r) {
    case Role::viewer:
        return "viewer";
    case Role::editor:
        return "editor";
    case Role::admin:
        return "admin";
    }
    return "viewer";
}

std::optional<Role> parse_role(std::string_view text) {
    if (text == "viewer") return Role::viewer;
    if (text == "editor") return Role::editor;
    if (text == "admin") return Role::admin;
    return std::nullopt;
}

std::string name_problem(std::string_view name) {
    if (name.empty()) return "is empty";
    if (name.size() > 32) return "is too long (at most 32 characters)";
    for (char c : name)
        if (!name_char(c)) return "may hold only letters a-z, digits and . _ -";
    return "";
}

std::optional<std::vector<User>> parse_users(std::string_view text, std::string* error) {
    std::vector<User> users;
    if (text.size() > max_users_file_bytes) {
        *error = "is larger than " + size_text(max_users_file_bytes);
        return std::nullopt;
    }
    int line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        auto f = split_spaces(line);
        if (f.empty() || f[0][0] == '#') continue;
        const std::string where = "line " + std::to_string(line_no) + ": ";
        if (f.size() != 3) {
            *error = where + "write NAME ROLE HASH (made by tsr user add)";
            return std::nullopt;
        }
        if (std::string p = name_problem(f[0]); !p.empty()) {
            *error = where + "the name \"" + excerpt(f[0]) + "\" " + p;
            return std::nullopt;
        }
        auto role = parse_role(f[1]);
        if (!role) {
            *error = where + "the role \"" + excerpt(f[1]) + "\" is not viewer, editor or admin";
            return std::nullopt;
        }
        if (f[2].rfind("$argon2id$", 0) != 0 || f[2].size() >= crypto_pwhash_STRBYTES) {
            *error = where + "the password hash is not an Argon2id hash; set the password "
                             "again with tsr user passwd";
            return std::nullopt;
        }
        for (const User& u : users)
            if (u.name == f[0]) {
                *error = where + "\"" + std::string(f[0]) + "\" is there twice";
                return std::nullopt;
            }
        if (users.size() >= max_users) {
            *error = where + "more than " + std::to_string(max_users) + " users";
            return std::nullopt;
        }
        users.push_back({std::string(f[0]), *role, std::string(f[2])});
    }
    return users;
}

std::string format_users(const std::vector<User>& users) {
    std::string out = "# tsr console users: NAME ROLE ARGON2ID-HASH. Change with tsr user; keep "
                      "it mode 0600.\n";
    for (const User& u : users)
        out += u.name + " " + role_name(u.role) + " " + u.hash + "\n";
    return out;
}

std::optional<std::vector<User>> read_users(const std::filesystem::path& file, std::string* error) {
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::symlink_status(file, ec)))
        return std::vector<User>{};
    FileBytes b = read_regular_file(file, max_users_file_bytes);
    if (!b.ok()) {
        *error = file.string() + " " + b.problem;
        return std::nullopt;
    }
    std::string why;
    auto users = parse_users(b.bytes, &why);
    if (!users) *error = file.string() + ": " + why;
    return users;
}

std::string write_users(const std::filesystem::path& file, const std::vector<User>& users) {
    std::error_code ec;
    const std::filesystem::path dir = file.parent_path().empty() ? "." : file.parent_path();
    if (!std::filesystem::is_directory(dir, ec)) {
        if (::mkdir(dir.c_str(), 0700) != 0)
            return "could not make the folder " + dir.string() + " (" + std::strerror(errno) + ")";
    }
    std::string tmp = (dir / ".users-XXXXXX").string();
    int fd = ::mkstemp(tmp.data()); // mode 0600
    if (fd < 0) return "could not write in " + dir.string() + " (" + std::strerror(errno) + ")";
    const std::string text = format_users(users);
    std::size_t done = 0;
    bool ok = true;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = false;
            break;
        }
        done += std::size_t(n);
    }
    ok = ok && ::fchmod(fd, 0600) == 0 && ::fsync(fd) == 0;
    int saved = errno;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0) {
        if (ok) saved = errno;
        ::unlink(tmp.c_str());
        return "could not write " + file.string() + " (" + std::strerror(saved) + ")";
    }
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return "";
}

std::filesystem::path default_users_file(const std::filesystem::path& playlist_folder) {
    return playlist_folder / ".tsr" / "users";
}

std::string hash_password(std::string_view password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return "";
    return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
    if (password.size() > max_password_bytes) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string password_problem(std::string_view password) {
    if (password.size() > max_password_bytes)
        return i18n::format(_("is too long (at most %s bytes)"), max_password_bytes);
    if (first_non_utf8(password)) return _("is not UTF-8 text");
    std::size_t chars = 0;
    for (unsigned char c : password)
        if ((c & 0xC0) != 0x80) ++chars;
    if (chars < min_password_chars)
        return i18n::format(_("is too short (at least %s characters)"), min_password_chars);
    for (unsigned char c : password)
        if (c < 0x20 || c == 0x7f) return _("holds a control character");
    return "";
}

bool crypto_ready() {
    return sodium_init() >= 0;
}

} // namespace tsr::console
