#include "cli.hpp"
#include "i18n.hpp"
#include "text_checks.hpp"

#include <glib.h>
#include <gst/gst.h>

#include <algorithm>
#include <iostream>

namespace tsr::cli {

namespace {

bool known(const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

/// The command line's mistakes in our words (GOptionContext's own messages are worded
/// differently and not in the office's language); empty when GOptionContext will take it.
std::string mistake_in(int argc, char** argv, const std::vector<std::string>& value_options,
                       const std::vector<std::string>& flags, bool gstreamer_options) {
    for (int i = 0; i < argc; ++i) {
        std::string s = argv[i];
        if (s.size() > 2 && s.rfind("--", 0) == 0) {
            std::string name = s.substr(2);
            const bool has_value = name.find('=') != std::string::npos;
            if (has_value) name = name.substr(0, name.find('='));
            if (gstreamer_options && name.rfind("gst-", 0) == 0) continue; // GStreamer's
            if (known(value_options, name)) {
                if (!has_value && i + 1 >= argc) return i18n::format(_("--%s needs a value"), name);
                if (!has_value) ++i;
            } else if (!known(flags, name) || has_value) {
                return i18n::format(_("unknown option --%s"), name);
            }
        } else if (s == "-o" && known(value_options, "output-file")) {
            if (i + 1 >= argc) return _("-o needs a file name");
            ++i;
        } else if (s.size() > 1 && s[0] == '-' && s != "-") {
            return i18n::format(_("unknown option %s"), s);
        }
    }
    return "";
}

} // namespace

std::optional<Args> Args::parse(int argc, char** argv,
                                const std::vector<std::string>& value_options,
                                const std::vector<std::string>& flags, std::string* error,
                                bool gstreamer_options) {
    if (std::string m = mistake_in(argc, argv, value_options, flags, gstreamer_options);
        !m.empty()) {
        *error = m;
        return std::nullopt;
    }
    // Values as bytes (FILENAME: no conversion from the locale's charset, which would refuse
    // a UTF-8 path under LANG=C); the last of a repeated option wins.
    std::vector<gchar*> values(value_options.size(), nullptr);
    std::vector<gboolean> set(flags.size(), FALSE);
    std::vector<GOptionEntry> entries;
    for (std::size_t i = 0; i < value_options.size(); ++i)
        entries.push_back({value_options[i].c_str(), value_options[i] == "output-file" ? 'o' : '\0',
                           0, G_OPTION_ARG_FILENAME, &values[i], nullptr, nullptr});
    for (std::size_t i = 0; i < flags.size(); ++i)
        entries.push_back(
            {flags[i].c_str(), '\0', 0, G_OPTION_ARG_NONE, &set[i], nullptr, nullptr});
    entries.push_back({nullptr, '\0', 0, G_OPTION_ARG_NONE, nullptr, nullptr, nullptr});

    GOptionContext* context = g_option_context_new(nullptr);
    g_option_context_set_help_enabled(context, FALSE); // usage is ours (tsr_main.cpp)
    g_option_context_add_main_entries(context, entries.data(), nullptr);
    // --gst-debug=tsr*:5 and the rest; GStreamer is initialised after parsing them.
    if (gstreamer_options) g_option_context_add_group(context, gst_init_get_option_group());
    gchar** strv = g_new0(gchar*, argc + 2);
    strv[0] = g_strdup("tsr");
    for (int i = 0; i < argc; ++i)
        strv[i + 1] = g_strdup(argv[i]);
    GError* err = nullptr;
    const bool parsed = g_option_context_parse_strv(context, &strv, &err);
    g_option_context_free(context);

    std::optional<Args> a;
    if (!parsed) {
        *error = err ? err->message : _("the command line could not be read");
    } else {
        a.emplace();
        for (gchar** p = strv + 1; *p; ++p)
            a->positional.push_back(*p);
        for (std::size_t i = 0; i < value_options.size(); ++i)
            if (values[i]) a->options[value_options[i]] = values[i];
        for (std::size_t i = 0; i < flags.size(); ++i)
            if (set[i]) a->options[flags[i]] = "";
    }
    if (err) g_error_free(err);
    for (gchar* v : values)
        g_free(v);
    g_strfreev(strv);
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
