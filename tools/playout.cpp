#include "playout.hpp"
#include "i18n.hpp"

#include "asrun_recorder.hpp"
#include "kms_screen.hpp"
#include "last_good_keeper.hpp"
#include "playlist_store.hpp"
#include "playlist_watch.hpp"
#include "power_control.hpp"
#include "progress_line.hpp"
#include "screen_output.hpp"
#include "watchdog.hpp"

#include <glib-unix.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <utility>

namespace tsr {

namespace {

constexpr guint kLiveFileEosMs = 800; // a live recording gets this long to finish its file

} // namespace

Playout::Playout(std::shared_ptr<const Playlist> playlist, PlayoutOptions options)
    : playlist_(std::move(playlist)), options_(std::move(options)),
      folder_(options_.folder.empty() ? playlist_->folder : options_.folder),
      recorder_(std::make_unique<AsRunRecorder>(
          AsRunRecorder::Options{folder_, options_.asrun_file, options_.rehearsal,
                                 options_.live_play, options_.on_row},
          playlist_->zone)) {}

Playout::~Playout() {
    watch_.reset();
    if (reload_idle_) g_source_remove(std::exchange(reload_idle_, 0));
    teardown();
    for (guint* t :
         {&rebuild_timer_, &stable_timer_, &eos_timeout_, &duration_timer_, &clock_timer_})
        if (*t) g_source_remove(std::exchange(*t, 0));
    window_.reset();
    if (loop_) g_main_loop_unref(loop_);
}

ClockSync Playout::clock_sync() const {
    return recorder_ ? recorder_->clock_sync() : ClockSync::unknown;
}

void Playout::log(const AsRunRow& row) {
    log_row(row);
}

void Playout::log_row(const AsRunRow& row) {
    recorder_->log(row);
}

gboolean Playout::on_clock_check(gpointer data) {
    static_cast<Playout*>(data)->recorder_->check_clock();
    return G_SOURCE_CONTINUE;
}

Instant Playout::now_wall() const {
    if (!options_.start) return Instant(Micros(g_get_real_time()));
    gint64 pos = 0;
    if (pipeline_ && gst_element_query_position(pipeline_, GST_FORMAT_TIME, &pos) && pos > 0)
        return *options_.start + Micros(pos / 1000);
    return *options_.start;
}

void Playout::stop_with_eos(const std::string& why) {
    if (stopping_) return;
    stopping_ = true;
    stop_reason_ = why;
    const bool live_file = options_.live_play && options_.output.kind == OutputSpec::Kind::file;
    if (options_.live_play && (!pipeline_ || !live_file)) {
        // A screen or null has nothing to finish: stop now.
        finish(0, why);
        return;
    }
    gst_element_send_event(pipeline_, gst_event_new_eos());
    // Sinks that never finish (a stuck device) must not keep us from stopping.
    eos_timeout_ = g_timeout_add(
        live_file ? kLiveFileEosMs : 2000,
        [](gpointer d) {
            static_cast<Playout*>(d)->eos_timeout_ = 0;
            static_cast<Playout*>(d)->finish(0, static_cast<Playout*>(d)->stop_reason_);
            return G_SOURCE_REMOVE;
        },
        this);
}

gboolean Playout::on_stop_signal(gpointer data) {
    static_cast<Playout*>(data)->stop_with_eos(_("stopped by a signal"));
    return G_SOURCE_CONTINUE;
}

gboolean Playout::on_reload_signal(gpointer data) {
    auto* self = static_cast<Playout*>(data);
    std::string name = self->playlist_->file.filename().string();
    self->request_reload(name + " (SIGHUP)");
    return G_SOURCE_CONTINUE;
}

gboolean Playout::on_duration_elapsed(gpointer data) {
    static_cast<Playout*>(data)->duration_timer_ = 0;
    static_cast<Playout*>(data)->stop_with_eos(_("duration reached"));
    return G_SOURCE_REMOVE;
}

void Playout::finish(int exit_code, const std::string& why) {
    if (!g_main_loop_is_running(loop_)) return;
    exit_code_ = exit_code;
    stop_reason_ = why;
    g_main_loop_quit(loop_);
}

int Playout::run() {
    loop_ = g_main_loop_new(nullptr, FALSE);
    guint sigint = g_unix_signal_add(SIGINT, on_stop_signal, this);
    guint sigterm = g_unix_signal_add(SIGTERM, on_stop_signal, this);
    guint sighup = 0;
    if (options_.live_play) {
        refused_on_disk_ = !options_.refused_at_start.empty();
        last_refusal_ = options_.refused_at_start;
        sighup = g_unix_signal_add(SIGHUP, on_reload_signal, this);
        std::error_code ec;
        std::filesystem::path ignore;
        if (!options_.asrun_file.empty())
            ignore = std::filesystem::weakly_canonical(
                std::filesystem::absolute(options_.asrun_file, ec), ec);
        watch_ = std::make_unique<PlaylistWatch>(
            folder_, ignore, [this](const std::vector<std::string>& n, bool replaced) {
                files_changed(n, replaced);
            });
        watch_->set_wanted([this](const std::string& rel) { return uses(rel); });
        if (!watch_->problem().empty())
            std::cerr << "tsr play: "
                      << i18n::format(_("%s; edits need SIGHUP to be taken"), watch_->problem())
                      << "\n";
        accepted(playlist_, playlist_content_hash(*playlist_));
        // No new frame at the sink for a few seconds: rebuilt, with an `error` row saying why.
        frames_ = std::make_unique<FrameWatchdog>(
            FrameWatchdog::Options{},
            [this](const std::string& why) { on_failure("watchdog", why); });
    }
    if (options_.progress)
        progress_ = std::make_unique<ProgressLine>([this] { return pipeline_; },
                                                   [this] { return now_wall(); }, playlist_->zone,
                                                   options_.duration);
    if (options_.duration && !options_.start)
        duration_timer_ =
            g_timeout_add(guint(options_.duration->count() / 1000), on_duration_elapsed, this);

    Instant begin = options_.start ? *options_.start : Instant(Micros(g_get_real_time()));
    // Office hours: checked often enough in simulated time (a record runs many times faster).
    power_ = std::make_unique<ScreenPower>(
        [this] { return now_wall(); }, [this](const AsRunRow& r) { log_row(r); },
        options_.live_play || options_.switch_tv, options_.start.has_value());
    if (options_.live_play || options_.switch_tv) {
        const PowerSetup setup = power_setup();
        // A mistyped TSR_TV_POWER (the unit's Environment=) is said at start, not only in each
        // power row: the TV would otherwise stay on all night with nothing in the journal.
        std::string problem;
        if (playlist_->display.hours) power_methods(false, setup, &problem);
        if (!problem.empty())
            std::cerr << "tsr play: "
                      << i18n::format(_("warning: %s: the TV is not switched"), problem) << "\n";
        // kms-dpms (kms_screen.hpp): the card held for the whole run, before kmssink opens it.
        if (options_.output.kind == OutputSpec::Kind::kms || setup.forced == "kms-dpms") {
            std::string why;
            const std::string card = usable_drm_card(&why);
            kms_ = std::make_shared<KmsScreen>(libdrm_access(), card, why);
            power_->use_kms(kms_);
        }
    }
    power_timer_ = g_timeout_add(
        options_.start ? 20 : 1000,
        [](gpointer d) -> gboolean {
            auto* self = static_cast<Playout*>(d);
            self->power_->tick(*self->playlist_);
            return G_SOURCE_CONTINUE;
        },
        this);
    // Live, accepted() hashed it already; a recording hashes it here.
    if (content_hash_.empty()) content_hash_ = playlist_content_hash(*playlist_);
    recorder_->begin(playlist_->file, content_hash_, options_.live_play, options_.clock_sync);
    if (options_.live_play) clock_timer_ = g_timeout_add_seconds(60, on_clock_check, this);
    if (options_.live_play) sweep_cache(*playlist_);
    std::string source, error;
    if (options_.live_play) {
        log_row({begin, begin, "start", "", recorder_->start_detail(options_.what), "played"});
        if (options_.start_note) {
            AsRunRow note = *options_.start_note;
            note.actual = begin;
            log_row(note);
        }
        power_->tick(*playlist_);
        if (!start_pipeline(&source, &error)) on_failure(source, error);
        g_main_loop_run(loop_);
    } else {
        if (!build(&error)) {
            std::cerr << "tsr: " << error << "\n";
            g_source_remove(sigint);
            g_source_remove(sigterm);
            progress_.reset();
            if (duration_timer_) g_source_remove(std::exchange(duration_timer_, 0));
            if (power_timer_) g_source_remove(std::exchange(power_timer_, 0));
            return 3;
        }
        GstBus* bus = gst_element_get_bus(pipeline_);
        bus_watch_ = gst_bus_add_watch(bus, on_bus, this);
        gst_object_unref(bus);
        log_row({begin, begin, "start", "", recorder_->start_detail(options_.what), "played"});
        power_->tick(*playlist_);
        if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
            // The error message on the bus says why; let the loop deliver it.
            exit_code_ = 3;
        }
        g_main_loop_run(loop_);
    }
    if (progress_) progress_->end();
    if (keeper_) keeper_->finish(std::chrono::milliseconds(500));

    Instant end = now_wall();
    watch_.reset();
    if (frames_) frames_->notifier().stopping();
    if (power_timer_) g_source_remove(std::exchange(power_timer_, 0));
    if (options_.start && power_) power_->tick(*playlist_);
    // What the sinks took before the end is written; what they never took says so.
    if (pipeline_) {
        GstBus* bus = gst_element_get_bus(pipeline_);
        while (GstMessage* m = gst_bus_pop_filtered(
                   bus, GstMessageType(GST_MESSAGE_ELEMENT | GST_MESSAGE_APPLICATION))) {
            if (GST_MESSAGE_TYPE(m) == GST_MESSAGE_ELEMENT) handle_element_message(m);
            gst_message_unref(m);
        }
        gst_object_unref(bus);
    }
    recorder_->drop_waiting(exit_code_ == 0
                                ? std::string(_("playout stopped before it reached the output"))
                                : i18n::format(_("output down: %s"), stop_reason_));
    teardown();
    frames_.reset();
    if (power_) power_->finish(Micros(2'000'000)); // their rows before the stop row
    log_row({std::nullopt, options_.start ? end : Instant(Micros(g_get_real_time())), "stop", "",
             stop_reason_, exit_code_ == 0 ? "played" : "skipped: " + stop_reason_});
    if (recorder_->held() > 0)
        std::cerr << "tsr play: "
                  << i18n::format(_("%s as-run rows were not written: the playlist folder %s did "
                                    "not come back"),
                                  recorder_->held(), folder_.string())
                  << "\n";
    g_source_remove(sigint);
    g_source_remove(sigterm);
    if (sighup) g_source_remove(sighup);
    progress_.reset();
    if (duration_timer_) g_source_remove(std::exchange(duration_timer_, 0));
    for (guint* t : {&rebuild_timer_, &stable_timer_, &eos_timeout_, &reload_idle_, &clock_timer_})
        if (*t) g_source_remove(std::exchange(*t, 0));
    return exit_code_;
}

} // namespace tsr
