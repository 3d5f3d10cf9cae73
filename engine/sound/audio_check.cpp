#include "audio_check.hpp"
#include "i18n.hpp"

#include "reminder_audio.hpp"

#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace tsr {

namespace fs = std::filesystem;

namespace {

struct Key {
    fs::path file;
    std::uintmax_t size;
    fs::file_time_type mtime;
    AudioUse use;
    auto operator<=>(const Key&) const = default;
};

/// Bounded: a playlist names at most a few hundred sound files.
constexpr std::size_t kMaxRemembered = 2000;

std::mutex& memo_mutex() {
    static std::mutex m;
    return m;
}
std::map<Key, AudioProbe>& memo() {
    static std::map<Key, AudioProbe> m;
    return m;
}

/// The decoder's reason without the file's path it starts with.
std::string reason_of(const std::string& error, const std::string& f) {
    std::string rest = error.rfind(f, 0) == 0 ? error.substr(f.size()) : error;
    if (rest.rfind(": ", 0) == 0) return i18n::format(_("cannot be played: %s"), rest.substr(2));
    if (rest.rfind(' ', 0) == 0) return rest.substr(1);
    return rest;
}

} // namespace

AudioProbe probe_playable_audio(const fs::path& file, AudioUse use) {
    AudioProbe probe = probe_mpeg4_audio(file);
    if (probe.ok || !probe.other_format) return probe;

    std::error_code ec;
    Key key{file, fs::file_size(file, ec), fs::last_write_time(file, ec), use};
    {
        std::lock_guard lock(memo_mutex());
        if (auto it = memo().find(key); it != memo().end()) return it->second;
    }
    DecodeOptions options;
    options.use = use;
    DecodeResult decoded = decode_reminder_audio(file, options);
    AudioProbe r;
    if (decoded.ok()) {
        r.ok = true;
        r.length = decoded.sound->length();
    } else {
        r.problem = reason_of(decoded.error, file.string());
    }
    std::lock_guard lock(memo_mutex());
    if (memo().size() >= kMaxRemembered) memo().clear();
    memo().emplace(key, r);
    return r;
}

} // namespace tsr
