// `tsr record PLAYLIST --from T --duration D -o FILE`: plays out from simulated time T for D,
// as fast as the machine can, to .mkv/.mp4/.webm (picture and sound), .wav (sound) or null.
// Its as-run log goes beside the output (out.mkv: out.asrun.csv) or to --asrun.
#include "cli.hpp"
#include "commands.hpp"
#include "i18n.hpp"
#include "playout.hpp"

#include <gst/gst.h>

#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace tsr {

namespace {

std::string rehearsal_asrun_path(const std::string& output) {
    if (output == "null") return "";
    std::filesystem::path p(output);
    return (p.parent_path() / (p.stem().string() + ".asrun.csv")).string();
}

} // namespace

int cmd_record(int argc, char** argv) {
    const std::string usage =
        _("tsr record PLAYLIST --from T --duration D -o FILE.mkv|.mp4|.webm|.wav|null "
          "[--asrun FILE] [--quiet] [--switch-tv]");
    std::string error;
    auto args = cli::Args::parse(argc, argv, {"from", "duration", "output-file", "asrun"},
                                 {"quiet", "switch-tv"}, &error, true);
    if (!args) return cli::usage_error("record", error, usage);
    if (args->positional.size() != 1)
        return cli::usage_error("record", _("give one playlist folder or playlist.toml"), usage);
    for (const char* required : {"from", "duration", "output-file"})
        if (!args->has(required))
            return cli::usage_error(
                "record",
                i18n::format(_("%s is required"), required == std::string("output-file")
                                                      ? std::string(_("-o FILE"))
                                                      : std::string("--") + required),
                usage);
    // A month of rehearsal is already hours of work; more is a typo.
    auto duration = cli::duration_arg(args->get("duration"), std::chrono::days(31), &error);
    if (!duration) return cli::usage_error("record", error, usage);
    auto output = parse_record_output(args->get("output-file"), &error);
    if (!output) return cli::usage_error("record", "-o " + error, usage);

    gst_init(nullptr, nullptr);
    auto playlist = cli::load_or_report(args->positional[0], std::nullopt, false);
    if (!playlist) return cli::bad_input;
    auto from = cli::parse_time_arg(*playlist, "from", args->get("from"));
    if (!from) return cli::bad_usage;

    PlayoutOptions o;
    o.playlist_arg = args->positional[0];
    o.start = from;
    o.duration = *duration;
    o.output = *output;
    // A rehearsal is no proof: its rows go beside its output (or to --asrun), never into
    // the playlist's asrun/ folder. `-o null` without --asrun keeps no log.
    o.asrun_file =
        args->has("asrun") ? args->get("asrun") : rehearsal_asrun_path(args->get("output-file"));
    o.rehearsal = true;
    o.progress = !args->has("quiet") && isatty(STDERR_FILENO);
    o.switch_tv = args->has("switch-tv"); // office hours switch the real TV, as play does
    o.what = i18n::format(_("record %s to %s"), args->get("duration"), args->get("output-file"));
    Playout playout(playlist, o);
    return playout.run();
}

} // namespace tsr
