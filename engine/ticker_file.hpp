// The ticker file ([ticker] file, "ticker.txt"): one message a line, as office PCs save it.
// Read once, when the playlist is loaded (check and the player alike, so both accept and show
// the same thing), never on a streaming thread: the player reloads the playlist when the file
// changes. Text is decoded, not guessed at per line:
//   - UTF-8, with or without the byte-order mark Notepad writes;
//   - UTF-16 or UTF-32 with a byte-order mark (Notepad's "Unicode"), or UTF-16 without one
//     when the text is plainly ASCII with every other byte zero;
//   - anything else that is not valid UTF-8 is Windows-1252 ("ANSI" on an Indonesian or
//     English Windows): "Rp 50.000 – gratis" saved by Notepad reads as written, not as "�".
// Bytes that are none of these (0x81, 0x8D, 0x8F, 0x90, 0x9D are not Windows-1252) are a
// problem at their line and column: the file is refused rather than shown garbled.
#pragma once

#include "diagnostics.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tsr {

/// The largest ticker file read (bytes on disk); a larger one is refused.
inline constexpr std::uintmax_t kMaxTickerFileBytes = 64 * 1024;

struct TickerFileText {
    /// The non-empty lines, trimmed, UTF-8, in order; control characters made spaces.
    std::vector<std::string> lines;
    /// What the file was read as: "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE" or
    /// "Windows-1252".
    std::string encoding;
    /// Empty when read; else the end of a message for people, following the file's name:
    /// "is larger than 64 KiB; ...", "is not a regular file ...", "byte 0x81 is neither
    /// UTF-8 nor Windows-1252 text; save the file as UTF-8".
    std::string problem;
    /// Where the problem is in the file (line and column, 1-based); {0, 0}: the whole file.
    SourcePos pos;
    bool ok() const { return problem.empty(); }
};

/// Decodes the bytes of a ticker file (see above). Never throws.
TickerFileText decode_ticker_text(std::string_view bytes);

/// Reads (read_regular_file: bounded, non-blocking, regular files only) and decodes `path`.
/// A FIFO or a device is a problem, never a wait.
TickerFileText read_ticker_file(const std::filesystem::path& path);

} // namespace tsr
