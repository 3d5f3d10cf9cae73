// `tsr`: the command people and scripts call (interfaces.md).
#include "cli.hpp"
#include "commands.hpp"
#include "config.h"
#include "i18n.hpp"
#include "text_checks.hpp"

#include <gst/gst.h>

#include <cstring>
#include <iostream>

namespace {

// Translated where it is printed (the language is chosen in main).
const char* const kUsage = N_(
    "usage: tsr COMMAND PLAYLIST [OPTIONS]\n"
    "\n"
    "  check PLAYLIST [--at T]                     validate; problems as file:line:col\n"
    "  timeline PLAYLIST [--from T] [--to T | --days N] [--json] [--kind K,...]\n"
    "                                              what will happen when\n"
    "  render PLAYLIST --at T -o FILE.png          the screen exactly as it shows at T\n"
    "  record PLAYLIST --from T --duration D -o FILE.mkv|.mp4|.webm|.wav|null [--asrun FILE]\n"
    "                                              play out simulated time, as fast as it can\n"
    "  play PLAYLIST [--output auto|window|fullscreen|kms|file:PATH|null] [--duration D]\n"
    "       [--asrun FILE]                         live playout at the real time of day; edits of\n"
    "                                              the playlist are taken while it plays\n"
    "       [--console [ADDR:]PORT [--users FILE] [--console-cert PEM --console-key PEM]]\n"
    "                                              also serve the office console (a web page)\n"
    "  user add NAME --role viewer|editor|admin | list | remove NAME | passwd NAME\n"
    "       [--playlist FOLDER | --users FILE]     the console's users (FOLDER/.tsr/users)\n"
    "  report PLAYLIST --month YYYY-MM -o FILE.pdf|.html|.csv|.xlsx [--signer NAME]\n"
    "                                              the month's proof of play, to sign\n"
    "  report PLAYLIST --verify                    whether a day of the as-run log was altered\n"
    "  version                                     versions of tsr and GStreamer\n"
    "\n"
    "Times are local to the playlist's timezone: \"2026-11-30 09:00\" or 2026-11-30T09:00:00.\n"
    "Exit codes: 0 done, 1 the playlist or an input is wrong, 2 the command line is wrong,\n"
    "3 a failure at run time.\n");

struct Command {
    const char* name;
    int (*run)(int, char**);
};

int cmd_version(int, char**) {
    gst_init(nullptr, nullptr);
    gchar* gst = gst_version_string();
    std::cout << "tsr " TSR_VERSION "\n" << gst << "\n";
    g_free(gst);
    return 0;
}

const Command kCommands[] = {
    {"check", tsr::cmd_check},   {"timeline", tsr::cmd_timeline}, {"render", tsr::cmd_render},
    {"record", tsr::cmd_record}, {"play", tsr::cmd_play},         {"version", cmd_version},
    {"user", tsr::cmd_user},
    {"report", tsr::cmd_report},
};

/// Indonesian when the environment asks for it, or when the playlist the command works on
/// (its first argument) says language = "id"; English otherwise.
void choose_language(int argc, char** argv) {
    std::string language = tsr::i18n::language_from_environment();
    // The playlist is the argument that is a playlist: options may come first.
    for (int i = 2; i < argc && language != "id"; ++i)
        if (argv[i][0] != '-' && tsr::i18n::playlist_language(argv[i]) == "id") language = "id";
    tsr::i18n::use_language(language);
}

} // namespace

int main(int argc, char** argv) {
    choose_language(argc, argv);
    const char* usage = _(kUsage);
    if (argc < 2) {
        std::cerr << usage;
        return tsr::cli::bad_usage;
    }
    std::string name = argv[1];
    if (name == "help" || name == "--help" || name == "-h") {
        std::cout << usage;
        return 0;
    }
    if (name == "--version") name = "version";
    for (const Command& c : kCommands)
        if (name == c.name) {
            try {
                return c.run(argc - 2, argv + 2);
            } catch (const std::exception& e) {
                std::cerr << "tsr " << name << ": " << e.what() << "\n";
                return tsr::cli::runtime_failure;
            }
        }
    std::cerr << "tsr: " << tsr::i18n::format(_("\"%s\" is not a command"), tsr::excerpt(name, 40))
              << "\n"
              << usage;
    return tsr::cli::bad_usage;
}
