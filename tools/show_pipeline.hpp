// The composed show as GStreamer elements: the slides full screen, the ticker at the bottom,
// composed into one video stream. One builder for `tsr render`, `tsr record` and `tsr play`,
// so that all of them show exactly the same picture at the same moment.
//
//   tsrslidesrc name=slides ! video/x-raw,format=BGRx
//       ! compositor name=mix background=black max-threads=1 (sink_0, zorder 0)
//   tsrtickersrc name=ticker ! video/x-raw,format=BGRx
//       ! mix.sink_1 (ypos = display height - strip height, zorder 1)
//   mix ! video/x-raw,format=BGRx ! ghost pad "src"
//
// Formats: BGRx end to end, so the compositor converts nothing per frame (GST_DEBUG=
// videoaggregator:5 says "This pad will not need conversion" for both pads). The slide is
// opaque and full screen, so the compositor skips the background and copies it; the ticker
// band is opaque (ticker_strip.hpp: text on a dark band), so it is copied over the bottom
// rows. A compositor whose output is BGRx accepts no alpha format on its sink pads; a
// translucent ticker would need BGRA everywhere. Measured, 900 frames 1080p30 (30 s of show,
// 13 slide renders included) to fakesink, 2 cores: BGRx 0.40 s wall / 0.46 s CPU; BGRA with
// the slide pad operator=source 0.79 s; BGRA blended "over" 3.7 s. max-threads=0 gains
// nothing here at this size; 1 is the default.
//
// The ticker's ypos is set from the negotiated caps of both sources (a caps probe), so the
// builder needs neither the display size nor the strip height in advance.
#pragma once

#include <gst/gst.h>

#include <string>

namespace tsr {

struct ShowOptions {
    std::string playlist; ///< folder or playlist.toml
    std::string start;    ///< local date-time: simulated, non-live; empty: live, real time
    int num_buffers = -1; ///< frames to make, then EOS (-1: no end)
    int max_threads = 1;  ///< compositor worker threads (0: one a core; measured no faster)
};

/// Makes sure the `tsr` plugin's elements can be made: when the registry lacks them (no
/// GST_PLUGIN_PATH), loads libgsttsr.so from $TSR_BUILD_ROOT/plugins or from ../plugins
/// beside the running executable (the build tree). Needs gst_init first. On failure returns
/// false and says why in `error`.
bool ensure_tsr_plugin(std::string* error);

/// A new floating GstBin named "tsr-show" with one always "src" ghost pad giving
/// video/x-raw, format=BGRx, the playlist's display size and framerate. Children by name:
/// "slides" (tsrslidesrc), "ticker" (tsrtickersrc), "mix" (compositor). Put it in a
/// pipeline and link its "src" pad (e.g. ! videoconvert ! pngenc, or ! kmssink). The playlist is
/// loaded by the elements when the bin goes to PAUSED; errors arrive on the bus as element
/// errors. Returns nullptr (with `error` set) only when an element is missing.
GstElement* make_show_bin(const ShowOptions& options, std::string* error);

} // namespace tsr
