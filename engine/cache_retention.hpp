// How long made content stays in the playlist's cache (content_cache.hpp): spoken reminders
// and converted documents that the playlist no longer uses are removed once nobody has
// written them for `kCacheUnusedFor`; what the playlist uses is always kept. Only the
// playlist folder's own `.tsr-cache/` is swept (the per-user fallback may be shared by
// several playlists, which could still use what this one does not).
#pragma once

#include "playlist.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

namespace tsr {

inline constexpr std::chrono::hours kCacheUnusedFor{24 * 30};

/// The cache files `p` plays from: the WAVs of its `say` reminders, its documents' PDFs.
std::set<std::filesystem::path> cache_files_in_use(const Playlist& p);

struct CacheSweep {
    std::size_t removed = 0;  ///< files and leftover work folders
    std::uintmax_t bytes = 0; ///< of the files removed
    std::size_t kept_in_use = 0;
    std::string error; ///< the first failure, if any (the sweep goes on)
};

/// Removes from `folder`/.tsr-cache/{speech,documents} every entry not in `in_use` last
/// modified before `now - unused_for`. Never follows a symlink; bounded to 100,000 entries a
/// kind. Safe while a load writes new entries (they are young).
CacheSweep sweep_content_cache(const std::filesystem::path& folder,
                               const std::set<std::filesystem::path>& in_use,
                               std::filesystem::file_time_type now,
                               std::chrono::hours unused_for = kCacheUnusedFor);

} // namespace tsr
