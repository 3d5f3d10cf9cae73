// `tsr user add NAME --role viewer|editor|admin | list | remove NAME | passwd NAME`, with
// [--playlist FOLDER | --users FILE]: the users of the console (console/users.hpp). The
// password is read from the terminal without echo (asked twice), or as one line of standard
// input when it is not a terminal (scripts, tests).
#include "cli.hpp"
#include "commands.hpp"
#include "console/users.hpp"
#include "i18n.hpp"
#include "text_checks.hpp"

#include <cstdio>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace tsr {

namespace {

using namespace tsr::console;

std::optional<std::string> read_line_no_echo(const char* prompt) {
    termios old{};
    bool tty = ::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) std::cerr << prompt << std::flush; // a script piping the password wants no prompt
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    bool got = false;
    for (int c; (c = std::getchar()) != EOF;) {
        got = true;
        if (c == '\n') break;
        if (line.size() > max_password_bytes) continue; // bounded; refused below as too long
        line += char(c);
    }
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        std::cerr << "\n";
    }
    if (!got) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

/// Asks for a new password (twice on a terminal). nullopt after saying why.
std::optional<std::string> new_password() {
    auto p = read_line_no_echo(_("password: "));
    if (!p) {
        std::cerr << "tsr user: " << _("no password given") << "\n";
        return std::nullopt;
    }
    if (std::string why = password_problem(*p); !why.empty()) {
        std::cerr << "tsr user: " << i18n::format(_("the password %s"), why) << "\n";
        return std::nullopt;
    }
    if (::isatty(STDIN_FILENO)) {
        auto again = read_line_no_echo(_("the same password again: "));
        if (!again || *again != *p) {
            std::cerr << "tsr user: " << _("the two passwords differ; nothing changed") << "\n";
            return std::nullopt;
        }
    }
    return p;
}

} // namespace

int cmd_user(int argc, char** argv) {
    const std::string usage =
        _("tsr user add NAME --role viewer|editor|admin | list | remove NAME | passwd NAME "
          "[--playlist FOLDER | --users FILE] (default: the users of the playlist in the "
          "current folder, ./.tsr/users)");
    std::string error;
    auto args = cli::Args::parse(argc, argv, {"role", "playlist", "users"}, {}, &error);
    if (!args) return cli::usage_error("user", error, usage);
    if (args->positional.empty()) return cli::usage_error("user", _("say what to do"), usage);
    if (args->has("playlist") && args->has("users"))
        return cli::usage_error("user", _("give --playlist or --users, not both"), usage);
    const std::string what = args->positional[0];
    const std::filesystem::path file = args->has("users")
                                           ? std::filesystem::path(args->get("users"))
                                           : default_users_file(args->get("playlist", "."));
    if (!crypto_ready()) {
        std::cerr << "tsr user: " << _("libsodium could not start") << "\n";
        return cli::runtime_failure;
    }
    auto users = read_users(file, &error);
    if (!users) {
        std::cerr << "tsr user: " << error << "\n";
        return cli::bad_input;
    }
    if (what == "list") {
        if (args->positional.size() != 1)
            return cli::usage_error("user", _("list takes no name"), usage);
        if (users->empty()) std::cout << i18n::format(_("no users in %s"), file.string()) << "\n";
        for (const User& u : *users)
            std::cout << u.name << "  " << role_name(u.role) << "\n";
        return cli::ok;
    }
    if (what != "add" && what != "remove" && what != "passwd")
        return cli::usage_error(
            "user", i18n::format(_("\"%s\" is not add, list, remove or passwd"), excerpt(what, 40)),
            usage);
    if (args->positional.size() != 2) return cli::usage_error("user", _("give one NAME"), usage);
    const std::string name = args->positional[1];
    if (std::string why = name_problem(name); !why.empty())
        return cli::usage_error(
            "user", i18n::format(_("the name \"%s\" %s"), name.substr(0, 40), why), usage);
    auto it = users->begin();
    while (it != users->end() && it->name != name)
        ++it;
    if (what == "add") {
        auto role = parse_role(args->get("role"));
        if (!role)
            return cli::usage_error("user", _("--role viewer, editor or admin is needed"), usage);
        if (it != users->end()) {
            std::cerr << "tsr user: "
                      << i18n::format(_("%s is already a user; tsr user passwd %s sets a new "
                                        "password"),
                                      name, name)
                      << "\n";
            return cli::bad_input;
        }
        if (users->size() >= max_users) {
            std::cerr << "tsr user: " << i18n::format(_("at most %s users"), max_users) << "\n";
            return cli::bad_input;
        }
        auto password = new_password();
        if (!password) return cli::bad_input;
        std::string hash = hash_password(*password);
        if (hash.empty()) {
            std::cerr << "tsr user: " << _("the password could not be hashed (out of memory?)")
                      << "\n";
            return cli::runtime_failure;
        }
        users->push_back({name, *role, hash});
    } else {
        if (it == users->end()) {
            std::cerr << "tsr user: "
                      << i18n::format(_("%s is not a user of %s"), name, file.string()) << "\n";
            return cli::bad_input;
        }
        if (what == "remove") {
            users->erase(it);
        } else {
            auto password = new_password();
            if (!password) return cli::bad_input;
            it->hash = hash_password(*password);
            if (it->hash.empty()) return cli::runtime_failure;
        }
    }
    if (std::string why = write_users(file, *users); !why.empty()) {
        std::cerr << "tsr user: " << why << "\n";
        return cli::runtime_failure;
    }
    std::cout << "tsr user: "
              << i18n::format(what == "add"      ? _("added %s in %s")
                              : what == "remove" ? _("removed %s in %s (a running console ends "
                                                     "their sessions)")
                                                 : _("new password for %s in %s (a running "
                                                     "console ends their sessions)"),
                              name, file.string())
              << "\n";
    return cli::ok;
}

} // namespace tsr
