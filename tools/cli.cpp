#include "cli.hpp"
#include "i18n.hpp"
#include "text_checks.hpp"

#include <glib.h>

#include <algorithm>
#include <iostream>

namespace tsr::cli {

std::optional<Args> Args::parse(int argc, char** argv,
                                const std::vector<std::string>& value_options,
                                const std::vector<std::string>& flags, std::string* error) {
    Args a;
    auto known = [](const std::vector<std::string>& list, const std::string& n) {
        return std::find(list.begin(), list.end(), n) != list.end();
    };
    for (int i = 0; i < argc; ++i) {
        std::string s = argv[i];
        if (s.size() > 2 && s.rfind("--", 0) == 0) {
            std::string name = s.substr(2), value;
            bool has_value = false;
            if (auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
                has_value = true;
            }
            if (known(value_options, name)) {
                if (!has_value) {
                    if (i + 1 >= argc) {
                        *error = i18n::format(_("--%s needs a value"), name);
                        return std::nullopt;
                    }
                    value = argv[++i];
                }
                a.options[name] = value;
            } else if (known(flags, name) && !has_value) {
                a.options[name] = "";
            } else {
                *error = i18n::format(_("unknown option --%s"), name);
                return std::nullopt;
            }
        } else if (s == "-o" && known(value_options, "output-file")) {
            if (i + 1 >= argc) {
                *error = _("-o needs a file name");
                return std::nullopt;
            }
            a.options["output-file"] = argv[++i];
        } else if (s.size() > 1 && s[0] == '-' && s != "-") {
            *error = i18n::format(_("unknown option %s"), s);
            return std::nullopt;
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

int usage_error(const std::string& command, const std::string& message, const std::string& usage) {
    std::cerr << "tsr " << command << ": " << message << "\n"
              << _("usage:") << " " << usage << "\n";
    return bad_usage;
}

std::shared_ptr<const Playlist> load_or_report(const std::string& where, std::optional<Instant> now,
                                               bool print_warnings) {
    LoadResult r = load_playlist(where, LoadOptions{now, true});
    for (const Diagnostic& d : r.diagnostics.sorted())
        if (d.severity == Severity::error || print_warnings)
            std::cerr << format_diagnostic(d) << "\n";
    return r.playlist;
}

Instant now() {
    return Instant(Micros(g_get_real_time()));
}

std::optional<Instant> parse_time_arg(const Playlist& p, const std::string& option,
                                      const std::string& text) {
    auto t = parse_local_datetime(p.zone, text);
    if (!t)
        std::cerr << "tsr: "
                  << i18n::format(_("--%s \"%s\" is not a date-time; write it like "
                                    "\"2026-11-30 09:00\""),
                                  option, excerpt(text, 40))
                  << "\n";
    return t;
}

std::optional<Micros> duration_arg(const std::string& text, Seconds max, std::string* error) {
    auto d = parse_duration(text);
    std::string shown = "--duration \"" + excerpt(text, 40) + "\"";
    if (!d || d->count() <= 0) {
        *error = i18n::format(_("%s is not a duration; write it like 90s, 15m or 1h30m"), shown);
        return std::nullopt;
    }
    if (*d > max) {
        *error = i18n::format(_("%s is out of range; write a duration from 1s to %s"), shown,
                              format_duration(max));
        return std::nullopt;
    }
    return std::chrono::duration_cast<Micros>(*d);
}

} // namespace tsr::cli
