// The playlist loader against what staff really write, right and wrong. Each bad-input case
// asserts the exact line, column, key and message a clerk will read.
#include "loader_check.hpp"
#include "playlist_loader.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>

using namespace tsr;
using namespace tsr::test;
using namespace std::chrono;

namespace {

// Lines 1-8: a valid office and slide; activities written after it start on line 9.
const std::string kHead = "[office]\n"
                          "name = \"Dinas Sosial Kota Tanjungbalai\"\n"
                          "timezone = \"Asia/Jakarta\"\n"
                          "\n"
                          "[[slide]]\n"
                          "template = \"agenda\"\n"
                          "duration = \"15s\"\n"
                          "\n";

} // namespace

BOOST_AUTO_TEST_SUITE(loader)

BOOST_AUTO_TEST_CASE(a_full_playlist_loads_into_the_model) {
    test::TempPlaylist t;
    t.tone("audio/rapat.m4a", 440, 0.5);
    t.tone("audio/chime.m4a", 880, 0.25);
    t.write("ticker.txt", "Baris satu\n");
    t.playlist(kHead + R"(
[display]
width = 1280
height = 720
framerate = 25

[ticker]
speed = 90
messages = ["Pelayanan buka Senin-Jumat"]
file = "ticker.txt"
agenda = true

[audio]
chime = "audio/chime.m4a"
duck = 0.3
volume = 1.5

[[activity]]
title = "Rapat Internal Tim Efektif"
start = 09:00:00
end = 10:30:00
place = "Aula"
pic = "Evi Fitriani, ST"
repeat = "weekly"
days = ["senin", "Thursday"]
from = 2026-11-01
until = 2027-06-30
reminders = [
  { before = "1d", at = 08:00:00, audio = "audio/rapat.m4a" },
  { before = "15m", audio = "audio/rapat.m4a", chime = false },
]

[[activity]]
id = "lap-bulanan"
title = "Laporan Bulanan"
deadline = 2026-12-05T16:00:00
progress = 40
)");
    Checked c = check(t);
    BOOST_TEST(c.errors.empty());
    BOOST_REQUIRE(c.accepted);
    const Playlist& p = *c.playlist;
    BOOST_TEST(p.office.name == "Dinas Sosial Kota Tanjungbalai");
    BOOST_TEST(p.zone.name() == "Asia/Jakarta");
    BOOST_TEST(p.display.width == 1280);
    BOOST_TEST(p.display.framerate == 25);
    BOOST_TEST(p.ticker.speed == 90.0);
    BOOST_TEST(p.ticker.agenda);
    BOOST_TEST(p.ticker.file == t.dir() / "ticker.txt");
    BOOST_TEST(p.audio.duck == 0.3);
    BOOST_TEST(p.audio.chime_length.count() > 200000); // 0.25 s and AAC priming
    BOOST_REQUIRE_EQUAL(p.activities.size(), 2u);
    const Activity& a = p.activities[0];
    BOOST_TEST(a.id == "rapat-internal-tim-efektif"); // derived from the title
    BOOST_TEST((a.repeat == Repeat::weekly));
    BOOST_TEST(a.days[0]);
    BOOST_TEST(a.days[3]);
    BOOST_TEST(!a.days[1]);
    BOOST_TEST(!a.start->date.has_value());
    BOOST_TEST(a.start->time_of_day.count() == 9 * 3600);
    BOOST_REQUIRE_EQUAL(a.reminders.size(), 2u);
    BOOST_TEST(a.reminders[0].before.count() == 86400);
    BOOST_TEST(a.reminders[0].at->count() == 8 * 3600);
    BOOST_TEST(a.reminders[0].chime);
    BOOST_TEST(!a.reminders[1].chime);
    BOOST_TEST(a.reminders[1].audio_length.count() >= 500000);
    BOOST_TEST(a.reminders[1].audio_length.count() < 600000);
    BOOST_TEST(p.activities[1].id == "lap-bulanan");
    BOOST_TEST(*p.activities[1].progress == 40);
    BOOST_REQUIRE_EQUAL(p.slides.size(), 1u);
    BOOST_TEST(p.slides[0].builtin);
    BOOST_TEST(p.slides[0].duration.count() == 15);
}

BOOST_AUTO_TEST_CASE(the_folder_or_the_toml_file) {
    test::TempPlaylist t;
    t.playlist(kHead);
    BOOST_TEST(load_playlist(t.dir()).playlist != nullptr);
    BOOST_TEST(load_playlist(t.toml()).playlist != nullptr);
}

BOOST_AUTO_TEST_CASE(wrong_time_in_quotes) {
    expect_one_error(
        kHead + "[[activity]]\ntitle = \"Apel\"\nrepeat = \"daily\"\nstart = \"25:00\"\n",
        "playlist.toml:12:9: error: start: \"25:00\" is not a time; write it like 09:00:00");
}

BOOST_AUTO_TEST_CASE(wrong_time_as_toml_time) {
    expect_one_error(
        kHead + "[[activity]]\ntitle = \"Apel\"\nrepeat = \"daily\"\nstart = 25:00:00\n",
        "playlist.toml:12:9: error: start: 25:00:00 is not a time; write it like 09:00:00");
}

BOOST_AUTO_TEST_CASE(time_without_seconds) {
    expect_one_error(
        kHead + "[[activity]]\ntitle = \"Apel\"\nrepeat = \"daily\"\nstart = 07:30\n",
        "playlist.toml:12:9: error: start: 07:30 is not a time; write it like 09:00:00");
}

BOOST_AUTO_TEST_CASE(end_before_start) {
    expect_one_error(kHead + "[[activity]]\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
                             "end = 2026-11-30T08:00:00\n",
                     "playlist.toml:12:7: error: end: 2026-11-30T08:00:00 is not after the start "
                     "(2026-11-30T09:00:00); write an end later than the start");
}

BOOST_AUTO_TEST_CASE(missing_audio_file) {
    Checked c =
        check_text(kHead + "[[activity]]\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
                           "reminders = [ { before = \"15m\", audio = \"audio/rapat.m4a\" } ]\n");
    BOOST_REQUIRE_EQUAL(c.errors.size(), 1u);
    BOOST_TEST(c.errors[0].rfind("playlist.toml:12:41: error: audio: \"audio/rapat.m4a\" does not "
                                 "exist; write a path relative to the playlist folder",
                                 0) == 0);
}

BOOST_AUTO_TEST_CASE(audio_that_is_not_mpeg4) {
    test::TempPlaylist t;
    t.write("audio/notes.m4a", "Rapat jam sembilan\n");
    t.write("audio/wave.m4a", std::string("RIFF\x24\0\0\0WAVEfmt ", 16));
    t.playlist(kHead + "[[activity]]\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
                       "reminders = [\n"
                       "  { before = \"15m\", audio = \"audio/notes.m4a\" },\n"
                       "  { before = \"5m\", audio = \"audio/wave.m4a\" },\n"
                       "]\n");
    Checked c = check(t);
    BOOST_TEST(!c.accepted);
    BOOST_REQUIRE_EQUAL(c.errors.size(), 2u);
    // Decided by decoding (sound/audio_check.hpp): neither decodes.
    BOOST_TEST(c.errors[0] ==
               "playlist.toml:13:29: error: audio: \"audio/notes.m4a\" cannot be played: not an "
               "audio file (its content is no media format GStreamer knows); use a sound file: "
               "MP3, WAV, Ogg/Opus, FLAC or M4A (AAC, ALAC)");
    BOOST_TEST(c.errors[1].rfind("playlist.toml:14:28: error: audio: \"audio/wave.m4a\" cannot be "
                                 "played: ",
                                 0) == 0);
}

BOOST_AUTO_TEST_CASE(audio_cut_short) {
    test::TempPlaylist t;
    auto good = t.tone("audio/full.m4a", 440, 2.0);
    std::string bytes;
    {
        std::ifstream in(good, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    t.write("audio/half.m4a", bytes.substr(0, bytes.size() / 2));
    t.playlist(kHead + "[[activity]]\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
                       "reminders = [ { before = \"15m\", audio = \"audio/half.m4a\" } ]\n");
    Checked c = check(t);
    BOOST_REQUIRE_EQUAL(c.errors.size(), 1u);
    BOOST_TEST(c.errors[0].find("error: audio: \"audio/half.m4a\" is cut short") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(typo_in_a_key_suggests_the_nearest) {
    expect_one_error(
        kHead + "[[activity]]\ntitel = \"Rapat\"\ntitle = \"Rapat\"\n"
                "start = 2026-11-30T09:00:00\n",
        "playlist.toml:10:1: error: titel: is not a key of [[activity]]; did you mean title?");
}

BOOST_AUTO_TEST_CASE(typo_in_a_table_name) {
    Checked c = check_text(kHead + "[ofice]\nname = \"x\"\n");
    BOOST_REQUIRE_GE(c.errors.size(), 1u);
    BOOST_TEST(
        c.errors[0] ==
        "playlist.toml:9:2: error: ofice: is not a key of the playlist; did you mean office?");
}

BOOST_AUTO_TEST_CASE(broken_toml_unquoted_text) {
    expect_one_error(kHead + "[[activity]]\ntitle = Rapat Tim\nstart = 2026-11-30T09:00:00\n",
                     "playlist.toml:10:9: error: title: Rapat Tim is not a value TOML understands; "
                     "put text in quotes, like \"Rapat Tim\"");
}

BOOST_AUTO_TEST_CASE(broken_toml_unterminated_string) {
    expect_one_error(kHead + "[[activity]]\ntitle = \"Rapat\nstart = 2026-11-30T09:00:00\n",
                     "playlist.toml:10:9: error: title: the text is not closed; end it with \" on "
                     "the same line");
}

BOOST_AUTO_TEST_CASE(broken_toml_unterminated_string_in_a_list) {
    expect_one_error(
        kHead + "[[activity]]\ntitle = \"Rapat\"\nstart = 09:00:00\nrepeat = "
                "\"weekly\"\ndays = [\"senin\", \"kamis]\n",
        "playlist.toml:13:8: error: days: the text \"kamis] in the list is not closed; "
        "end it with \" before the next , or ]");
    expect_one_error(kHead + "[display]\noff = ['2026-12-25', '2026-12-26]\n",
                     "playlist.toml:10:7: error: off: the text '2026-12-26] in the list is not "
                     "closed; end it with ' before the next , or ]");
}

BOOST_AUTO_TEST_CASE(duplicate_id) {
    expect_one_error(
        kHead +
            "[[activity]]\nid = \"rapat\"\ntitle = \"Rapat A\"\nstart = 2026-11-30T09:00:00\n"
            "\n[[activity]]\nid = \"rapat\"\ntitle = \"Rapat B\"\nstart = 2026-12-01T09:00:00\n",
        "playlist.toml:15:6: error: id: \"rapat\" is already used by the activity on "
        "line 10; give each activity its own id");
}

BOOST_AUTO_TEST_CASE(misspelt_day) {
    expect_one_error(
        kHead + "[[activity]]\ntitle = \"Rapat\"\nstart = 09:00:00\nrepeat = \"weekly\"\n"
                "days = [\"senen\", \"kamis\"]\n",
        "playlist.toml:13:9: error: days: \"senen\" is not a day; did you mean senin? "
        "Write senin, selasa, rabu, kamis, jumat, sabtu or minggu (or monday..sunday)");
}

BOOST_AUTO_TEST_CASE(slide_without_duration) {
    expect_one_error("[office]\nname = \"Dinsos\"\n\n[[slide]]\ntemplate = \"agenda\"\n",
                     "playlist.toml:4:1: error: duration: missing in [[slide]]; add duration = "
                     "\"15s\" (how long it shows)");
}

BOOST_AUTO_TEST_CASE(duration_written_in_words) {
    expect_one_error("[office]\nname = \"Dinsos\"\n\n[[slide]]\ntemplate = \"agenda\"\n"
                     "duration = \"lima belas detik\"\n",
                     "playlist.toml:6:12: error: duration: \"lima belas detik\" is not a duration; "
                     "write it like \"90s\", \"15m\", \"2h\" or \"1h30m\"");
}

BOOST_AUTO_TEST_CASE(duration_as_a_bare_number) {
    expect_one_error(
        "[office]\nname = \"Dinsos\"\n\n[[slide]]\ntemplate = \"agenda\"\nduration = 15\n",
        "playlist.toml:6:12: error: duration: 15 is not a duration; write it like "
        "\"90s\", \"15m\", \"2h\" or \"1h30m\"");
}

BOOST_AUTO_TEST_CASE(numbers_out_of_range) {
    Checked c = check_text(
        kHead + "[audio]\nduck = 1.5\nvolume = -1\n\n[display]\nwidth = 99999\n\n"
                "[[activity]]\ntitle = \"Lap\"\ndeadline = 2026-12-05T16:00:00\nprogress = 150\n");
    BOOST_REQUIRE_EQUAL(c.errors.size(), 4u);
    BOOST_TEST(c.errors[0] ==
               "playlist.toml:10:8: error: duck: 1.5 is out of range; write a number from 0 to 1");
    BOOST_TEST(
        c.errors[1] ==
        "playlist.toml:11:10: error: volume: -1 is out of range; write a number from 0 to 2");
    BOOST_TEST(
        c.errors[2] ==
        "playlist.toml:14:9: error: width: 99999 is out of range; write a number from 160 to 7680");
    BOOST_TEST(
        c.errors[3] ==
        "playlist.toml:19:12: error: progress: 150 is out of range; write a number from 0 to 100");
}

BOOST_AUTO_TEST_CASE(svg_that_does_not_parse) {
    test::TempPlaylist t;
    t.write("slides/rusak.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect></svg>");
    t.playlist("[office]\nname = \"Dinsos\"\n\n[[slide]]\ntemplate = "
               "\"slides/rusak.svg\"\nduration = \"10s\"\n");
    Checked c = check(t);
    for (auto& e : c.errors)
        BOOST_TEST_MESSAGE(e);
    BOOST_REQUIRE_EQUAL(c.errors.size(), 2u);
    BOOST_TEST(c.errors[0] ==
               "playlist.toml:5:12: error: template: \"slides/rusak.svg\" cannot be "
               "used (1 problem in the SVG); fix it, or open and save it again in Inkscape");
    // The SVG's own problem, at its own line, so an editor jumps there.
    BOOST_TEST(c.errors[1] == (t.dir() / "slides/rusak.svg").string() +
                                  ":1:53: error: broken SVG: <rect> (line 1) is closed by </svg>; "
                                  "each tag must be closed by its own name; open it in Inkscape "
                                  "and save it again");
}

BOOST_AUTO_TEST_CASE(one_off_with_only_a_time) {
    expect_one_error(
        kHead + "[[activity]]\ntitle = \"Rapat\"\nstart = 09:00:00\n",
        "playlist.toml:11:9: error: start: 09:00:00 has no date; write it like "
        "2026-11-30T09:00:00, or add repeat = \"daily\" (or weekly, weekdays, monthly)");
}

BOOST_AUTO_TEST_CASE(repeat_with_a_full_date) {
    expect_one_error(
        kHead + "[[activity]]\ntitle = \"Apel\"\nrepeat = \"daily\"\nstart = 2026-11-30T07:30:00\n",
        "playlist.toml:12:9: error: start: 2026-11-30T07:30:00 has a date, but the "
        "activity repeats; write only the time, like 09:00:00 (use from/until to bound "
        "the repeat)");
}

BOOST_AUTO_TEST_CASE(unknown_repeat_rule) {
    expect_one_error(kHead +
                         "[[activity]]\ntitle = \"Apel\"\nrepeat = \"dayly\"\nstart = 07:30:00\n",
                     "playlist.toml:11:10: error: repeat: \"dayly\" is not a repeat rule; did you "
                     "mean \"daily\"? Write \"daily\", \"weekdays\", \"weekly\" or \"monthly\"");
}

BOOST_AUTO_TEST_CASE(weekly_without_days_and_monthly_day_out_of_range) {
    Checked c = check_text(
        kHead +
        "[[activity]]\ntitle = \"A\"\nrepeat = \"weekly\"\nstart = 07:30:00\n\n"
        "[[activity]]\ntitle = \"B\"\nrepeat = \"monthly\"\nday = 32\ndeadline = 16:00:00\n");
    BOOST_REQUIRE_EQUAL(c.errors.size(), 2u);
    BOOST_TEST(c.errors[0] ==
               "playlist.toml:11:10: error: days: missing in [[activity]]; add days = "
               "[\"senin\", \"kamis\"] (which days of the week)");
    BOOST_TEST(c.errors[1] ==
               "playlist.toml:17:7: error: day: 32 is out of range; write a number from 1 to 31");
}

BOOST_AUTO_TEST_CASE(unknown_timezone) {
    expect_one_error(
        "[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakrta\"\n\n[[slide]]\n"
        "template = \"info\"\nduration = \"10s\"\n",
        "playlist.toml:3:12: error: timezone: \"Asia/Jakrta\" is not a timezone; write "
        "an IANA zone name like \"Asia/Jakarta\" (WIB), \"Asia/Makassar\" (WITA) or "
        "\"Asia/Jayapura\" (WIT)");
}

BOOST_AUTO_TEST_CASE(unknown_template_suggests_the_nearest) {
    expect_one_error(
        "[office]\nname = \"Dinsos\"\n\n[[slide]]\ntemplate = \"agnda\"\nduration = \"10s\"\n",
        "playlist.toml:5:12: error: template: \"agnda\" is not a template; did you mean "
        "\"agenda\"? Write agenda, deadlines, timeline, info, image, or the path of an "
        ".svg file in the playlist folder");
}

BOOST_AUTO_TEST_CASE(hours_window_backwards) {
    expect_one_error(
        "[office]\nname = \"Dinsos\"\n\n[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n"
        "hours = \"16:00-07:30\"\n",
        "playlist.toml:7:9: error: hours: \"16:00-07:30\" ends before it begins; write it "
        "like \"07:30-16:00\"");
}

BOOST_AUTO_TEST_CASE(every_mistake_of_a_file_is_reported_in_order) {
    Checked c = check_text(
        kHead + "[[activity]]\n"                                                        // 9
                "titel = \"Rapat\"\n"                                                   // 10
                "start = 2026-11-30T09:00:00\n"                                         // 11
                "end = 2026-11-30T08:00:00\n"                                           // 12
                "reminders = [ { before = \"15 menit\", audio = \"audio/ok.m4a\" } ]\n" // 13
                "\n"                                                                    // 14
                "[[activity]]\n"                                                        // 15
                "title = \"Apel\"\n"                                                    // 16
                "repeat = \"weekly\"\n"                                                 // 17
                "days = [\"senen\"]\n"                                                  // 18
                "start = 31:00:00\n");                                                  // 19
    BOOST_TEST(!c.accepted);
    BOOST_REQUIRE_EQUAL(c.errors.size(), 5u);
    BOOST_TEST(c.errors[0].rfind("playlist.toml:10:1: error: titel:", 0) == 0);
    BOOST_TEST(c.errors[1].rfind("playlist.toml:12:7: error: end:", 0) == 0);
    BOOST_TEST(c.errors[2].rfind(
                   "playlist.toml:13:26: error: before: \"15 menit\" is not a duration", 0) == 0);
    BOOST_TEST(c.errors[3].rfind("playlist.toml:18:9: error: days: \"senen\"", 0) == 0);
    BOOST_TEST(c.errors[4] ==
               "playlist.toml:19:9: error: start: 31:00:00 is not a time; write it like 09:00:00");
}

BOOST_AUTO_TEST_CASE(things_that_will_never_show_are_warnings) {
    test::TempPlaylist t;
    t.playlist(
        kHead +
        "[[activity]]\nid = \"lalu\"\ntitle = \"Rapat lalu\"\nstart = 2026-11-01T09:00:00\n\n"
        "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\nuntil = 2026-11-20\n");
    Checked c = check(t, *parse_local_datetime(TimeZone::fixed(hours(7)), "2026-11-28 10:00"));
    BOOST_TEST(c.accepted);
    BOOST_TEST(c.errors.empty());
    BOOST_REQUIRE_EQUAL(c.warnings.size(), 2u);
    BOOST_TEST(c.warnings[0] == "playlist.toml:9:1: warning: activity: \"lalu\" is in the past "
                                "(2026-11-01T09:00:00+07:00), so it will never show");
    BOOST_TEST(c.warnings[1] == "playlist.toml:14:1: warning: until: this info slide's window has "
                                "ended, so it will never show");
}

BOOST_AUTO_TEST_CASE(no_playlist_at_all) {
    LoadResult r = load_playlist("/nonexistent/kantor");
    BOOST_TEST(!r.playlist);
    BOOST_REQUIRE_EQUAL(r.diagnostics.all().size(), 1u);
    BOOST_TEST(
        format_diagnostic(r.diagnostics.all()[0]) ==
        "/nonexistent/kantor: error: does not exist; give a playlist folder or its playlist.toml");
}

// The check refuses every sound the player would refuse, in the player's words (the limits
// live in mp4_probe.hpp; tests/unit/test_sound_decode.cpp has the player's side).

std::filesystem::path made(const test::TempPlaylist& t, const std::string& name,
                           std::vector<std::string> args) {
    const std::filesystem::path f = t.dir() / name;
    std::filesystem::create_directories(f.parent_path());
    args.push_back(f.string());
    test::ffmpeg(args);
    return f;
}

std::vector<std::string> quiet(double secs, const std::vector<std::string>& codec) {
    std::vector<std::string> a = {
        "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", std::to_string(secs)};
    a.insert(a.end(), codec.begin(), codec.end());
    return a;
}

BOOST_AUTO_TEST_CASE(a_chime_or_background_too_long_is_refused_where_it_is_named) {
    test::TempPlaylist t;
    made(t, "audio/chime.m4a", quiet(12, {"-c:a", "aac", "-b:a", "8k"}));
    made(t, "audio/musik.m4a", quiet(601, {"-c:a", "aac", "-b:a", "8k"}));
    made(t, "audio/musik2.m4a", quiet(30, {"-c:a", "aac", "-b:a", "8k"}));
    t.playlist(kHead + "[audio]\n"                                                    // 9
                       "chime = \"audio/chime.m4a\"\n"                                // 10
                       "background = [\"audio/musik2.m4a\", \"audio/musik.m4a\"]\n"); // 11
    Checked c = check(t);
    BOOST_TEST(!c.accepted);
    BOOST_REQUIRE_EQUAL(c.errors.size(), 2u);
    BOOST_TEST(c.errors[0] ==
               "playlist.toml:10:9: error: chime: \"audio/chime.m4a\" is too long (12.00 s); the "
               "chime may last at most 10.00 s; shorten the recording");
    BOOST_TEST(c.errors[1] ==
               "playlist.toml:11:35: error: background: \"audio/musik.m4a\" is too long (10 min "
               "01 s); a background song may last at most 10 min 00 s; split it into shorter "
               "songs (each is held decoded in memory)");
}

BOOST_AUTO_TEST_CASE(reminder_audio_too_long_in_any_mpeg4_form) {
    test::TempPlaylist t;
    made(t, "audio/m4a.m4a", quiet(601, {"-c:a", "aac", "-b:a", "8k"}));
    made(t, "audio/frag.m4a",
         quiet(601, {"-c:a", "aac", "-b:a", "8k", "-movflags", "frag_keyframe+empty_moov"}));
    made(t, "audio/adts.aac", quiet(601, {"-c:a", "aac", "-b:a", "8k", "-f", "adts"}));
    t.playlist(kHead + "[[activity]]\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
                       "reminders = [\n"                                      // 12
                       "  { before = \"15m\", audio = \"audio/m4a.m4a\" },\n" // 13
                       "  { before = \"10m\", audio = \"audio/frag.m4a\" },\n"
                       "  { before = \"5m\", audio = \"audio/adts.aac\" },\n"
                       "]\n");
    Checked c = check(t);
    BOOST_REQUIRE_EQUAL(c.errors.size(), 3u);
    const std::string why = " is too long (10 min 01 s); a reminder may last at most 10 min 00 "
                            "s; shorten the recording";
    BOOST_TEST(c.errors[0] == "playlist.toml:13:29: error: audio: \"audio/m4a.m4a\"" + why);
    BOOST_TEST(c.errors[1] == "playlist.toml:14:29: error: audio: \"audio/frag.m4a\"" + why);
    BOOST_TEST(c.errors[2] == "playlist.toml:15:28: error: audio: \"audio/adts.aac\"" + why);
}

BOOST_AUTO_TEST_CASE(fragmented_and_adts_lengths_are_read) {
    test::TempPlaylist t;
    made(t, "audio/frag.m4a",
         {"-f", "lavfi", "-i", "sine=sample_rate=44100:duration=3", "-c:a", "aac", "-movflags",
          "frag_keyframe+empty_moov"});
    made(t, "audio/adts.aac",
         {"-f", "lavfi", "-i", "sine=sample_rate=22050:duration=3", "-c:a", "aac", "-f", "adts"});
    t.playlist(kHead + "[[activity]]\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
                       "reminders = [\n"
                       "  { before = \"15m\", audio = \"audio/frag.m4a\" },\n"
                       "  { before = \"10m\", audio = \"audio/adts.aac\" },\n"
                       "]\n");
    Checked c = check(t);
    BOOST_REQUIRE(c.accepted);
    const auto& r = c.playlist->activities.at(0).reminders;
    // The tone's 3 s, give or take the encoder's priming and last frame (1024 samples each).
    BOOST_TEST_MESSAGE("fragmented " << r.at(0).audio_length.count() << " us, ADTS "
                                     << r.at(1).audio_length.count() << " us");
    BOOST_TEST(std::abs(r.at(0).audio_length.count() - 3000000) <= 2 * 1024 * 1000000 / 44100);
    BOOST_TEST(std::abs(r.at(1).audio_length.count() - 3000000) <= 2 * 1024 * 1000000 / 22050);
}

BOOST_AUTO_TEST_CASE(audio_other_than_aac_inside_mpeg4_plays) {
    // Once refused by the MP4 probe; now decoded like any other format (audio_check.hpp).
    test::TempPlaylist t;
    const std::vector<std::string> tone = {"-f", "lavfi", "-i",
                                           "sine=sample_rate=44100:duration=1"};
    auto with = [&](std::vector<std::string> codec) {
        std::vector<std::string> a = tone;
        a.insert(a.end(), codec.begin(), codec.end());
        return a;
    };
    made(t, "audio/mp3.mp4", with({"-c:a", "libmp3lame"}));
    made(t, "audio/alac.m4a", with({"-c:a", "alac"}));
    made(t, "audio/opus.mp4", with({"-c:a", "libopus"}));
    made(t, "audio/mp3.mov", with({"-c:a", "libmp3lame", "-f", "mov"}));
    t.playlist(kHead + "[[activity]]\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
                       "reminders = [\n"
                       "  { before = \"15m\", audio = \"audio/mp3.mp4\" },\n"
                       "  { before = \"10m\", audio = \"audio/alac.m4a\" },\n"
                       "  { before = \"5m\", audio = \"audio/opus.mp4\" },\n"
                       "  { before = \"1m\", audio = \"audio/mp3.mov\" },\n"
                       "]\n");
    Checked c = check(t);
    BOOST_TEST(c.errors.empty());
    BOOST_REQUIRE(c.accepted);
    for (const Reminder& r : c.playlist->activities.at(0).reminders)
        BOOST_TEST(std::abs(r.audio_length.count() - 1000000) <= 60000, r.audio.filename());
}

BOOST_AUTO_TEST_SUITE_END()
