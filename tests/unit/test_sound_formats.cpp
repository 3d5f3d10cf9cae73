// Any sound staff have plays (MP3, WAV, Ogg/Opus voice notes, FLAC, ALAC in .m4a), decided by
// decoding, not by the name; what does not decode is refused by the check at its line.
#include "loader_check.hpp"
#include "sound/audio_check.hpp"
#include "sound/reminder_audio.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>

using namespace tsr;
using test::check;
using test::Checked;

namespace {

const std::string kHead = "[office]\n"
                          "name = \"Dinas Sosial Kota Tanjungbalai\"\n"
                          "timezone = \"Asia/Jakarta\"\n"
                          "\n"
                          "[[slide]]\n"
                          "template = \"agenda\"\n"
                          "duration = \"15s\"\n"
                          "\n";

std::filesystem::path made(const test::TempPlaylist& t, const std::string& name,
                           const std::vector<std::string>& codec, double seconds = 1.5) {
    const std::filesystem::path f = t.dir() / name;
    std::filesystem::create_directories(f.parent_path());
    std::vector<std::string> args = {"-f", "lavfi", "-i",
                                     "sine=frequency=440:sample_rate=44100:duration=" +
                                         std::to_string(seconds)};
    args.insert(args.end(), codec.begin(), codec.end());
    args.push_back(f.string());
    test::ffmpeg(args);
    return f;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sound_formats)

BOOST_AUTO_TEST_CASE(every_common_format_is_accepted_by_its_content) {
    test::TempPlaylist t;
    made(t, "audio/a.mp3", {"-c:a", "libmp3lame"});
    made(t, "audio/b.wav", {"-c:a", "pcm_s16le"});
    made(t, "audio/wa-voice.ogg", {"-c:a", "libopus", "-ar", "48000"});
    made(t, "audio/d.flac", {"-c:a", "flac"});
    made(t, "audio/e.m4a", {"-c:a", "alac"});
    // Named .m4a, really MP3: the name does not decide.
    made(t, "audio/f.m4a", {"-c:a", "libmp3lame", "-f", "mp3"});
    made(t, "audio/g.opus", {"-c:a", "libopus"});
    t.playlist(kHead + "[[activity]]\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
                       "reminders = [\n"
                       "  { before = \"70m\", audio = \"audio/a.mp3\" },\n"
                       "  { before = \"60m\", audio = \"audio/b.wav\" },\n"
                       "  { before = \"50m\", audio = \"audio/wa-voice.ogg\" },\n"
                       "  { before = \"40m\", audio = \"audio/d.flac\" },\n"
                       "  { before = \"30m\", audio = \"audio/e.m4a\" },\n"
                       "  { before = \"20m\", audio = \"audio/f.m4a\" },\n"
                       "  { before = \"10m\", audio = \"audio/g.opus\" },\n"
                       "]\n");
    Checked c = check(t);
    BOOST_REQUIRE_MESSAGE(c.accepted, (c.errors.empty() ? std::string() : c.errors[0]));
    const auto& rs = c.playlist->activities.at(0).reminders;
    BOOST_REQUIRE_EQUAL(rs.size(), 7u);
    for (const Reminder& r : rs) {
        // 1.5 s each; MP3 and Opus add up to a frame or two of encoder delay.
        BOOST_TEST_CONTEXT(r.audio.filename()) {
            BOOST_TEST(r.audio_length >= Micros(1490000));
            BOOST_TEST(r.audio_length <= Micros(1560000));
        }
    }
    // The player decodes each to the length the check measured.
    for (const Reminder& r : rs) {
        DecodeResult d = decode_reminder_audio(r.audio);
        BOOST_TEST_CONTEXT(r.audio.filename()) {
            BOOST_REQUIRE_MESSAGE(d.ok(), d.error);
            BOOST_TEST(std::abs(d.sound->length().count() - r.audio_length.count()) < 1000);
        }
    }
}

BOOST_AUTO_TEST_CASE(what_does_not_decode_is_refused_at_its_line) {
    test::TempPlaylist t;
    t.write("audio/notes.mp3", "Rapat jam sembilan\n");
    const auto ogg = made(t, "audio/cut.ogg", {"-c:a", "libopus"}, 4.0);
    std::filesystem::resize_file(ogg, 300); // the headers and hardly any sound
    made(t, "audio/chime.wav", {"-c:a", "pcm_s16le"}, 12.0);
    t.playlist(kHead + "[audio]\nchime = \"audio/chime.wav\"\n\n" // 9-11
                       "[[activity]]\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
                       "reminders = [\n"                                        // 15
                       "  { before = \"15m\", audio = \"audio/notes.mp3\" },\n" // 16
                       "  { before = \"5m\", audio = \"audio/cut.ogg\" },\n"    // 17
                       "]\n");
    Checked c = check(t);
    BOOST_TEST(!c.accepted);
    const std::vector<std::string> expected = {
        "playlist.toml:10:9: error: chime: \"audio/chime.wav\" is too long (12.00 s); the "
        "chime may last at most 10.00 s; shorten the recording",
        "playlist.toml:16:29: error: audio: \"audio/notes.mp3\" cannot be played: not an audio "
        "file (its content is no media format GStreamer knows); use a sound file: MP3, WAV, "
        "Ogg/Opus, FLAC or M4A (AAC, ALAC)",
        "playlist.toml:17:28: error: audio: \"audio/cut.ogg\" cannot be played: the file is "
        "damaged or "
        "truncated (",
    };
    BOOST_REQUIRE_EQUAL(c.errors.size(), expected.size());
    BOOST_TEST(c.errors[0] == expected[0]);
    BOOST_TEST(c.errors[1] == expected[1]);
    BOOST_TEST(c.errors[2].rfind(expected[2], 0) == 0, c.errors[2]);
}

BOOST_AUTO_TEST_SUITE_END()
