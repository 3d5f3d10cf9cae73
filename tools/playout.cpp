#include "playout.hpp"

#include "announcement_context.hpp"
#include "asrun_events.hpp"
#include "i18n.hpp"
#include "playlist_context.hpp"
#include "playlist_loader.hpp"
#include "playlist_store.hpp"
#include "playlist_watch.hpp"
#include "power_control.hpp"
#include "screen_output.hpp"
#include "show_pipeline.hpp"
#include "watchdog.hpp"

#include <glib-unix.h>
#include <gst/video/videooverlay.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <utility>

namespace tsr {

namespace {

// Audio in 40 ms buffers instead of tsrremindersrc's default 10 ms: a quarter of the buffers
// to hand from thread to thread (live, about 4 ms of CPU a second less: bench/README.md).
// Reminders are still placed to the sample, and the pipeline's latency stays the video's
// (87 ms), so nothing sounds later.
constexpr int kAudioSamplesPerBuffer = 1920;
constexpr std::uint64_t kAudioBufferNs = 40'000'000;
constexpr int kMaxBackoffSeconds = 30;
constexpr guint kStableMs = 30'000;   // playing this long forgets earlier failures
constexpr guint kLiveFileEosMs = 800; // a live recording gets this long to finish its file
// A teardown longer than this hangs: the process ends (exit 3) and systemd starts it again.
constexpr std::chrono::milliseconds kTeardownBound{10'000};

std::string hms(std::uint64_t ns) {
    std::uint64_t s = ns / 1'000'000'000;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu", (unsigned long long)(s / 3600),
                  (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
    return buf;
}

std::string parse_error_text(GstMessage* msg) {
    GError* err = nullptr;
    gchar* dbg = nullptr;
    gst_message_parse_error(msg, &err, &dbg);
    std::string text = err ? err->message : "unknown error";
    while (!text.empty() && (text.back() == '.' || text.back() == '\n'))
        text.pop_back();
    GST_DEBUG("error debug: %s", dbg ? dbg : "");
    if (err) g_error_free(err);
    g_free(dbg);
    return text;
}

} // namespace

Refusal refusal_of(const Diagnostics& d, const std::filesystem::path& folder) {
    Refusal r;
    for (const Diagnostic& x : d.sorted())
        if (x.severity == Severity::error) r.errors.push_back(x);
    r.first = "the playlist has errors";
    if (!r.errors.empty()) {
        Diagnostic x = r.errors.front();
        std::error_code ec;
        std::filesystem::path abs = std::filesystem::absolute(x.file, ec).lexically_normal();
        std::filesystem::path rel = abs.lexically_relative(folder.lexically_normal());
        if (!rel.empty() && rel.string().rfind("..", 0) != 0) x.file = rel;
        r.first = format_diagnostic(x);
    }
    r.count = r.errors.size() == 1 ? "1 error" : std::to_string(r.errors.size()) + " errors";
    return r;
}

Playout::Playout(std::shared_ptr<const Playlist> playlist, PlayoutOptions options)
    : playlist_(std::move(playlist)), options_(std::move(options)),
      folder_(options_.folder.empty() ? playlist_->folder : options_.folder),
      asrun_(std::make_unique<AsRunLog>(folder_, options_.asrun_file, playlist_->zone)),
      dedupe_(std::in_place, playlist_->zone) {}

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

Instant Playout::now_wall() const {
    if (!options_.start) return Instant(Micros(g_get_real_time()));
    gint64 pos = 0;
    if (pipeline_ && gst_element_query_position(pipeline_, GST_FORMAT_TIME, &pos) && pos > 0)
        return *options_.start + Micros(pos / 1000);
    return *options_.start;
}

void Playout::log_row(const AsRunRow& row) {
    if (options_.on_row) options_.on_row(row);
    namespace fs = std::filesystem;
    std::error_code ec;
    if (options_.rehearsal && options_.asrun_file.empty()) return; // a rehearsal is no proof
    // The folder's own log while the folder is away (moved, to be replaced): the rows wait,
    // since writing would create an empty folder at the path, in the way of the new one.
    if (options_.live_play && options_.asrun_file.empty() && !fs::is_directory(folder_, ec)) {
        if (held_rows_.size() < 10000) held_rows_.push_back(row);
        return;
    }
    // Rows go to the file at the path: when it is not the one written last (the folder was
    // replaced, the log moved away or deleted), open it again.
    if (asrun_known_) {
        struct stat st {};
        if (::stat(asrun_->current_path().c_str(), &st) != 0 || st.st_dev != asrun_dev_ ||
            st.st_ino != asrun_ino_) {
            asrun_ = std::make_unique<AsRunLog>(folder_, options_.asrun_file, playlist_->zone);
            asrun_known_ = false;
        }
    }
    std::vector<AsRunRow> rows = std::move(held_rows_);
    held_rows_.clear();
    rows.push_back(row);
    for (const AsRunRow& r : rows)
        if (!asrun_->append(r))
            g_printerr("tsr: could not write the as-run log %s (disk full or read-only?); "
                       "playout goes on\n",
                       asrun_->current_path().c_str());
    struct stat st {};
    asrun_known_ = ::stat(asrun_->current_path().c_str(), &st) == 0;
    asrun_dev_ = st.st_dev;
    asrun_ino_ = st.st_ino;
}

OutputSpec Playout::output_for_attempt() const {
    OutputSpec out = options_.output;
    // A rebuilt live recording goes on in a new part: never overwrite what was recorded.
    if (out.kind == OutputSpec::Kind::file && attempt_ > 1) {
        std::filesystem::path p(out.path);
        out.path = (p.parent_path() /
                    (p.stem().string() + "-" + std::to_string(attempt_) + p.extension().string()))
                       .string();
    }
    return out;
}

bool Playout::build(std::string* error) {
    if (!ensure_tsr_plugin(error)) return false;
    OutputSpec out = output_for_attempt();
    if (options_.live_play && (out.is_screen() || out.kind == OutputSpec::Kind::automatic)) {
        // Sound to the default device; where there is none, silently, said once.
        std::string why;
        out.audio_sink = probe_audio_sink(&why);
        std::string note =
            why.empty() ? "sound: " + out.audio_sink : why + "; playing without sound";
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
    out.show_width = playlist_->display.width;
    out.show_height = playlist_->display.height;
    out.show_framerate = playlist_->display.framerate;
    bool sync = !options_.start; // live outputs follow the clock; simulated runs go flat out
    std::string desc;
    if (out.has_video()) desc += video_sink_description(out, sync) + " ";
    desc += "tsrremindersrc name=reminders ! tsrdeadline name=deadline ! " +
            audio_sink_description(out, sync);
    GError* err = nullptr;
    pipeline_ = gst_parse_launch(desc.c_str(), &err);
    if (!pipeline_ || err) {
        *error = std::string("could not build the output (") + (err ? err->message : "?") +
                 "); check that the GStreamer plugins in tools/packages.txt are installed";
        if (err) g_error_free(err);
        if (pipeline_) gst_object_unref(std::exchange(pipeline_, nullptr));
        return false;
    }
    gst_object_ref_sink(pipeline_);
    // The one playlist of this pipeline: its elements take it instead of loading the file.
    set_playlist_context(pipeline_, playlist_, playlist_generation_, options_.playlist_arg);
    if (announcement_) set_announcement_context(pipeline_, announcement_);
    std::string start = options_.start ? format_iso(playlist_->zone, *options_.start) : "";
    for (const char* name : {"reminders", "deadline"}) {
        GstElement* e = gst_bin_get_by_name(GST_BIN(pipeline_), name);
        g_object_set(e, "playlist", options_.playlist_arg.c_str(), "start", start.c_str(), nullptr);
        if (std::string(name) == "reminders")
            g_object_set(e, "samples-per-buffer", kAudioSamplesPerBuffer, nullptr);
        // Simulated runs end by themselves; live ones end on the duration timer.
        if (options_.duration && options_.start && std::string(name) == "reminders") {
            auto ns = std::uint64_t(options_.duration->count()) * 1000;
            g_object_set(e, "num-buffers", gint((ns + kAudioBufferNs - 1) / kAudioBufferNs),
                         nullptr);
        }
        gst_object_unref(e);
    }
    if (out.has_video()) {
        ShowOptions so;
        so.playlist = options_.playlist_arg;
        so.start = start;
        if (options_.duration && options_.start) {
            double frames = double(options_.duration->count()) / 1e6 * playlist_->display.framerate;
            so.num_buffers = int(std::ceil(frames));
        }
        GstElement* show = make_show_bin(so, error);
        if (!show) return false;
        gst_bin_add(GST_BIN(pipeline_), show);
        if (options_.on_show_pad) {
            GstPad* pad = gst_element_get_static_pad(show, "src");
            options_.on_show_pad(pad);
            gst_object_unref(pad);
        }
        GstElement* vin = gst_bin_get_by_name(GST_BIN(pipeline_), "vin");
        bool linked = gst_element_link(show, vin);
        gst_object_unref(vin);
        if (!linked) {
            *error = "could not link the show to the output";
            return false;
        }
    }
    gate_outputs(out);
    return true;
}

void Playout::gate_outputs(const OutputSpec& out) {
    gate_.restart(); // a new pipeline: running time starts again
    const bool no_device = out.audio_sink == "fakesink" &&
                           (out.is_screen() || out.kind == OutputSpec::Kind::automatic);
    gate_.set_output(Branch::video, {out.has_video(), ""});
    gate_.set_output(Branch::audio, {true, no_device ? "no sound device" : ""});
    for (Branch b : {Branch::video, Branch::audio}) {
        auto reach = std::make_shared<OutputReach>();
        reach->branch = b;
        const char* queue = b == Branch::video ? "vin" : "ain";
        if (b == Branch::video && !out.has_video()) continue;
        if (!watch_output(pipeline_, queue, reach)) {
            // Nothing to watch: say so once and let rows through as the sources post them.
            std::cerr << "tsr: cannot see what reaches the " << queue
                      << " output; its as-run rows are written as made\n";
            log_proof(gate_.reached(b, UINT64_MAX));
            reach->reached = UINT64_MAX;
        }
        reach_[b == Branch::video ? 0 : 1] = reach;
    }
}

void Playout::log_proof(const std::vector<AsRunRow>& rows) {
    for (const AsRunRow& r : rows)
        if (dedupe_->first_time(r)) log_row(r);
}

void Playout::pump_proof(Branch b) {
    const std::shared_ptr<OutputReach>& reach = reach_[b == Branch::video ? 0 : 1];
    if (!reach) return;
    for (int i = 0; i < 4; ++i) {
        log_proof(gate_.reached(b, reach->reached.load()));
        auto next = gate_.next_wanted(b);
        reach->wanted = next ? *next : UINT64_MAX;
        // The sink may have passed it between the two lines above.
        if (!next || reach->reached.load() <= *next) return;
    }
}

void Playout::drop_waiting(const std::string& reason) {
    for (Branch b : {Branch::video, Branch::audio})
        pump_proof(b);
    log_proof(gate_.drop_all(reason));
    reach_[0].reset();
    reach_[1].reset();
}

std::string Playout::start_detail(const std::string& what) const {
    return what + "; " + clock_sync_text(clock_sync_) + "; playlist sha256 " +
           (playlist_sha_.empty() ? "unreadable" : playlist_sha_);
}

gboolean Playout::on_clock_check(gpointer data) {
    auto* self = static_cast<Playout*>(data);
    ClockSync now = system_clock_sync();
    if (now != self->clock_sync_) {
        self->clock_sync_ = now;
        Instant t = Instant(Micros(g_get_real_time()));
        std::cerr << "tsr play: " << clock_sync_text(now) << "\n";
        self->log_row({std::nullopt, t, "clock", "", clock_sync_text(now), "played"});
    }
    return G_SOURCE_CONTINUE;
}

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
        *error = m ? parse_error_text(m) : "the output could not be started";
        if (m) gst_message_unref(m);
        gst_object_unref(bus);
        teardown();
        return false;
    }
    gst_object_unref(bus);
    if (frames_) frames_->attach(pipeline_);
    return true;
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
        if (options_.live_play) bound.emplace(kTeardownBound, "stopping the pipeline");
        gst_element_set_state(pipeline_, GST_STATE_NULL);
    }
    gst_bus_set_flushing(bus, TRUE);
    gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
    gst_object_unref(bus);
    gst_object_unref(std::exchange(pipeline_, nullptr));
}

void Playout::on_failure(const std::string& source, const std::string& text) {
    if (stable_timer_) g_source_remove(std::exchange(stable_timer_, 0));
    const int wait = std::min(kMaxBackoffSeconds, 1 << std::min(failures_, 5));
    ++failures_;
    std::cerr << "tsr play: " << source << ": " << text << "; starting the output again in " << wait
              << " s\n";
    // Logged before the teardown: a teardown that hangs ends the process (TeardownBound).
    log_row({std::nullopt, now_wall(), "error", source, text,
             "skipped: output restarted in " + std::to_string(wait) + " s"});
    teardown();
    drop_waiting("output down: " + source + ": " + text);
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

gboolean Playout::on_stable(gpointer data) {
    auto* self = static_cast<Playout*>(data);
    self->stable_timer_ = 0;
    self->failures_ = 0;
    return G_SOURCE_REMOVE;
}

void Playout::restart_now(const std::string& why) {
    teardown();
    if (rebuild_timer_) g_source_remove(std::exchange(rebuild_timer_, 0));
    std::cerr << "tsr play: " << why << ": starting the output again\n";
    std::string source, error;
    if (!start_pipeline(&source, &error)) on_failure(source, error);
}

bool Playout::uses(const std::string& rel) const {
    // While the file on disk is refused, any file may be the one its fix needs.
    if (refused_on_disk_ || uses_.count(rel)) return true;
    // A folder of used files (moved, deleted, created).
    for (const std::string& u : uses_)
        if (u.size() > rel.size() && u.compare(0, rel.size(), rel) == 0 && u[rel.size()] == '/')
            return true;
    return false;
}

void Playout::accepted(std::shared_ptr<const Playlist> p, const std::string& hash) {
    playlist_ = std::move(p);
    content_hash_ = hash;
    uses_ = playlist_uses(*playlist_);
    if (watch_) watch_->watch_folders_of(uses_);
    // Kept on disk, so that a restart with a refused edit lying there still plays this.
    if (!keeper_) keeper_ = std::make_shared<LastGoodKeeper>();
    keeper_->keep(playlist_, folder_);
}

void LastGoodKeeper::keep(std::shared_ptr<const Playlist> p, const std::filesystem::path& folder) {
    std::lock_guard lock(mutex);
    pending = std::move(p);
    this->folder = folder;
    if (running) return; // the copy under way takes this one next
    running = true;
    // Detached: the copy syncs every file, seconds under load, and a stop must not wait for
    // it beyond finish() (a copy cut short is a temporary folder, thrown away next time).
    std::thread([self = shared_from_this()] {
        for (;;) {
            std::shared_ptr<const Playlist> next;
            std::filesystem::path where;
            {
                std::lock_guard lock(self->mutex);
                next = std::move(self->pending);
                where = self->folder;
                if (!next) {
                    self->running = false;
                    self->idle.notify_all();
                    return;
                }
            }
            std::string problem;
            try {
                problem = save_last_good(*next, where);
            } catch (const std::exception& e) {
                problem = e.what();
            }
            if (!problem.empty())
                g_printerr("tsr play: could not keep a copy of the last good playlist: %s\n",
                           problem.c_str());
        }
    }).detach();
}

void LastGoodKeeper::finish(std::chrono::milliseconds at_most) {
    std::unique_lock lock(mutex);
    idle.wait_for(lock, at_most, [&] { return !running; });
}

void Playout::request_reload(const std::string& why) {
    // Coalesced: every request until the reload runs is answered by that one reload.
    if (std::find(reload_reasons_.begin(), reload_reasons_.end(), why) == reload_reasons_.end())
        reload_reasons_.push_back(why);
    if (!reload_idle_) reload_idle_ = g_idle_add(on_reload_idle, this);
}

gboolean Playout::on_reload_idle(gpointer data) {
    auto* self = static_cast<Playout*>(data);
    self->reload_idle_ = 0;
    std::string detail;
    for (const std::string& r : self->reload_reasons_)
        detail += (detail.empty() ? "" : ", ") + r;
    self->reload_reasons_.clear();
    try {
        self->reload(detail);
    } catch (const std::exception& e) {
        // Never an exception into GLib: the last good playlist plays on.
        std::cerr << "tsr play: the reload of " << detail << " failed (" << e.what() << ")\n";
    }
    return G_SOURCE_REMOVE;
}

void Playout::reload(const std::string& detail) {
    const Instant now = Instant(Micros(g_get_real_time()));
    std::error_code ec;
    if (!std::filesystem::is_directory(folder_, ec)) {
        // Moved away: the watch reloads when a folder is back at the path.
        std::cerr << "tsr play: "
                  << i18n::format(_("the playlist folder %s is gone; still playing the last good "
                                    "playlist until it is back"),
                                  folder_.string())
                  << "\n";
        return;
    }
    LoadResult r;
    try {
        r = load_playlist(options_.playlist_arg, LoadOptions{now, true});
    } catch (const std::exception& e) {
        // Never let an exception out into GLib: the edit is refused like any bad edit.
        std::cerr << "tsr play: the edit of " << detail << " could not be read (" << e.what()
                  << "); still playing the last good playlist\n";
        log_row({std::nullopt, now, "reload", "", detail,
                 std::string("skipped: ") + e.what() + " (the last good playlist plays on)"});
        return;
    }
    if (!r.playlist) {
        Refusal why = refusal_of(r.diagnostics, folder_);
        refused_on_disk_ = true;
        std::string outcome =
            "skipped: " + why.first + " (" + why.count + "; the last good playlist plays on)";
        if (why.key() == last_refusal_) {
            std::cerr << "tsr play: "
                      << i18n::format(_("the edit of %s is still refused: %s"), detail, why.first)
                      << "\n";
            return;
        }
        last_refusal_ = why.key();
        std::cerr << "tsr play: "
                  << i18n::format(_("the edit of %s was refused; still playing the last good "
                                    "playlist:"),
                                  detail)
                  << "\n";
        for (const Diagnostic& d : why.errors)
            std::cerr << format_diagnostic(d) << "\n";
        log_row({std::nullopt, now, "reload", "", detail, outcome});
        return;
    }
    refused_on_disk_ = false;
    last_refusal_.clear();
    const std::string hash = playlist_content_hash(*r.playlist);
    if (hash == content_hash_ && r.playlist->folder == playlist_->folder) {
        // The same files as playing (a SIGHUP, a touch, an edit undone): nothing to take.
        std::cerr << "tsr play: " << i18n::format(_("%s: nothing changed"), detail) << "\n";
        return;
    }
    const Display& a = playlist_->display;
    const Display& b = r.playlist->display;
    const bool new_size = a.width != b.width || a.height != b.height || a.framerate != b.framerate;
    const std::uint64_t gen = ++playlist_generation_;
    accepted(r.playlist, hash);
    if (pipeline_) set_playlist_context(pipeline_, playlist_, gen, options_.playlist_arg);
    std::cerr << "tsr play: " << i18n::format(_("reloaded %s (playlist version %s)"), detail, gen)
              << "\n";
    log_row({std::nullopt, now, "reload", "", detail, "played"});
    // Which playlist plays from now on, as the start row says it (a row of its own).
    if (std::string sha = file_sha256(r.playlist->file); sha != playlist_sha_) {
        playlist_sha_ = sha;
        log_row({std::nullopt, now, "playlist", "", "playlist sha256 " + sha, "played"});
    }
    // The elements take the new playlist between buffers; a new picture size needs new caps.
    if (new_size && pipeline_) restart_now("the display size or frame rate changed");
}

void Playout::announce(std::shared_ptr<const Announcement> a) {
    announcement_ = std::move(a);
    if (pipeline_) set_announcement_context(pipeline_, announcement_);
}

void Playout::files_changed(const std::vector<std::string>& names, bool folder_replaced) {
    if (folder_replaced) request_reload("the playlist folder was replaced");
    for (const std::string& n : names)
        request_reload(n);
}

void Playout::handle_element_message(GstMessage* msg) {
    const GstStructure* s = gst_message_get_structure(msg);
    if (!s) return;
    std::optional<Instant> sim = options_.start;
    // A reminder outside office hours may wake the TV (reminders_outside = "wake").
    if (power_ && gst_structure_has_name(s, "tsr-reminder"))
        power_->reminder(playlist_->display.hours, playlist_->zone, std::chrono::minutes(2));
    try {
        auto row = asrun_row_for(s, *playlist_, sim, Instant(Micros(g_get_real_time())));
        if (!row) return;
        if (gst_structure_has_name(s, "tsr-timebase")) {
            // A pause or a stall moves the real-time and the monotonic clock alike; only a
            // clock that was set is an error (each element reports it: one row a step).
            const std::int64_t off = g_get_real_time() - g_get_monotonic_time();
            if (!wall_clock_was_set(real_minus_monotonic_, off)) return;
            real_minus_monotonic_ = off;
        }
        if (auto at = proof_position(s)) {
            log_proof(gate_.hold(at->first, at->second, *row));
            pump_proof(at->first);
        } else {
            log_row(*row);
        }
    } catch (const std::exception& e) {
        // A message the log cannot read must not stop the playout (no exception into GLib).
        g_printerr("tsr: could not log %s: %s\n", gst_structure_get_name(s), e.what());
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
            self->pump_proof(g_strcmp0(gst_structure_get_string(s, "branch"), "video") == 0
                                 ? Branch::video
                                 : Branch::audio);
        break;
    case GST_MESSAGE_STATE_CHANGED:
        if (self->options_.live_play && GST_MESSAGE_SRC(msg) == GST_OBJECT(self->pipeline_)) {
            GstState old_state, new_state;
            gst_message_parse_state_changed(msg, &old_state, &new_state, nullptr);
            if (new_state == GST_STATE_PLAYING && old_state != GST_STATE_PLAYING) {
                if (!self->resumed_logged_) {
                    self->resumed_logged_ = true;
                    Instant now = self->now_wall();
                    std::cerr << "tsr play: the output plays again\n";
                    self->log_row(
                        {now, now, "start", "",
                         self->start_detail("resumed after an error: " + self->options_.what),
                         "played"});
                }
                if (!self->stable_timer_)
                    self->stable_timer_ = g_timeout_add(kStableMs, on_stable, self);
            }
        }
        break;
    case GST_MESSAGE_EOS:
        if (self->options_.live_play && !self->stopping_) {
            self->on_failure("output", "the output ended by itself");
            return G_SOURCE_REMOVE;
        }
        self->finish(0, self->stop_reason_.empty() ? "end" : self->stop_reason_);
        break;
    case GST_MESSAGE_ERROR: {
        std::string text = parse_error_text(msg);
        std::string source = GST_OBJECT_NAME(GST_MESSAGE_SRC(msg));
        if (self->options_.live_play) {
            if (self->stopping_) {
                self->finish(0, self->stop_reason_);
                break;
            }
            self->on_failure(source, text); // removes this watch
            return G_SOURCE_REMOVE;
        }
        g_printerr("%stsr: %s: %s\n", self->progress_shown_ ? "\n" : "", source.c_str(),
                   text.c_str());
        self->log_row(
            {std::nullopt, self->now_wall(), "error", source, text, "skipped: playout stopped"});
        self->finish(3, "error");
        break;
    }
    case GST_MESSAGE_WARNING: {
        GError* err = nullptr;
        gst_message_parse_warning(msg, &err, nullptr);
        g_printerr("tsr: warning: %s: %s\n", GST_OBJECT_NAME(GST_MESSAGE_SRC(msg)),
                   err ? err->message : "?");
        if (err) g_error_free(err);
        break;
    }
    default:
        break;
    }
    return G_SOURCE_CONTINUE;
}

gboolean Playout::on_progress(gpointer data) {
    auto* self = static_cast<Playout*>(data);
    gint64 pos = 0;
    if (!self->pipeline_ || !gst_element_query_position(self->pipeline_, GST_FORMAT_TIME, &pos))
        return G_SOURCE_CONTINUE;
    double elapsed = double(g_get_monotonic_time() - self->started_monotonic_) / 1e6;
    double speed = elapsed > 0 ? double(pos) / 1e9 / elapsed : 0;
    std::string line = "\rrecording " +
                       format_iso(self->playlist_->zone, self->now_wall()).substr(0, 19) + "  " +
                       hms(std::uint64_t(pos));
    if (self->options_.duration)
        line += " / " + hms(std::uint64_t(self->options_.duration->count()) * 1000);
    char tail[48];
    std::snprintf(tail, sizeof tail, "  %.1fx real time ", speed);
    std::fputs((line + tail).c_str(), stderr);
    self->progress_shown_ = true;
    return G_SOURCE_CONTINUE;
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
    static_cast<Playout*>(data)->stop_with_eos("stopped by a signal");
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
    static_cast<Playout*>(data)->stop_with_eos("duration reached");
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
    guint progress = 0;
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
            std::cerr << "tsr play: " << watch_->problem() << "; edits need SIGHUP to be taken\n";
        accepted(playlist_, playlist_content_hash(*playlist_));
        // No new frame at the sink for a few seconds: rebuilt, with an `error` row saying why.
        frames_ = std::make_unique<FrameWatchdog>(
            FrameWatchdog::Options{},
            [this](const std::string& why) { on_failure("watchdog", why); });
    }
    if (options_.progress) progress = g_timeout_add(500, on_progress, this);
    if (options_.duration && !options_.start)
        duration_timer_ =
            g_timeout_add(guint(options_.duration->count() / 1000), on_duration_elapsed, this);

    Instant begin = options_.start ? *options_.start : Instant(Micros(g_get_real_time()));
    started_monotonic_ = g_get_monotonic_time();
    // Office hours: checked often enough in simulated time (a record runs many times faster).
    power_ = std::make_unique<ScreenPower>(
        [this] { return now_wall(); }, [this](const AsRunRow& r) { log_row(r); },
        options_.live_play || options_.switch_tv, options_.start.has_value());
    power_timer_ = g_timeout_add(
        options_.start ? 20 : 1000,
        [](gpointer d) -> gboolean {
            auto* self = static_cast<Playout*>(d);
            self->power_->tick(self->playlist_->display.hours, self->playlist_->zone);
            return G_SOURCE_CONTINUE;
        },
        this);
    real_minus_monotonic_ = g_get_real_time() - started_monotonic_;
    clock_sync_ = system_clock_sync();
    playlist_sha_ = file_sha256(playlist_->file);
    if (options_.live_play) clock_timer_ = g_timeout_add_seconds(60, on_clock_check, this);
    std::string source, error;
    if (options_.live_play) {
        log_row({begin, begin, "start", "", start_detail(options_.what), "played"});
        if (options_.start_note) {
            AsRunRow note = *options_.start_note;
            note.actual = begin;
            log_row(note);
        }
        power_->tick(playlist_->display.hours, playlist_->zone);
        if (!start_pipeline(&source, &error)) on_failure(source, error);
        g_main_loop_run(loop_);
    } else {
        if (!build(&error)) {
            std::cerr << "tsr: " << error << "\n";
            g_source_remove(sigint);
            g_source_remove(sigterm);
            if (progress) g_source_remove(progress);
            if (duration_timer_) g_source_remove(std::exchange(duration_timer_, 0));
            if (power_timer_) g_source_remove(std::exchange(power_timer_, 0));
            return 3;
        }
        GstBus* bus = gst_element_get_bus(pipeline_);
        bus_watch_ = gst_bus_add_watch(bus, on_bus, this);
        gst_object_unref(bus);
        log_row({begin, begin, "start", "", start_detail(options_.what), "played"});
        power_->tick(playlist_->display.hours, playlist_->zone);
        if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
            // The error message on the bus says why; let the loop deliver it.
            exit_code_ = 3;
        }
        g_main_loop_run(loop_);
    }
    if (progress_shown_) std::fputs("\n", stderr);
    if (keeper_) keeper_->finish(std::chrono::milliseconds(500));

    Instant end = now_wall();
    watch_.reset();
    if (frames_) frames_->notifier().stopping();
    if (power_timer_) g_source_remove(std::exchange(power_timer_, 0));
    if (options_.start && power_) power_->tick(playlist_->display.hours, playlist_->zone);
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
    drop_waiting(exit_code_ == 0 ? "playout stopped before it reached the output"
                                 : "output down: " + stop_reason_);
    teardown();
    frames_.reset();
    if (power_) power_->finish(Micros(2'000'000)); // their rows before the stop row
    log_row({std::nullopt, options_.start ? end : Instant(Micros(g_get_real_time())), "stop", "",
             stop_reason_, exit_code_ == 0 ? "played" : "skipped: " + stop_reason_});
    if (!held_rows_.empty())
        std::cerr << "tsr play: " << held_rows_.size()
                  << " as-run rows were not written: the playlist folder " << folder_.string()
                  << " did not come back\n";
    g_source_remove(sigint);
    g_source_remove(sigterm);
    if (sighup) g_source_remove(sighup);
    if (progress) g_source_remove(progress);
    if (duration_timer_) g_source_remove(std::exchange(duration_timer_, 0));
    for (guint* t : {&rebuild_timer_, &stable_timer_, &eos_timeout_, &reload_idle_, &clock_timer_})
        if (*t) g_source_remove(std::exchange(*t, 0));
    return exit_code_;
}

} // namespace tsr
