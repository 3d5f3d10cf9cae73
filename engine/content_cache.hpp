// Where content made from the playlist's files is kept between runs: synthesized speech and
// documents converted to PDF. Named by a hash of what decides the result, so a reload or a
// restart finds it again and a changed input never meets a stale result.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace tsr {

/// `folder`/.tsr-cache/`kind` (a dot folder: the playlist watch and editors ignore it), made
/// when missing with the permission bits of `folder` itself (setgid included), whatever the
/// umask: whoever may write the playlist folder may write its cache. A cache folder of ours
/// narrower than that is widened. When it is not writable, $XDG_CACHE_HOME/tsr/`kind`.
/// Empty when neither can be made.
std::filesystem::path content_cache_dir(const std::filesystem::path& folder, std::string_view kind);

/// SHA-256 of `data`, lowercase hex.
std::string content_hash(std::string_view data);

/// SHA-256 of the file's bytes (up to `max_bytes`), lowercase hex; empty when unreadable or
/// larger.
std::string file_content_hash(const std::filesystem::path& file, std::uintmax_t max_bytes);

/// Writes `data` to `to` through a temporary file in the same folder and a rename, so a reader
/// never sees half a file. "" or why not.
std::string write_file_atomically(const std::filesystem::path& to, std::string_view data);

} // namespace tsr
