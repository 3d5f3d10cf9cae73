// tsr play's reload control (playout.hpp): edits seen by the watch, SIGHUP and the console
// coalesce into one reload; a good edit becomes the pipeline's playlist context, a bad one
// is refused and the last good playlist plays on. An announcement from the console is handed
// to the running pipeline the same way (a context).
#include "playout.hpp"

#include "announcement_context.hpp"
#include "asrun_recorder.hpp"
#include "cache_retention.hpp"
#include "i18n.hpp"
#include "last_good_keeper.hpp"
#include "playlist_context.hpp"
#include "playlist_loader.hpp"
#include "playlist_store.hpp"
#include "playlist_watch.hpp"

#include <algorithm>
#include <iostream>
#include <thread>
#include <utility>

namespace tsr {

Refusal refusal_of(const Diagnostics& d, const std::filesystem::path& folder) {
    Refusal r;
    for (const Diagnostic& x : d.sorted())
        if (x.severity == Severity::error) r.errors.push_back(x);
    r.first = _("the playlist has errors");
    if (!r.errors.empty()) {
        Diagnostic x = r.errors.front();
        std::error_code ec;
        std::filesystem::path abs = std::filesystem::absolute(x.file, ec).lexically_normal();
        std::filesystem::path rel = abs.lexically_relative(folder.lexically_normal());
        if (!rel.empty() && rel.string().rfind("..", 0) != 0) x.file = rel;
        r.first = format_diagnostic(x);
    }
    r.count = i18n::format(i18n::tr_n("%s error", "%s errors", r.errors.size()), r.errors.size());
    return r;
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
    recorder_->set_zone(playlist_->zone);
    uses_ = playlist_uses(*playlist_);
    if (watch_) watch_->watch_folders_of(uses_);
    // Kept on disk, so that a restart with a refused edit lying there still plays this.
    if (!keeper_) keeper_ = std::make_shared<LastGoodKeeper>();
    keeper_->keep(playlist_, folder_);
    sweep_cache(*playlist_);
}

void Playout::sweep_cache(const Playlist& p) {
    CacheSweep swept = sweep_content_cache(p.folder, cache_files_in_use(p),
                                           std::filesystem::file_time_type::clock::now());
    if (swept.removed)
        std::cerr << "tsr play: "
                  << i18n::format(i18n::tr_n("removed %s cache entry (%s KiB) unused for 30 days "
                                             "from .tsr-cache",
                                             "removed %s cache entries (%s KiB) unused for 30 "
                                             "days from .tsr-cache",
                                             swept.removed),
                                  swept.removed, swept.bytes / 1024)
                  << "\n";
    if (!swept.error.empty())
        std::cerr << "tsr play: " << i18n::format(_("cache: %s"), swept.error) << "\n";
}

namespace {

/// Never an exception into GLib: the last good playlist plays on.
template <class F> void guarded(const std::string& detail, F&& step) {
    try {
        step();
    } catch (const std::exception& e) {
        std::cerr << "tsr play: "
                  << i18n::format(_("the reload of %s failed (%s)"), detail, e.what()) << "\n";
    }
}

} // namespace

void Playout::request_reload(const std::string& why) {
    // Coalesced: every request until the reload runs is answered by that one reload.
    if (std::find(reload_reasons_.begin(), reload_reasons_.end(), why) == reload_reasons_.end())
        reload_reasons_.push_back(why);
    // While a load runs, the requests wait for it: its end starts the next reload.
    if (!reload_idle_ && !reload_loading_) reload_idle_ = g_idle_add(on_reload_idle, this);
}

gboolean Playout::on_reload_idle(gpointer data) {
    auto* self = static_cast<Playout*>(data);
    self->reload_idle_ = 0;
    std::string detail;
    for (const std::string& r : self->reload_reasons_)
        detail += (detail.empty() ? "" : ", ") + r;
    self->reload_reasons_.clear();
    guarded(detail, [&] { self->reload(detail); });
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
    struct Loaded {
        std::weak_ptr<int> alive;
        Playout* self;
        std::string detail;
        Instant now;
        LoadResult result;
        std::string hash;    ///< of result.playlist: reads every file, up to a 2 GB video
        std::string failure; ///< what the loader threw
    };
    auto job = std::make_unique<Loaded>(Loaded{alive_, this, detail, now, {}, {}, {}});
    std::thread([job = std::move(job), where = options_.playlist_arg]() mutable {
        try {
            job->result = load_playlist(where, LoadOptions{job->now, true});
            if (job->result.playlist) job->hash = playlist_content_hash(*job->result.playlist);
        } catch (const std::exception& e) {
            job->failure = e.what();
        }
        g_idle_add_full(
            G_PRIORITY_DEFAULT,
            [](gpointer p) -> gboolean {
                auto* l = static_cast<Loaded*>(p);
                // The main loop is the only thread that ends `alive`, so it stays valid here.
                if (!l->alive.lock()) return G_SOURCE_REMOVE;
                Playout* self = l->self;
                self->reload_loading_ = false;
                guarded(l->detail, [&] {
                    self->take_reload(l->detail, l->now, std::move(l->result), l->hash, l->failure);
                });
                if (!self->reload_reasons_.empty() && !self->reload_idle_)
                    self->reload_idle_ = g_idle_add(on_reload_idle, self);
                return G_SOURCE_REMOVE;
            },
            job.release(), [](gpointer p) { delete static_cast<Loaded*>(p); });
    }).detach();
    reload_loading_ = true; // after the thread began: a failure to start one leaves no wait
}

void Playout::take_reload(const std::string& detail, Instant now, LoadResult r,
                          const std::string& hash, const std::string& failure) {
    if (!failure.empty()) {
        // Never let an exception out into GLib: the edit is refused like any bad edit.
        const std::string what = failure;
        std::cerr << "tsr play: "
                  << i18n::format(_("the edit of %s could not be read (%s); still playing the last "
                                    "good playlist"),
                                  detail, what)
                  << "\n";
        log_row({std::nullopt, now, "reload", "", detail,
                 "skipped: " + i18n::format(_("%s (the last good playlist plays on)"), what)});
        return;
    }
    if (!r.playlist) {
        Refusal why = refusal_of(r.diagnostics, folder_);
        refused_on_disk_ = true;
        std::string outcome =
            "skipped: " +
            i18n::format(_("%s (%s; the last good playlist plays on)"), why.first, why.count);
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
    recorder_->playlist_taken(r.playlist->file, hash, now);
    // The elements take the new playlist between buffers; a new picture size needs new caps.
    if (new_size && pipeline_) restart_now(_("the display size or frame rate changed"));
}

void Playout::announce(std::shared_ptr<const Announcement> a) {
    announcement_ = std::move(a);
    if (pipeline_) set_announcement_context(pipeline_, announcement_);
}

void Playout::files_changed(const std::vector<std::string>& names, bool folder_replaced) {
    if (folder_replaced) request_reload(_("the playlist folder was replaced"));
    for (const std::string& n : names)
        request_reload(n);
}

} // namespace tsr
