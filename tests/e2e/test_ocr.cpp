// The agenda is legible: render the composed screen with `tsr render` and read it back with
// OCR (tesseract, Indonesian). Checks content a person in the hall would read, not pixels.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace tsr::test;

namespace {

/// Tesseract reads dark text on light ground best: the slides are light on dark, so make a
/// black-on-white copy at twice the size first (ffmpeg), then read it as Indonesian.
std::string read_text(const std::filesystem::path& png) {
    auto prepared = png.parent_path() / ("ocr-" + png.filename().string());
    RunResult prep =
        run({"ffmpeg", "-y", "-loglevel", "error", "-i", png.string(), "-vf",
             "format=gray,lut=y='if(gt(val,128),0,255)',scale=iw*2:ih*2", prepared.string()});
    BOOST_REQUIRE_MESSAGE(prep.status == 0, prep.err);
    RunResult r = run({"tesseract", prepared.string(), "-", "-l", "ind", "--psm", "4"});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    return r.out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ocr)

BOOST_AUTO_TEST_CASE(the_agenda_reads_back) {
    TempPlaylist t;
    auto png = t.dir() / "agenda.png";
    // Monday 30 Nov 2026, 10:00:40: the demo's rotation shows the agenda (tsr timeline says so).
    RunResult r = run({tsr_exe(), "render", (source_root() / "playlists/demo").string(), "--at",
                       "2026-11-30 10:00:40", "-o", png.string()});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    std::string text = read_text(png);
    BOOST_TEST_MESSAGE(text);
    for (const char* expected :
         {"Dinas Sosial Kota Tanjungbalai", "Senin, 30 November 2026", "10.00 WIB",
          "Agenda Hari Ini", "07.30-08.00 Apel Pagi", "Rapat Internal Tim", "Pelayanan Tutup",
          "6 jam lagi", "Pelayanan buka Senin-Jumat"})
        BOOST_TEST(text.find(expected) != std::string::npos, expected);
}

BOOST_AUTO_TEST_CASE(the_reminder_slide_reads_back) {
    TempPlaylist t;
    auto png = t.dir() / "reminder.png";
    // 08:45:02: the 15-minute reminder of the internal meeting is sounding.
    RunResult r = run({tsr_exe(), "render", (source_root() / "playlists/demo").string(), "--at",
                       "2026-11-30 08:45:02", "-o", png.string()});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    std::string text = read_text(png);
    BOOST_TEST_MESSAGE(text);
    for (const char* expected : {"PENGINGAT", "Rapat Internal Tim", "Aula", "15 menit lagi"})
        BOOST_TEST(text.find(expected) != std::string::npos, expected);
}

BOOST_AUTO_TEST_SUITE_END()
