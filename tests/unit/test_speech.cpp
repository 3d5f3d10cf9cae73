// Reminders typed as text: the Indonesian reading of numbers and times, the sentence
// `say = true` builds, the synthesis into the cache, and the loader's `say` and `repeat`.
#include "loader_check.hpp"
#include "sound/reminder_audio.hpp"
#include "speech/indonesian_reading.hpp"
#include "speech/speech_synth.hpp"

#include <boost/test/unit_test.hpp>

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
                          "\n"
                          "[[activity]]\n"   // 9
                          "id = \"rapat\"\n" // 10
                          "title = \"Rapat Internal Tim\"\n"
                          "start = 2026-11-30T09:00:00\n"
                          "place = \"Aula\"\n"; // 13

const char* kSentence = "Rapat internal tim dimulai lima belas menit lagi di aula";

} // namespace

BOOST_AUTO_TEST_SUITE(speech)

BOOST_AUTO_TEST_CASE(numbers_in_indonesian_words) {
    BOOST_TEST(number_words_id(0) == "nol");
    BOOST_TEST(number_words_id(7) == "tujuh");
    BOOST_TEST(number_words_id(10) == "sepuluh");
    BOOST_TEST(number_words_id(11) == "sebelas");
    BOOST_TEST(number_words_id(15) == "lima belas");
    BOOST_TEST(number_words_id(20) == "dua puluh");
    BOOST_TEST(number_words_id(45) == "empat puluh lima");
    BOOST_TEST(number_words_id(100) == "seratus");
    BOOST_TEST(number_words_id(101) == "seratus satu");
    BOOST_TEST(number_words_id(250) == "dua ratus lima puluh");
    BOOST_TEST(number_words_id(1000) == "seribu");
    BOOST_TEST(number_words_id(1250) == "seribu dua ratus lima puluh");
    BOOST_TEST(number_words_id(2026) == "dua ribu dua puluh enam");
    BOOST_TEST(number_words_id(11000) == "sebelas ribu");
    BOOST_TEST(number_words_id(1000000) == "satu juta");
    BOOST_TEST(number_words_id(1500000) == "satu juta lima ratus ribu");
    BOOST_TEST(number_words_id(3000000000ULL) == "tiga miliar");
    BOOST_TEST(number_words_id(1000000000000ULL) ==
               "satu nol nol nol nol nol nol nol nol nol nol nol nol");
}

BOOST_AUTO_TEST_CASE(times_and_durations) {
    using std::chrono::hours, std::chrono::minutes;
    BOOST_TEST(time_words_id(hours(9)) == "pukul sembilan");
    BOOST_TEST(time_words_id(hours(9) + minutes(30)) == "pukul sembilan lewat tiga puluh menit");
    BOOST_TEST(time_words_id(hours(16) + minutes(5)) == "pukul enam belas lewat lima menit");
    BOOST_TEST(time_words_id(Seconds(0)) == "pukul nol");
    BOOST_TEST(duration_words_id(minutes(15)) == "lima belas menit");
    BOOST_TEST(duration_words_id(hours(1) + minutes(30)) == "satu jam tiga puluh menit");
    BOOST_TEST(duration_words_id(hours(24)) == "satu hari");
    BOOST_TEST(duration_words_id(Seconds(0)) == "nol menit");
}

BOOST_AUTO_TEST_CASE(text_read_aloud) {
    BOOST_TEST(read_aloud_id("Apel 09.00 di halaman") == "Apel pukul sembilan di halaman");
    BOOST_TEST(read_aloud_id("Rapat pukul 09.00") == "Rapat pukul sembilan");
    BOOST_TEST(read_aloud_id("mulai 13:30 WIB") == "mulai pukul tiga belas lewat tiga puluh "
                                                   "menit WIB");
    BOOST_TEST(read_aloud_id("dimulai 15 menit lagi") == "dimulai lima belas menit lagi");
    BOOST_TEST(read_aloud_id("Buka 08.00-16.00") == "Buka pukul delapan-pukul enam belas");
    // Amounts are said as people say them: the number, then "rupiah".
    BOOST_TEST(read_aloud_id("bantuan Rp1.500.000") == "bantuan satu juta lima ratus ribu rupiah");
    BOOST_TEST(read_aloud_id("biaya Rp 50.000, gratis") == "biaya lima puluh ribu rupiah, gratis");
    BOOST_TEST(read_aloud_id("Rp. 500") == "lima ratus rupiah");
    BOOST_TEST(read_aloud_id("Grup 3") == "Grup tiga"); // "p" ends a word, not the sign
    BOOST_TEST(read_aloud_id("naik 2,5%") == "naik dua koma lima persen");
    BOOST_TEST(read_aloud_id("progres 60%") == "progres enam puluh persen");
    BOOST_TEST(read_aloud_id("telepon 0622") == "telepon nol enam dua dua");
    // Not times: 25.00 (no such hour), 9.000 (a thousand separator), 1.5 (no two minutes).
    BOOST_TEST(read_aloud_id("25.00") == "dua puluh lima titik nol nol");
    BOOST_TEST(read_aloud_id("9.000 orang") == "sembilan ribu orang");
    BOOST_TEST(read_aloud_id("Tanpa angka.") == "Tanpa angka.");
}

BOOST_AUTO_TEST_CASE(sentence_from_the_activity) {
    SpokenEvent e;
    e.title = "Rapat Internal Tim";
    e.place = "Aula";
    e.before = std::chrono::minutes(15);
    e.event_time_of_day = std::chrono::hours(9);
    BOOST_TEST(reminder_sentence_id(e) ==
               "Perhatian. Rapat Internal Tim akan dimulai lima belas menit lagi, di Aula.");
    e.before = Seconds(0);
    BOOST_TEST(reminder_sentence_id(e) == "Rapat Internal Tim dimulai sekarang, di Aula.");
    e.place.clear();
    e.deadline = true;
    e.title = "Laporan Bulanan";
    e.before = std::chrono::hours(24);
    e.event_time_of_day = std::chrono::hours(16);
    BOOST_TEST(reminder_sentence_id(e) ==
               "Perhatian. Batas waktu Laporan Bulanan besok, pukul enam belas.");
    e.before = std::chrono::hours(1) + std::chrono::minutes(30);
    BOOST_TEST(reminder_sentence_id(e) ==
               "Perhatian. Batas waktu Laporan Bulanan satu jam tiga puluh menit lagi.");
}

BOOST_AUTO_TEST_CASE(synthesized_once_then_from_the_cache) {
    test::TempDir dir;
    SpeechRequest req{read_aloud_id(kSentence), 1, dir.path / "speech"};
    std::filesystem::create_directories(req.cache_dir);
    SpeechResult first = synthesize_speech(req);
    BOOST_REQUIRE_MESSAGE(first.ok(), first.error);
    BOOST_TEST(!first.cached);
    BOOST_TEST(first.voice == speech_voice());
    BOOST_TEST(first.wav.parent_path() == req.cache_dir);
    // Nine words at 150 a minute: about 3.6 s, and certainly between 2 and 7.
    BOOST_TEST(first.length > Micros(2000000));
    BOOST_TEST(first.length < Micros(7000000));
    // The WAV decodes like any recording, to the length synthesis said.
    DecodeResult d = decode_reminder_audio(first.wav);
    BOOST_REQUIRE_MESSAGE(d.ok(), d.error);
    BOOST_TEST(std::abs(d.sound->length().count() - first.length.count()) < 50000);

    SpeechResult again = synthesize_speech(req);
    BOOST_TEST(again.cached);
    BOOST_TEST(again.wav == first.wav);
    BOOST_TEST(again.length == first.length);

    req.repeat = 2; // said twice, with the gap between
    SpeechResult twice = synthesize_speech(req);
    BOOST_REQUIRE(twice.ok());
    BOOST_TEST(twice.wav != first.wav);
    BOOST_TEST(std::abs(twice.length.count() - (2 * first.length + kSayRepeatGap).count()) < 1000);
}

BOOST_AUTO_TEST_CASE(say_in_a_reminder) {
    test::TempPlaylist t;
    t.playlist(kHead + "reminders = [\n"                                                  // 14
                       "  { before = \"15m\", say = \"Rapat dimulai 15 menit lagi\" },\n" // 15
                       "  { before = \"0m\", say = true, repeat = 2, chime = false },\n"
                       "]\n");
    Checked c = check(t);
    BOOST_REQUIRE_MESSAGE(c.accepted, (c.errors.empty() ? std::string() : c.errors[0]));
    const auto& rs = c.playlist->activities.at(0).reminders;
    BOOST_TEST(rs.at(0).say == "Rapat dimulai lima belas menit lagi");
    BOOST_TEST(rs.at(0).say_repeat == 1);
    BOOST_TEST(rs.at(0).audio.parent_path() == t.dir() / ".tsr-cache" / "speech");
    BOOST_TEST(std::filesystem::is_regular_file(rs.at(0).audio));
    BOOST_TEST(rs.at(0).audio_length > Micros(1000000));
    BOOST_TEST(rs.at(1).say == "Rapat Internal Tim dimulai sekarang, di Aula.");
    BOOST_TEST(rs.at(1).say_repeat == 2);
    BOOST_TEST(!rs.at(1).chime);
    BOOST_TEST(rs.at(1).audio_length > 2 * kSayRepeatGap);
}

BOOST_AUTO_TEST_CASE(say_mistakes_at_their_place) {
    test::TempPlaylist t;
    t.tone("audio/ok.m4a", 440, 0.3);
    t.playlist(kHead + "reminders = [\n"                                                      // 14
                       "  { before = \"15m\", say = \"Rapat\", audio = \"audio/ok.m4a\" },\n" // 15
                       "  { before = \"10m\", repeat = 2, audio = \"audio/ok.m4a\" },\n"      // 16
                       "  { before = \"5m\", say = \"Rapat\", repeat = 4 },\n"                // 17
                       "  { before = \"4m\", say = \"  \" },\n"                               // 18
                       "  { before = \"3m\", say = false },\n"                                // 19
                       "  { before = \"2m\", say = 12 },\n"                                   // 20
                       "  { before = \"1m\" },\n"                                             // 21
                       "]\n");
    Checked c = check(t);
    BOOST_TEST(!c.accepted);
    const std::vector<std::string> expected = {
        "playlist.toml:15:27: error: say: and audio both say what is spoken; keep one of them",
        "playlist.toml:16:30: error: repeat: repeats the words of say; add say = \"...\"",
        "playlist.toml:17:44: error: repeat: 4 is out of range; write a number from 1 to 3",
        "playlist.toml:18:26: error: say: is empty; write the words to speak, like say = "
        "\"Rapat dimulai lima belas menit lagi\"",
        "playlist.toml:19:26: error: say: is false; write say = true, say = \"...\" or audio = "
        "\"...\"",
        "playlist.toml:20:26: error: say: 12 is not text; put it in quotes, like \"Aula\"",
        "playlist.toml:21:3: error: audio: missing in a reminder; add say = \"...\" (the words "
        "to speak) or audio = \"audio/....m4a\"",
    };
    BOOST_TEST(c.errors == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
