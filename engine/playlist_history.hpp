// Which playlist played when, for the monthly report. Staff edit the playlist during the
// month; a report that planned every day with today's playlist would count a reminder added
// on the 20th as missed on the 1st to the 19th. So tsr play keeps each playlist.toml it
// played in asrun/playlists/SHA256.toml (named by the hash its `start` and `playlist` rows
// give, so a copy proves itself), and the report plans each stretch of time with the
// playlist that played then.
#pragma once

#include "asrun_log.hpp"
#include "playlist.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace tsr {

/// The copies' folder: `asrun_dir`/playlists.
std::filesystem::path playlist_copies_dir(const std::filesystem::path& asrun_dir);

/// Keeps `bytes` (a playlist.toml as it played; SHA-256 `sha`, 64 hex digits) as
/// `dir`/SHA.toml unless a copy with those bytes is there (content_cache.hpp
/// write_file_atomically: a temporary name, then a rename). "" or the problem (for stderr;
/// playout goes on).
std::string keep_playlist_copy(const std::filesystem::path& dir, const std::string& sha,
                               const std::string& bytes);

/// The playlist SHA-256 a `start` or `playlist` row names ("… playlist sha256 HEX; …"), or "".
std::string playlist_sha_of(const AsRunRow& row);

/// From `from` on (until the next era), `playlist` was playing; null when its copy is
/// missing or no longer loads (the report then uses the playlist of today).
struct PlaylistEra {
    Instant from;
    std::shared_ptr<const Playlist> playlist;
};

/// The eras the rows name, in time order, one per change of hash, each copy loaded from
/// `dir` once (without opening the files it names: only its schedule is needed).
std::vector<PlaylistEra> playlist_eras(const std::vector<AsRunRow>& rows,
                                       const std::filesystem::path& dir);

} // namespace tsr
