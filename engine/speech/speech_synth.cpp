#include "speech_synth.hpp"
#include "i18n.hpp"

#include "content_cache.hpp"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <vector>

namespace tsr {

namespace fs = std::filesystem;

namespace {

/// Words a minute: a little slower than espeak-ng's 175, as announcements are read.
constexpr int kRate = 150;
/// A sentence is at most kMaxSayBytes: this bounds a runaway synthesis (and the WAV) anyway.
constexpr std::size_t kMaxSamples = 22050 * 120;

std::mutex& engine_mutex() {
    static std::mutex m;
    return m;
}

/// The samples of the sentence being synthesized (the callback has no other way in).
struct Capture {
    std::vector<std::int16_t> samples;
    bool overflow = false;
};

int on_synth(short* wav, int count, espeak_EVENT* events) {
    if (!events || !events->user_data) return 0;
    auto* c = static_cast<Capture*>(events->user_data);
    if (wav && count > 0) {
        if (c->samples.size() + std::size_t(count) > kMaxSamples) {
            c->overflow = true;
            return 1; // abort
        }
        c->samples.insert(c->samples.end(), wav, wav + count);
    }
    return 0;
}

void put_le(std::string& out, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i)
        out += char((v >> (8 * i)) & 0xff);
}

std::string wav_bytes(const std::vector<std::int16_t>& samples, int rate) {
    const std::uint32_t data = std::uint32_t(samples.size() * 2);
    std::string out;
    out.reserve(44 + data);
    out += "RIFF";
    put_le(out, 36 + data, 4);
    out += "WAVEfmt ";
    put_le(out, 16, 4);
    put_le(out, 1, 2); // PCM
    put_le(out, 1, 2); // mono
    put_le(out, std::uint32_t(rate), 4);
    put_le(out, std::uint32_t(rate * 2), 4);
    put_le(out, 2, 2);
    put_le(out, 16, 2);
    out += "data";
    put_le(out, data, 4);
    for (std::int16_t s : samples)
        put_le(out, std::uint16_t(s), 2);
    return out;
}

std::uint32_t get_le(const unsigned char* p, int bytes) {
    std::uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

/// The length of a WAV this file wrote, or nullopt when `file` is not one (missing, cut short,
/// another layout): then it is made again.
std::optional<Micros> cached_length(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    unsigned char h[44];
    if (!in.read(reinterpret_cast<char*>(h), sizeof h)) return std::nullopt;
    if (std::memcmp(h, "RIFF", 4) != 0 || std::memcmp(h + 8, "WAVEfmt ", 8) != 0 ||
        std::memcmp(h + 36, "data", 4) != 0 || get_le(h + 22, 2) != 1 || get_le(h + 34, 2) != 16)
        return std::nullopt;
    const std::uint32_t rate = get_le(h + 24, 4), data = get_le(h + 40, 4);
    std::error_code ec;
    if (rate == 0 || fs::file_size(file, ec) != 44u + data || ec) return std::nullopt;
    return Micros(std::int64_t(data / 2) * 1000000 / rate);
}

/// espeak-ng initialized once per process; its sample rate, or 0 when it cannot start.
int engine_rate(std::string& why) {
    static int rate = -1;
    static std::string failure;
    if (rate < 0) {
        rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (rate <= 0) {
            rate = 0;
            failure = _("the speech engine espeak-ng could not start (is espeak-ng-data "
                        "installed? apt-get install espeak-ng)");
        } else {
            espeak_SetSynthCallback(on_synth);
        }
    }
    why = failure;
    return rate;
}

bool mbrola_id1_installed() {
    // espeak-ng's mb-id1 voice needs the mbrola program and the id1 database (mbrola-id1).
    std::error_code ec;
    return fs::exists("/usr/bin/mbrola", ec) &&
           (fs::is_regular_file("/usr/share/mbrola/id1/id1", ec) ||
            fs::is_regular_file("/usr/share/mbrola/id1", ec));
}

} // namespace

std::string speech_voice() {
    return mbrola_id1_installed() ? "mb-id1" : "id";
}

SpeechResult synthesize_speech(const SpeechRequest& req) {
    SpeechResult r;
    r.voice = speech_voice();
    if (req.words.empty() || req.words.size() > kMaxSayBytes * 4) {
        r.error = _("has nothing to say");
        return r;
    }
    if (req.cache_dir.empty()) {
        r.error = _("cannot be kept: no cache folder can be written (the playlist folder and "
                    "~/.cache are read-only)");
        return r;
    }
    const int repeat = std::clamp(req.repeat, 1, kMaxSayRepeat);
    const char* version = espeak_Info(nullptr);
    const std::string key = std::string("espeak-ng ") + (version ? version : "?") + "\n" + r.voice +
                            "\nrate " + std::to_string(kRate) + "\nrepeat " +
                            std::to_string(repeat) + "\n" + req.words;
    const fs::path wav = req.cache_dir / (content_hash(key).substr(0, 32) + ".wav");
    if (auto len = cached_length(wav)) {
        r.wav = wav;
        r.length = *len;
        r.cached = true;
        return r;
    }

    std::lock_guard lock(engine_mutex());
    std::string why;
    const int rate = engine_rate(why);
    if (rate == 0) {
        r.error = i18n::format(_("cannot be spoken: %s"), why);
        return r;
    }
    if (espeak_SetVoiceByName(r.voice.c_str()) != EE_OK &&
        (r.voice = "id", espeak_SetVoiceByName("id") != EE_OK)) {
        r.error =
            _("cannot be spoken: espeak-ng has no Indonesian voice (apt-get install espeak-ng)");
        return r;
    }
    espeak_SetParameter(espeakRATE, kRate, 0);
    Capture cap;
    espeak_ERROR e = espeak_Synth(req.words.c_str(), req.words.size() + 1, 0, POS_CHARACTER, 0,
                                  espeakCHARS_UTF8, nullptr, &cap);
    espeak_Synchronize();
    if (e != EE_OK || cap.overflow || cap.samples.empty()) {
        r.error = cap.overflow
                      ? _("is too long to be spoken (over 2 minutes); shorten it or record it")
                      : _("could not be synthesized by espeak-ng");
        return r;
    }
    std::vector<std::int16_t> all;
    const std::size_t gap = std::size_t(std::int64_t(rate) * kSayRepeatGap.count() / 1000000);
    for (int i = 0; i < repeat; ++i) {
        if (i > 0) all.insert(all.end(), gap, 0);
        all.insert(all.end(), cap.samples.begin(), cap.samples.end());
    }
    if (std::string err = write_file_atomically(wav, wav_bytes(all, rate)); !err.empty()) {
        r.error = i18n::format(_("cannot be kept: %s"), err);
        return r;
    }
    r.wav = wav;
    r.length = Micros(std::int64_t(all.size()) * 1000000 / rate);
    return r;
}

} // namespace tsr
