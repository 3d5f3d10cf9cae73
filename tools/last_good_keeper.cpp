#include "last_good_keeper.hpp"
#include "i18n.hpp"

#include "playlist_store.hpp"

#include <glib.h>

#include <thread>

namespace tsr {

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
                g_printerr(_("tsr play: could not keep a copy of the last good playlist: %s\n"),
                           problem.c_str());
        }
    }).detach();
}

void LastGoodKeeper::finish(std::chrono::milliseconds at_most) {
    std::unique_lock lock(mutex);
    idle.wait_for(lock, at_most, [&] { return !running; });
}

} // namespace tsr
