// `tsr check` as staff and scripts use it: exit codes and the exact lines printed.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace tsr::test;

BOOST_AUTO_TEST_SUITE(check)

BOOST_AUTO_TEST_CASE(the_demo_playlist_passes) {
    RunResult r = run({tsr_exe(), "check", (source_root() / "playlists/demo").string(), "--at",
                       "2026-11-30 07:00"});
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.err == "");
    // The demo says language = "id": its summary is Indonesian ("ok:" stays for scripts).
    BOOST_TEST(r.out.find("playlist.toml: ok: 8 kegiatan, 10 pengingat") != std::string::npos,
               r.out);
    BOOST_TEST(r.out.find(", 0 peringatan; zona waktu Asia/Jakarta (WIB, UTC+07:00)\n") !=
                   std::string::npos,
               r.out);
}

BOOST_AUTO_TEST_CASE(a_bad_edit_exits_1_with_every_problem_one_a_line) {
    TempPlaylist t;
    t.tone("audio/ok.m4a", 440, 0.3);
    t.write("audio/lagu.m4a", "ID3\x03\x00 not really mp3");
    t.playlist("[office]\n"                                                           // 1
               "name = \"Dinas Sosial\"\n"                                            // 2
               "\n"                                                                   // 3
               "[[slide]]\n"                                                          // 4
               "template = \"agenda\"\n"                                              // 5
               "\n"                                                                   // 6
               "[[activity]]\n"                                                       // 7
               "title = \"Rapat\"\n"                                                  // 8
               "repeat = \"weekly\"\n"                                                // 9
               "days = [\"senin\"]\n"                                                 // 10
               "start = \"25:00\"\n"                                                  // 11
               "reminders = [ { before = \"15m\", audio = \"audio/lagu.m4a\" } ]\n"); // 12
    RunResult r = run({tsr_exe(), "check", t.dir().string()});
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.out == "");
    std::string f = t.toml().string();
    auto got = lines(r.err);
    std::vector<std::string> expect = {
        f + ":1:1: warning: timezone: not set, so this PC's zone is used: \"UTC\" (UTC+00:00); "
            "add timezone = an IANA zone name like \"Asia/Jakarta\" (WIB), \"Asia/Makassar\" "
            "(WITA) or \"Asia/Jayapura\" (WIT)",
        f + ":4:1: error: duration: missing in [[slide]]; add duration = \"15s\" (how long it "
            "shows)",
        f + ":11:9: error: start: \"25:00\" is not a time; write it like 09:00:00",
        f + ":12:41: error: audio: \"audio/lagu.m4a\" cannot be played: not an audio file (its "
            "content is no media format GStreamer knows); use a sound file: MP3, WAV, Ogg/Opus, "
            "FLAC or M4A (AAC, ALAC)",
        f + ": 3 errors, 1 warning; the playlist was not accepted"};
    BOOST_TEST(got == expect, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_toml_file_itself_is_accepted_too) {
    TempPlaylist t;
    t.playlist("[office]\nname = \"Dinsos\"\n[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n");
    RunResult r = run({tsr_exe(), "check", t.toml().string()});
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out == t.toml().string() +
                            ": ok: 0 activities, 0 reminders (0 in the next 7 days), 1 slide, 1 "
                            "warning; timezone UTC (UTC+00:00)\n");
    // No timezone: the PC's zone is used, and check says which.
    BOOST_TEST(r.err == t.toml().string() +
                            ":1:1: warning: timezone: not set, so this PC's zone is used: \"UTC\" "
                            "(UTC+00:00); add timezone = an IANA zone name like \"Asia/Jakarta\" "
                            "(WIB), \"Asia/Makassar\" (WITA) or \"Asia/Jayapura\" (WIT)\n");
}

BOOST_AUTO_TEST_CASE(warnings_do_not_fail_the_check) {
    TempPlaylist t;
    t.playlist(
        "[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n[[slide]]\ntemplate = \"info\"\n"
        "duration = \"10s\"\n[[activity]]\nid = \"lama\"\ntitle = \"Lama\"\nstart = "
        "2026-01-05T09:00:00\n");
    RunResult r = run({tsr_exe(), "check", t.dir().string(), "--at", "2026-11-30 07:00"});
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.err == t.toml().string() + ":7:1: warning: activity: \"lama\" is in the past "
                                            "(2026-01-05T09:00:00+07:00), so it will never show\n");
}

BOOST_AUTO_TEST_CASE(command_line_mistakes_exit_2) {
    BOOST_TEST(run({tsr_exe(), "check"}).status == 2);
    BOOST_TEST(run({tsr_exe(), "check", "a", "b"}).status == 2);
    BOOST_TEST(run({tsr_exe(), "check", "x", "--bogus"}).status == 2);
    BOOST_TEST(run({tsr_exe(), "chek", "x"}).status == 2);
    RunResult none = run({tsr_exe()});
    BOOST_TEST(none.status == 2);
    BOOST_TEST(none.err.find("usage: tsr COMMAND") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_playlist_exits_1) {
    RunResult r = run({tsr_exe(), "check", "/nonexistent/kantor"});
    BOOST_TEST(r.status == 1);
    BOOST_TEST(
        lines(r.err).at(0) ==
        "/nonexistent/kantor: error: does not exist; give a playlist folder or its playlist.toml");
}

BOOST_AUTO_TEST_CASE(version_names_gstreamer) {
    RunResult r = run({tsr_exe(), "version"});
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out.find("tsr 0.1.0\nGStreamer 1.") == 0u);
}

// Messages in the reader's language: the locale (even one not generated on this machine:
// LANG alone, or LANGUAGE alone), or the playlist's language = "id"; English otherwise.
// The machine parts (file:line:col: error: key:) are the same in both.
BOOST_AUTO_TEST_CASE(messages_follow_the_locale_or_the_playlist_language) {
    TempPlaylist t;
    const std::string body = "[office]\n"                // 1
                             "name = \"Dinas Sosial\"\n" // 2
                             "timezone = \"WIB\"\n"      // 3
                             "[[slide]]\n"               // 4
                             "template = \"agenda\"\n"   // 5
                             "duration = 15m\n";         // 6
    t.playlist(body);
    const std::string f = t.toml().string();
    const std::vector<std::string> english = {
        f + ":3:12: error: timezone: \"WIB\" is the name of a time, not a zone; write "
            "\"Asia/Jakarta\" for WIB",
        f + ":6:12: error: duration: 15m is a duration; durations are text: write it in quotes, "
            "like \"15m\"",
        f + ": 2 errors, 0 warnings; the playlist was not accepted"};
    const std::vector<std::string> indonesian = {
        f + ":3:12: error: timezone: \"WIB\" adalah nama waktu, bukan nama zona; tulis "
            "\"Asia/Jakarta\" untuk WIB",
        f + ":6:12: error: duration: 15m adalah durasi; durasi berupa teks: tulis di antara "
            "tanda kutip, seperti \"15m\"",
        f + ": 2 kesalahan, 0 peringatan; playlist tidak diterima"};
    auto check_with = [&](std::vector<std::string> env) {
        env.insert(env.begin(), "env");
        env.insert(env.end(), {tsr_exe(), "check", f});
        return run(env);
    };
    RunResult en = check_with({});
    BOOST_TEST(en.status == 1, en.err);
    BOOST_TEST(lines(en.err) == english, boost::test_tools::per_element());
    for (const char* locale : {"LANG=id_ID.UTF-8", "LANGUAGE=id", "LC_ALL=id_ID"}) {
        RunResult id = check_with({locale});
        BOOST_TEST(id.status == 1);
        BOOST_TEST(lines(id.err) == indonesian, boost::test_tools::per_element());
    }
    RunResult other = check_with({"LANG=en_US.UTF-8"});
    BOOST_TEST(lines(other.err) == english, boost::test_tools::per_element());

    // language = "id" in [office]: Indonesian whatever the locale.
    std::string with_language = body;
    with_language.insert(with_language.find("[[slide]]"), "language = \"id\"\n");
    t.playlist(with_language);
    RunResult by_playlist = check_with({});
    BOOST_TEST(by_playlist.status == 1);
    std::vector<std::string> shifted = indonesian;
    shifted[1] = f + ":7:12: error: duration: 15m adalah durasi; durasi berupa teks: tulis di "
                     "antara tanda kutip, seperti \"15m\"";
    BOOST_TEST(lines(by_playlist.err) == shifted, boost::test_tools::per_element());

    // The command line itself, in both.
    RunResult usage_en = run({tsr_exe(), "check"});
    BOOST_TEST(usage_en.status == 2);
    BOOST_TEST(lines(usage_en.err).at(0) == "tsr check: give one playlist folder or playlist.toml");
    BOOST_TEST(lines(usage_en.err).at(1) ==
               "usage: tsr check PLAYLIST [--at \"2026-11-30 09:00\"]");
    RunResult usage_id = run({"env", "LANG=id_ID.UTF-8", tsr_exe(), "check"});
    BOOST_TEST(usage_id.status == 2);
    BOOST_TEST(lines(usage_id.err).at(0) ==
               "tsr check: berikan satu folder playlist atau playlist.toml");
    BOOST_TEST(lines(usage_id.err).at(1) ==
               "cara pakai: tsr check PLAYLIST [--at \"2026-11-30 09:00\"]");
}

BOOST_AUTO_TEST_SUITE_END()
