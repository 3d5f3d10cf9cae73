// The ticker file as office PCs save it: UTF-8 with and without Notepad's mark, CRLF,
// Windows-1252 ("ANSI"), UTF-16/32; bytes that are no text anywhere; a pipe or an oversized
// file in its place. Check (the loader) and the player read it through the same code, once,
// at load: the ticker never reads the file itself.
#include "playlist_loader.hpp"
#include "render/ticker_strip.hpp"
#include "test_support.hpp"
#include "ticker_file.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace tsr;
namespace fs = std::filesystem;
using Lines = std::vector<std::string>;

namespace {

/// UTF-16 of ASCII/Latin-1 text, little or big endian.
std::string utf16(const std::u16string& s, bool little) {
    std::string out;
    for (char16_t c : s) {
        char lo = char(c & 0xff), hi = char(c >> 8);
        out += little ? std::string{lo, hi} : std::string{hi, lo};
    }
    return out;
}

const std::string kPlaylist = "[office]\n"                    // 1
                              "name = \"Dinsos\"\n"           // 2
                              "timezone = \"Asia/Jakarta\"\n" // 3
                              "[ticker]\n"                    // 4
                              "file = \"ticker.txt\"\n"       // 5
                              "[[slide]]\n"                   // 6
                              "template = \"agenda\"\n"       // 7
                              "duration = \"15s\"\n";         // 8

struct Loaded {
    std::shared_ptr<const Playlist> playlist;
    std::vector<std::string> errors;
};

Loaded load(const test::TempPlaylist& t) {
    Loaded l;
    LoadResult r = load_playlist(t.dir(), LoadOptions{std::nullopt, true});
    l.playlist = r.playlist;
    for (const Diagnostic& d : r.diagnostics.sorted()) {
        std::string line = format_diagnostic(d);
        std::string prefix = t.dir().string() + "/";
        if (line.rfind(prefix, 0) == 0) line = line.substr(prefix.size());
        l.errors.push_back(line);
    }
    return l;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ticker_file)

BOOST_AUTO_TEST_CASE(utf8_with_the_notepad_mark_crlf_blank_lines_and_spaces) {
    TickerFileText t = decode_ticker_text("\xEF\xBB\xBFSatu\r\n\r\n  Dua \t\r\n\tTiga");
    BOOST_TEST(t.ok());
    BOOST_TEST(t.encoding == "UTF-8");
    BOOST_TEST(t.lines == Lines({"Satu", "Dua", "Tiga"}), boost::test_tools::per_element());
    TickerFileText plain = decode_ticker_text("Pelayanan – gratis\n");
    BOOST_TEST(plain.lines == Lines({"Pelayanan – gratis"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(windows_1252_is_decoded_not_shown_as_replacement_characters) {
    // Notepad's "ANSI": en dash 0x96, quotes 0x93/0x94, e acute 0xE9, euro 0x80.
    TickerFileText t = decode_ticker_text("Biaya Rp 50.000 \x96 gratis\r\nCaf\xE9 \x93"
                                          "Aula\x94 \x80 5\r\n");
    BOOST_TEST(t.ok());
    BOOST_TEST(t.encoding == "Windows-1252");
    BOOST_TEST(t.lines == Lines({"Biaya Rp 50.000 – gratis", "Café “Aula” € 5"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(utf16_and_utf32_with_a_byte_order_mark_and_utf16_without) {
    TickerFileText le =
        decode_ticker_text("\xFF\xFE" + utf16(u"Rapat \u2013 Aula\r\nDua\r\n", true));
    BOOST_TEST(le.ok());
    BOOST_TEST(le.encoding == "UTF-16LE");
    BOOST_TEST(le.lines == Lines({"Rapat – Aula", "Dua"}), boost::test_tools::per_element());
    TickerFileText be = decode_ticker_text("\xFE\xFF" + utf16(u"Caf\u00e9\n", false));
    BOOST_TEST(be.encoding == "UTF-16BE");
    BOOST_TEST(be.lines == Lines({"Café"}), boost::test_tools::per_element());
    TickerFileText bare = decode_ticker_text(utf16(u"Apel pagi\n", true));
    BOOST_TEST(bare.encoding == "UTF-16LE");
    BOOST_TEST(bare.lines == Lines({"Apel pagi"}), boost::test_tools::per_element());
    std::string u32 =
        std::string("\xFF\xFE\x00\x00", 4) + std::string("A\0\0\0\n\0\0\0B\0\0\0", 12);
    TickerFileText w = decode_ticker_text(u32);
    BOOST_TEST(w.encoding == "UTF-32LE");
    BOOST_TEST(w.lines == Lines({"A", "B"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bytes_that_are_no_text_are_a_problem_at_their_place) {
    // 0x81 is neither UTF-8 nor Windows-1252.
    TickerFileText t = decode_ticker_text("Satu\nDu\x81"
                                          "a\n");
    BOOST_TEST(!t.ok());
    BOOST_TEST(t.problem ==
               "byte 0x81 is neither UTF-8 nor Windows-1252 text; save the file as UTF-8");
    BOOST_TEST(t.pos.line == 2);
    BOOST_TEST(t.pos.column == 3);
    BOOST_TEST(t.lines.empty());
    // The UTF-8 mark over bytes that are not UTF-8: damaged, not ANSI.
    TickerFileText marked = decode_ticker_text("\xEF\xBB\xBFOk\nCaf\xE9\n");
    BOOST_TEST(marked.problem == "byte 0xE9 is not UTF-8 although the file starts with the UTF-8 "
                                 "mark; save the file as UTF-8 again");
    BOOST_TEST(marked.pos.line == 2);
    BOOST_TEST(marked.pos.column == 4);
    // UTF-8 letters, then a stray byte: two encodings mixed, not an ANSI file (decoding it
    // all as Windows-1252 would show "CafÃ©").
    TickerFileText mixed = decode_ticker_text("Caf\xC3\xA9 buka\nRapat \x96 jam 9\n");
    BOOST_TEST(mixed.problem == "byte 0x96 is not UTF-8, though the text before it is; the file "
                                "mixes two encodings: save it as UTF-8 again");
    BOOST_TEST(mixed.pos.line == 2);
    BOOST_TEST(mixed.pos.column == 7);
    // Half a UTF-16 character at the end.
    TickerFileText odd = decode_ticker_text("\xFF\xFE" + utf16(u"AB", true) + "C");
    BOOST_TEST(odd.problem == "is not valid UTF-16LE text from byte 6 on; save the file as UTF-8");
}

BOOST_AUTO_TEST_CASE(control_characters_become_spaces) {
    TickerFileText t = decode_ticker_text(std::string("A\x01"
                                                      "B\x7f"
                                                      "C\0D\n",
                                                      8));
    BOOST_TEST(t.lines == Lines({"A B C D"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_pipe_or_an_oversized_file_is_refused_without_waiting) {
    test::TempDir d;
    fs::path fifo = d.path / "ticker.txt";
    BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    auto begun = std::chrono::steady_clock::now();
    TickerFileText t = read_ticker_file(fifo); // nobody writes: a blocking open would hang
    BOOST_TEST((std::chrono::steady_clock::now() - begun < std::chrono::seconds(1)));
    BOOST_TEST(t.problem ==
               "is not a regular file (a pipe, a device or a socket); save a real file there");
    fs::path big = d.path / "big.txt";
    { std::ofstream(big) << std::string(kMaxTickerFileBytes + 1, 'a'); }
    BOOST_TEST(read_ticker_file(big).problem ==
               "is larger than 64 KiB; this is not a file TSR reads");
    { std::ofstream(big, std::ios::trunc) << std::string(kMaxTickerFileBytes, 'a'); }
    BOOST_TEST(read_ticker_file(big).ok());
    BOOST_TEST(read_ticker_file(d.path / "none.txt").problem == "does not exist");
}

BOOST_AUTO_TEST_CASE(check_accepts_windows_1252_and_the_playlist_holds_the_decoded_lines) {
    test::TempPlaylist t;
    t.write("ticker.txt", "Pelayanan \x93gratis\x94\r\n");
    t.playlist(kPlaylist);
    Loaded l = load(t);
    BOOST_TEST(l.errors.empty());
    BOOST_REQUIRE(l.playlist);
    BOOST_TEST(l.playlist->ticker.file_lines == Lines({"Pelayanan “gratis”"}),
               boost::test_tools::per_element());
    // The ticker shows what was loaded; the file on disk is read again only by a reload.
    t.write("ticker.txt", "Baru\n");
    Instant at = *parse_local_datetime(l.playlist->zone, "2026-11-30 09:00");
    BOOST_TEST(ticker_messages(*l.playlist, at) == Lines({"Pelayanan “gratis”"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(check_refuses_bytes_that_are_no_text_at_their_line_and_column) {
    test::TempPlaylist t;
    t.write("ticker.txt", "Satu\nDu\x81"
                          "a\n");
    t.playlist(kPlaylist);
    Loaded l = load(t);
    BOOST_TEST(!l.playlist);
    BOOST_TEST(l.errors == Lines({"ticker.txt:2:3: error: byte 0x81 is neither UTF-8 nor "
                                  "Windows-1252 text; save the file as UTF-8"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(check_refuses_an_oversized_ticker_file_at_its_key) {
    test::TempPlaylist t;
    t.write("ticker.txt", std::string(kMaxTickerFileBytes + 10, 'a'));
    t.playlist(kPlaylist);
    Loaded l = load(t);
    BOOST_TEST(!l.playlist);
    BOOST_TEST(l.errors == Lines({"playlist.toml:5:8: error: file: \"ticker.txt\" is larger than "
                                  "64 KiB; this is not a file TSR reads"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(check_refuses_a_pipe_in_place_of_the_ticker_file_without_waiting) {
    test::TempPlaylist t;
    t.playlist(kPlaylist);
    BOOST_REQUIRE(::mkfifo((t.dir() / "ticker.txt").c_str(), 0644) == 0);
    auto begun = std::chrono::steady_clock::now();
    Loaded l = load(t);
    BOOST_TEST((std::chrono::steady_clock::now() - begun < std::chrono::seconds(2)));
    BOOST_TEST(!l.playlist);
    BOOST_REQUIRE_EQUAL(l.errors.size(), 1u);
    // The wording of "not a file" belongs to the loader's path checks; the place is ours.
    BOOST_TEST(l.errors[0].rfind("playlist.toml:5:8: error: file: \"ticker.txt\" ", 0) == 0u,
               l.errors[0]);
}

BOOST_AUTO_TEST_SUITE_END()
