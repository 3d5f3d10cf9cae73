#include "cache_retention.hpp"

#include <vector>

namespace tsr {

namespace fs = std::filesystem;

std::set<fs::path> cache_files_in_use(const Playlist& p) {
    std::set<fs::path> out;
    for (const Activity& a : p.activities)
        for (const Reminder& r : a.reminders)
            if (!r.say.empty()) out.insert(r.audio.lexically_normal());
    for (const Slide& s : p.slides)
        if (!s.document_pdf.empty()) out.insert(s.document_pdf.lexically_normal());
    return out;
}

CacheSweep sweep_content_cache(const fs::path& folder, const std::set<fs::path>& in_use,
                               fs::file_time_type now, std::chrono::hours unused_for) {
    CacheSweep out;
    const fs::file_time_type before = now - unused_for;
    auto fail = [&](const std::error_code& ec, const fs::path& what) {
        if (ec && out.error.empty()) out.error = what.string() + ": " + ec.message();
    };
    for (const char* kind : {"speech", "documents"}) {
        const fs::path dir = folder / ".tsr-cache" / kind;
        std::error_code ec;
        if (!fs::is_directory(fs::symlink_status(dir, ec))) continue;
        fs::directory_iterator it(dir, ec), end;
        std::vector<fs::path> stale; // removed after the listing, not while it runs
        for (std::size_t n = 0; !ec && it != end && n < 100000; it.increment(ec), ++n) {
            const fs::path entry = it->path();
            if (in_use.count(entry.lexically_normal())) {
                ++out.kept_in_use;
                continue;
            }
            std::error_code e;
            const fs::file_time_type written = fs::last_write_time(entry, e);
            if (!e && written < before) stale.push_back(entry);
        }
        fail(ec, dir);
        for (const fs::path& entry : stale) {
            std::error_code e;
            const fs::file_status st = fs::symlink_status(entry, e);
            const std::uintmax_t size = fs::is_regular_file(st) ? fs::file_size(entry, e) : 0;
            // A folder here is the leftover of a conversion that was cut short.
            const std::uintmax_t gone = fs::remove_all(entry, e);
            fail(e, entry);
            if (!e && gone > 0) {
                ++out.removed;
                out.bytes += size;
            }
        }
    }
    return out;
}

} // namespace tsr
