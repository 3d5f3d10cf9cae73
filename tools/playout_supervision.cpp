// tsr play's supervision (playout.hpp): a pipeline that fails is torn down and built again
// after 1 s, then 2, 4, ... up to 30 s while it keeps failing; 30 s of playing forgets the
// failures. A teardown that hangs ends the process (systemd starts it again).
#include "i18n.hpp"
#include "playout.hpp"

#include "announcement_context.hpp"
#include "asrun_recorder.hpp"
#include "kms_screen.hpp"
#include "playout_pipeline.hpp"
#include "screen_output.hpp"
#include "tsr_plugin.hpp"
#include "watchdog.hpp"

#include <algorithm>
#include <iostream>
#include <utility>

namespace tsr {

namespace {

constexpr int kMaxBackoffSeconds = 30;
constexpr guint kStableMs = 30'000; // playing this long forgets earlier failures
// A teardown longer than this hangs: the process ends (exit 3) and systemd starts it again.
constexpr std::chrono::milliseconds kTeardownBound{10'000};

} // namespace

bool Playout::build(std::string* error) {
    if (!ensure_tsr_plugin(error)) return false;
    OutputSpec out = output_for_attempt(options_.output, attempt_);
    if (options_.live_play && (out.is_screen() || out.kind == OutputSpec::Kind::automatic)) {
        // Sound to the default device; where there is none, silently, said once.
        std::string why;
        out.audio_sink = probe_audio_sink(&why);
        std::string note = why.empty() ? i18n::format(_("sound: %s"), out.audio_sink)
                                       : i18n::format(_("%s; playing without sound"), why);
        if (note != last_audio_note_ && (!why.empty() || !last_audio_note_.empty()))
            std::cerr << "tsr play: " << note << "\n";
        last_audio_note_ = note;
    }
    if (out.kind == OutputSpec::Kind::fullscreen) {
        if (!window_) window_ = FullscreenWindow::open(error);
        if (!window_) return false;
        out.scale_width = window_->width();
        out.scale_height = window_->height();
    }
    ShowRun run{options_.playlist_arg, options_.start, options_.duration, playlist_generation_};
    pipeline_ = make_playout_pipeline(playlist_, run, out, error);
    if (!pipeline_) return false;
    if (announcement_) set_announcement_context(pipeline_, announcement_);
    if (options_.on_show_pad && out.has_video()) {
        GstElement* show = show_of(pipeline_);
        GstPad* pad = gst_element_get_static_pad(show, "video");
        options_.on_show_pad(pad);
        gst_object_unref(pad);
        gst_object_unref(show);
    }
    recorder_->watch_outputs(pipeline_, out);
    if (kms_ && out.kind == OutputSpec::Kind::kms) {
        // Our fd (the DRM master) and connector, so that kms-dpms can switch the screen.
        if (GstElement* vout = gst_bin_get_by_name(GST_BIN(pipeline_), "vout")) {
            kms_->attach(vout);
            gst_object_unref(vout);
        }
    }
    return true;
}

/// Builds a pipeline and sets it playing. False (with the failing element and the text) when
/// it could not even start; errors after that arrive on the bus.
bool Playout::start_pipeline(std::string* source, std::string* error) {
    ++attempt_;
    if (!build(error)) {
        *source = "output";
        teardown();
        return false;
    }
    GstBus* bus = gst_element_get_bus(pipeline_);
    gst_bus_set_sync_handler(bus, on_bus_sync, this, nullptr);
    bus_watch_ = gst_bus_add_watch(bus, on_bus, this);
    GstStateChangeReturn r = gst_element_set_state(pipeline_, GST_STATE_PLAYING);
    if (r == GST_STATE_CHANGE_FAILURE) {
        // The element that failed said why on the bus: take its words.
        GstMessage* m = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR);
        *source = m ? GST_OBJECT_NAME(GST_MESSAGE_SRC(m)) : "output";
        *error = m ? error_text(m) : _("the output could not be started");
        if (m) gst_message_unref(m);
        gst_object_unref(bus);
        teardown();
        return false;
    }
    gst_object_unref(bus);
    if (frames_) frames_->attach(pipeline_);
    return true;
}

void Playout::screen_reasserted(const std::string& problem) {
    if (!problem.empty())
        std::cerr << "tsr play: "
                  << i18n::format(_("kms-dpms: the screen could not be put back in standby: %s"),
                                  problem)
                  << "\n";
}

void Playout::teardown() {
    if (!pipeline_) return;
    GstBus* bus = gst_element_get_bus(pipeline_);
    if (bus_watch_) {
        gst_bus_remove_watch(bus);
        bus_watch_ = 0;
    }
    if (frames_) frames_->detach();
    {
        // A sink stuck in a driver (or a blocked write) would hold the player here for ever.
        std::optional<TeardownBound> bound;
        if (options_.live_play) bound.emplace(kTeardownBound, _("stopping the pipeline"));
        if (kms_) kms_->detach();
        gst_element_set_state(pipeline_, GST_STATE_NULL);
    }
    // kmssink put the console's mode back, lit: the screen goes back to standby.
    if (kms_) screen_reasserted(kms_->reassert());
    gst_bus_set_flushing(bus, TRUE);
    gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
    gst_object_unref(bus);
    gst_object_unref(std::exchange(pipeline_, nullptr));
}

void Playout::on_failure(const std::string& source, const std::string& text) {
    if (stable_timer_) g_source_remove(std::exchange(stable_timer_, 0));
    const int wait = std::min(kMaxBackoffSeconds, 1 << std::min(failures_, 5));
    ++failures_;
    std::cerr << "tsr play: " << source << ": "
              << i18n::format(_("%s; starting the output again in %s s"), text, wait) << "\n";
    // Logged before the teardown: a teardown that hangs ends the process (TeardownBound).
    log_row({std::nullopt, now_wall(), "error", source, text,
             "skipped: " + i18n::format(_("output restarted in %s s"), wait)});
    teardown();
    recorder_->drop_waiting(i18n::format(_("output down: %s: %s"), source, text));
    resumed_logged_ = false;
    if (!rebuild_timer_) rebuild_timer_ = g_timeout_add(guint(wait) * 1000, on_rebuild, this);
}

gboolean Playout::on_rebuild(gpointer data) {
    auto* self = static_cast<Playout*>(data);
    self->rebuild_timer_ = 0;
    if (self->stopping_) return G_SOURCE_REMOVE;
    std::string source, error;
    if (!self->start_pipeline(&source, &error)) self->on_failure(source, error);
    return G_SOURCE_REMOVE;
}

void Playout::output_playing() {
    // kmssink's mode set lit a screen in standby: it goes back to standby.
    if (kms_) screen_reasserted(kms_->reassert());
    if (!resumed_logged_) {
        resumed_logged_ = true;
        Instant now = now_wall();
        std::cerr << "tsr play: " << _("the output plays again") << "\n";
        log_row({now, now, "start", "",
                 recorder_->start_detail(_("resumed after an error: ") + options_.what), "played"});
    }
    if (!stable_timer_) stable_timer_ = g_timeout_add(kStableMs, on_stable, this);
}

gboolean Playout::on_stable(gpointer data) {
    auto* self = static_cast<Playout*>(data);
    self->stable_timer_ = 0;
    self->failures_ = 0;
    return G_SOURCE_REMOVE;
}

void Playout::restart_now(const std::string& why) {
    teardown();
    if (rebuild_timer_) g_source_remove(std::exchange(rebuild_timer_, 0));
    std::cerr << "tsr play: " << i18n::format(_("%s: starting the output again"), why) << "\n";
    std::string source, error;
    if (!start_pipeline(&source, &error)) on_failure(source, error);
}

} // namespace tsr
