// What makes an as-run row proof: a row is written only once what it reports reached its
// output (the slide's first frame the video sink, the reminder's first sample the audio
// sink), or says why it did not; no row twice after the wall clock was set back; the system
// clock's NTP state and the playlist's content hash beside every start. Pure: playout feeds
// it what the elements post and what the sinks saw, and writes what it returns.
#pragma once

#include "asrun_log.hpp"

#include <cstdint>
#include <deque>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace tsr {

/// The two outputs a row can be waiting for.
enum class Branch { video, audio };

/// What an output can do with what reaches it.
struct OutputState {
    bool present = true; ///< false: nothing will reach it (e.g. a sound-only recording's video)
    /// Non-empty: it takes buffers but nobody sees or hears them; rows that would say
    /// `played` say `skipped: REASON` instead ("no sound device").
    std::string silent_reason;
};

/// Rows held until the running time they report reaches their output's sink.
/// Running times are nanoseconds of the pipeline (the buffer's PTS). Bounded: at most
/// kMaxHeld rows wait per branch; the oldest is written as `skipped: output down` when more
/// come (an output that takes nothing for that long is down).
class ProofGate {
  public:
    static constexpr std::size_t kMaxHeld = 1000;

    void set_output(Branch b, OutputState s) { out_[index(b)] = std::move(s); }
    const OutputState& output(Branch b) const { return out_[index(b)]; }

    /// A row whose content starts at `running_ns` on branch `b`. Returns the rows to write
    /// now (this one when it reached the sink already, or when its outcome is no `played`, or
    /// its output is silent; plus any pushed out by the bound).
    std::vector<AsRunRow> hold(Branch b, std::uint64_t running_ns, AsRunRow row);

    /// The sink of `b` took a buffer ending (exclusive) at `running_end_ns`: the rows whose
    /// running time lies before it, in order. Their actual time is the one they came with
    /// (the wall time of their running time: when the sink shows or sounds it).
    std::vector<AsRunRow> reached(Branch b, std::uint64_t running_end_ns);

    /// The earliest running time a row waits for on `b` (the sink's probe asks cheaply).
    std::optional<std::uint64_t> next_wanted(Branch b) const;

    /// The output failed or playout stopped: every row still waiting, `skipped: REASON`.
    std::vector<AsRunRow> drop_all(const std::string& reason);

    /// A new pipeline starts at running time 0: what reached the old one is forgotten.
    void restart();

  private:
    struct Held {
        std::uint64_t running_ns;
        AsRunRow row;
    };
    static std::size_t index(Branch b) { return b == Branch::video ? 0 : 1; }
    OutputState out_[2];
    std::optional<std::uint64_t> reached_[2];
    std::deque<Held> held_[2];
};

/// Drops rows already written in this run for the same scheduled time, kind and id (a wall
/// clock set back makes the elements show and say the same again). Only slide and reminder
/// rows with a scheduled time are keyed; keys are kept for the local day of the scheduled
/// time and forgotten when a row of a later day comes (at most kMaxKeys a day). The slide on
/// screen when an output (re)starts (detail ending "(on screen at start)") is always written:
/// after an output failure it is shown anew.
class RowDedupe {
  public:
    static constexpr std::size_t kMaxKeys = 200000;
    explicit RowDedupe(TimeZone zone) : zone_(std::move(zone)) {}
    /// True when the row is new and should be written.
    bool first_time(const AsRunRow& row);
    /// Rows a log holds already (today's, read back when tsr play starts again): a reminder
    /// the last run played is not written again as "skipped: … before playout began".
    void remember(const std::vector<AsRunRow>& rows);

  private:
    TimeZone zone_;
    std::string day_;
    std::set<std::tuple<std::int64_t, std::string, std::string>> keys_;
};

/// The kernel's view of the system clock (adjtimex/ntp_adjtime with no change asked).
enum class ClockSync { synchronised, unsynchronised, unknown };

/// From ntp_adjtime's return value and timex.status: TIME_ERROR or STA_UNSYNC mean not
/// synchronised; a negative return (the call failed) is unknown.
ClockSync clock_sync_of(int adjtimex_return, int status);
/// The system clock's state now (calls ntp_adjtime).
ClockSync system_clock_sync();
/// "clock synchronised (NTP)", "clock NOT synchronised (NTP)", "clock state unknown".
std::string clock_sync_text(ClockSync s);

/// Whether a `tsr-timebase` jump was the wall clock being set (an NTP step, by hand) rather
/// than the pipeline not running for a while (paused, stalled): the difference between the
/// real-time and the monotonic clock changed by more than `threshold` between two readings.
/// A pause moves both clocks alike.
bool wall_clock_was_set(std::int64_t real_minus_monotonic_before_us,
                        std::int64_t real_minus_monotonic_now_us,
                        std::int64_t threshold_us = 2'000'000);

/// SHA-256 of a file's bytes, lowercase hex; empty when it cannot be read.
std::string file_sha256(const std::filesystem::path& file);
/// SHA-256 of a string, lowercase hex.
std::string text_sha256(const std::string& text);

} // namespace tsr
