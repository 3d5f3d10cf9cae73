// Turns what the elements post on the bus (`tsr-cue`, `tsr-reminder`, `tsr-timebase`) and
// pipeline errors into as-run rows. Pure translation, so it is tested without a pipeline.
#pragma once

#include "asrun_log.hpp"
#include "playlist.hpp"

#include <gst/gst.h>

#include <optional>
#include <string>

namespace tsr {

/// The row for an element message, or nullopt for messages the as-run log does not record
/// (cues of kind start/deadline and reminder cues, which tsr-reminder reports with its outcome).
/// `sim_start`: simulated runs, the wall time of running time 0 (actual = sim_start + running
/// time); live runs pass nullopt and `now` is the actual time.
std::optional<AsRunRow> asrun_row_for(const GstStructure* s, const Playlist& p,
                                      std::optional<Instant> sim_start, Instant now);

/// The slide on screen at `at` (the rotation's, or the reminder slide while a reminder
/// sounds), as a row: playout logs it when it starts, so the log says what was shown from the
/// first moment, not only from the first change. Its detail ends "(on screen at start)".
AsRunRow slide_on_screen_row(const Playlist& p, Instant at);

} // namespace tsr
