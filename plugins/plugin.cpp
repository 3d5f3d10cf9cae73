// The `tsr` plugin: registers every element of this build (see plugins/meson.build).
#include "config.h"
#include "elements.h"

#include <gst/gst.h>

#define TSR_ELEMENT(name) GST_ELEMENT_REGISTER_DECLARE(name);
TSR_ELEMENTS
#undef TSR_ELEMENT

static gboolean plugin_init(GstPlugin* plugin) {
    gboolean ok = TRUE;
    // clang-format off
#define TSR_ELEMENT(name) ok = GST_ELEMENT_REGISTER(name, plugin) && ok;
    TSR_ELEMENTS
#undef TSR_ELEMENT
    // clang-format on
    return ok;
}

#define PACKAGE "tsr"
GST_PLUGIN_DEFINE(GST_VERSION_MAJOR, GST_VERSION_MINOR, tsr,
                  "Time Schedule Reminder: schedule slides, ticker and timed reminders",
                  plugin_init, TSR_VERSION, "LGPL", "tsr", "https://example.invalid/tsr")
