// The office's own content through the `tsr` command: a reminder typed as text and spoken by
// the synthesizer, found in a `tsr record` at its due sample; a PowerPoint deck made by
// LibreOffice, converted once and shown page by page by `tsr render --at`; a video clip made
// by ffmpeg (a colour a second) shown at the frame of the instant, recorded the same every
// time, and refused by `tsr check` without a decoder.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace tsr::test;
namespace fs = std::filesystem;

namespace {

/// First / last frame above `threshold` on any channel, in seconds; -1 when silent.
double first_sound(const Wav& w, int threshold = 300) {
    for (std::size_t i = 0; i < w.samples.size(); ++i)
        if (std::abs(w.samples[i]) > threshold) return double(i / std::size_t(w.channels)) / w.rate;
    return -1;
}
double last_sound(const Wav& w, int threshold = 300) {
    for (std::size_t i = w.samples.size(); i-- > 0;)
        if (std::abs(w.samples[i]) > threshold) return double(i / std::size_t(w.channels)) / w.rate;
    return -1;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

using Rgb = std::array<int, 3>;
const std::vector<Rgb> kPageColours = {{200, 0, 0}, {0, 160, 0}, {0, 0, 220}};

fs::path write_pdf(const fs::path& file, const std::vector<Rgb>& colours) {
    fs::create_directories(file.parent_path());
    cairo_surface_t* s = cairo_pdf_surface_create(file.c_str(), 400, 300);
    cairo_t* cr = cairo_create(s);
    for (const Rgb& c : colours) {
        cairo_set_source_rgb(cr, c[0] / 255.0, c[1] / 255.0, c[2] / 255.0);
        cairo_paint(cr);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    return file;
}

Rgb png_pixel(const fs::path& png, int x, int y) {
    cairo_surface_t* s = cairo_image_surface_create_from_png(png.c_str());
    BOOST_REQUIRE(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
    const unsigned char* d = cairo_image_surface_get_data(s);
    const int stride = cairo_image_surface_get_stride(s);
    const unsigned char* p = d + y * stride + x * 4;
    Rgb out{p[2], p[1], p[0]};
    cairo_surface_destroy(s);
    return out;
}

const std::vector<std::uint32_t> kClipColours = {0xC80000, 0x00A000, 0x0000DC, 0xDCDC00};

/// Which of kClipColours `c` is (within 40 on every channel: H.264 and YUV round trips), or -1.
int clip_colour(const Rgb& c) {
    for (std::size_t i = 0; i < kClipColours.size(); ++i) {
        const Rgb k{int(kClipColours[i] >> 16), int(kClipColours[i] >> 8 & 0xff),
                    int(kClipColours[i] & 0xff)};
        if (std::abs(k[0] - c[0]) <= 40 && std::abs(k[1] - c[1]) <= 40 &&
            std::abs(k[2] - c[2]) <= 40)
            return int(i);
    }
    return -1;
}

/// A playlist of an info slide (15 s) and the 4-second colour clip: a 19 s round from midnight.
void clip_playlist(const TempPlaylist& t) {
    colour_clip(t.dir() / "video" / "warna.mp4", kClipColours);
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
               "[display]\nwidth = 320\nheight = 180\nframerate = 10\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"15s\"\ntitle = \"Info\"\n"
               "[[slide]]\nvideo = \"video/warna.mp4\"\n");
}

bool near(const Rgb& a, const Rgb& b) {
    for (std::size_t i = 0; i < 3; ++i)
        if (std::abs(a[i] - b[i]) > 3) return false;
    return true;
}

} // namespace

BOOST_AUTO_TEST_SUITE(content)

BOOST_AUTO_TEST_CASE(a_spoken_reminder_sounds_at_its_due_sample) {
    TempPlaylist t;
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
               "[display]\nwidth = 320\nheight = 180\nframerate = 10\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"Info\"\n"
               "[[activity]]\nid = \"rapat\"\ntitle = \"Rapat Internal Tim\"\n"
               "start = 2026-11-30T09:00:00\nplace = \"Aula\"\n"
               "reminders = [ { before = \"15m\", say = \"Rapat internal tim dimulai 15 menit "
               "lagi di aula\" } ]\n");
    RunResult c = run({tsr_exe(), "check", t.dir().string()});
    BOOST_REQUIRE_MESSAGE(c.status == 0, c.out + c.err);
    // check synthesized it into the cache: the one WAV there is what will sound.
    fs::path spoken;
    for (const auto& e : fs::directory_iterator(t.dir() / ".tsr-cache" / "speech"))
        spoken = e.path();
    BOOST_REQUIRE(!spoken.empty());
    const Wav voice = read_wav(spoken);
    BOOST_REQUIRE(voice.rate > 0);
    const double voice_first = first_sound(voice), voice_last = last_sound(voice);
    const double voice_length = double(voice.samples.size()) / voice.rate;
    // Nine words at 150 words a minute: about 3.6 s of speech.
    BOOST_TEST(voice_last - voice_first > 2.0);
    BOOST_TEST(voice_last - voice_first < 6.0);

    auto wav = t.dir() / "out.wav";
    auto asrun = t.dir() / "asrun.csv";
    // Due at 08:45:00; the recording starts 2.5 s before.
    RunResult r = run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 08:44:57.5",
                       "--duration", "9s", "-o", wav.string(), "--asrun", asrun.string()});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    const Wav w = read_wav(wav);
    BOOST_REQUIRE(w.rate > 0);
    BOOST_REQUIRE_EQUAL(w.rate, 48000);
    // No chime: the voice's first sound is at the due time plus the synthesizer's own lead-in,
    // within 10 ms (resampling 22.05 to 48 kHz smears an onset by a few samples).
    const double begin = first_sound(w), end = last_sound(w);
    BOOST_TEST(std::abs(begin - (2.5 + voice_first)) < 0.010, "onset at " << begin);
    BOOST_TEST(std::abs((end - begin) - (voice_last - voice_first)) < 0.020,
               "length " << end - begin);
    BOOST_TEST(voice_length < 6.5);

    bool row = false;
    for (const std::string& line : lines(read_file(asrun)))
        if (line == "2026-11-30T08:45:00+07:00,2026-11-30T08:45:00+07:00,reminder,rapat,say: "
                    "Rapat internal tim dimulai lima belas menit lagi di aula,played")
            row = true;
    BOOST_TEST(row, read_file(asrun));
}

BOOST_AUTO_TEST_CASE(a_pptx_made_by_libreoffice_shows_page_by_page) {
    TempPlaylist t;
    const fs::path pdf = write_pdf(t.dir() / "src" / "sosialisasi.pdf", kPageColours);
    // The PPTX: LibreOffice Impress imports the PDF and saves it as PowerPoint.
    TempDir profile;
    const std::string make = "soffice -env:UserInstallation=file://" + profile.path.string() +
                             " --headless --infilter=impress_pdf_import --convert-to pptx "
                             "--outdir " +
                             (t.dir() / "materi").string() + " " + pdf.string() +
                             " >/dev/null 2>&1";
    BOOST_REQUIRE_EQUAL(std::system(make.c_str()), 0);
    BOOST_REQUIRE(fs::is_regular_file(t.dir() / "materi" / "sosialisasi.pptx"));
    fs::remove_all(t.dir() / "src");
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
               "[display]\nwidth = 320\nheight = 180\nframerate = 10\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"15s\"\ntitle = \"Info\"\n"
               "[[slide]]\ndocument = \"materi/sosialisasi.pptx\"\nduration = \"8s\"\n");

    const auto t0 = std::chrono::steady_clock::now();
    RunResult c = run({tsr_exe(), "check", t.dir().string()});
    const auto converting = std::chrono::steady_clock::now() - t0;
    BOOST_REQUIRE_MESSAGE(c.status == 0, c.out + c.err);
    // A second check finds the conversion in the cache.
    const auto t1 = std::chrono::steady_clock::now();
    RunResult again = run({tsr_exe(), "check", t.dir().string()});
    const auto cached = std::chrono::steady_clock::now() - t1;
    BOOST_REQUIRE(again.status == 0);
    BOOST_TEST_MESSAGE("check converting: "
                       << std::chrono::duration_cast<std::chrono::milliseconds>(converting).count()
                       << " ms; from the cache: "
                       << std::chrono::duration_cast<std::chrono::milliseconds>(cached).count()
                       << " ms");
    BOOST_TEST(cached < converting / 2);
    std::size_t entries = 0; // one PDF; no conversion folder or profile left behind
    for (const auto& e : fs::directory_iterator(t.dir() / ".tsr-cache" / "documents")) {
        BOOST_TEST(e.path().extension() == ".pdf");
        ++entries;
    }
    BOOST_TEST(entries == 1u);

    // The round is 15 s + 3 pages x 8 s = 39 s from midnight: 00:00:15 page 1, :23 page 2,
    // :31 page 3, :39 the info slide again. 320x180: the 4:3 page spans x 40..280 above the
    // ticker band.
    const std::vector<std::pair<std::string, int>> at = {
        {"2026-11-30 00:00:16", 0}, {"2026-11-30 00:00:24", 1}, {"2026-11-30 00:00:38", 2}};
    for (const auto& [when, page] : at) {
        const fs::path png = t.dir() / ("page" + std::to_string(page) + ".png");
        RunResult rr =
            run({tsr_exe(), "render", t.dir().string(), "--at", when, "-o", png.string()});
        BOOST_REQUIRE_MESSAGE(rr.status == 0, rr.err);
        BOOST_TEST(near(png_pixel(png, 160, 60), kPageColours[std::size_t(page)]),
                   when << " shows page " << page + 1);
        BOOST_TEST(near(png_pixel(png, 20, 60), Rgb{0x0b, 0x1f, 0x3a}), when);
    }
}

BOOST_AUTO_TEST_CASE(render_at_shows_the_clips_frame_of_that_instant) {
    TempPlaylist t;
    clip_playlist(t);
    RunResult c = run({tsr_exe(), "check", t.dir().string()});
    BOOST_REQUIRE_MESSAGE(c.status == 0, c.out + c.err);
    // The clip plays 00:00:15..19, then 00:00:34..38: a colour a second, frames every 0.1 s.
    // Started mid-clip each time, so each render seeks.
    const std::vector<std::pair<std::string, int>> at = {
        {"2026-11-30 00:00:15", 0},   {"2026-11-30 00:00:15.95", 0}, {"2026-11-30 00:00:16.05", 1},
        {"2026-11-30 00:00:17.5", 2}, {"2026-11-30 00:00:18.95", 3}, {"2026-11-30 00:00:19.05", -1},
        {"2026-11-30 00:00:36.5", 2}, {"2026-11-30 00:00:33.5", -1}};
    for (const auto& [when, colour] : at) {
        const fs::path png = t.dir() / "frame.png";
        RunResult rr =
            run({tsr_exe(), "render", t.dir().string(), "--at", when, "-o", png.string()});
        BOOST_REQUIRE_MESSAGE(rr.status == 0, rr.err);
        BOOST_TEST(clip_colour(png_pixel(png, 160, 60)) == colour, when);
        // 4:3 fitted above the ticker band: the office background beside it.
        if (colour >= 0) BOOST_TEST(near(png_pixel(png, 10, 60), Rgb{0x0b, 0x1f, 0x3a}), when);
    }
}

BOOST_AUTO_TEST_CASE(a_record_with_a_clip_is_the_same_every_time) {
    TempPlaylist t;
    clip_playlist(t);
    std::vector<std::string> frames[2];
    for (int i = 0; i < 2; ++i) {
        const fs::path out = t.dir() / ("r" + std::to_string(i) + ".mkv");
        const fs::path asrun = t.dir() / ("r" + std::to_string(i) + ".csv");
        RunResult r = run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 00:00:14.5",
                           "--duration", "5s", "-o", out.string(), "--asrun", asrun.string()});
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        // The proof of play names the clip, from its first frame.
        bool row = false;
        for (const std::string& line : lines(read_file(asrun)))
            if (line == "2026-11-30T00:00:15+07:00,2026-11-30T00:00:15+07:00,slide,slide-2,video: "
                        "warna.mp4,played")
                row = true;
        BOOST_TEST(row, read_file(asrun));
        // The decoded pictures, frame by frame (the container's own bytes carry a date).
        RunResult md5 = run({"ffmpeg", "-nostdin", "-loglevel", "error", "-i", out.string(), "-map",
                             "0:v", "-f", "framemd5", "-"});
        BOOST_REQUIRE_MESSAGE(md5.status == 0, md5.err);
        for (const std::string& line : lines(md5.out))
            if (!line.empty() && line[0] != '#') frames[i].push_back(line);
        // 2.6 s in: 00:00:17.1, the clip's third second.
        const fs::path png = t.dir() / ("r" + std::to_string(i) + ".png");
        ffmpeg({"-ss", "2.6", "-i", out.string(), "-frames:v", "1", png.string()});
        BOOST_TEST(clip_colour(png_pixel(png, 160, 60)) == 2);
    }
    BOOST_TEST(frames[0].size() == 50u);
    BOOST_TEST(frames[0] == frames[1], boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(check_refuses_a_clip_no_installed_decoder_plays) {
    TempPlaylist t;
    clip_playlist(t);
    // As on a PC without gstreamer1.0-libav: decodebin is offered no H.264 decoder (software
    // or hardware).
    ::setenv("GST_PLUGIN_FEATURE_RANK",
             "avdec_h264:NONE,openh264dec:NONE,vah264dec:NONE,vaapih264dec:NONE,"
             "v4l2h264dec:NONE,v4l2slh264dec:NONE,nvh264dec:NONE",
             1);
    RunResult c = run({tsr_exe(), "check", t.dir().string()});
    ::unsetenv("GST_PLUGIN_FEATURE_RANK");
    BOOST_TEST(c.status == 1);
    const auto got = lines(c.err);
    const std::string expected =
        t.toml().string() + ":13:9: error: video: \"video/warna.mp4\" cannot be played: the H.264 "
                            "(High Profile) decoder is not installed (install "
                            "gstreamer1.0-libav), or save it as MP4 (H.264 video, AAC sound) "
                            "again";
    BOOST_TEST((std::find(got.begin(), got.end(), expected) != got.end()), c.err);
}

BOOST_AUTO_TEST_SUITE_END()
