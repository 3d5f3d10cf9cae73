// Looking at text people wrote before trusting it: is it UTF-8, and how to quote a piece of
// it in a message without breaking the message's one line or flooding a log.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tsr {

/// Where text stops being UTF-8: the byte offset of the first bad byte, and its 1-based line
/// and column (column in characters, as editors count them). nullopt when all is UTF-8.
struct BadByte {
    std::size_t offset = 0;
    int line = 0;
    int column = 0;
    unsigned char byte = 0;
};
std::optional<BadByte> first_non_utf8(std::string_view text);

/// What a file of text was saved as, by its first bytes: UTF-8 (with or without a BOM), or a
/// UTF-16/UTF-32 byte-order mark that editors on Windows write.
enum class TextEncoding { utf8, utf8_bom, utf16le, utf16be, utf32le, utf32be };
TextEncoding sniff_encoding(std::string_view text);

/// A short, one-line, escaped excerpt of a value for a message: control characters shown as
/// \n, \t or \xNN, invalid UTF-8 as \xNN, and at most `max_chars` characters, then "…".
std::string excerpt(std::string_view value, std::size_t max_chars = 40);

} // namespace tsr
