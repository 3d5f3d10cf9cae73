// `tsr render PLAYLIST --at T -o FILE.png|.jpg`: the composed screen as it shows at T, checked
// pixel for pixel against the engine's own slide and ticker rendering; exit codes.
#include "test_support.hpp"

#include "playlist_loader.hpp"
#include "render/slide_renderer.hpp"
#include "render/ticker_strip.hpp"

#include <boost/test/unit_test.hpp>
#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

namespace {

using tsr::test::TempPlaylist;

const char* const kPlaylist = R"(
[office]
name = "Kantor Uji"
timezone = "Asia/Jakarta"

[display]
width = 320
height = 180
framerate = 10

[ticker]
speed = 60
messages = ["Pelayanan buka Senin-Jumat pukul 08.00-16.00 WIB"]

[[slide]]
template = "info"
duration = "2s"
title = "Satu"
text = "Slide pertama"

[[slide]]
template = "info"
duration = "3s"
title = "Dua"
text = "Slide kedua"
)";

struct Png {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface{
        nullptr, cairo_surface_destroy};
    int width = 0, height = 0, stride = 0;
    const unsigned char* data = nullptr;
    /// B, G, R of a pixel (cairo ARGB32 is B G R A in memory on little-endian).
    const unsigned char* px(int x, int y) const { return data + y * stride + x * 4; }
};

Png load_png(const std::filesystem::path& file) {
    Png p;
    p.surface.reset(cairo_image_surface_create_from_png(file.c_str()));
    BOOST_REQUIRE(cairo_surface_status(p.surface.get()) == CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(p.surface.get());
    p.width = cairo_image_surface_get_width(p.surface.get());
    p.height = cairo_image_surface_get_height(p.surface.get());
    p.stride = cairo_image_surface_get_stride(p.surface.get());
    p.data = cairo_image_surface_get_data(p.surface.get());
    return p;
}

tsr::test::RunResult run_render(const TempPlaylist& pl, const std::string& at,
                                const std::filesystem::path& out) {
    return tsr::test::run(
        {tsr::test::tsr_exe(), "render", pl.dir().string(), "--at", at, "-o", out.string()});
}

} // namespace

BOOST_AUTO_TEST_SUITE(render)

BOOST_AUTO_TEST_CASE(screen_is_the_slide_with_the_ticker_at_the_bottom) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    const auto out = pl.dir() / "screen.png";
    auto r = run_render(pl, "2026-11-30 09:00:03", out);
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    Png png = load_png(out);
    BOOST_TEST_REQUIRE(png.width == 320);
    BOOST_TEST_REQUIRE(png.height == 180);

    // What the engine says shows at 09:00:03: the slide "Dua", and the ticker strip.
    auto loaded = tsr::load_playlist(pl.dir());
    BOOST_REQUIRE(loaded.playlist);
    const tsr::Playlist& p = *loaded.playlist;
    auto t = tsr::parse_local_datetime(p.zone, "2026-11-30 09:00:03");
    BOOST_REQUIRE(t);
    tsr::SlideRenderer renderer(loaded.playlist);
    tsr::SlideContentKey key = renderer.key_at(*t);
    BOOST_TEST(key.slide == 1);
    tsr::SlideFrame slide = renderer.render(key, *t);
    tsr::TickerStrip strip = tsr::layout_ticker(p, *t, p.display.width);
    BOOST_REQUIRE(strip.height > 0 && strip.height < png.height);
    const int band = png.height - strip.height;
    const long long seconds = t->time_since_epoch().count() / 1000000;
    const int offset = int((60LL * seconds) % strip.width);

    int slide_mismatches = 0, ticker_mismatches = 0;
    for (int y = 0; y < png.height; ++y)
        for (int x = 0; x < png.width; ++x) {
            const unsigned char* want = y < band ? slide.bgra.data() + y * slide.stride + x * 4
                                                 : strip.bgra.data() + (y - band) * strip.stride +
                                                       ((offset + x) % strip.width) * 4;
            const bool same = std::memcmp(png.px(x, y), want, 3) == 0;
            (y < band ? slide_mismatches : ticker_mismatches) += !same;
        }
    BOOST_TEST(slide_mismatches == 0);
    BOOST_TEST(ticker_mismatches == 0);

    // And the two layers look like what they are: the slide's background at the top left
    // differs from the ticker band at the bottom left.
    BOOST_TEST(std::memcmp(png.px(2, band / 2), png.px(2, png.height - 1), 3) != 0);
}

BOOST_AUTO_TEST_CASE(another_time_shows_another_slide) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    auto a = pl.dir() / "a.png", b = pl.dir() / "b.png", c = pl.dir() / "c.png";
    BOOST_TEST_REQUIRE(run_render(pl, "2026-11-30 09:00:00", a).status == 0);
    BOOST_TEST_REQUIRE(run_render(pl, "2026-11-30 09:00:03", b).status == 0);
    BOOST_TEST_REQUIRE(run_render(pl, "2026-11-30T09:00:05", c).status == 0);
    Png pa = load_png(a), pb = load_png(b), pc = load_png(c);
    const int top = 120; // rows above the ticker band
    auto same_top = [&](const Png& x, const Png& y) {
        for (int r = 0; r < top; ++r)
            if (std::memcmp(x.px(0, r), y.px(0, r), std::size_t(x.width) * 4) != 0) return false;
        return true;
    };
    BOOST_TEST(!same_top(pa, pb)); // "Satu" at 0 s, "Dua" at 3 s
    BOOST_TEST(same_top(pa, pc));  // "Satu" again at 5 s
}

BOOST_AUTO_TEST_CASE(playlist_with_errors_exits_1_with_the_place) {
    TempPlaylist pl;
    const std::string text =
        std::string(kPlaylist) + "\n[[slide]]\ntemplate = \"info\"\nduration = \"soon\"\n";
    pl.playlist(text);
    const auto line = 1 + std::count(text.begin(), text.begin() + text.find("\"soon\""), '\n');
    const auto out = pl.dir() / "screen.png";
    auto r = run_render(pl, "2026-11-30 09:00:00", out);
    BOOST_TEST(r.status == 1);
    const std::string where = "playlist.toml:" + std::to_string(line) + ":";
    BOOST_TEST(r.err.find(where) != std::string::npos, where << " in " << r.err);
    BOOST_TEST(r.err.find("error") != std::string::npos, r.err);
    BOOST_TEST(!std::filesystem::exists(out));
}

BOOST_AUTO_TEST_CASE(wrong_command_lines_exit_2) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    const auto out = pl.dir() / "screen.png";
    BOOST_TEST(
        tsr::test::run({tsr::test::tsr_exe(), "render", pl.dir().string(), "-o", out.string()})
            .status == 2); // no --at
    BOOST_TEST(tsr::test::run(
                   {tsr::test::tsr_exe(), "render", pl.dir().string(), "--at", "2026-11-30 09:00"})
                   .status == 2); // no -o
    auto r = run_render(pl, "tomorrow", out);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("tomorrow") != std::string::npos, r.err);
    BOOST_TEST(!std::filesystem::exists(out));
}

BOOST_AUTO_TEST_CASE(a_jpg_name_gets_jpeg_data_and_other_names_are_refused) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    const auto png = pl.dir() / "screen.png", jpg = pl.dir() / "screen.JPG";
    BOOST_REQUIRE(run_render(pl, "2026-11-30 09:00:00", png).status == 0);
    auto r = run_render(pl, "2026-11-30 09:00:00", jpg);
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    std::string bytes;
    {
        std::ifstream in(jpg, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    BOOST_REQUIRE(bytes.size() > 4);
    // JPEG: SOI marker first, EOI last (PNG would start \x89PNG).
    BOOST_TEST((bytes.substr(0, 3) == std::string("\xFF\xD8\xFF", 3)));
    BOOST_TEST((bytes.substr(bytes.size() - 2) == std::string("\xFF\xD9", 2)));
    // The same screen as the PNG, within JPEG's loss: the title band's colour at its middle.
    GdkPixbuf* decoded = gdk_pixbuf_new_from_file(jpg.c_str(), nullptr);
    BOOST_REQUIRE(decoded);
    BOOST_TEST(gdk_pixbuf_get_width(decoded) == 320);
    BOOST_TEST(gdk_pixbuf_get_height(decoded) == 180);
    Png p = load_png(png);
    const guchar* j = gdk_pixbuf_get_pixels(decoded) + 90 * gdk_pixbuf_get_rowstride(decoded) +
                      10 * gdk_pixbuf_get_n_channels(decoded);
    const unsigned char* q = p.px(10, 90); // B G R
    for (int c = 0; c < 3; ++c)
        BOOST_TEST(std::abs(int(j[c]) - int(q[2 - c])) <= 12, "channel " << c);
    g_object_unref(decoded);

    const auto gif = pl.dir() / "screen.gif";
    auto refused = run_render(pl, "2026-11-30 09:00:00", gif);
    BOOST_TEST(refused.status == 2);
    BOOST_TEST(refused.err.rfind("tsr render: -o " + gif.string() +
                                     ": write a file name ending in .png or .jpg\n",
                                 0) == 0,
               refused.err);
    BOOST_TEST(!std::filesystem::exists(gif));
}

BOOST_AUTO_TEST_CASE(unwritable_output_exits_3) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    auto r = run_render(pl, "2026-11-30 09:00:00", pl.dir() / "no-such-folder" / "screen.png");
    BOOST_TEST(r.status == 3, r.err);
    BOOST_TEST(!r.err.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(gstreamer_options_are_taken_and_others_keep_their_messages) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    const auto out = pl.dir() / "screen.png";
    // GStreamer's own options, anywhere on the line: the tsr elements' debug log on stderr.
    auto r = tsr::test::run({tsr::test::tsr_exe(), "render", pl.dir().string(),
                             "--gst-debug-no-color", "--at", "2026-11-30 09:00:00",
                             "--gst-debug=tsrslidesrc:5", "-o", out.string()});
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(std::filesystem::exists(out));
    BOOST_TEST(r.err.find(" INFO ") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("tsrslidesrc.cpp:") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("<slides> playlist ") != std::string::npos, r.err);
    // Ours keep their words; a command without GStreamer does not take GStreamer's.
    auto unknown = tsr::test::run({tsr::test::tsr_exe(), "render", pl.dir().string(), "--frob"});
    BOOST_TEST(unknown.status == 2);
    BOOST_TEST(tsr::test::lines(unknown.err).at(0) == "tsr render: unknown option --frob");
    auto check =
        tsr::test::run({tsr::test::tsr_exe(), "check", pl.dir().string(), "--gst-debug=3"});
    BOOST_TEST(check.status == 2);
    BOOST_TEST(tsr::test::lines(check.err).at(0) == "tsr check: unknown option --gst-debug");
    auto no_value = tsr::test::run({tsr::test::tsr_exe(), "render", pl.dir().string(), "--at"});
    BOOST_TEST(no_value.status == 2);
    BOOST_TEST(tsr::test::lines(no_value.err).at(0) == "tsr render: --at needs a value");
}
