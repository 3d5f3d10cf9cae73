// Turns what the elements post on the bus (`tsr-slide`, `tsr-reminder`, `tsr-timebase`) into
// as-run rows, and watches what reaches the outputs' sinks (OutputReach) so that playout
// writes a row only once what it reports reached its output (ProofGate, asrun_proof.hpp).
#pragma once

#include "asrun_log.hpp"
#include "asrun_proof.hpp"
#include "playlist.hpp"

#include <gst/gst.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace tsr {

/// The row for an element message, or nullopt for messages the as-run log does not record
/// (tsr-cue: the slide rows come from what tsrslidesrc made, tsr-slide; reminders from
/// tsr-reminder with its outcome; of tsr-sound only a video slide's sound that failed, as a
/// `sound` row: the clip plays without it).
/// `sim_start`: simulated runs, the wall time of running time 0 (actual = sim_start + running
/// time); live runs pass nullopt and `now` is the actual time.
std::optional<AsRunRow> asrun_row_for(const GstStructure* s, const Playlist& p,
                                      std::optional<Instant> sim_start, Instant now);

/// The branch a row's message belongs to and its running time (ns), for ProofGate::hold;
/// nullopt for rows that wait for no output (reload, error...).
std::optional<std::pair<Branch, std::uint64_t>> proof_position(const GstStructure* s);

/// What reached one output's sink, as seen by a buffer probe on its streaming thread. The
/// main loop sets `wanted` (the earliest running time a row waits for); the probe posts an
/// application message `tsr-reached` (field `branch`: "video" or "audio") on the pipeline's
/// bus once a buffer reaches past it, and does nothing else.
struct OutputReach {
    Branch branch = Branch::video;
    std::atomic<std::uint64_t> reached{0}; ///< end (PTS + duration) of the newest buffer, ns
    std::atomic<std::uint64_t> wanted{UINT64_MAX};
    GstElement* pipeline = nullptr; ///< not a reference: the probe dies with the pipeline
};

/// Puts a probe on the pad where the stream leaving the queue `queue_name` enters its output:
/// the first element downstream that is a sink, an encoder or a muxer (what reaches it is
/// shown, sounded or recorded). The OutputReach lives as long as the pad. False when there is
/// no such queue or element. `probed` (may be null): the name of the element probed.
bool watch_output(GstElement* pipeline, const char* queue_name, std::shared_ptr<OutputReach> reach,
                  std::string* probed = nullptr);

} // namespace tsr
