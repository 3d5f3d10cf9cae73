// The composed show as GStreamer elements: the slides full screen, the ticker at the bottom,
// composed into one video stream. One builder for `tsr render`, `tsr record` and `tsr play`,
// so that all of them show exactly the same picture at the same moment.
//
//   tsrslidesrc name=slides ! video/x-raw,format=BGRx ! tsrcompose name=mix (sink_0, zorder 0)
//   tsrtickersrc name=ticker ! video/x-raw,format=BGRx
//       ! mix.sink_1 (ypos = display height - strip height, zorder 1)
//   mix ! video/x-raw,format=BGRx ! ghost pad "src"
//
// Formats: BGRx end to end, so nothing converts per frame. Both layers are opaque (every
// built-in template paints a full background; ticker_strip.hpp: text on a dark band).
// tsrcompose (plugins/tsrcompose.cpp) reuses its frames and repaints only what changed since
// a frame last showed: with the slide unchanged, the ticker band. compositor max-threads=1
// made the same bytes (checked frame by frame) but copied the whole slide into every frame.
// Measured, 900 frames 1080p30 (30 s of show from 2026-11-30 08:44, a slide change and
// the reminder slide included) to fakesink, 2 cores, CPU user+sys of gst-launch-1.0:
// compositor 0.39 s, tsrcompose 0.14 s.
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
};

/// Makes sure the `tsr` plugin's elements can be made: when the registry lacks them (no
/// GST_PLUGIN_PATH), loads libgsttsr.so from $TSR_BUILD_ROOT/plugins or from ../plugins
/// beside the running executable (the build tree). Needs gst_init first. On failure returns
/// false and says why in `error`.
bool ensure_tsr_plugin(std::string* error);

/// A new floating GstBin named "tsr-show" with one always "src" ghost pad giving
/// video/x-raw, format=BGRx, the playlist's display size and framerate. Children by name:
/// "slides" (tsrslidesrc), "ticker" (tsrtickersrc), "mix" (tsrcompose). Put it in a
/// pipeline and link its "src" pad (e.g. ! videoconvert ! pngenc, or ! kmssink). The playlist is
/// loaded by the elements when the bin goes to PAUSED; errors arrive on the bus as element
/// errors. Returns nullptr (with `error` set) only when an element is missing.
GstElement* make_show_bin(const ShowOptions& options, std::string* error);

} // namespace tsr
