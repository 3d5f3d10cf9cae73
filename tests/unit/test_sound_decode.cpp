// Decoding reminder audio ahead of time (engine/sound/reminder_audio.hpp): good files of any
// rate and channel count become 48 kHz stereo S16; every bad file gets a clear error and never
// hangs. Test audio is made at test time with ffmpeg into a temporary folder.
#include "playlist_loader.hpp"
#include "schedule.hpp"
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
#include <functional>
#include <memory>
#include <string>
#include <thread>
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

/// Waits (up to 30 s) until the bank has decoded everything queued.
bool wait_idle(const ReminderSoundBank& bank) {
    for (int i = 0; i < 3000 && !bank.idle(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return bank.idle();
}

bool is(const ReminderSoundBank::Entry& e, ReminderSoundBank::State s) {
    return e.state == s;
}

/// A playlist folder with a chime, a background song and `activities` (TOML), loaded with its
/// files checked (the reminders' lengths come from the audio), and the time in it.
struct BankPlaylist {
    tsr::test::TempPlaylist t;
    std::shared_ptr<const Playlist> p;
    void load(const std::string& activities) {
        t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
                   "[audio]\nchime = \"audio/chime.m4a\"\nbackground = [\"audio/bg.m4a\"]\n"
                   "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"Uji\"\n" +
                   activities);
        LoadResult r = load_playlist(t.dir());
        for (const Diagnostic& d : r.diagnostics.all())
            BOOST_TEST_MESSAGE(format_diagnostic(d));
        BOOST_REQUIRE(r.playlist);
        p = r.playlist;
    }
    fs::path audio(const std::string& name) const { return t.dir() / "audio" / name; }
    Instant at(const char* local) const { return *parse_local_datetime(p->zone, local); }
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
    // The check's words: it decodes other formats too (audio_check.hpp).
    BOOST_TEST(r.error == f.string() +
                              " cannot be played: not an audio file (its content is no media "
                              "format GStreamer knows); use a sound file: MP3, WAV, Ogg/Opus, "
                              "FLAC or M4A (AAC, ALAC)");
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
        BOOST_TEST(r.error.find(" is cut short: the file ends before its ") != std::string::npos);
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
    BOOST_TEST(r.error == f.string() + " has no sound track (it is a video without audio)");
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
    BOOST_TEST(b.error == bad.string() +
                              " cannot be played: not an audio file (its content is no media "
                              "format GStreamer knows); use a sound file: MP3, WAV, Ogg/Opus, "
                              "FLAC or M4A (AAC, ALAC)"); // the check's words
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

BOOST_FIXTURE_TEST_CASE(bank_cancel_waits_for_nothing_and_tells_nothing_more, GstInit) {
    // A reload replaces the bank on the audio thread: cancel() must not join the decoder.
    TempDir dir;
    fs::path f = sine(dir.path, "lama.m4a", 440, 60.0, 48000, 1);
    auto bank = std::make_unique<ReminderSoundBank>();
    int told = 0;
    bank->set_observer([&](const fs::path&, const ReminderSoundBank::Entry&) { ++told; });
    bank->start({f});
    BOOST_TEST(!bank->finished());
    gint64 t0 = g_get_monotonic_time();
    bank->cancel();
    BOOST_TEST((g_get_monotonic_time() - t0) < 100000); // returns at once (< 0.1 s)
    BOOST_TEST(int(bank->lookup(f).state) == int(ReminderSoundBank::State::unknown));
    for (int i = 0; i < 500 && !bank->finished(); ++i)
        g_usleep(10000);
    BOOST_TEST(bank->finished()); // the worker ended by itself: destroying waits for nothing
    bank.reset();
    BOOST_TEST(told == 0);
}

BOOST_FIXTURE_TEST_CASE(direct_route_decodes_the_same_samples_as_decodebin, GstInit) {
    TempDir dir;
    std::vector<fs::path> files = {sine(dir.path, "mono48.m4a", 440, 1.0, 48000, 1),
                                   sine(dir.path, "stereo44.m4a", 660, 1.0, 44100, 2),
                                   sine(dir.path, "moovlast.m4a", 550, 1.0, 48000, 1, false)};
    // Raw ADTS (.aac): aacparse instead of qtdemux.
    files.push_back(dir.path / "adts.aac");
    ffmpeg({"-f", "lavfi", "-i", "sine=frequency=330:sample_rate=22050:duration=1", "-c:a", "aac",
            "-f", "adts", files.back().string()});
    // MPEG audio in an MP4 sample entry ('mp4a' too): the direct AAC route cannot link it, so
    // decodebin takes over and plays it as before.
    files.push_back(dir.path / "mp2.mp4");
    ffmpeg({"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1", "-c:a", "mp2",
            files.back().string()});
    for (const fs::path& f : files) {
        DecodeOptions via_decodebin;
        via_decodebin.direct = false;
        DecodeResult direct = decode_reminder_audio(f);
        DecodeResult old = decode_reminder_audio(f, via_decodebin);
        BOOST_REQUIRE_MESSAGE(direct.ok(), direct.error);
        BOOST_REQUIRE_MESSAGE(old.ok(), old.error);
        BOOST_TEST(direct.sound->frames() > 40000u, f);
        BOOST_TEST((direct.sound->samples == old.sound->samples), f);
    }
}

BOOST_FIXTURE_TEST_CASE(bank_decodes_reminder_audio_an_hour_ahead_and_drops_it_after, GstInit) {
    BankPlaylist b;
    b.t.tone("audio/chime.m4a", 1500, 0.3);
    b.t.tone("audio/bg.m4a", 220, 0.5);
    b.t.tone("audio/pagi.m4a", 440, 0.4);
    b.t.tone("audio/sore.m4a", 660, 0.4);
    b.load("[[activity]]\nid = \"pagi\"\ntitle = \"Pagi\"\nstart = 2026-11-30T09:00:00\n"
           "reminders = [ { before = \"0m\", audio = \"audio/pagi.m4a\" } ]\n"
           "[[activity]]\nid = \"sore\"\ntitle = \"Sore\"\nstart = 2026-11-30T15:00:00\n"
           "reminders = [ { before = \"0m\", audio = \"audio/sore.m4a\" } ]\n");
    using S = ReminderSoundBank::State;
    ReminderSoundBank bank;
    // Start at 07:30: the chime and the background at once, neither reminder yet.
    bank.follow(*b.p, b.at("2026-11-30 07:30"));
    BOOST_REQUIRE(wait_idle(bank));
    BOOST_TEST(is(bank.lookup(b.audio("chime.m4a")), S::ready));
    BOOST_TEST(is(bank.lookup(b.audio("bg.m4a")), S::ready));
    BOOST_TEST(is(bank.lookup(b.audio("pagi.m4a")), S::unknown));
    BOOST_TEST(is(bank.lookup(b.audio("sore.m4a")), S::unknown));
    // Within the step nothing is asked again, even where the horizon would now reach it.
    bank.follow(*b.p, b.at("2026-11-30 07:34:59"));
    BOOST_TEST(is(bank.lookup(b.audio("pagi.m4a")), S::unknown));
    // 08:10: 09:00 is within the hour; decoded long before it is due.
    bank.follow(*b.p, b.at("2026-11-30 08:10"));
    auto pagi = bank.wait_settled(b.audio("pagi.m4a"), [] { return false; });
    BOOST_TEST(is(pagi, S::ready));
    BOOST_TEST(is(bank.lookup(b.audio("sore.m4a")), S::unknown));
    // While it sounds and just after, it stays; two hours later nothing needs it: dropped
    // (a reminder still mixing it holds its own reference). The chime and background stay.
    bank.follow(*b.p, b.at("2026-11-30 09:05"));
    BOOST_TEST(bank.lookup(b.audio("pagi.m4a")).sound.get() == pagi.sound.get());
    bank.follow(*b.p, b.at("2026-11-30 11:30"));
    BOOST_TEST(is(bank.lookup(b.audio("pagi.m4a")), S::unknown));
    BOOST_TEST(pagi.sound->frames() > 15000u);
    BOOST_TEST(is(bank.lookup(b.audio("chime.m4a")), S::ready));
    BOOST_TEST(is(bank.lookup(b.audio("bg.m4a")), S::ready));
    BOOST_TEST(is(bank.lookup(b.audio("sore.m4a")), S::unknown));
    bank.follow(*b.p, b.at("2026-11-30 14:30"));
    BOOST_TEST(is(bank.wait_settled(b.audio("sore.m4a"), [] { return false; }), S::ready));
    BOOST_TEST(bank.decodes() == 4u); // each file once
    // The clock set back (live: a jump): the horizon follows at once, pagi is wanted again.
    bank.follow(*b.p, b.at("2026-11-30 08:30"));
    BOOST_TEST(is(bank.wait_settled(b.audio("pagi.m4a"), [] { return false; }), S::ready));
    BOOST_TEST(bank.decodes() == 5u);
}

BOOST_FIXTURE_TEST_CASE(a_file_that_failed_is_decoded_again_once_it_changes, GstInit) {
    // Staff copy a new reminder in while the TV runs: caught half copied it fails; once the
    // copy is complete it is decoded again at the next step, not left failed for hours.
    BankPlaylist b;
    b.t.tone("audio/chime.m4a", 1500, 0.3);
    b.t.tone("audio/bg.m4a", 220, 0.5);
    b.t.tone("audio/pagi.m4a", 440, 0.4);
    b.load("[[activity]]\nid = \"pagi\"\ntitle = \"Pagi\"\nstart = 2026-11-30T09:00:00\n"
           "reminders = [ { before = \"0m\", audio = \"audio/pagi.m4a\" } ]\n");
    // (loaded while whole: the loader checks the file; the bank then finds it half copied)
    using S = ReminderSoundBank::State;
    const auto pagi = b.audio("pagi.m4a");
    const auto whole = fs::file_size(pagi);
    std::string bytes(whole, '\0');
    {
        std::ifstream in(pagi, std::ios::binary);
        in.read(bytes.data(), std::streamsize(whole));
    }
    fs::resize_file(pagi, whole / 2); // half copied
    ReminderSoundBank bank;
    bank.follow(*b.p, b.at("2026-11-30 08:10"));
    BOOST_TEST(is(bank.wait_settled(pagi, [] { return false; }), S::failed));
    // Unchanged: still failed at the next step, not decoded (and reported) again.
    bank.follow(*b.p, b.at("2026-11-30 08:16"));
    BOOST_TEST(is(bank.wait_settled(pagi, [] { return false; }), S::failed));
    BOOST_REQUIRE(wait_idle(bank)); // the background too
    const std::size_t decodes = bank.decodes();
    // The copy completes (a new size and time): decoded again at the next step.
    {
        std::ofstream out(pagi, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), std::streamsize(whole));
    }
    fs::last_write_time(pagi, fs::last_write_time(pagi) + std::chrono::seconds(2));
    bank.follow(*b.p, b.at("2026-11-30 08:22"));
    BOOST_TEST(is(bank.wait_settled(pagi, [] { return false; }), S::ready));
    BOOST_TEST(bank.decodes() == decodes + 1);
}

BOOST_FIXTURE_TEST_CASE(a_long_playlist_holds_only_the_next_hours_sounds, GstInit) {
    BankPlaylist b;
    b.t.tone("audio/chime.m4a", 1500, 0.3);
    b.t.tone("audio/bg.m4a", 220, 0.5);
    fs::path voice = b.t.tone("audio/r0.m4a", 440, 0.3);
    // 48 reminders, one every half hour of the day, each with its own file.
    std::string activities;
    for (int i = 0; i < 48; ++i) {
        const std::string name = "r" + std::to_string(i) + ".m4a";
        if (i > 0) fs::copy_file(voice, b.audio(name));
        char start[32];
        std::snprintf(start, sizeof start, "2026-11-30T%02d:%02d:00", i / 2, i % 2 * 30);
        activities += "[[activity]]\nid = \"a" + std::to_string(i) +
                      "\"\ntitle = \"A\"\nstart = " + start +
                      "\nreminders = [ { before = \"0m\", audio = \"audio/" + name + "\" } ]\n";
    }
    b.load(activities);
    ReminderSoundBank bank;
    const Instant day = b.at("2026-11-30 00:00");
    bank.follow(*b.p, day);
    BOOST_REQUIRE(wait_idle(bank));
    // The chime, the background and the two reminders of the first hour: not 50 files.
    BOOST_TEST(bank.size() == 4u);
    BOOST_TEST(bank.decodes() == 4u);
    // Through the day in playout order, a buffer a minute: every reminder is decoded before
    // its time, the bank never holds more than a few hours' sounds, none is decoded twice.
    std::size_t most = 0;
    for (int minute = 1; minute < 24 * 60; ++minute) {
        const Instant now = day + std::chrono::minutes(minute);
        bank.follow(*b.p, now);
        if (minute % 5 == 0) BOOST_REQUIRE(wait_idle(bank)); // the worker keeps up with time
        most = std::max(most, bank.size());
        if (minute % 30 == 0) {
            const std::string due = "r" + std::to_string(minute / 30) + ".m4a";
            BOOST_TEST(is(bank.lookup(b.audio(due)), ReminderSoundBank::State::ready), due);
        }
    }
    BOOST_TEST_MESSAGE("most sounds held at once: " << most);
    BOOST_TEST(most <= 2u + 7u); // chime, background, and 2 h 10 min of half-hourly reminders
    BOOST_TEST(bank.decodes() == 50u);
}

BOOST_FIXTURE_TEST_CASE(a_reloaded_playlist_shares_the_sounds_already_decoded, GstInit) {
    BankPlaylist b;
    b.t.tone("audio/chime.m4a", 1500, 0.3);
    b.t.tone("audio/bg.m4a", 220, 0.5);
    b.t.tone("audio/pagi.m4a", 440, 0.4);
    const std::string pagi = "[[activity]]\nid = \"pagi\"\ntitle = \"Pagi\"\n"
                             "start = 2026-11-30T09:00:00\n"
                             "reminders = [ { before = \"0m\", audio = \"audio/pagi.m4a\" } ]\n";
    b.load(pagi);
    const Instant now = b.at("2026-11-30 08:30");
    ReminderSoundBank old;
    old.follow(*b.p, now);
    BOOST_REQUIRE(wait_idle(old));
    BOOST_REQUIRE(old.decodes() == 3u);

    // An edit adds a reminder: only its file is decoded; the others are the same objects.
    b.t.tone("audio/siang.m4a", 660, 0.4);
    b.load(pagi + "[[activity]]\nid = \"siang\"\ntitle = \"Siang\"\n"
                  "start = 2026-11-30T09:10:00\n"
                  "reminders = [ { before = \"0m\", audio = \"audio/siang.m4a\" } ]\n");
    ReminderSoundBank bank;
    bank.adopt(old);
    bank.follow(*b.p, now);
    BOOST_REQUIRE(wait_idle(bank));
    BOOST_TEST(bank.decodes() == 1u);
    for (const char* f : {"chime.m4a", "bg.m4a", "pagi.m4a"})
        BOOST_TEST(bank.lookup(b.audio(f)).sound.get() == old.lookup(b.audio(f)).sound.get(), f);
    BOOST_TEST(is(bank.lookup(b.audio("siang.m4a")), ReminderSoundBank::State::ready));

    // A file replaced on disk since (same name, new recording) is decoded again.
    b.t.tone("audio/pagi.m4a", 880, 0.6);
    fs::last_write_time(b.audio("pagi.m4a"),
                        fs::last_write_time(b.audio("pagi.m4a")) + std::chrono::seconds(2));
    ReminderSoundBank again;
    again.adopt(old);
    again.follow(*b.p, now);
    BOOST_REQUIRE(wait_idle(again));
    BOOST_TEST(again.decodes() == 2u); // pagi (changed) and siang (old never had it)
    BOOST_TEST(again.lookup(b.audio("pagi.m4a")).sound->frames() > 25000u); // the 0.6 s one
    BOOST_TEST(again.lookup(b.audio("chime.m4a")).sound.get() ==
               old.lookup(b.audio("chime.m4a")).sound.get());
}

// ---------------------------------------------------------------------------------------------
// What the check accepts, the player plays; what the player refuses, the check refused first,
// in the same words.

namespace {

/// The ffmpeg input of a 440 Hz tone (amplitude 1/8) of `secs` at `rate`.
std::vector<std::string> tone_in(int rate, double secs) {
    return {"-f", "lavfi", "-i",
            "sine=frequency=440:sample_rate=" + std::to_string(rate) +
                ":duration=" + std::to_string(secs)};
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

/// `tsr check` on a playlist whose one reminder speaks `name` (in t's folder).
struct CheckedAudio {
    std::vector<std::string> errors;
    Micros length{0}; ///< what the check read: the program queues with it
};
CheckedAudio check_reminder(const tsr::test::TempPlaylist& t, const std::string& name) {
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"Uji\"\n"
               "[[activity]]\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
               "reminders = [ { before = \"15m\", audio = \"" +
               name + "\" } ]\n");
    LoadResult r = load_playlist(t.dir());
    CheckedAudio c;
    for (const Diagnostic& d : r.diagnostics.all())
        if (d.severity == Severity::error) c.errors.push_back(format_diagnostic(d));
    if (r.playlist) c.length = r.playlist->activities.at(0).reminders.at(0).audio_length;
    return c;
}

} // namespace

BOOST_FIXTURE_TEST_CASE(every_phone_like_file_ffmpeg_makes_is_checked_and_played, GstInit) {
    struct PhoneFile {
        std::string name;
        std::vector<std::string> args; ///< ffmpeg, without the output
        int rate;                      ///< of the tone
        int channels;
        double secs;
        /// The encoder's priming frame is played: ADTS has no container to say where it ends,
        /// and GStreamer 1.22's qtdemux does not apply a fragmented file's edit list.
        bool primed = false;
        /// Peak expected (ffmpeg's tone is 1/8): a 5.1 file holds the mono tone in its centre
        /// channel, which the downmix to stereo lowers by about 10 dB.
        double level = 0.08;
    };
    const double s = 1.5;
    const std::vector<std::string> aac = {"-c:a", "aac"};
    const std::vector<std::string> picture = {"-f", "lavfi", "-i", "color=c=blue:s=64x64:d=0.1"};
    const std::vector<PhoneFile> files = {
        {"lc-44k-mono.m4a", tone_in(44100, s) + aac + std::vector<std::string>{"-ac", "1"}, 44100,
         1, s},
        {"lc-22k-mono.m4a", tone_in(22050, s) + aac, 22050, 1, s},
        {"lc-16k-mono.m4a", tone_in(16000, s) + aac, 16000, 1, s},
        {"lc-8k-mono.m4a", tone_in(8000, s) + aac, 8000, 1, s},
        {"lc-48k-stereo.m4a", tone_in(48000, s) + aac + std::vector<std::string>{"-ac", "2"}, 48000,
         2, s},
        {"lc-11k-mono.m4a", tone_in(11025, s) + aac, 11025, 1, s},
        {"lc-96k-mono.m4a", tone_in(96000, s) + aac, 96000, 1, s},
        {"lc-48k-5.1.m4a", tone_in(48000, s) + aac + std::vector<std::string>{"-ac", "6"}, 48000, 6,
         s, false, 0.03},
        {"lc-320k-stereo.m4a",
         tone_in(44100, s) + aac + std::vector<std::string>{"-ac", "2", "-b:a", "320k"}, 44100, 2,
         s},
        {"main-profile.m4a",
         tone_in(44100, s) + aac + std::vector<std::string>{"-profile:a", "aac_main"}, 44100, 1, s},
        {"ltp-profile.m4a",
         tone_in(44100, s) + aac +
             std::vector<std::string>{"-strict", "-2", "-profile:a", "aac_ltp"},
         44100, 1, s},
        {"moov-first.m4a",
         tone_in(44100, s) + aac + std::vector<std::string>{"-movflags", "+faststart"}, 44100, 1,
         s},
        {"fragmented.m4a",
         tone_in(44100, s) + aac +
             std::vector<std::string>{"-movflags", "frag_keyframe+empty_moov"},
         44100, 1, s, true},
        {"fragmented-base-moof.mp4",
         tone_in(48000, s) + aac +
             std::vector<std::string>{"-ac", "2", "-movflags",
                                      "frag_keyframe+empty_moov+"
                                      "default_base_moof"},
         48000, 2, s, true},
        {"itunes-tags.m4a",
         tone_in(44100, s) + aac +
             std::vector<std::string>{"-metadata", "title=Rapat 15 menit", "-metadata",
                                      "artist=Dinas Sosial", "-metadata", "album=Pengingat",
                                      "-metadata", "comment=rekaman HP", "-metadata", "date=2026"},
         44100, 1, s},
        {"cover-art.m4a",
         tone_in(44100, s) + picture + aac +
             std::vector<std::string>{"-map", "0:a", "-map", "1:v", "-frames:v", "1", "-c:v",
                                      "mjpeg", "-disposition:v:0", "attached_pic"},
         44100, 1, s},
        {"with-video.mp4",
         tone_in(44100, s) +
             std::vector<std::string>{"-f", "lavfi", "-i",
                                      "testsrc=size=160x120:rate=10:duration=1.5", "-c:v",
                                      "mpeg4"} +
             aac,
         44100, 1, s},
        {"no-edit-list.m4a",
         tone_in(44100, s) + aac + std::vector<std::string>{"-use_editlist", "0"}, 44100, 1, s},
        {"quicktime.mov", tone_in(44100, s) + aac + std::vector<std::string>{"-f", "mov"}, 44100, 1,
         s},
        {"recorder.3gp", tone_in(22050, s) + aac + std::vector<std::string>{"-f", "3gp"}, 22050, 1,
         s},
        {"adts.aac", tone_in(44100, s) + aac + std::vector<std::string>{"-f", "adts"}, 44100, 1, s,
         true},
        {"adts-id3.aac",
         tone_in(44100, s) + aac + std::vector<std::string>{"-f", "adts", "-write_id3v2", "1"},
         44100, 1, s, true},
    };
    tsr::test::TempPlaylist t;
    fs::create_directories(t.dir() / "audio");
    for (const PhoneFile& pf : files) {
        BOOST_TEST_CONTEXT(pf.name) {
            const fs::path f = t.dir() / "audio" / pf.name;
            ffmpeg(pf.args + std::vector<std::string>{f.string()});
            const CheckedAudio c = check_reminder(t, "audio/" + pf.name);
            BOOST_TEST(c.errors.empty());
            for (const auto& e : c.errors)
                BOOST_TEST_MESSAGE(e);
            DecodeResult r = decode_reminder_audio(f);
            BOOST_REQUIRE_MESSAGE(r.ok(), r.error);
            // One AAC frame of the source, in output samples (a file trimmed by its edit list
            // may lose the last one's padding and a little more).
            const double frame = 1024.0 * kSoundRate / pf.rate;
            const double want = pf.secs * kSoundRate;
            const double got = double(r.sound->frames());
            const double checked = double(c.length.count()) * kSoundRate / 1e6;
            BOOST_TEST_MESSAGE(pf.name << ": decoded " << got << ", checked " << checked
                                       << ", tone " << want << " samples");
            BOOST_TEST(std::abs(got - checked) <= frame);
            BOOST_TEST(std::abs(got - want) <= (pf.primed ? 2 : 1) * frame);
            BOOST_TEST(peak(*r.sound) > pf.level);
            // Sound all along (not a frame of it): the middle of the tone is loud.
            const std::size_t mid = r.sound->frames() / 2;
            int loud = 0;
            for (std::size_t i = mid; i < mid + 480; ++i)
                loud = std::max(loud, std::abs(int(r.sound->samples[2 * i + 1])));
            BOOST_TEST(loud > pf.level * 32768 * 0.9);
        }
    }
}

BOOST_FIXTURE_TEST_CASE(the_player_refuses_too_long_sounds_in_the_checks_words, GstInit) {
    tsr::test::TempPlaylist t;
    fs::create_directories(t.dir() / "audio");
    auto silence = [&](const std::string& name, double secs, std::vector<std::string> extra) {
        const fs::path f = t.dir() / "audio" / name;
        ffmpeg(std::vector<std::string>{"-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t",
                                        std::to_string(secs), "-c:a", "aac", "-b:a", "8k"} +
               extra + std::vector<std::string>{f.string()});
        return f;
    };
    const fs::path plain = silence("panjang.m4a", 601, {});
    const fs::path frag =
        silence("panjang-frag.m4a", 601, {"-movflags", "frag_keyframe+empty_moov"});
    const fs::path adts = silence("panjang.aac", 601, {"-f", "adts"});
    const std::string reminder = "is too long (10 min 01 s); a reminder may last at most 10 min "
                                 "00 s; shorten the recording";
    for (const fs::path& f : {plain, frag, adts}) {
        BOOST_TEST_CONTEXT(f.filename()) {
            const CheckedAudio c = check_reminder(t, "audio/" + f.filename().string());
            BOOST_REQUIRE_EQUAL(c.errors.size(), 1u);
            BOOST_TEST(c.errors[0] == t.toml().string() + ":11:41: error: audio: \"audio/" +
                                          f.filename().string() + "\" " + reminder);
            gint64 t0 = g_get_monotonic_time();
            DecodeResult r = decode_reminder_audio(f);
            BOOST_TEST(!r.ok());
            BOOST_TEST(r.error == f.string() + " " + reminder);
            BOOST_TEST(g_get_monotonic_time() - t0 < 2 * G_USEC_PER_SEC); // not decoded first
        }
    }
    // The same file as the chime and as a background song: their own limits and words.
    const fs::path chime = silence("chime.m4a", 12, {});
    DecodeOptions o;
    o.use = AudioUse::chime;
    BOOST_TEST(decode_reminder_audio(chime, o).error ==
               chime.string() + " is too long (12.00 s); the chime may last at most 10.00 s; "
                                "shorten the recording");
    BOOST_TEST(decode_reminder_audio(chime).ok()); // as a reminder it is fine
    o.use = AudioUse::background;
    BOOST_TEST(decode_reminder_audio(plain, o).error ==
               plain.string() + " is too long (10 min 01 s); a background song may last at most "
                                "10 min 00 s; split it into shorter songs (each is held decoded "
                                "in memory)");
    // Just under the limit: the check accepts it and the player plays all of it.
    const fs::path under = silence("hampir.m4a", 599.5, {});
    const CheckedAudio c = check_reminder(t, "audio/hampir.m4a");
    BOOST_TEST(c.errors.empty());
    DecodeResult r = decode_reminder_audio(under);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.error);
    BOOST_TEST(std::abs(double(r.sound->frames()) - 599.5 * kSoundRate) <= 1024.0 * 6);
}

BOOST_FIXTURE_TEST_CASE(the_bank_gives_the_chime_and_background_their_own_limits, GstInit) {
    BankPlaylist b;
    b.t.tone("audio/chime.m4a", 1500, 0.3);
    b.t.tone("audio/bg.m4a", 220, 0.5);
    b.t.tone("audio/pagi.m4a", 440, 0.4);
    b.load("[[activity]]\nid = \"pagi\"\ntitle = \"Pagi\"\nstart = 2026-11-30T09:00:00\n"
           "reminders = [ { before = \"0m\", audio = \"audio/pagi.m4a\" } ]\n");
    // Replaced after the check: a 12 s chime, a 10 min 01 s song.
    b.t.tone("audio/chime.m4a", 1500, 12);
    ffmpeg({"-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "601", "-c:a", "aac", "-b:a",
            "8k", "-f", "mp4", b.audio("bg.m4a").string()});
    ReminderSoundBank bank;
    bank.follow(*b.p, b.at("2026-11-30 08:30"));
    BOOST_REQUIRE(wait_idle(bank));
    const auto chime = bank.lookup(b.audio("chime.m4a"));
    BOOST_TEST(is(chime, ReminderSoundBank::State::failed));
    BOOST_TEST(chime.error == b.audio("chime.m4a").string() +
                                  " is too long (12.00 s); the chime may last at most 10.00 s; "
                                  "shorten the recording");
    const auto bg = bank.lookup(b.audio("bg.m4a"));
    BOOST_TEST(is(bg, ReminderSoundBank::State::failed));
    BOOST_TEST(bg.error.find(" is too long (10 min 01 s); a background song may last at most") !=
               std::string::npos);
    BOOST_TEST(is(bank.lookup(b.audio("pagi.m4a")), ReminderSoundBank::State::ready));
}

BOOST_FIXTURE_TEST_CASE(a_refused_file_gets_the_checks_reason_not_a_guess, GstInit) {
    // Files the check refuses that GStreamer cannot decode either: the player says why in the
    // check's words (after the file's name), not "not an audio file" for a file cut short.
    tsr::test::TempPlaylist t;
    fs::create_directories(t.dir() / "audio");
    struct Bad {
        std::string name;
        std::function<void(const fs::path&)> make;
        std::string reason;
        bool plays = false; ///< GStreamer plays what is there (the check still refuses it)
    };
    auto half = [](const fs::path& f) { fs::resize_file(f, fs::file_size(f) / 2); };
    const std::vector<Bad> bad = {
        {"moov-last-cut.m4a",
         [&](const fs::path& f) {
             ffmpeg(tone_in(44100, 3) + std::vector<std::string>{"-c:a", "aac", f.string()});
             half(f);
         },
         "is cut short: the file ends before its index (copy it again)"},
        {"moov-first-cut.m4a",
         [&](const fs::path& f) {
             ffmpeg(tone_in(44100, 3) +
                    std::vector<std::string>{"-c:a", "aac", "-movflags", "+faststart", f.string()});
             half(f);
         },
         "is cut short: the file ends before its sound does (copy it again)"},
        {"adts-cut.aac",
         [&](const fs::path& f) {
             ffmpeg(tone_in(44100, 3) +
                    std::vector<std::string>{"-c:a", "aac", "-f", "adts", f.string()});
             fs::resize_file(f, fs::file_size(f) - 5);
         },
         "is cut short: its last AAC frame is incomplete", true},
        {"zeros-inside.m4a",
         [&](const fs::path& f) {
             // A copy that stopped on a USB stick: a stretch of the sound left as zeros.
             ffmpeg(tone_in(44100, 3) + std::vector<std::string>{"-c:a", "aac", f.string()});
             const auto n = fs::file_size(f);
             std::fstream io(f, std::ios::in | std::ios::out | std::ios::binary);
             io.seekp(std::streamoff(n / 3));
             const std::string zeros(n / 4, '\0');
             io.write(zeros.data(), std::streamsize(zeros.size()));
         },
         "is damaged: part of its sound is only zeros (a copy that did not finish?); export or "
         "copy it again"},
        {"video-only.mp4",
         [&](const fs::path& f) {
             ffmpeg({"-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=1", "-c:v",
                     "mpeg4", f.string()});
         },
         "has no sound track (it is a video without audio)"},
        {"catatan.m4a",
         [&](const fs::path& f) { std::ofstream(f) << "Rapat besok pukul 09.00 di Aula.\n"; },
         "cannot be played: not an audio file (its content is no media format GStreamer "
         "knows); use a sound file: MP3, WAV, Ogg/Opus, FLAC or M4A (AAC, ALAC)"},
    };
    for (const Bad& x : bad) {
        BOOST_TEST_CONTEXT(x.name) {
            const fs::path f = t.dir() / "audio" / x.name;
            x.make(f);
            const CheckedAudio c = check_reminder(t, "audio/" + x.name);
            BOOST_REQUIRE_EQUAL(c.errors.size(), 1u);
            BOOST_TEST(c.errors[0] == t.toml().string() + ":11:41: error: audio: \"audio/" +
                                          x.name + "\" " + x.reason);
            DecodeResult r = decode_reminder_audio(f);
            if (x.plays) {
                // Every whole frame (3 s and the priming frame, less the cut one): nothing
                // wrongly blamed on the file if it is ever swapped in after the check.
                BOOST_REQUIRE_MESSAGE(r.ok(), r.error);
                BOOST_TEST(std::abs(double(r.sound->frames()) - 3.0 * kSoundRate) <=
                           2 * 1024.0 * kSoundRate / 44100);
            } else {
                BOOST_TEST(!r.ok());
                BOOST_TEST(r.error == f.string() + " " + x.reason);
            }
        }
    }
}

BOOST_FIXTURE_TEST_CASE(garbage_inside_a_whole_file_is_called_damage_not_truncation, GstInit) {
    // Bytes scrambled inside the sound of a complete file: only a decode can tell (the check
    // does not decode: that takes seconds for a playlist). The player then names it damaged.
    tsr::test::TempPlaylist t;
    fs::create_directories(t.dir() / "audio");
    const fs::path f = t.dir() / "audio" / "rusak.m4a";
    ffmpeg(tone_in(44100, 3) +
           std::vector<std::string>{"-c:a", "aac", "-movflags", "+faststart", f.string()});
    const auto n = fs::file_size(f);
    {
        std::fstream io(f, std::ios::in | std::ios::out | std::ios::binary);
        io.seekp(std::streamoff(n / 2));
        std::string noise(n / 3, '\0');
        unsigned x = 12345;
        for (char& c : noise)
            c = char((x = x * 1103515245u + 12345u) >> 16);
        io.write(noise.data(), std::streamsize(noise.size()));
    }
    BOOST_TEST(check_reminder(t, "audio/rusak.m4a").errors.empty());
    DecodeResult r = decode_reminder_audio(f);
    BOOST_TEST_MESSAGE(r.error);
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.error.rfind(f.string() + " is damaged: only ", 0) == 0);
    BOOST_TEST(r.error.find(" of its 3.00 s could be decoded; export or copy it again") !=
               std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
