#include "text_checks.hpp"

#include <glib.h>

#include <cstdio>

namespace tsr {

std::optional<BadByte> first_non_utf8(std::string_view text) {
    const gchar* end = nullptr;
    if (g_utf8_validate(text.data(), gssize(text.size()), &end)) return std::nullopt;
    BadByte bad;
    bad.offset = std::size_t(end - text.data());
    bad.byte = static_cast<unsigned char>(text[bad.offset]);
    bad.line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < bad.offset; ++i)
        if (text[i] == '\n') {
            ++bad.line;
            line_start = i + 1;
        }
    // Valid up to the bad byte, so counting characters there is safe.
    bad.column = int(g_utf8_strlen(text.data() + line_start, gssize(bad.offset - line_start))) + 1;
    return bad;
}

TextEncoding sniff_encoding(std::string_view t) {
    auto starts = [&](std::string_view bom) { return t.substr(0, bom.size()) == bom; };
    using namespace std::string_view_literals;
    if (starts("\xFF\xFE\x00\x00"sv)) return TextEncoding::utf32le;
    if (starts("\x00\x00\xFE\xFF"sv)) return TextEncoding::utf32be;
    if (starts("\xEF\xBB\xBF"sv)) return TextEncoding::utf8_bom;
    if (starts("\xFF\xFE"sv)) return TextEncoding::utf16le;
    if (starts("\xFE\xFF"sv)) return TextEncoding::utf16be;
    // UTF-16 without a mark: ASCII text with every other byte zero.
    if (t.size() >= 4) {
        if (t[0] != 0 && t[1] == 0 && t[2] != 0 && t[3] == 0) return TextEncoding::utf16le;
        if (t[0] == 0 && t[1] != 0 && t[2] == 0 && t[3] != 0) return TextEncoding::utf16be;
    }
    return TextEncoding::utf8;
}

std::string excerpt(std::string_view value, std::size_t max_chars) {
    std::string out;
    std::size_t chars = 0, i = 0;
    while (i < value.size()) {
        if (chars == max_chars) {
            out += "…";
            break;
        }
        unsigned char c = static_cast<unsigned char>(value[i]);
        char buf[8];
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c == 0x7f) {
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        } else if (c < 0x80) {
            out += char(c);
        } else {
            const gchar* start = value.data() + i;
            gunichar u = g_utf8_get_char_validated(start, gssize(value.size() - i));
            if (u == gunichar(-1) || u == gunichar(-2)) {
                std::snprintf(buf, sizeof buf, "\\x%02X", c);
                out += buf;
            } else {
                std::size_t len = std::size_t(g_utf8_next_char(start) - start);
                // C1 controls and line/paragraph separators would break the line too.
                if ((u >= 0x80 && u < 0xa0) || u == 0x2028 || u == 0x2029) {
                    std::snprintf(buf, sizeof buf, "\\u%04X", unsigned(u));
                    out += buf;
                } else {
                    out.append(start, len);
                }
                i += len;
                ++chars;
                continue;
            }
        }
        ++i;
        ++chars;
    }
    return out;
}

} // namespace tsr
