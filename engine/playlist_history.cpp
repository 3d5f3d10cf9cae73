#include "playlist_history.hpp"

#include "asrun_proof.hpp"
#include "content_cache.hpp"
#include "playlist_loader.hpp"

#include <algorithm>
#include <map>

namespace tsr {

namespace fs = std::filesystem;

namespace {

bool is_sha256(const std::string& s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

} // namespace

fs::path playlist_copies_dir(const fs::path& asrun_dir) {
    return asrun_dir / "playlists";
}

std::string keep_playlist_copy(const fs::path& dir, const std::string& sha,
                               const std::string& bytes) {
    if (!is_sha256(sha)) return "not a SHA-256: " + sha;
    const fs::path target = dir / (sha + ".toml");
    std::error_code ec;
    // Kept once; a copy a power cut left empty or cut short is written again.
    if (file_sha256(target) == sha) return "";
    fs::create_directories(dir, ec);
    if (ec) return dir.string() + ": " + ec.message();
    return write_file_atomically(target, bytes);
}

std::string playlist_sha_of(const AsRunRow& row) {
    if (row.kind != "start" && row.kind != "playlist") return "";
    static const std::string lead = "playlist sha256 ";
    const std::size_t at = row.detail.find(lead);
    if (at == std::string::npos) return "";
    const std::string sha = row.detail.substr(at + lead.size(), 64);
    return is_sha256(sha) ? sha : "";
}

std::vector<PlaylistEra> playlist_eras(const std::vector<AsRunRow>& rows, const fs::path& dir) {
    std::vector<std::pair<Instant, std::string>> named;
    for (const AsRunRow& r : rows)
        if (std::string sha = playlist_sha_of(r); !sha.empty() && r.actual)
            named.emplace_back(*r.actual, sha);
    std::stable_sort(named.begin(), named.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::map<std::string, std::shared_ptr<const Playlist>> loaded;
    std::vector<PlaylistEra> eras;
    std::string playing;
    for (const auto& [at, sha] : named) {
        if (sha == playing) continue;
        playing = sha;
        auto [it, fresh] = loaded.try_emplace(sha);
        if (fresh && loaded.size() <= 1000) {
            const fs::path copy = dir / (sha + ".toml");
            // The copy is what played only if its bytes still hash to its name.
            if (file_sha256(copy) == sha)
                it->second = load_playlist(copy, LoadOptions{std::nullopt, false}).playlist;
        }
        eras.push_back({at, it->second});
    }
    return eras;
}

} // namespace tsr
