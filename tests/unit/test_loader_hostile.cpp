// What a person (or a bad save, or a hostile folder) can put in front of the loader, and the
// exact message `tsr check` then prints. Every path stays inside the playlist folder, nothing
// blocks, nothing is echoed whole, and what check accepts is what the player plays.
#include "loader_check.hpp"
#include "playlist_files.hpp"
#include "text_checks.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace tsr;
using namespace tsr::test;
namespace fs = std::filesystem;

namespace {

// Lines 1-7: a valid office and slide; what a test adds starts on line 8.
const std::string kHead = "[office]\n"
                          "name = \"Dinsos\"\n"
                          "timezone = \"Asia/Jakarta\"\n"
                          "\n"
                          "[[slide]]\n"
                          "template = \"info\"\n"
                          "duration = \"15s\"\n";

std::string office_with_zone(const std::string& zone) {
    return "[office]\nname = \"Dinsos\"\ntimezone = \"" + zone +
           "\"\n[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n";
}

Checked check_in(TempPlaylist& t, const std::string& body) {
    t.playlist(body);
    return check(t);
}

void expect_errors(const Checked& c, const std::vector<std::string>& expected) {
    BOOST_TEST(!c.accepted);
    BOOST_TEST(c.errors == expected, boost::test_tools::per_element());
}

const std::string kOutside = "is outside the playlist folder; copy the file into the folder and "
                             "write its path relative to it";

} // namespace

BOOST_AUTO_TEST_SUITE(loader_hostile)

// --- Time zones: only names of the zone database, never an offset read backwards ---

BOOST_AUTO_TEST_CASE(offsets_are_refused_with_the_zone_meant) {
    expect_one_error(
        office_with_zone("UTC+7"),
        "playlist.toml:3:12: error: timezone: \"UTC+7\" is an offset, not a zone name "
        "(and TZ reads \"UTC+7\" as 7 hours behind UTC, the opposite of what it says); write "
        "\"Asia/Jakarta\" (WIB, UTC+7)");
    expect_one_error(
        office_with_zone("GMT+8"),
        "playlist.toml:3:12: error: timezone: \"GMT+8\" is an offset, not a zone name "
        "(and TZ reads \"GMT+8\" as 8 hours behind UTC, the opposite of what it says); write "
        "\"Asia/Makassar\" (WITA, UTC+8)");
    expect_one_error(
        office_with_zone("+09:00"),
        "playlist.toml:3:12: error: timezone: \"+09:00\" is an offset, not a zone name; write "
        "\"Asia/Jayapura\" (WIT, UTC+9)");
    // tzdata's own Etc/GMT-7 means UTC+7: right, but a trap for whoever types it.
    expect_one_error(office_with_zone("Etc/GMT-7"),
                     "playlist.toml:3:12: error: timezone: \"Etc/GMT-7\" is an offset, not a zone "
                     "name; write \"Asia/Jakarta\" (WIB, UTC+7)");
    expect_one_error(office_with_zone("UTC+3"),
                     "playlist.toml:3:12: error: timezone: \"UTC+3\" is an offset, not a zone name "
                     "(and TZ reads \"UTC+3\" as 3 hours behind UTC, the opposite of what it "
                     "says); write an IANA "
                     "zone name like \"Asia/Jakarta\" (WIB), \"Asia/Makassar\" (WITA) or "
                     "\"Asia/Jayapura\" (WIT)");
}

BOOST_AUTO_TEST_CASE(indonesian_names_of_times_point_to_their_zone) {
    expect_one_error(office_with_zone("WIB"),
                     "playlist.toml:3:12: error: timezone: \"WIB\" is the name of a time, not a "
                     "zone; write \"Asia/Jakarta\" for WIB");
    expect_one_error(office_with_zone("wita"),
                     "playlist.toml:3:12: error: timezone: \"wita\" is the name of a time, not a "
                     "zone; write \"Asia/Makassar\" for WITA");
    expect_one_error(office_with_zone("asia/jakarta"),
                     "playlist.toml:3:12: error: timezone: \"asia/jakarta\" is not a timezone; did "
                     "you mean \"Asia/Jakarta\"?");
}

BOOST_AUTO_TEST_CASE(paths_and_files_are_never_zones) {
    TempPlaylist t;
    t.write("zona", "TZif but not really");
    for (std::string zone : std::vector<std::string>{
             "/etc/passwd", "../../../../etc/localtime", "Asia/../Asia/Jakarta",
             (t.dir() / "zona").string(), "Asia/Jakarta\\n"})
        expect_one_error(office_with_zone(zone),
                         "playlist.toml:3:12: error: timezone: \"" + excerpt(zone, 80) +
                             "\" is not a timezone; write an IANA zone name like \"Asia/Jakarta\" "
                             "(WIB), \"Asia/Makassar\" (WITA) or \"Asia/Jayapura\" (WIT)");
    expect_one_error(office_with_zone(""),
                     "playlist.toml:3:12: error: timezone: is empty; write an IANA zone name like "
                     "\"Asia/Jakarta\" (WIB), \"Asia/Makassar\" (WITA) or \"Asia/Jayapura\" (WIT)");
    BOOST_TEST(!TimeZone::named("UTC+7"));
    BOOST_TEST(!TimeZone::named("/usr/share/zoneinfo/Asia/Jakarta"));
    BOOST_TEST(TimeZone::named("Asia/Jakarta").has_value());
    BOOST_TEST(TimeZone::named("UTC").has_value());
}

BOOST_AUTO_TEST_CASE(a_missing_zone_is_a_warning_naming_the_zone_used) {
    TempPlaylist t;
    t.playlist("[office]\nname = \"Dinsos\"\n[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n");
    Checked c = check(t, Instant(std::chrono::sys_days(std::chrono::year(2026) / 11 / 30)));
    BOOST_TEST(c.accepted);
    BOOST_REQUIRE_EQUAL(c.warnings.size(), 1u);
    // tests/meson.build sets TZ=UTC for every test.
    BOOST_TEST(c.warnings[0] ==
               "playlist.toml:1:1: warning: timezone: not set, so this PC's zone is used: \"UTC\" "
               "(UTC+00:00); add timezone = an IANA zone name like \"Asia/Jakarta\" (WIB), "
               "\"Asia/Makassar\" (WITA) or \"Asia/Jayapura\" (WIT)");
}

// --- Files outside the playlist folder: refused at their line, for every path key ---

BOOST_AUTO_TEST_CASE(every_path_key_is_confined_to_the_folder) {
    TempPlaylist t;
    t.tone("audio/ok.m4a", 440, 0.3);
    // A real file just outside the folder, so that "outside" is not "missing".
    test::TempDir elsewhere;
    {
        std::ofstream(elsewhere.path / "x.png") << "png";
        std::ofstream(elsewhere.path / "t.svg") << "<svg/>";
    }
    std::string out_png = (elsewhere.path / "x.png").string();
    std::string rel_png = fs::relative(elsewhere.path / "x.png", t.dir()).string();
    Checked c = check_in(t, "[office]\n"                    // 1
                            "name = \"Dinsos\"\n"           // 2
                            "timezone = \"Asia/Jakarta\"\n" // 3
                            "logo = \"" +
                                out_png +
                                "\"\n"                                                 // 4
                                "[ticker]\n"                                           // 5
                                "file = \"/etc/passwd\"\n"                             // 6
                                "[audio]\n"                                            // 7
                                "chime = \"../ok.m4a\"\n"                              // 8
                                "background = [\"audio/ok.m4a\", \"/etc/hostname\"]\n" // 9
                                "[[slide]]\n"                                          // 10
                                "template = \"image\"\n"                               // 11
                                "duration = \"10s\"\n"                                 // 12
                                "image = \"" +
                                rel_png +
                                "\"\n"                                                         // 13
                                "[[slide]]\n"                                                  // 14
                                "template = \"../t.svg\"\n"                                    // 15
                                "duration = \"10s\"\n"                                         // 16
                                "[[slide]]\n"                                                  // 17
                                "title = \"Video\"\n"                                          // 18
                                "text = \"(a video slide)\"\n"                                 // 19
                                "video = \"audio/../../v.mp4\"\n"                              // 20
                                "[[activity]]\n"                                               // 21
                                "title = \"Rapat\"\n"                                          // 22
                                "start = 2026-12-01T09:00:00\n"                                // 23
                                "reminders = [{ before = \"5m\", audio = \"/dev/zero\" }]\n"); // 24
    expect_errors(
        c, {
               "playlist.toml:4:8: error: logo: \"" + excerpt(out_png, 80) + "\" " + kOutside,
               "playlist.toml:6:8: error: file: \"/etc/passwd\" " + kOutside,
               "playlist.toml:8:9: error: chime: \"../ok.m4a\" " + kOutside,
               "playlist.toml:9:31: error: background: \"/etc/hostname\" " + kOutside,
               "playlist.toml:13:9: error: image: \"" + excerpt(rel_png, 80) + "\" " + kOutside,
               "playlist.toml:15:12: error: template: \"../t.svg\" " + kOutside,
               "playlist.toml:20:9: error: video: \"audio/../../v.mp4\" " + kOutside,
               "playlist.toml:24:39: error: audio: \"/dev/zero\" " + kOutside,
           });
}

// An absolute path into the folder works on this PC and breaks on the office PC, where the
// folder is copied to /srv/tsr/playlist: refused, with the relative path to write.
BOOST_AUTO_TEST_CASE(an_absolute_path_into_the_folder_is_refused_with_the_relative_one) {
    TempPlaylist t;
    t.write("materi/pengumuman.txt", "Selamat datang\n");
    const std::string abs = (t.dir() / "materi" / "pengumuman.txt").string();
    Checked c = check_in(t, kHead + "[ticker]\nfile = \"" + abs + "\"\n");
    expect_errors(c, std::vector<std::string>{
                         "playlist.toml:9:8: error: file: \"" + excerpt(abs, 80) +
                         "\" is an absolute path; write it relative to the playlist folder, as "
                         "\"materi/pengumuman.txt\", so that it still works when the folder is "
                         "copied elsewhere"});
    // Refused with file checks off too (tsr timeline), as a way out of the folder is.
    LoadResult quick = load_playlist(t.dir(), LoadOptions{std::nullopt, false});
    BOOST_TEST(!quick.playlist);
    // Written relative, the same file is taken.
    BOOST_TEST(check_in(t, kHead + "[ticker]\nfile = \"materi/pengumuman.txt\"\n").accepted);
}

BOOST_AUTO_TEST_CASE(symlinks_count_where_they_lead) {
    TempPlaylist t;
    t.write("ticker-real.txt", "Selamat datang\n");
    fs::create_symlink("/etc/passwd", t.dir() / "ticker.txt");
    fs::create_symlink(t.dir() / "ticker-real.txt", t.dir() / "ticker-inside.txt");
    fs::create_directories(t.dir() / "images");
    fs::create_directory_symlink("/etc", t.dir() / "images" / "etc");
    Checked c = check_in(t, kHead + "[ticker]\nfile = \"ticker.txt\"\n");
    expect_errors(
        c, std::vector<std::string>{"playlist.toml:9:8: error: file: \"ticker.txt\" " + kOutside});
    // Through a linked folder, too; and the message says nothing of what is there.
    c = check_in(t, kHead + "[ticker]\nfile = \"images/etc/hostname\"\n");
    expect_errors(c, std::vector<std::string>{
                         "playlist.toml:9:8: error: file: \"images/etc/hostname\" " + kOutside});
    c = check_in(t, kHead + "[ticker]\nfile = \"images/etc/no-such-file\"\n");
    expect_errors(c,
                  std::vector<std::string>{
                      "playlist.toml:9:8: error: file: \"images/etc/no-such-file\" " + kOutside});
    // A link that stays inside is fine; the playlist keeps the name written (the watch and
    // the last good copy follow names), and reads what it leads to.
    c = check_in(t, kHead + "[ticker]\nfile = \"ticker-inside.txt\"\n");
    BOOST_TEST(c.accepted);
    BOOST_TEST(c.playlist->ticker.file == t.dir() / "ticker-inside.txt");
    BOOST_TEST(c.playlist->ticker.file_lines == std::vector<std::string>{"Selamat datang"});
}

BOOST_AUTO_TEST_CASE(the_folder_bounds_hold_even_without_looking_at_files) {
    TempPlaylist t;
    t.playlist(kHead + "[ticker]\nfile = \"../../etc/passwd\"\n");
    LoadResult r = load_playlist(t.dir(), LoadOptions{std::nullopt, false});
    BOOST_TEST(!r.playlist);
    BOOST_REQUIRE_EQUAL(r.diagnostics.all().size(), 1u);
    BOOST_TEST(r.diagnostics.all()[0].message == "\"../../etc/passwd\" " + kOutside);
}

BOOST_AUTO_TEST_CASE(special_files_are_refused_without_blocking) {
    TempPlaylist t;
    BOOST_REQUIRE(::mkfifo((t.dir() / "ticker.txt").c_str(), 0644) == 0);
    fs::create_directories(t.dir() / "poster.png");
    Checked c = check_in(t, kHead + "[ticker]\nfile = \"ticker.txt\"\n"             // 8, 9
                                    "[[slide]]\ntemplate = \"image\"\n"             // 10, 11
                                    "duration = \"5s\"\nimage = \"poster.png\"\n"); // 12, 13
    expect_errors(c,
                  std::vector<std::string>{
                      "playlist.toml:9:8: error: file: \"ticker.txt\" is not a regular file (a "
                      "pipe, a device or a socket); save a real file there",
                      "playlist.toml:13:9: error: image: \"poster.png\" is a folder, not a file"});
    // The reader itself never waits on a pipe either.
    FileBytes b = read_regular_file(t.dir() / "ticker.txt", 1024);
    BOOST_TEST(b.problem ==
               "is not a regular file (a pipe, a device or a socket); save a real file there");
}

// --- The playlist file itself ---

BOOST_AUTO_TEST_CASE(the_playlist_file_must_be_a_bounded_regular_text_file) {
    auto problem_of = [](TempPlaylist& t) {
        LoadResult r = load_playlist(t.dir());
        BOOST_TEST(!r.playlist);
        BOOST_REQUIRE(!r.diagnostics.all().empty());
        return format_diagnostic(r.diagnostics.all()[0]).substr(t.toml().string().size());
    };
    {
        TempPlaylist t;
        t.playlist("");
        BOOST_TEST(problem_of(t) == ": error: the file is empty (was it caught half-saved?); open "
                                    "it in the editor and save it again");
    }
    {
        TempPlaylist t;
        fs::create_directories(t.toml());
        BOOST_TEST(problem_of(t) == ": error: is a folder, not a file");
    }
    {
        TempPlaylist t;
        BOOST_REQUIRE(::mkfifo(t.toml().c_str(), 0644) == 0);
        BOOST_TEST(problem_of(t) == ": error: is not a regular file (a pipe, a device or a "
                                    "socket); save a real file there");
    }
    {
        TempPlaylist t;
        fs::create_symlink("/dev/zero", t.toml());
        BOOST_TEST(problem_of(t) == ": error: is a link to a file outside its folder; copy the "
                                    "file here instead of linking to it");
    }
    {
        TempPlaylist t;
        t.playlist(kHead + "# " + std::string(2 * 1024 * 1024, 'x') + "\n");
        BOOST_TEST(problem_of(t) == ": error: is larger than 1 MiB; this is not a file TSR reads");
    }
}

BOOST_AUTO_TEST_CASE(encodings_other_than_utf8_are_named_at_the_first_bad_byte) {
    // Windows-1252 en dash (0x96) on line 8, column 16.
    expect_one_error(kHead + "[ticker]\nmessages = [\"08.00\x96"
                             "16.00\"]\n",
                     "playlist.toml:9:19: error: byte 0x96 is not UTF-8 (the file was saved as "
                     "ANSI or Windows-1252?); save it as UTF-8 (in Notepad: Save As, Encoding: "
                     "UTF-8)");
    // UTF-16 as Notepad writes it, with its mark.
    std::string utf16 = "\xFF\xFE";
    for (char ch : kHead) {
        utf16 += ch;
        utf16 += '\0';
    }
    expect_one_error(utf16, "playlist.toml:1:1: error: the file is saved as UTF-16 (or UTF-32), "
                            "not UTF-8; save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)");
    expect_one_error(kHead + "title = \"a" + '\0' + "b\"\n",
                     "playlist.toml:8:11: error: the file holds a NUL byte; it is not a text file");
    // UTF-8 with a mark is UTF-8.
    Checked c = check_text("\xEF\xBB\xBF" + kHead);
    BOOST_TEST(c.accepted);
}

// --- Long and absurd values: bounded before parsing, refused with their range ---

BOOST_AUTO_TEST_CASE(long_lines_are_refused_before_the_parser_sees_them) {
    std::string long_value(26000, '9');
    for (std::string line :
         {"duration = \"" + long_value + "s\"", "hours = \"" + long_value + "\"",
          "id = \"" + std::string(26000, 'a') + "\"", "title = " + std::string(26000, 'x')}) {
        Checked c = check_text(kHead + line + "\n");
        BOOST_TEST(!c.accepted);
        BOOST_REQUIRE_GE(c.errors.size(), 1u);
        BOOST_TEST(c.errors[0].rfind("playlist.toml:8:1: error: this line is ", 0) == 0);
        BOOST_TEST(c.errors[0].find(" characters long; a line may have at most 4000") !=
                   std::string::npos);
    }
    std::string header = "[a";
    for (int i = 0; i < 50000 / 2; ++i)
        header += ".b";
    Checked c = check_text(kHead + header + "]\n");
    BOOST_TEST(!c.accepted);
    BOOST_TEST(c.errors.at(0).rfind("playlist.toml:8:1: error: this line is 50003 characters", 0) ==
               0);
    expect_one_error(kHead + "[a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r]\n",
                     "playlist.toml:8:1: error: this name has 18 parts joined by dots; write at "
                     "most 16");
}

BOOST_AUTO_TEST_CASE(values_are_quoted_short_and_on_one_line) {
    std::string long_name(3000, 'x');
    expect_one_error(
        kHead + "[[slide]]\ntemplate = \"" + long_name + "\"\nduration = \"5s\"\n",
        "playlist.toml:9:12: error: template: \"" + std::string(80, 'x') +
            "…\" is not a template; write agenda, deadlines, timeline, info, image, or the path "
            "of an .svg file in the playlist folder");
    expect_one_error(kHead + "[[activity]]\nid = \"rapat\\nsore\\tx\"\ntitle = \"R\"\n"
                             "start = 2026-12-01T09:00:00\n",
                     "playlist.toml:9:6: error: id: \"rapat\\nsore\\tx\" is not an id; use "
                     "letters, digits and dashes, like \"rapat-tim\"");
    expect_one_error(kHead + "[[activity]]\nid = \"" + std::string(65, 'a') +
                         "\"\ntitle = \"R\"\nstart = 2026-12-01T09:00:00\n",
                     "playlist.toml:9:6: error: id: is 65 characters long; write at most 64, like "
                     "\"rapat-tim\"");
    expect_one_error(kHead + "[[activity]]\ntitle = \"" + std::string(201, 'r') +
                         "\"\nstart = 2026-12-01T09:00:00\n",
                     "playlist.toml:9:9: error: title: is 201 characters long; write at most 200");
}

BOOST_AUTO_TEST_CASE(durations_have_ranges_that_make_sense) {
    std::string act = "[[activity]]\ntitle = \"R\"\nstart = 2026-12-01T09:00:00\n"; // 8-10
    expect_one_error(kHead + act +
                         "reminders = [{ before = \"99999999d\", audio = \"audio/ok.m4a\" }]\n",
                     "playlist.toml:11:25: error: before: \"99999999d\" is out of range; write a "
                     "duration from 0s to 60d");
    expect_one_error(kHead + act +
                         "reminders = [{ before = \"9999999999d\", audio = \"audio/ok.m4a\" }]\n",
                     "playlist.toml:11:25: error: before: \"9999999999d\" is not a duration; write "
                     "it like \"90s\", \"15m\", \"2h\" or \"1h30m\"");
    expect_one_error(
        kHead + "[[slide]]\ntemplate = \"info\"\nduration = \"999999999d\"\n",
        "playlist.toml:10:12: error: duration: \"999999999d\" is out of range; write a "
        "duration from 0s to 1d");
    BOOST_TEST(parse_duration("999999999d")->count() == 999999999LL * 86400);
    BOOST_TEST(!parse_duration("1d1d"));
    BOOST_TEST(!parse_duration("1m1h"));
    BOOST_TEST(!parse_duration("m"));
    BOOST_TEST(!parse_duration("-5m"));
}

BOOST_AUTO_TEST_CASE(years_outside_2000_to_2100_are_typos) {
    expect_one_error(kHead + "[[activity]]\ntitle = \"R\"\nstart = 0226-12-01T09:00:00\n",
                     "playlist.toml:10:9: error: start: 0226-12-01T09:00:00 is out of range; write "
                     "a year from 2000 to 2100");
    expect_one_error(kHead + "[[activity]]\ntitle = \"R\"\nstart = 2026-12-01T09:00:00\n"
                             "deadline = 9999-12-31T23:59:59\n",
                     "playlist.toml:11:12: error: deadline: 9999-12-31T23:59:59 is out of range; "
                     "write a year from 2000 to 2100");
    expect_one_error(kHead + "[[activity]]\ntitle = \"R\"\nrepeat = \"daily\"\nstart = 09:00:00\n"
                             "from = \"0001-01-01\"\n",
                     "playlist.toml:12:8: error: from: \"0001-01-01\" is out of range; write a "
                     "year from 2000 to 2100");
    expect_one_error(kHead + "[[activity]]\ntitle = \"R\"\nstart = 2026-12-01T09:00:00\n"
                             "deadline = 2099-12-31T23:59:59\n",
                     "playlist.toml:11:12: error: deadline: 2099-12-31T23:59:59 is more than 366 "
                     "days after the start; check the year, or split the activity");
}

BOOST_AUTO_TEST_CASE(counts_are_bounded) {
    std::string body = kHead;
    for (int i = 0; i < 21; ++i)
        body +=
            i == 0 ? "[[activity]]\ntitle = \"R\"\nstart = 2026-12-01T09:00:00\nreminders = [" : "";
    for (int i = 0; i < 21; ++i)
        body += std::string(i ? ", " : "") + "{ before = \"" + std::to_string(i) +
                "m\", audio = \"audio/ok.m4a\" }";
    body += "]\n";
    expect_one_error(body, "playlist.toml:11:13: error: reminders: there are 21; an "
                           "activity may have at most 20");
}

// --- Messages that send a clerk in circles ---

BOOST_AUTO_TEST_CASE(syntax_mistakes_are_named_at_their_key_with_the_fix) {
    // Indonesian decimal comma.
    expect_one_error(kHead + "[audio]\nvolume = 1,0\n",
                     "playlist.toml:9:10: error: volume: 1,0 is not a number; write decimals with "
                     "a dot, like 1.0 (or a whole number, where one is asked for)");
    // A duration without quotes, inside an inline table: the key is before, not reminders.
    expect_one_error(kHead + "[[activity]]\ntitle = \"R\"\nstart = 2026-12-01T09:00:00\n"
                             "reminders = [ { before = 30m, audio = \"audio/ok.m4a\" } ]\n",
                     "playlist.toml:11:26: error: before: 30m is a duration; durations are text: "
                     "write it in quotes, like \"30m\"");
    expect_one_error(kHead + "[[slide]]\ntemplate = \"info\"\nduration = 15s\n",
                     "playlist.toml:10:12: error: duration: 15s is a duration; durations are text: "
                     "write it in quotes, like \"15s\"");
    expect_one_error(kHead + "[[activity]]\ntitle = \"R\"\nstart = 2026-12-01T09:00:00\n"
                             "progress = 40%\n",
                     "playlist.toml:11:12: error: progress: 40% is not a number; write it without "
                     "%, like 40");
    expect_one_error(kHead + "[[activity]]\ntitle = \"R\"\nrepeat = \"weekly\"\n"
                             "days = [senin, kamis]\nstart = 09:00:00\n",
                     "playlist.toml:11:9: error: days: senin is not a value TOML understands; put "
                     "text in quotes, like \"senin\"");
    expect_one_error(kHead + "[[activity]]\ntitle = \"R\"\ntitle = \"S\"\n"
                             "start = 2026-12-01T09:00:00\n",
                     "playlist.toml:10:1: error: title: is written twice in this table; keep one");
    expect_one_error(kHead + "[[slide]]\ntemplate = \"image\"\nduration = \"5s\"\n"
                             "image = \"C:\\gambar\\poster.png\"\n",
                     "playlist.toml:11:9: error: image: a backslash in text starts an escape; in "
                     "a path write / instead, like \"images/logo.svg\" (the path is relative to "
                     "the playlist folder)");
}

BOOST_AUTO_TEST_CASE(a_list_left_open_is_reported_where_it_opens) {
    expect_one_error(kHead + "[[activity]]\n"                 // 8
                             "title = \"R\"\n"                // 9
                             "repeat = \"weekly\"\n"          // 10
                             "days = [\"senin\", \"kamis\"\n" // 11
                             "start = 09:00:00\n",            // 12
                     "playlist.toml:11:8: error: days: the list is not closed; end it with ], and "
                     "put a comma between its items");
}

BOOST_AUTO_TEST_CASE(control_characters_in_text_are_refused_where_they_are) {
    expect_one_error(kHead + "[[activity]]\ntitle = \"Rapat\\u0007 tim\"\n"
                             "start = 2026-12-01T09:00:00\n",
                     "playlist.toml:9:9: error: title: \"Rapat\\x07 tim\" holds a control "
                     "character (U+0007) at character 6; delete it and type the text again");
    expect_one_error(kHead + "[ticker]\nmessages = [\"a\\u001b[31m\"]\n",
                     "playlist.toml:9:13: error: messages: \"a\\x1B[31m\" holds a control "
                     "character (U+001B) at character 2; delete it and type the text again");
    expect_one_error(kHead + "[[slide]]\ntemplate = \"info\"\nduration = \"5s\"\n"
                             "text = \"x\\uFFFEy\"\n",
                     "playlist.toml:11:8: error: text: \"x\xEF\xBF\xBEy\" holds a control "
                     "character (U+FFFE) at character 2; delete it and type the text again");
    // Line breaks and tabs in a body text are layout, not control.
    BOOST_TEST(check_text(kHead + "[[slide]]\ntemplate = \"info\"\nduration = \"5s\"\n"
                                  "text = \"baris 1\\nbaris 2\\tx\"\n")
                   .accepted);
}

BOOST_AUTO_TEST_CASE(unknown_keys_are_quoted_short_and_on_one_line) {
    Checked c = check_text(kHead + "\"a\\nb" + std::string(300, 'k') + "\" = 1\n");
    BOOST_REQUIRE_EQUAL(c.errors.size(), 1u);
    BOOST_TEST(c.errors[0] ==
               "playlist.toml:8:1: error: a\\nb" + std::string(37, 'k') +
                   "…: is not a key of [[slide]]; known keys: template, duration, "
                   "title, text, image, video, from, until, days, hours, document or pages");
}

BOOST_AUTO_TEST_CASE(a_key_written_before_every_table_says_where_it_belongs) {
    const std::string rest = "[office]\nname = \"Dinsos\"\n[[slide]]\ntemplate = \"info\"\n";
    expect_one_error("timezone = \"Asia/Jakarta\"\n" + rest + "duration = \"10s\"\n",
                     "playlist.toml:1:1: error: timezone: belongs in [office]; move this line "
                     "below the [office] line (a key before every [table] line is outside them "
                     "all)");
    Checked moved = check_text("\nduration = \"10s\"\n" + rest); // and so missing there
    BOOST_REQUIRE_EQUAL(moved.errors.size(), 2u);
    BOOST_TEST(moved.errors[0] ==
               "playlist.toml:2:1: error: duration: belongs in [[slide]]; move this line below "
               "the [[slide]] line (a key before every [table] line is outside them all)");
    // Keys no table has keep the list of what may be written there.
    expect_one_error("colour = 1\n" + rest + "duration = \"10s\"\n",
                     "playlist.toml:1:1: error: colour: is not a key of the playlist; known keys: "
                     "office, display, ticker, audio, activity or slide");
}

BOOST_AUTO_TEST_CASE(text_with_something_after_its_closing_quote) {
    expect_one_error(kHead + "[[activity]]\ntitle = \"R\"\nplace = \"Aula\";\n"
                             "start = 2026-12-01T09:00:00\n",
                     "playlist.toml:10:9: error: place: after the closing quote comes ;; write "
                     "one value on the line, and nothing after it but a # comment");
}

BOOST_AUTO_TEST_CASE(a_bad_start_does_not_also_say_there_is_no_start) {
    expect_one_error(kHead + "[[activity]]\ntitle = \"R\"\nrepeat = \"daily\"\n"
                             "start = \"9 pagi\"\nend = 10:00:00\n",
                     "playlist.toml:11:9: error: start: \"9 pagi\" is not a time; write it like "
                     "09:00:00");
}

BOOST_AUTO_TEST_CASE(zone_files_that_are_not_places_are_refused) {
    for (const char* zone :
         {"localtime", "posixrules", "Factory", "right/Asia/Jakarta", "posix/Asia/Jakarta"})
        BOOST_TEST(!TimeZone::named(zone), zone);
}

BOOST_AUTO_TEST_CASE(a_playlist_file_linked_from_outside_is_not_read) {
    TempPlaylist t;
    fs::create_symlink("/etc/passwd", t.toml());
    LoadResult r = load_playlist(t.dir());
    BOOST_TEST(!r.playlist);
    BOOST_REQUIRE_EQUAL(r.diagnostics.all().size(), 1u);
    BOOST_TEST(r.diagnostics.all()[0].message ==
               "is a link to a file outside its folder; copy the file here instead of linking to "
               "it");
}

BOOST_AUTO_TEST_CASE(more_clerk_mistakes_with_their_fix) {
    std::string act = "[[activity]]\ntitle = \"R\"\n"; // lines 8-9
    // Indonesian date order, without quotes.
    expect_one_error(kHead + act + "deadline = 15-12-2026 16:00\n",
                     "playlist.toml:10:12: error: deadline: 15-12-2026 16:00 is not a date; write "
                     "the year first, like 2026-12-15 (or 2026-12-15T16:00:00 with a time)");
    // A forgotten } in a reminder.
    expect_one_error(kHead + act +
                         "start = 2026-12-01T09:00:00\n"
                         "reminders = [ { before = \"15m\", audio = \"audio/ok.m4a\" ]\n",
                     "playlist.toml:11:15: error: reminders: { ... } must be closed with } on the "
                     "same line");
    // A Windows path with \U in it.
    expect_one_error(kHead + "[[slide]]\ntemplate = \"image\"\nduration = \"5s\"\n"
                             "image = \"C:\\Users\\poster.png\"\n",
                     "playlist.toml:11:9: error: image: a backslash in text starts an escape; in "
                     "a path write / instead, like \"images/logo.svg\" (the path is relative to "
                     "the playlist folder)");
    // A start with a syntax mistake: one error, not also "there is no start".
    expect_one_error(kHead + act + "repeat = \"daily\"\nstart = 9:00:00\nend = 10:00:00\n",
                     "playlist.toml:11:9: error: start: 9:00:00 is not a time; write it like "
                     "09:00:00");
    // A timezone with a space after it.
    expect_one_error(office_with_zone("Asia/Jakarta "),
                     "playlist.toml:3:12: error: timezone: \"Asia/Jakarta \" is not a timezone; "
                     "did you mean \"Asia/Jakarta\"?");
}

BOOST_AUTO_TEST_CASE(a_list_left_open_after_a_comma_is_one_error_where_it_opens) {
    // The README's own layout: reminders over several lines, the closing ] deleted.
    expect_one_error(kHead + "[[activity]]\n"                                      // 8
                             "title = \"R\"\n"                                     // 9
                             "start = 2026-12-01T09:00:00\n"                       // 10
                             "reminders = [\n"                                     // 11
                             "  { before = \"15m\", audio = \"audio/ok.m4a\" },\n" // 12
                             "\n"                                                  // 13
                             "[[activity]]\n"                                      // 14
                             "title = \"S\"\n"                                     // 15
                             "start = 2026-12-02T09:00:00\n",                      // 16
                     "playlist.toml:11:13: error: reminders: the list is not closed; end it "
                     "with ], and put a comma between its items");
    expect_one_error(kHead + "[ticker]\nmessages = [\"Satu\",\n\"Dua\",\nagenda = true\n",
                     "playlist.toml:9:12: error: messages: the list is not closed; end it with ], "
                     "and put a comma between its items");
}

BOOST_AUTO_TEST_CASE(broken_table_headers_and_a_missing_equals_sign) {
    expect_one_error(kHead + "[[activity]]\ntitle = \"A\"\nstart = 2026-12-01T09:00:00\n"
                             "[activity]\ntitle = \"B\"\nstart = 2026-12-02T09:00:00\n",
                     "playlist.toml:11:1: error: activity: [activity] needs two brackets: write "
                     "[[activity]] (each one starts with its own [[activity]] line)");
    expect_one_error(kHead + "[office]\nname = \"Lagi\"\n",
                     "playlist.toml:8:1: error: office: [office] is written twice; put all its "
                     "keys under the first [office]");
    expect_one_error(kHead + "[[activity]]\ntitle = \"A\"\nstart = 2026-12-01T09:00:00\n"
                             "place \"Aula\"\n",
                     "playlist.toml:11:7: error: place: put = between the key and its value, "
                     "like place = \"Aula\"");
}

BOOST_AUTO_TEST_SUITE_END()
