// Small helpers shared by the tsr subcommands: option parsing, exit codes, loading.
#pragma once

#include "playlist_loader.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tsr::cli {

enum Exit { ok = 0, bad_input = 1, bad_usage = 2, runtime_failure = 3 };

/// `--name value`, `--name=value` and bare flags; everything else is positional. Parsed by
/// GOptionContext; with `gstreamer_options` also GStreamer's own (`--gst-debug=tsr*:5`,
/// gst_init_get_option_group), which initialise GStreamer.
struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    std::vector<std::string> unknown;

    /// `value_options` take a value; `flags` do not.
    static std::optional<Args> parse(int argc, char** argv,
                                     const std::vector<std::string>& value_options,
                                     const std::vector<std::string>& flags, std::string* error,
                                     bool gstreamer_options = false);
    bool has(const std::string& name) const { return options.count(name) > 0; }
    std::string get(const std::string& name, const std::string& fallback = "") const {
        auto it = options.find(name);
        return it == options.end() ? fallback : it->second;
    }
};

/// Prints "tsr CMD: MESSAGE" and the usage line to stderr; returns bad_usage.
int usage_error(const std::string& command, const std::string& message, const std::string& usage);

/// Loads a playlist the way every command does: problems printed one a line to stderr.
/// Returns null (after printing) when the playlist has errors.
std::shared_ptr<const Playlist> load_or_report(const std::string& where, std::optional<Instant> now,
                                               bool print_warnings);

/// The real time now: the command line is where "now" comes from, never the engine.
Instant now();

/// Parses a command-line time in the playlist's zone; prints a usage error when it is wrong.
std::optional<Instant> parse_time_arg(const Playlist& p, const std::string& option,
                                      const std::string& text);

/// `--duration` for record and play: from 1s to `max`. nullopt with `error` set otherwise
/// ("--duration \"…\" is not a duration; …" or "… is out of range; …").
std::optional<Micros> duration_arg(const std::string& text, Seconds max, std::string* error);

} // namespace tsr::cli
