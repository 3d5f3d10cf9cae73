// Checking and saving a playlist edited in the console, through the one acceptance path of
// `tsr check` and the player (load_playlist): the text is written to a temporary file beside
// playlist.toml (so every path it names resolves in the same folder), loaded, and either
// thrown away (check) or renamed over playlist.toml (save, only when it has no errors). An
// edit with errors never touches playlist.toml. Safe to call from a worker thread; saves
// are serialized.
#pragma once

#include "civil_time.hpp"
#include "diagnostics.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tsr::console {

struct EditProblem {
    int line = 0;
    int column = 0;
    bool error = true;
    std::string text; ///< "playlist.toml:14:9: error: start: ..." (the file named as staff know it)
};

struct EditResult {
    bool ok = false; ///< no errors (warnings allowed)
    std::vector<EditProblem> problems;
    std::string summary; ///< "ok: 0 warnings" / "2 errors, 1 warning; not saved"
    bool saved = false;
    bool conflict = false; ///< save: playlist.toml changed since `base`
    std::string base;      ///< save: the fingerprint of playlist.toml after saving
};

/// Checks `text` as the playlist file `playlist_file` (in its folder). `now` for the
/// warnings about things that will never show. The summary in `lang` ("id" or "en", the
/// console's language); the problems in tsr's (the loader's messages).
EditResult check_edit(const std::filesystem::path& playlist_file, const std::string& text,
                      Instant now, const std::string& lang = "en");

/// Checks, then when there are no errors replaces `playlist_file` atomically (temporary file,
/// fsync, rename, the old file's permissions kept). `base`: the fingerprint the editor
/// started from (file_fingerprint); when not empty and the file changed since, nothing is
/// written (conflict).
EditResult save_edit(const std::filesystem::path& playlist_file, const std::string& text,
                     Instant now, const std::string& base, const std::string& lang = "en");

/// A fingerprint of a file's bytes (BLAKE2b, hex); empty when it cannot be read.
std::string file_fingerprint(const std::filesystem::path& file);

} // namespace tsr::console
