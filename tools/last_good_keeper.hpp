// tsr play keeps the last good playlist on disk (save_last_good, playlist_store.hpp), so that
// a restart with a refused edit lying there still plays it.
#pragma once

#include "playlist.hpp"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>

namespace tsr {

/// Keeps the last good copy (save_last_good) on a thread of its own, the newest playlist
/// winning over one not yet copied, so that the main loop never waits on a disk sync.
struct LastGoodKeeper : std::enable_shared_from_this<LastGoodKeeper> {
    void keep(std::shared_ptr<const Playlist> p, const std::filesystem::path& folder);
    /// Waits until no copy is under way, at most `at_most`.
    void finish(std::chrono::milliseconds at_most);

    std::mutex mutex;
    std::condition_variable idle;
    std::shared_ptr<const Playlist> pending;
    std::filesystem::path folder;
    bool running = false;
};

} // namespace tsr
