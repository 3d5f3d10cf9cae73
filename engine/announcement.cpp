#include "announcement.hpp"

#include "content_cache.hpp"
#include "i18n.hpp"
#include "speech/indonesian_reading.hpp"
#include "speech/speech_synth.hpp"
#include "text_checks.hpp"

#include "sound/reminder_mix.hpp"

#include <glib.h>

#include <algorithm>

namespace tsr {

std::string announcement_problem(const std::string& text, long seconds) {
    // Whole sentences, marked for translation: the console says them in the reader's language.
    static_assert(kMaxAnnouncementBytes == 600 && kMinAnnouncement.count() == 5 &&
                  kMaxAnnouncement.count() == 600);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        return N_("write the words of the announcement");
    if (text.size() > kMaxAnnouncementBytes)
        return N_("the words are longer than 600 bytes; record a longer announcement instead");
    if (!g_utf8_validate(text.data(), gssize(text.size()), nullptr))
        return N_("the words are not UTF-8 text");
    for (unsigned char c : text)
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
            return N_("the words hold a control character");
    if (seconds < kMinAnnouncement.count() || seconds > kMaxAnnouncement.count())
        return N_("the duration must be a whole number of seconds from 5 to 600");
    return "";
}

AnnouncementSound prepare_announcement_sound(const Playlist& p, const std::string& text,
                                             const std::filesystem::path& recording) {
    AnnouncementSound out;
    try {
        std::filesystem::path voice = recording;
        out.what = i18n::format(_("recording %s"), recording.filename().string());
        if (recording.empty()) {
            SpeechResult s =
                synthesize_speech({read_aloud_id(text), 1, content_cache_dir(p.folder, "speech")});
            if (!s.ok()) {
                out.error = s.error;
                return out;
            }
            voice = s.wav;
            out.what = _("spoken");
        }
        DecodeResult words = decode_reminder_audio(voice);
        if (!words.sound) {
            out.error = words.error;
            return out;
        }
        auto all = std::make_shared<DecodedSound>();
        if (!p.audio.chime.empty()) {
            DecodeOptions chime;
            chime.use = AudioUse::chime;
            // A chime that does not decode leaves the words alone: they matter more.
            if (DecodeResult c = decode_reminder_audio(p.audio.chime, chime); c.sound)
                all->samples = c.sound->samples;
        }
        all->samples.insert(all->samples.end(), words.sound->samples.begin(),
                            words.sound->samples.end());
        out.samples = std::move(all);
    } catch (const std::exception& e) {
        out.error = e.what();
    }
    return out;
}

bool mix_announcement(const Announcement& a, const Timebase& tb, std::uint64_t s0, std::size_t n,
                      std::int16_t* out, double volume) {
    if (!a.samples || a.samples->frames() == 0) return false;
    const std::int64_t ns = tb.running_at_signed(a.from);
    const std::int64_t first = ns < 0 ? -std::int64_t(sample_at_running(std::uint64_t(-ns)))
                                      : std::int64_t(sample_at_running(std::uint64_t(ns)));
    const std::int64_t end = first + std::int64_t(a.samples->frames());
    const std::int64_t from = std::max<std::int64_t>(first, std::int64_t(s0));
    const std::int64_t to = std::min<std::int64_t>(end, std::int64_t(s0 + n));
    if (from >= to) return false;
    const std::int16_t* in = a.samples->samples.data();
    for (std::int64_t i = from; i < to; ++i)
        for (std::size_t c = 0; c < std::size_t(kSoundChannels); ++c) {
            const std::size_t o =
                std::size_t(i - std::int64_t(s0)) * std::size_t(kSoundChannels) + c;
            const double v =
                out[o] + volume * in[std::size_t(i - first) * std::size_t(kSoundChannels) + c];
            out[o] = std::int16_t(std::clamp(v, -32768.0, 32767.0));
        }
    return true;
}

std::string announcement_detail(const Announcement& a) {
    const auto seconds = std::chrono::duration_cast<Seconds>(a.until - a.from).count();
    std::string words = a.text;
    for (char& c : words)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    // In the playlist's language, as every as-run detail.
    return i18n::format(_("%s (%s s, %s)"), excerpt(words, 200), seconds, a.sound);
}

} // namespace tsr
