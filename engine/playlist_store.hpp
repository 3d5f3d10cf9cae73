// What `tsr play` keeps of the playlist it plays, on disk: the files a playlist uses, their
// fingerprint (is an edit a change at all?) and the last good copy a restart falls back to.
// The playlist in memory reaches the elements as a GstContext (plugins/playlist_context.hpp).
#pragma once

#include "playlist.hpp"

#include <filesystem>
#include <set>
#include <string>

namespace tsr {

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
