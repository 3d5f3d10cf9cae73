// The pipeline of one playout attempt, as a gst-launch description around the plugin's
// `tsrshow` (plugins/tsrshow.cpp: the composed picture and the reminders' sound):
//
//   tsrshow name=show  show.video ! vin (queue) ! video output
//                      show.audio ! ain (queue) ! audio output    (files: one muxer)
//
// A sound-only output (.wav) takes `tsrshow video=false`. The sinks come from
// output_spec.hpp. The pipeline gets its one playlist as a `tsr.playlist` context
// (playlist_context.hpp) before it starts.
#pragma once

#include "output_spec.hpp"
#include "playlist.hpp"

#include <gst/gst.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace tsr {

struct ShowRun {
    std::string playlist_arg;       ///< as given on the command line (the elements' property)
    std::optional<Instant> start;   ///< simulated from here; nullopt: live
    std::optional<Micros> duration; ///< simulated runs end by themselves after it
    std::uint64_t generation = 1;   ///< of the playlist, in the pipeline's context
};

/// The output of attempt `attempt` (1 the first): a rebuilt live recording goes on in a new
/// part (x.mkv, x-2.mkv, ...), never overwriting what was recorded.
OutputSpec output_for_attempt(const OutputSpec& output, int attempt);

/// A new pipeline (owned, not floating) for `out`, which is resolved (audio sink, scaling),
/// with `playlist` as its context. Null with `error` set when an element is missing or the
/// parts do not link.
GstElement* make_playout_pipeline(std::shared_ptr<const Playlist> playlist, const ShowRun& run,
                                  OutputSpec out, std::string* error);

/// An error message's text, without its final full stop (for the console and the as-run log).
std::string error_text(GstMessage* error);

/// The show element of a pipeline made above (a new reference), for its `video` pad.
GstElement* show_of(GstElement* pipeline);

} // namespace tsr
