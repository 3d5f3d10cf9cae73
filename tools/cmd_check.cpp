// `tsr check PLAYLIST [--at T]`: validates; problems one a line; a one-line summary on success.
#include "cli.hpp"
#include "commands.hpp"
#include "i18n.hpp"
#include "schedule.hpp"

#include <iostream>

namespace tsr {

namespace {

/// "Asia/Jakarta (WIB, UTC+07:00)": the zone every time in the playlist is read in.
std::string zone_text(const Playlist& p, Instant now) {
    std::string abbr = p.zone.abbreviation_at(now);
    std::string offset = format_utc_offset(p.zone.offset_at(now));
    bool named = !abbr.empty() && abbr[0] != '+' && abbr[0] != '-' && abbr != "UTC";
    return p.zone.name() + " (" + (named ? abbr + ", " : "") + offset + ")";
}

} // namespace

int cmd_check(int argc, char** argv) {
    const std::string usage = _("tsr check PLAYLIST [--at \"2026-11-30 09:00\"]");
    std::string error;
    auto args = cli::Args::parse(argc, argv, {"at"}, {"quiet"}, &error);
    if (!args) return cli::usage_error("check", error, usage);
    if (args->positional.size() != 1)
        return cli::usage_error("check", _("give one playlist folder or playlist.toml"), usage);
    const std::string& where = args->positional[0];

    // "Now" decides only the warnings about things that will never show; --at pins it.
    std::optional<Instant> now = cli::now();
    if (args->has("at")) {
        auto zone = TimeZone::fixed(Seconds(0));
        // The zone is the playlist's, known only after loading: load once without warnings.
        LoadResult first = load_playlist(where, LoadOptions{std::nullopt, false});
        if (first.playlist) zone = first.playlist->zone;
        now = parse_local_datetime(zone, args->get("at"));
        if (!now)
            return cli::usage_error(
                "check", i18n::format(_("--at: \"%s\" is not a date-time"), args->get("at")),
                usage);
    }
    LoadResult r = load_playlist(where, LoadOptions{now, true});
    for (const Diagnostic& d : r.diagnostics.sorted())
        std::cerr << format_diagnostic(d) << "\n";
    std::size_t errors = r.diagnostics.error_count(), warnings = r.diagnostics.warning_count();
    if (!r.playlist) {
        std::cerr << playlist_file_of(where).string() << ": "
                  << i18n::format(i18n::tr_n("%s error", "%s errors", errors), errors) << ", "
                  << i18n::format(i18n::tr_n("%s warning", "%s warnings", warnings), warnings)
                  << "; " << _("the playlist was not accepted") << "\n";
        return cli::bad_input;
    }
    const Playlist& p = *r.playlist;
    std::size_t reminders = 0;
    for (const Activity& a : p.activities)
        reminders += a.reminders.size();
    std::size_t week = reminders_due(p, *now, *now + std::chrono::days(7)).size();
    // "ok:" stays as it is: scripts look for it.
    std::cout << playlist_file_of(where).string() << ": ok: "
              << i18n::format(i18n::tr_n("%s activity", "%s activities", p.activities.size()),
                              p.activities.size())
              << ", "
              << i18n::format(i18n::tr_n("%s reminder (%s in the next 7 days)",
                                         "%s reminders (%s in the next 7 days)", reminders),
                              reminders, week)
              << ", "
              << i18n::format(i18n::tr_n("%s slide", "%s slides", p.slides.size()), p.slides.size())
              << ", " << i18n::format(i18n::tr_n("%s warning", "%s warnings", warnings), warnings)
              << "; " << i18n::format(_("timezone %s"), zone_text(p, *now)) << "\n";
    return cli::ok;
}

} // namespace tsr
