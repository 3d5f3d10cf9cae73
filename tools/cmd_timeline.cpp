// `tsr timeline PLAYLIST [--from T] [--to T | --days N] [--json] [--kind K,...]`:
// what will happen when, in order. By default what people plan by (reminders, starts,
// deadlines); slide changes (thousands a week) only when asked for with --kind slide.
#include "cli.hpp"
#include "commands.hpp"
#include "i18n.hpp"
#include "schedule.hpp"
#include "text_checks.hpp"

#include <cstdio>
#include <iostream>
#include <sstream>

namespace tsr {

namespace {

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
    }
    return out + "\"";
}

} // namespace

int cmd_timeline(int argc, char** argv) {
    const std::string usage =
        _("tsr timeline PLAYLIST [--from T] [--to T | --days N] [--json] "
          "[--kind slide,reminder,start,deadline] (default kinds: reminder,start,deadline)");
    std::string error;
    auto args = cli::Args::parse(argc, argv, {"from", "to", "days", "kind"}, {"json"}, &error);
    if (!args) return cli::usage_error("timeline", error, usage);
    if (args->positional.size() != 1)
        return cli::usage_error("timeline", _("give one playlist folder or playlist.toml"), usage);
    if (args->has("to") && args->has("days"))
        return cli::usage_error("timeline", _("give --to or --days, not both"), usage);

    CueKinds kinds{false, true, true, true};
    if (args->has("kind")) {
        kinds = CueKinds{false, false, false, false};
        std::stringstream ks(args->get("kind"));
        for (std::string k; std::getline(ks, k, ',');) {
            if (k == "slide")
                kinds.slide = true;
            else if (k == "reminder")
                kinds.reminder = true;
            else if (k == "start")
                kinds.start = true;
            else if (k == "deadline")
                kinds.deadline = true;
            else
                return cli::usage_error(
                    "timeline", i18n::format(_("--kind: \"%s\" is not a kind"), excerpt(k, 40)),
                    usage);
        }
    }
    long days = 1;
    if (args->has("days")) {
        try {
            std::size_t used = 0;
            days = std::stol(args->get("days"), &used);
            if (used != args->get("days").size() || days < 1 || days > 400) throw 0;
        } catch (...) {
            return cli::usage_error("timeline", _("--days: write a whole number from 1 to 400"),
                                    usage);
        }
    }

    auto playlist = cli::load_or_report(args->positional[0], std::nullopt, false);
    if (!playlist) return cli::bad_input;
    const Playlist& p = *playlist;
    Instant from = cli::now();
    if (args->has("from")) {
        auto t = cli::parse_time_arg(p, "from", args->get("from"));
        if (!t) return cli::bad_usage;
        from = *t;
    }
    Instant to = from + std::chrono::days(days);
    if (args->has("to")) {
        auto t = cli::parse_time_arg(p, "to", args->get("to"));
        if (!t) return cli::bad_usage;
        if (*t <= from) return cli::usage_error("timeline", _("--to must be after --from"), usage);
        // The same bound as --days: the cost grows with the window.
        if (*t - from > std::chrono::days(400))
            return cli::usage_error("timeline", _("--to is more than 400 days after --from"),
                                    usage);
        to = *t;
    }

    bool json = args->has("json");
    if (json) std::cout << "[";
    bool first = true;
    for (const Cue& c : cues(p, from, to, kinds)) {
        const char* kind = cue_kind_name(c.kind);
        std::string time = format_iso(p.zone, c.time);
        if (json) {
            std::cout << (first ? "\n" : ",\n") << "  {\"time\": " << json_string(time)
                      << ", \"kind\": " << json_string(kind) << ", \"id\": " << json_string(c.id)
                      << ", \"title\": " << json_string(c.title);
            if (c.kind == CueKind::reminder)
                std::cout << ", \"audio\": "
                          << json_string(std::filesystem::relative(c.audio, p.folder).string());
            if (!c.detail.empty() && c.kind != CueKind::reminder)
                std::cout << ", \"detail\": " << json_string(c.detail);
            std::cout << "}";
        } else {
            // "2026-11-30 08:45:00  reminder  rapat-tim  Rapat Internal Tim  (rapat-15-menit.m4a)"
            std::string shown = time.substr(0, 10) + " " + time.substr(11, 8);
            char kind_col[12];
            std::snprintf(kind_col, sizeof kind_col, "%-9s", kind);
            std::cout << shown << "  " << kind_col << " " << c.id << "  " << c.title;
            if (!c.detail.empty()) std::cout << "  (" << c.detail << ")";
            std::cout << "\n";
        }
        first = false;
    }
    if (json) std::cout << (first ? "]\n" : "\n]\n");
    return cli::ok;
}

} // namespace tsr
