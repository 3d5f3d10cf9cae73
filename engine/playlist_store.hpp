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
#include <set>
#include <string>

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
    /// Makes `p` the playlist for the folder-or-file `where`: a playlist loaded from the
    /// last-good copy (below) is published under the folder the elements were given.
    std::uint64_t publish(std::shared_ptr<const Playlist> p, const std::filesystem::path& where);
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

/// The files a playlist reads, as paths relative to its folder ("playlist.toml",
/// "audio/rapat.m4a", "ticker.txt", "hijau.svg"): playlist.toml, the logo, the ticker file,
/// the chime, background music, reminder audio, slide images and videos, and templates of
/// its own (built-in templates are not in the folder). Files outside the folder are left out.
std::set<std::string> playlist_uses(const Playlist& p);

/// A fingerprint (SHA-256, hex) of what `p` plays: the names and bytes of every file in
/// playlist_uses(p). Two loads of unchanged files give the same one, whatever their times.
/// Files are read without blocking (a FIFO counts as unreadable, never waits). Never throws.
std::string playlist_content_hash(const Playlist& p);

/// Where the last accepted playlist is kept, so that a restart with a refused edit on disk
/// still plays: `folder`/.tsr-last-good (a dot folder: editors, the watch and `tsr check`
/// leave it alone). It holds playlist.toml and the files it uses at the same relative
/// paths, so the copy loads like the folder itself.
std::filesystem::path last_good_dir(const std::filesystem::path& folder);

/// Copies `p`'s playlist.toml and every file it uses (playlist_uses) into
/// last_good_dir(`folder`), atomically: written and synced in a fresh folder beside it, then
/// swapped in with one rename, so a power cut leaves the old copy or the new, never half.
/// `p` may have been loaded from `folder` or from the copy itself (then nothing is done).
/// Returns an empty string, or why it failed ("cannot write .tsr-last-good (...)").
std::string save_last_good(const Playlist& p, const std::filesystem::path& folder);

} // namespace tsr
