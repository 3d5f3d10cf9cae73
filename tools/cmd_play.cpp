// `tsr play PLAYLIST [--output O] [--duration D] [--asrun FILE]`: live playout at the real
// time of day until stopped (SIGTERM, SIGINT) or for D. The output: auto (default), window,
// fullscreen, kms, file:PATH or null; see screen_output.hpp for what auto picks and
// playout.hpp for how it keeps going (faults, hot reload, SIGHUP). With --console [ADDR:]PORT
// it also serves the office console (console/server.hpp) on the same main loop.
#include "cli.hpp"
#include "commands.hpp"
#include "config.h"
#include "console/server.hpp"
#include "console/users.hpp"
#include "i18n.hpp"
#include "playlist_store.hpp"
#include "playout.hpp"
#include "report_writers.hpp"
#include "screen_output.hpp"
#include "tsr_plugin.hpp"
#include "watchdog.hpp"

#include <cerrno>
#include <fcntl.h>
#include <gst/gst.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>

namespace tsr {

namespace {

/// Whether any interface but loopback has an IPv4 or IPv6 address: without one (no network,
/// or systemd's PrivateNetwork=), a console listening on every address reaches nobody else.
bool has_network_address() {
    ifaddrs* all = nullptr;
    if (::getifaddrs(&all) != 0) return true; // unknown: say nothing
    bool found = false;
    for (ifaddrs* i = all; i && !found; i = i->ifa_next)
        found = i->ifa_addr && !(i->ifa_flags & IFF_LOOPBACK) &&
                (i->ifa_addr->sa_family == AF_INET || i->ifa_addr->sa_family == AF_INET6);
    ::freeifaddrs(all);
    return found;
}

/// Takes the folder's lock for the life of the process: false when another process has it.
/// A folder that cannot be opened is left to the loader to report.
bool lock_folder(const std::filesystem::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return true;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return true; // fd kept open: the lock stays
    const bool held = errno == EWOULDBLOCK;
    ::close(fd);
    return !held;
}

/// Where the console's drop-in for the unit is (tools/tsr-console.conf.in).
std::string console_dropin() {
    return (std::filesystem::path(TSR_DATADIR) / "console.conf").string();
}

} // namespace

namespace {

/// "20261130-084450" in the playlist's zone, for the name of an automatic recording.
std::string file_stamp(const Playlist& p, Instant t) {
    std::string iso = format_iso(p.zone, t); // 2026-11-30T08:44:50+07:00
    std::string out;
    for (std::size_t i = 0; i < iso.size() && i < 19; ++i) {
        char c = iso[i];
        if (c == 'T')
            out += '-';
        else if (c >= '0' && c <= '9')
            out += c;
    }
    return out;
}

std::string describe(const OutputSpec& o) {
    switch (o.kind) {
    case OutputSpec::Kind::null:
        return _("null (nothing shown)");
    case OutputSpec::Kind::file:
        return i18n::format(_("file %s"), o.path);
    case OutputSpec::Kind::window:
        return _("a window");
    case OutputSpec::Kind::fullscreen:
        return _("fullscreen");
    case OutputSpec::Kind::kms:
        return _("kms (the screen through DRM/KMS)");
    case OutputSpec::Kind::automatic:
        return _("a desktop window");
    }
    return "?";
}

} // namespace

int cmd_play(int argc, char** argv) {
    const std::string usage =
        _("tsr play PLAYLIST [--output auto|window|fullscreen|kms|file:PATH|null] "
          "[--duration D] [--asrun FILE] [--console [ADDR:]PORT [--users FILE] "
          "[--console-cert PEM --console-key PEM]]");
    std::string error;
    auto args = cli::Args::parse(
        argc, argv,
        {"output", "duration", "asrun", "console", "users", "console-cert", "console-key"},
        {"quiet"}, &error, true);
    if (!args) return cli::usage_error("play", error, usage);
    if (args->positional.size() != 1)
        return cli::usage_error("play", _("give one playlist folder or playlist.toml"), usage);
    auto output = parse_play_output(args->get("output", "auto"), &error);
    if (!output) return cli::usage_error("play", "--output " + error, usage);
    std::optional<Micros> duration;
    if (args->has("duration")) {
        duration = cli::duration_arg(args->get("duration"), std::chrono::days(3660), &error);
        if (!duration) return cli::usage_error("play", error, usage);
    }

    console::ConsoleOptions console_options;
    if (args->has("console") &&
        !console::parse_listen(args->get("console"), &console_options.address,
                               &console_options.port, &error))
        return cli::usage_error("play", "--console " + error, usage);
    if (args->has("console-cert") != args->has("console-key"))
        return cli::usage_error("play", _("give --console-cert and --console-key together"), usage);
    if (!args->has("console") &&
        (args->has("users") || args->has("console-cert") || args->has("console-key")))
        return cli::usage_error("play", _("--users and --console-cert need --console"), usage);

    gst_init(nullptr, nullptr);
    const std::string where = args->positional[0];
    std::error_code ec;
    const std::filesystem::path folder =
        std::filesystem::absolute(playlist_file_of(where), ec).lexically_normal().parent_path();
    // One player per playlist folder: two would write every row twice into the same log.
    // Held (flock on the folder itself, nothing written in it) until the process ends.
    if (!lock_folder(folder)) {
        std::cerr << "tsr play: "
                  << i18n::format(_("another tsr play is already playing %s; two would write "
                                    "every as-run row twice. Stop the other one first (sudo "
                                    "systemctl stop tsr, or Ctrl+C where it runs)"),
                                  folder.string())
                  << "\n";
        return cli::runtime_failure;
    }
    // Loading may convert documents for minutes: systemd is told to wait (watchdog.hpp).
    auto extender = std::make_unique<StartExtender>();
    LoadResult loaded = load_playlist(where, LoadOptions{std::nullopt, true});
    for (const Diagnostic& d : loaded.diagnostics.sorted())
        if (d.severity == Severity::error) std::cerr << format_diagnostic(d) << "\n";
    std::shared_ptr<const Playlist> playlist = loaded.playlist;
    std::optional<AsRunRow> start_note;
    std::string refused_at_start;
    if (!playlist) {
        // Never dark: a refused edit lying on disk at a restart (reboot, systemctl restart)
        // plays the last playlist accepted, kept by the last run, and says so.
        const std::filesystem::path copy = last_good_dir(folder);
        LoadResult last = load_playlist(copy, LoadOptions{std::nullopt, true});
        if (!last.playlist) return cli::bad_input;
        playlist = last.playlist;
        std::string saved = "?";
        auto mtime = std::filesystem::last_write_time(copy / "playlist.toml", ec);
        if (!ec) {
            auto sys = std::chrono::file_clock::to_sys(mtime);
            saved = format_iso(playlist->zone,
                               Instant(std::chrono::duration_cast<Micros>(sys.time_since_epoch())))
                        .substr(0, 19);
        }
        Refusal why = refusal_of(loaded.diagnostics, folder);
        refused_at_start = why.key();
        std::cerr << "tsr play: "
                  << i18n::format(_("%s was not accepted (%s, above); playing the last good "
                                    "playlist instead, kept %s in %s"),
                                  playlist_file_of(where).string(), why.count, saved, copy.string())
                  << "\n";
        start_note = AsRunRow{
            std::nullopt,
            std::nullopt,
            "reload",
            "",
            "playlist.toml",
            "skipped: " + i18n::format(_("%s (%s; playing the last good playlist, kept %s)"),
                                       why.first, why.count, saved)};
    }
    if (!ensure_tsr_plugin(&error)) {
        std::cerr << "tsr play: " << error << "\n";
        return cli::runtime_failure;
    }

    if (output->kind == OutputSpec::Kind::automatic) {
        AutoChoice c = choose_auto_output(folder, file_stamp(*playlist, cli::now()));
        std::cout << "tsr play: " << i18n::format(_("output %s: %s"), describe(c.output), c.why)
                  << "\n"
                  << std::flush;
        output = c.output;
    } else {
        std::cout << "tsr play: " << i18n::format(_("output %s"), describe(*output)) << "\n"
                  << std::flush;
        if (output->kind == OutputSpec::Kind::kms) {
            std::string why;
            if (usable_drm_card(&why).empty())
                std::cerr << "tsr play: "
                          << i18n::format(_("warning: %s; kmssink will probably fail"), why)
                          << "\n";
        }
    }

    PlayoutOptions o;
    o.playlist_arg = where;
    o.folder = folder;
    o.start_note = start_note;
    o.refused_at_start = refused_at_start;
    o.duration = duration;
    o.output = *output;
    o.asrun_file = args->get("asrun");
    o.live_play = true;
    o.what = i18n::format(_("play to %s"), describe(*output));
    // The console lives while the playout does (declared first, destroyed last).
    std::unique_ptr<console::Console> office_console;
    o.on_show_pad = [&office_console](GstPad* pad) {
        if (office_console) office_console->attach_show(pad);
    };
    o.on_row = [&office_console](const AsRunRow& row) {
        if (office_console) office_console->on_row(row);
    };
    extender.reset(); // from here READY=1 waits only for the first frame
    Playout playout(playlist, o);
    if (args->has("console")) {
        console_options.users_file = args->has("users") ? std::filesystem::path(args->get("users"))
                                                        : console::default_users_file(folder);
        console_options.tls_certificate = args->get("console-cert");
        console_options.tls_key = args->get("console-key");
        console::PlayoutLink link;
        link.playlist = [&playout] { return playout.playlist(); };
        link.log = [&playout](const AsRunRow& row) { playout.log(row); };
        link.reload = [&playout](const std::string& why) { playout.reload_soon(why); };
        link.announce = [&playout](std::shared_ptr<const Announcement> a) {
            playout.announce(std::move(a));
        };
        link.report = [](const Playlist& p, ReportMonth m, const std::filesystem::path& out) {
            return write_month_report(p, m, out, "", cli::now(), nullptr);
        };
        link.clock_sync = [&playout] { return playout.clock_sync(); };
        link.playlist_file = folder / playlist_file_of(where).filename();
        if (!o.asrun_file.empty()) link.asrun_file = std::filesystem::absolute(o.asrun_file, ec);
        office_console = console::Console::start(console_options, std::move(link), &error);
        // Playout first: without its console the TV still plays.
        if (office_console) {
            std::cout << "tsr play: "
                      << i18n::format(_("the console is at %s"), office_console->url()) << "\n"
                      << std::flush;
            if (console_options.address != "127.0.0.1" && console_options.address != "::1" &&
                !has_network_address())
                std::cerr << "tsr play: "
                          << i18n::format(_("this PC has no network address but its own, so "
                                            "only this PC reaches the console; under systemd "
                                            "the tsr service is cut off from the network unless "
                                            "%s is installed (see docs/console.md)"),
                                          console_dropin())
                          << "\n";
        } else
            std::cerr << "tsr play: " << i18n::format(_("the console is not started: %s"), error)
                      << "\n";
    }
    return playout.run();
}

} // namespace tsr
