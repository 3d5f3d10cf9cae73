// Reading the files a playlist names, safely: every path is confined to the playlist folder
// (after resolving ".." and symlinks), only regular files of bounded size are read, and they
// are opened without blocking, so a named pipe, a device or a link to /etc can neither hang
// nor leak into the public screen. One place for check and the player alike.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace tsr {

/// Where a path written in a playlist leads. `problem` is empty when it may be used; else it
/// is the end of a message for people, to follow the quoted path:
///   "is outside the playlist folder; copy the file into the folder and write its path
///    relative to it"
///   "does not exist"
///   "is a folder, not a file"
///   "is not a regular file (a pipe, a device or a socket); save a real file there"
/// It never says anything about a file outside the folder beyond "outside".
struct ConfinedPath {
    std::filesystem::path path; ///< absolute and canonical (symlinks resolved) when ok
    std::string problem;
    bool outside = false; ///< refused whatever the options: it leads outside, or is absolute
    /// An absolute path into the folder: the relative path to write instead ("materi/x.pdf");
    /// `problem` then has a %s for it.
    std::string relative;
    bool ok() const { return problem.empty(); }
};

/// `folder` is the playlist folder (absolute); `written` the path as written in the playlist
/// (relative to the folder). An absolute path is refused: outside the folder as any way out
/// is, inside it with the relative path to write (a playlist copied elsewhere, as to the
/// office PC's /srv/tsr/playlist, would lose the file).
/// Checks only the name and what the file system says of it (lstat/stat); reads nothing.
ConfinedPath confine_to_folder(const std::filesystem::path& folder, std::string_view written);

/// What read_regular_file() found.
struct FileBytes {
    std::string bytes;
    std::string problem; ///< empty when read; else "is larger than 1 MiB; ...", "is empty", ...
    bool ok() const { return problem.empty(); }
};

/// Reads `path` whole when it is a regular file of at most `max_bytes` bytes. Opened with
/// O_NONBLOCK|O_NOCTTY so that a FIFO or a device never blocks; the type and size are taken
/// from the open descriptor (fstat), so a file swapped between the check and the read is
/// still judged by what was read. An empty file is a problem only when `empty_ok` is false.
FileBytes read_regular_file(const std::filesystem::path& path, std::uintmax_t max_bytes,
                            bool empty_ok = true);

/// "1 MiB", "200 KiB", "12 bytes": sizes in messages.
std::string size_text(std::uintmax_t bytes);

} // namespace tsr
