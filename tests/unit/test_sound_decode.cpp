// Decoding reminder audio ahead of time (engine/sound/reminder_audio.hpp): good files of any
// rate and channel count become 48 kHz stereo S16; every bad file gets a clear error and never
// hangs. Test audio is made at test time with ffmpeg into a temporary folder.
#include "sound/reminder_audio.hpp"

#include "test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <glib.h>
#include <gst/gst.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace tsr;

namespace {

using tsr::test::ffmpeg;
using tsr::test::TempDir;

fs::path sine(const fs::path& dir, const std::string& name, int freq, double secs, int rate,
              int channels, bool faststart = true) {
    fs::path out = dir / name;
    std::vector<std::string> a = {"-f",
                                  "lavfi",
                                  "-i",
                                  "sine=frequency=" + std::to_string(freq) + ":sample_rate=" +
                                      std::to_string(rate) + ":duration=" + std::to_string(secs),
                                  "-ac",
                                  std::to_string(channels),
                                  "-c:a",
                                  "aac",
                                  "-b:a",
                                  "96k"};
    if (faststart) {
        a.push_back("-movflags");
        a.push_back("+faststart");
    }
    a.push_back(out.string());
    ffmpeg(a);
    return out;
}

double peak(const DecodedSound& s) {
    int m = 0;
    for (auto v : s.samples)
        m = std::max(m, std::abs(int(v)));
    return m / 32768.0;
}

struct GstInit {
    GstInit() { gst_init(nullptr, nullptr); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(sound_decode)

BOOST_FIXTURE_TEST_CASE(decodes_any_rate_and_channels_to_48k_stereo, GstInit) {
    TempDir dir;
    for (auto [rate, ch] : {std::pair{44100, 1}, std::pair{48000, 2}, std::pair{22050, 1}}) {
        fs::path f = sine(dir.path, "s" + std::to_string(rate) + ".m4a", 440, 1.0, rate, ch);
        DecodeResult r = decode_reminder_audio(f);
        BOOST_REQUIRE_MESSAGE(r.ok(), r.error);
        // One second at 48 kHz; AAC may add up to one frame of padding at the end.
        BOOST_TEST(r.sound->frames() >= 48000u - 1200u);
        BOOST_TEST(r.sound->frames() <= 48000u + 2048u);
        BOOST_TEST(r.sound->samples.size() == r.sound->frames() * 2);
        BOOST_TEST(peak(*r.sound) > 0.08); // ffmpeg's sine has amplitude 1/8
        // Stereo from mono: both channels carry the tone.
        bool left = false, right = false;
        for (std::size_t i = 0; i < r.sound->frames(); ++i) {
            left |= std::abs(r.sound->samples[2 * i]) > 1000;
            right |= std::abs(r.sound->samples[2 * i + 1]) > 1000;
        }
        BOOST_TEST(left);
        BOOST_TEST(right);
    }
}

BOOST_FIXTURE_TEST_CASE(missing_file_is_a_clear_error, GstInit) {
    DecodeResult r = decode_reminder_audio("/nonexistent/tsr/rapat.m4a");
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.error.find("/nonexistent/tsr/rapat.m4a") != std::string::npos);
    BOOST_TEST(r.error.find("not found") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(text_file_named_m4a_is_not_audio, GstInit) {
    TempDir dir;
    fs::path f = dir.path / "pengumuman.m4a";
    std::ofstream(f) << "Rapat besok pukul 09.00 di Aula.\nHarap hadir tepat waktu.\n";
    DecodeResult r = decode_reminder_audio(f);
    BOOST_TEST(!r.ok());
    BOOST_TEST_MESSAGE(r.error);
    BOOST_TEST(r.error.find(f.string()) != std::string::npos);
    BOOST_TEST(r.error.find("not an audio file") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(empty_file_is_a_clear_error, GstInit) {
    TempDir dir;
    fs::path f = dir.path / "kosong.m4a";
    std::ofstream(f).flush();
    DecodeResult r = decode_reminder_audio(f);
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.error.find("empty") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(truncated_files_are_refused, GstInit) {
    TempDir dir;
    // moov first: the sample table survives, the data is cut short.
    fs::path a = sine(dir.path, "a.m4a", 440, 4.0, 48000, 1, true);
    // moov last (ffmpeg's default): the cut loses the index itself.
    fs::path b = sine(dir.path, "b.m4a", 440, 4.0, 48000, 1, false);
    for (const fs::path& f : {a, b}) {
        fs::resize_file(f, fs::file_size(f) / 2);
        DecodeResult r = decode_reminder_audio(f);
        BOOST_TEST_MESSAGE(r.error);
        BOOST_TEST(!r.ok());
        BOOST_TEST(r.error.find(f.string()) != std::string::npos);
        BOOST_TEST((r.error.find("truncated") != std::string::npos ||
                    r.error.find("damaged") != std::string::npos ||
                    r.error.find("not an audio file") != std::string::npos));
    }
}

BOOST_FIXTURE_TEST_CASE(video_track_is_ignored_audio_taken, GstInit) {
    TempDir dir;
    fs::path f = dir.path / "sosialisasi.mp4";
    ffmpeg({"-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=1.5", "-f", "lavfi", "-i",
            "sine=frequency=660:sample_rate=44100:duration=1.5", "-c:v", "mpeg4", "-c:a", "aac",
            "-shortest", f.string()});
    DecodeResult r = decode_reminder_audio(f);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.error);
    BOOST_TEST(r.sound->frames() >= 72000u - 1200u);
    BOOST_TEST(r.sound->frames() <= 72000u + 2048u);
    BOOST_TEST(peak(*r.sound) > 0.05);
}

BOOST_FIXTURE_TEST_CASE(video_only_file_has_no_audio_track, GstInit) {
    TempDir dir;
    fs::path f = dir.path / "bisu.mp4";
    ffmpeg({"-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=1", "-c:v", "mpeg4",
            f.string()});
    DecodeResult r = decode_reminder_audio(f);
    BOOST_TEST(!r.ok());
    BOOST_TEST_MESSAGE(r.error);
    BOOST_TEST(r.error.find("no audio track") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(codec_without_decoder_is_unsupported, GstInit) {
    TempDir dir;
    fs::path f = sine(dir.path, "aac.m4a", 440, 0.5, 48000, 1);
    // Take every AAC decoder out of autoplugging, as on a machine without gstreamer1.0-libav.
    std::vector<std::pair<GstPluginFeature*, guint>> saved;
    GList* factories =
        gst_element_factory_list_get_elements(GST_ELEMENT_FACTORY_TYPE_DECODER, GST_RANK_NONE);
    for (GList* l = factories; l; l = l->next) {
        auto* factory = GST_ELEMENT_FACTORY(l->data);
        const char* klass = gst_element_factory_get_metadata(factory, GST_ELEMENT_METADATA_KLASS);
        if (!klass || !std::strstr(klass, "Audio")) continue;
        GstCaps* aac = gst_caps_from_string("audio/mpeg, mpegversion=(int)4");
        bool can = gst_element_factory_can_sink_any_caps(factory, aac);
        gst_caps_unref(aac);
        if (!can) continue;
        auto* feature = GST_PLUGIN_FEATURE(factory);
        saved.emplace_back(GST_PLUGIN_FEATURE(gst_object_ref(feature)),
                           gst_plugin_feature_get_rank(feature));
        gst_plugin_feature_set_rank(feature, GST_RANK_NONE);
    }
    gst_plugin_feature_list_free(factories);
    BOOST_TEST(!saved.empty());
    DecodeResult r = decode_reminder_audio(f);
    for (auto& [feature, rank] : saved) {
        gst_plugin_feature_set_rank(feature, rank);
        gst_object_unref(feature);
    }
    BOOST_TEST(!r.ok());
    BOOST_TEST_MESSAGE(r.error);
    BOOST_TEST(r.error.find("no decoder") != std::string::npos);
    // And with the decoders back, the same file plays.
    BOOST_TEST(decode_reminder_audio(f).ok());
}

BOOST_FIXTURE_TEST_CASE(silent_file_is_allowed, GstInit) {
    TempDir dir;
    fs::path f = dir.path / "hening.m4a";
    ffmpeg(
        {"-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", "0.8", "-c:a", "aac", f.string()});
    DecodeResult r = decode_reminder_audio(f);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.error);
    BOOST_TEST(r.sound->frames() > 30000u);
    BOOST_TEST(peak(*r.sound) < 0.001);
}

BOOST_FIXTURE_TEST_CASE(too_long_is_refused_before_decoding_it_all, GstInit) {
    TempDir dir;
    fs::path f = sine(dir.path, "panjang.m4a", 440, 3.0, 48000, 1);
    DecodeOptions o;
    o.max_length = Micros(1000000); // 1 s, standing in for the 10-minute default
    DecodeResult r = decode_reminder_audio(f, o);
    BOOST_TEST(!r.ok());
    BOOST_TEST_MESSAGE(r.error);
    BOOST_TEST(r.error.find("too long") != std::string::npos);
    BOOST_TEST(r.error.find("at most 1.00 s") != std::string::npos);
    // The default limit lets it through.
    BOOST_TEST(decode_reminder_audio(f).ok());
}

BOOST_FIXTURE_TEST_CASE(two_hour_file_is_refused_quickly_with_the_default_limit, GstInit) {
    TempDir dir;
    fs::path f = dir.path / "rekaman-rapat.m4a";
    // Two hours of silence, small and quick to make (8 kHz, 8 kbit/s).
    ffmpeg({"-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "7200", "-c:a", "aac", "-b:a",
            "8k", "-movflags", "+faststart", f.string()});
    gint64 t0 = g_get_monotonic_time();
    DecodeResult r = decode_reminder_audio(f);
    const double secs = double(g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
    BOOST_TEST(!r.ok());
    BOOST_TEST_MESSAGE(r.error << " (" << secs << " s)");
    BOOST_TEST(r.error.find("too long (120 min 00 s)") != std::string::npos);
    BOOST_TEST(r.error.find("at most 10 min 00 s") != std::string::npos);
    BOOST_TEST(secs < 5.0); // refused from the container's length, not after decoding 2 h
}

BOOST_FIXTURE_TEST_CASE(bank_decodes_each_file_once_on_a_worker, GstInit) {
    TempDir dir;
    fs::path chime = sine(dir.path, "chime.m4a", 880, 0.3, 48000, 1);
    fs::path voice = sine(dir.path, "voice.m4a", 440, 0.6, 44100, 1);
    fs::path bad = dir.path / "rusak.m4a";
    std::ofstream(bad) << "not audio";

    Playlist p;
    p.audio.chime = chime;
    Activity a;
    a.id = "rapat";
    Reminder r1, r2, r3;
    r1.audio = voice;
    r2.audio = voice; // same file twice: decoded once
    r3.audio = bad;
    a.reminders = {r1, r2, r3};
    p.activities.push_back(a);
    auto files = ReminderSoundBank::files_of(p);
    BOOST_TEST(files.size() == 3u);
    BOOST_TEST(files.front() == chime); // the chime first: every reminder needs it

    ReminderSoundBank bank;
    BOOST_TEST(int(bank.lookup(voice).state) == int(ReminderSoundBank::State::unknown));
    bank.start(files);
    for (const auto& f : files)
        bank.wait_settled(f, [] { return false; });
    BOOST_TEST(bank.idle());
    auto v = bank.lookup(voice);
    BOOST_REQUIRE(int(v.state) == int(ReminderSoundBank::State::ready));
    BOOST_TEST(v.sound->frames() > 27000u); // 0.6 s, less up to one AAC frame
    auto c = bank.lookup(chime);
    BOOST_TEST(int(c.state) == int(ReminderSoundBank::State::ready));
    auto b = bank.lookup(bad);
    BOOST_TEST(int(b.state) == int(ReminderSoundBank::State::failed));
    BOOST_TEST(b.error.find("not an audio file") != std::string::npos);
    // The same sound object is handed out every time: decoded once.
    BOOST_TEST(bank.lookup(voice).sound.get() == v.sound.get());
    bank.stop();
    BOOST_TEST(bank.lookup(voice).sound.get() == v.sound.get()); // decoded sounds stay
}

BOOST_FIXTURE_TEST_CASE(bank_stop_cancels_a_decode_in_progress, GstInit) {
    TempDir dir;
    fs::path f = sine(dir.path, "lama.m4a", 440, 60.0, 48000, 1);
    ReminderSoundBank bank;
    gint64 t0 = g_get_monotonic_time();
    bank.start({f});
    bank.stop();
    BOOST_TEST((g_get_monotonic_time() - t0) < 5 * G_USEC_PER_SEC);
    auto e = bank.lookup(f);
    BOOST_TEST((int(e.state) == int(ReminderSoundBank::State::unknown) ||
                int(e.state) == int(ReminderSoundBank::State::ready)));
    // It can start again afterwards.
    bank.start({f});
    auto r = bank.wait_settled(f, [] { return false; });
    BOOST_TEST(int(r.state) == int(ReminderSoundBank::State::ready));
}

BOOST_AUTO_TEST_SUITE_END()
