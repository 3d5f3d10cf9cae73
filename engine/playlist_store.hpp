// Where a running process keeps the playlist its elements play, so that a reload swaps it
// whole, between buffers: the application loads and validates a new playlist beside the live
// one and publishes it; every element asks for the current snapshot by the playlist's path and
// notices a new generation with one atomic read per buffer. A refused edit is never published,
// so the old playlist plays on.
#pragma once

#include "playlist.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>

namespace tsr {

class PlaylistStore {
  public:
    struct Snapshot {
        std::shared_ptr<const Playlist> playlist; ///< null: nothing published for that path
        std::uint64_t generation = 0;             ///< 0: nothing published
    };

    /// The one store of this process.
    static PlaylistStore& instance();

    /// Makes `p` the playlist for its file (p->file); returns its new generation.
    std::uint64_t publish(std::shared_ptr<const Playlist> p);
    /// The current playlist for a folder-or-file argument.
    Snapshot current(const std::filesystem::path& where) const;
    /// Generation of anything published in this process: a cheap "did anything change".
    std::uint64_t generation() const;

    /// The key a folder-or-file argument is stored under (the absolute playlist.toml path).
    static std::filesystem::path key_of(const std::filesystem::path& where);

  private:
    PlaylistStore() = default;
    struct Impl;
    Impl& impl() const;
};

} // namespace tsr
