#include "ticker_file.hpp"
#include "i18n.hpp"

#include "playlist_files.hpp"
#include "text_checks.hpp"

#include <glib.h>

#include <algorithm>
#include <cstdio>

namespace tsr {

namespace {

/// `bytes` (without a byte-order mark) converted from `from` to UTF-8; false when they are
/// not valid in `from`, with the offset of the first bad byte in `bad`.
bool convert(std::string_view bytes, const char* from, std::string* out, std::size_t* bad) {
    gsize read = 0, written = 0;
    GError* err = nullptr;
    gchar* utf8 =
        g_convert(bytes.data(), gssize(bytes.size()), "UTF-8", from, &read, &written, &err);
    // With bytes_read asked for, half a character at the end is no error: it is ours.
    if (!utf8 || read < bytes.size()) {
        *bad = std::size_t(read);
        if (err) g_error_free(err);
        g_free(utf8);
        return false;
    }
    out->assign(utf8, written);
    g_free(utf8);
    return true;
}

/// Line and column (1-based, columns in bytes: the text is not readable there) of `offset`.
SourcePos position_of(std::string_view bytes, std::size_t offset) {
    SourcePos p{1, 1};
    for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
        if (bytes[i] == '\n') {
            ++p.line;
            p.column = 1;
        } else {
            ++p.column;
        }
    }
    return p;
}

std::string trimmed(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && g_ascii_isspace(s[b]))
        ++b;
    while (e > b && g_ascii_isspace(s[e - 1]))
        --e;
    return std::string(s.substr(b, e - b));
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string line = trimmed(std::string_view(text).substr(
            pos, nl == std::string::npos ? std::string::npos : nl - pos));
        // A tab or a stray control character would show as a box on the TV.
        for (char& c : line)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
        if (!line.empty()) out.push_back(std::move(line));
        if (nl == std::string::npos) break;
        pos = nl + 1;
    }
    return out;
}

} // namespace

TickerFileText decode_ticker_text(std::string_view bytes) {
    TickerFileText out;
    std::string text;
    std::size_t bad = 0;
    const TextEncoding enc = sniff_encoding(bytes);
    auto wide = [&](const char* name, std::size_t bom) {
        out.encoding = name;
        if (convert(bytes.substr(bom), name, &text, &bad)) return true;
        out.problem = i18n::format(
            _("is not valid %s text from byte %s on; save the file as UTF-8"), name, bad + bom);
        return false;
    };
    switch (enc) {
    case TextEncoding::utf16le:
        if (!wide("UTF-16LE", bytes.substr(0, 2) == "\xFF\xFE" ? 2 : 0)) return out;
        break;
    case TextEncoding::utf16be:
        if (!wide("UTF-16BE", bytes.substr(0, 2) == "\xFE\xFF" ? 2 : 0)) return out;
        break;
    case TextEncoding::utf32le:
        if (!wide("UTF-32LE", 4)) return out;
        break;
    case TextEncoding::utf32be:
        if (!wide("UTF-32BE", 4)) return out;
        break;
    case TextEncoding::utf8_bom:
    case TextEncoding::utf8: {
        std::string_view body = enc == TextEncoding::utf8_bom ? bytes.substr(3) : bytes;
        if (!first_non_utf8(body)) {
            out.encoding = "UTF-8";
            text.assign(body);
            break;
        }
        // A mark that says UTF-8 over bytes that are not is a damaged file, not ANSI; so is
        // UTF-8 text with a stray byte after it (decoding it all as Windows-1252 would show
        // "CafÃ©").
        auto b = first_non_utf8(body);
        bool utf8_before =
            std::any_of(body.begin(), body.begin() + std::ptrdiff_t(b->offset),
                        [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
        if (enc == TextEncoding::utf8_bom || utf8_before) {
            out.encoding = "UTF-8";
            out.pos = SourcePos{b->line, b->column};
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", b->byte);
            out.problem = i18n::format(
                enc == TextEncoding::utf8_bom
                    ? _("byte %s is not UTF-8 although the file starts with the UTF-8 mark; save "
                        "the file as UTF-8 again")
                    : _("byte %s is not UTF-8, though the text before it is; the file mixes two "
                        "encodings: save it as UTF-8 again"),
                hex);
            return out;
        }
        out.encoding = "Windows-1252";
        if (!convert(body, "WINDOWS-1252", &text, &bad)) {
            out.pos = position_of(body, bad);
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X",
                          bad < body.size() ? static_cast<unsigned char>(body[bad]) : 0u);
            out.problem = i18n::format(
                _("byte %s is neither UTF-8 nor Windows-1252 text; save the file as UTF-8"), hex);
            return out;
        }
        break;
    }
    }
    out.lines = split_lines(text);
    return out;
}

TickerFileText read_ticker_file(const std::filesystem::path& path) {
    FileBytes f = read_regular_file(path, kMaxTickerFileBytes);
    if (!f.ok()) {
        TickerFileText out;
        out.problem = f.problem;
        return out;
    }
    return decode_ticker_text(f.bytes);
}

} // namespace tsr
