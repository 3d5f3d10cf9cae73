// Playout's bus dispatch (playout.hpp): element messages become as-run rows, errors and EOS
// end or restart the run, the fullscreen window is handed to the video sink.
#include "i18n.hpp"
#include "playout.hpp"

#include "asrun_events.hpp"
#include "asrun_recorder.hpp"
#include "playout_pipeline.hpp"
#include "progress_line.hpp"
#include "screen_output.hpp"
#include "watchdog.hpp"

#include <gst/video/videooverlay.h>

#include <iostream>

namespace tsr {

GstBusSyncReply Playout::on_bus_sync(GstBus*, GstMessage* msg, gpointer data) {
    auto* self = static_cast<Playout*>(data);
    // ximagesink asks for a window from its streaming thread: hand it the fullscreen one.
    if (self->window_ && gst_is_video_overlay_prepare_window_handle_message(msg)) {
        gst_video_overlay_set_window_handle(GST_VIDEO_OVERLAY(GST_MESSAGE_SRC(msg)),
                                            self->window_->handle());
        gst_message_unref(msg);
        return GST_BUS_DROP;
    }
    return GST_BUS_PASS;
}

void Playout::handle_element_message(GstMessage* msg) {
    const GstStructure* s = gst_message_get_structure(msg);
    if (!s) return;
    // The minute on screen, for the watchdog (live) only: no as-run row.
    if (frames_ ? frames_->on_message(msg) : gst_structure_has_name(s, "tsr-clock")) return;
    std::optional<Instant> sim = options_.start;
    try {
        auto row = asrun_row_for(s, *playlist_, sim, Instant(Micros(g_get_real_time())));
        if (!row) return;
        if (gst_structure_has_name(s, "tsr-timebase")) {
            // A pause or a stall moves the real-time and the monotonic clock alike; only a
            // clock that was set is an error (each element reports it: one row a step).
            if (!recorder_->wall_clock_set()) return;
        }
        if (auto at = proof_position(s)) {
            recorder_->hold(at->first, at->second, *row);
        } else {
            log_row(*row);
        }
    } catch (const std::exception& e) {
        // A message the log cannot read must not stop the playout (no exception into GLib).
        g_printerr(_("tsr: could not log %s: %s\n"), gst_structure_get_name(s), e.what());
    }
}

gboolean Playout::on_bus(GstBus*, GstMessage* msg, gpointer data) {
    auto* self = static_cast<Playout*>(data);
    switch (GST_MESSAGE_TYPE(msg)) {
    case GST_MESSAGE_ELEMENT:
        self->handle_element_message(msg);
        break;
    case GST_MESSAGE_APPLICATION:
        if (const GstStructure* s = gst_message_get_structure(msg);
            s && gst_structure_has_name(s, "tsr-reached"))
            self->recorder_->pump(g_strcmp0(gst_structure_get_string(s, "branch"), "video") == 0
                                      ? Branch::video
                                      : Branch::audio);
        break;
    case GST_MESSAGE_STATE_CHANGED:
        if (self->options_.live_play && GST_MESSAGE_SRC(msg) == GST_OBJECT(self->pipeline_)) {
            GstState old_state, new_state;
            gst_message_parse_state_changed(msg, &old_state, &new_state, nullptr);
            if (new_state == GST_STATE_PLAYING && old_state != GST_STATE_PLAYING)
                self->output_playing();
        }
        break;
    case GST_MESSAGE_EOS:
        if (self->options_.live_play && !self->stopping_) {
            self->on_failure("output", _("the output ended by itself"));
            return G_SOURCE_REMOVE;
        }
        self->finish(0, self->stop_reason_.empty() ? "end" : self->stop_reason_);
        break;
    case GST_MESSAGE_ERROR: {
        std::string text = error_text(msg);
        std::string source = GST_OBJECT_NAME(GST_MESSAGE_SRC(msg));
        if (self->options_.live_play) {
            if (self->stopping_) {
                self->finish(0, self->stop_reason_);
                break;
            }
            self->on_failure(source, text); // removes this watch
            return G_SOURCE_REMOVE;
        }
        g_printerr("%stsr: %s: %s\n", self->progress_ && self->progress_->shown() ? "\n" : "",
                   source.c_str(), text.c_str());
        self->log_row({std::nullopt, self->now_wall(), "error", source, text,
                       std::string("skipped: ") + _("playout stopped")});
        self->finish(3, "error");
        break;
    }
    case GST_MESSAGE_WARNING: {
        GError* err = nullptr;
        gst_message_parse_warning(msg, &err, nullptr);
        g_printerr(_("tsr: warning: %s: %s\n"), GST_OBJECT_NAME(GST_MESSAGE_SRC(msg)),
                   err ? err->message : "?");
        if (err) g_error_free(err);
        break;
    }
    default:
        break;
    }
    return G_SOURCE_CONTINUE;
}

} // namespace tsr
