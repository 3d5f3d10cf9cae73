#include "playlist_store.hpp"

#include "playlist_loader.hpp"

#include <atomic>
#include <map>
#include <mutex>

namespace tsr {

struct PlaylistStore::Impl {
    mutable std::mutex mutex; // guards `by_path`; never held while loading or rendering
    std::map<std::filesystem::path, Snapshot> by_path;
    std::atomic<std::uint64_t> generation{0};
};

PlaylistStore& PlaylistStore::instance() {
    static PlaylistStore store;
    return store;
}

PlaylistStore::Impl& PlaylistStore::impl() const {
    static Impl the_impl;
    return the_impl;
}

std::filesystem::path PlaylistStore::key_of(const std::filesystem::path& where) {
    std::error_code ec;
    return std::filesystem::absolute(playlist_file_of(where), ec).lexically_normal();
}

std::uint64_t PlaylistStore::publish(std::shared_ptr<const Playlist> p) {
    Impl& i = impl();
    // The key first: in `map[key_of(p->file)] = Snapshot{std::move(p), ...}` the right side
    // is evaluated first (C++17), which would leave `p` empty.
    std::filesystem::path key = key_of(p->file);
    std::lock_guard lock(i.mutex);
    // Bumped under the lock, so that a reader that sees the new generation finds the new entry.
    std::uint64_t gen = ++i.generation;
    i.by_path[key] = Snapshot{std::move(p), gen};
    return gen;
}

PlaylistStore::Snapshot PlaylistStore::current(const std::filesystem::path& where) const {
    Impl& i = impl();
    std::lock_guard lock(i.mutex);
    auto it = i.by_path.find(key_of(where));
    return it == i.by_path.end() ? Snapshot{} : it->second;
}

std::uint64_t PlaylistStore::generation() const {
    return impl().generation.load();
}

} // namespace tsr
