// Finding the `tsr` GStreamer plugin from the tsr command: the show itself is the plugin's
// `tsrshow` element (plugins/tsrshow.cpp); this only makes sure its elements can be made.
#pragma once

#include <string>

namespace tsr {

/// Makes sure the `tsr` plugin's elements can be made: when the registry lacks them (no
/// GST_PLUGIN_PATH), loads libgsttsr.so from $TSR_BUILD_ROOT/plugins, from ../plugins beside
/// the running executable (the build tree), or from where an installed tsr keeps it
/// (installed_plugin_candidates). Needs gst_init first. On failure returns false and says
/// why in `error`.
bool ensure_tsr_plugin(std::string* error);

} // namespace tsr
