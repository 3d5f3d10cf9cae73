#include "catalog.hpp"

#include "i18n.hpp"
#include "playlist_files.hpp"

#include <cstdint>
#include <cstring>
#include <mutex>
#include <unordered_map>

namespace tsr::console {

namespace {

constexpr std::size_t kMaxMessages = 20000;
constexpr std::uintmax_t kMaxCatalogBytes = 8 * 1024 * 1024;

/// The primary language of a tag, lower case: "id" of "id-ID", "en" of "en-GB".
std::string primary(std::string_view tag) {
    std::string out;
    for (char c : tag) {
        if (c == '-' || c == '_') break;
        out += char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out;
}

/// q of "q=0.8" (0..1000, in thousandths), 1000 when absent or unreadable.
int quality(std::string_view params) {
    std::size_t at = params.find("q=");
    if (at == std::string_view::npos) return 1000;
    std::string_view v = params.substr(at + 2);
    if (v.empty() || (v[0] != '0' && v[0] != '1')) return 1000;
    int q = (v[0] - '0') * 1000, scale = 100;
    if (v.size() > 1 && v[1] == '.')
        for (std::size_t i = 2; i < v.size() && i < 5 && v[i] >= '0' && v[i] <= '9'; ++i) {
            q += (v[i] - '0') * scale;
            scale /= 10;
        }
    return q > 1000 ? 1000 : q;
}

std::uint32_t word(std::string_view b, std::size_t at, bool swap) {
    std::uint32_t v = 0;
    std::memcpy(&v, b.data() + at, 4);
    return swap ? __builtin_bswap32(v) : v;
}

struct Catalog {
    std::once_flag once;
    std::unordered_map<std::string, std::string> messages;
};

Catalog& indonesian() {
    static Catalog c;
    std::call_once(c.once, [] {
        FileBytes b = read_regular_file(i18n::locale_dir() / "id" / "LC_MESSAGES" / "tsr.mo",
                                        kMaxCatalogBytes);
        if (!b.ok()) return;
        parse_mo(
            b.bytes,
            [](void* to, std::string_view id, std::string_view str) {
                static_cast<Catalog*>(to)->messages.emplace(std::string(id), std::string(str));
            },
            &c);
    });
    return c;
}

} // namespace

std::string console_language(const std::string& playlist_language, const char* accept_language) {
    if (playlist_language == "id") return "id";
    if (!accept_language) return "en";
    std::string_view all(accept_language);
    all = all.substr(0, 1024);
    int best = -1;
    std::string best_language;
    for (int n = 0; !all.empty() && n < 32; ++n) {
        std::size_t comma = all.find(',');
        std::string_view entry = all.substr(0, comma);
        all = comma == std::string_view::npos ? std::string_view{} : all.substr(comma + 1);
        std::size_t semi = entry.find(';');
        std::string_view tag = entry.substr(0, semi);
        while (!tag.empty() && tag.front() == ' ')
            tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ')
            tag.remove_suffix(1);
        const int q = semi == std::string_view::npos ? 1000 : quality(entry.substr(semi + 1));
        if (tag.empty() || tag == "*" || q <= best) continue; // ties: the first one written
        best = q;
        best_language = primary(tag);
    }
    return best_language == "id" || best_language == "in" ? "id" : "en";
}

const char* tr(const std::string& language, const char* msgid) {
    if (language != "id" || !msgid || !*msgid) return msgid;
    const Catalog& c = indonesian();
    auto it = c.messages.find(msgid);
    return it == c.messages.end() || it->second.empty() ? msgid : it->second.c_str();
}

const char* tr_n(const std::string& language, const char* one, const char* many, unsigned long n) {
    // A plural entry is found by its singular msgid; Indonesian has one form
    // (Plural-Forms: nplurals=1), English two.
    if (language == "id") return tr(language, one);
    return n == 1 ? one : many;
}

std::size_t parse_mo(std::string_view b,
                     void (*add)(void* to, std::string_view id, std::string_view str), void* to) {
    if (b.size() < 28) return 0;
    const std::uint32_t magic = word(b, 0, false);
    bool swap = false;
    if (magic == 0xde120495u)
        swap = true;
    else if (magic != 0x950412deu)
        return 0;
    const std::uint32_t count = word(b, 8, swap);
    const std::uint32_t ids = word(b, 12, swap), strs = word(b, 16, swap);
    if (count > kMaxMessages || std::uint64_t(ids) + 8ull * count > b.size() ||
        std::uint64_t(strs) + 8ull * count > b.size())
        return 0;
    std::size_t added = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint32_t il = word(b, ids + 8 * i, swap), io = word(b, ids + 8 * i + 4, swap);
        const std::uint32_t sl = word(b, strs + 8 * i, swap), so = word(b, strs + 8 * i + 4, swap);
        if (std::uint64_t(io) + il > b.size() || std::uint64_t(so) + sl > b.size()) return added;
        // Plural entries ("one\0many"): the singular only; the console has none.
        std::string_view id = b.substr(io, il), str = b.substr(so, sl);
        id = id.substr(0, id.find('\0'));
        str = str.substr(0, str.find('\0'));
        if (id.empty()) continue; // the header
        add(to, id, str);
        ++added;
    }
    return added;
}

} // namespace tsr::console
