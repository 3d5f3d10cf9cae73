// Pictures (engine/render/picture_check.hpp): one set of rules for a slide's image and the
// office logo, checked from the header before any decoder runs; decoded at display size and
// upright; emoji drawn in colour; titles that will be cut are warned about at check time.
#include "playlist_loader.hpp"
#include "render/picture_check.hpp"
#include "render/slide_renderer.hpp"
#include "render/svg_template.hpp"
#include "render/ticker_strip.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <png.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

using namespace tsr;
using namespace std::chrono;
namespace fs = std::filesystem;

namespace {

template <class F> double seconds_taken(F&& f) {
    auto t0 = steady_clock::now();
    f();
    return duration<double>(steady_clock::now() - t0).count();
}

std::string be32(std::uint32_t v) {
    return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

/// The first bytes of a PNG of w x h: signature and IHDR only (no pixels at all).
std::string png_header(std::uint32_t w, std::uint32_t h) {
    return "\x89PNG\r\n\x1a\n" + be32(13) + "IHDR" + be32(w) + be32(h) +
           std::string("\x08\x06\x00\x00\x00", 5) + be32(0);
}

/// The first bytes of a JPEG of w x h: SOI, a JFIF APP0, then SOF0.
std::string jpeg_header(unsigned w, unsigned h) {
    std::string s = "\xFF\xD8";
    s += std::string("\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);
    s += std::string("\xFF\xC0\x00\x11\x08", 5);
    s += {char(h >> 8), char(h), char(w >> 8), char(w)};
    s += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
    return s;
}

using Pixbuf = std::unique_ptr<GdkPixbuf, void (*)(gpointer)>;

/// A w x h picture, the left half red and the right half blue.
/// An RGBA PNG written by libpng itself (gdk-pixbuf cannot write interlaced ones): left half
/// opaque red, right half fully transparent.
void write_png(const fs::path& file, int w, int h, bool interlaced) {
    FILE* f = std::fopen(file.c_str(), "wb");
    BOOST_REQUIRE(f);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    png_init_io(png, f);
    png_set_IHDR(png, info, png_uint_32(w), png_uint_32(h), 8, PNG_COLOR_TYPE_RGBA,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    std::vector<png_byte> row(std::size_t(w) * 4);
    for (int x = 0; x < w; ++x) {
        bool left = x < w / 2;
        row[std::size_t(x) * 4 + 0] = left ? 255 : 0;
        row[std::size_t(x) * 4 + 1] = 0;
        row[std::size_t(x) * 4 + 2] = 0;
        row[std::size_t(x) * 4 + 3] = left ? 255 : 0;
    }
    int passes = png_set_interlace_handling(png);
    for (int pass = 0; pass < passes; ++pass)
        for (int y = 0; y < h; ++y)
            png_write_row(png, row.data());
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    std::fclose(f);
}

Pixbuf red_blue(int w, int h) {
    Pixbuf p(gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, w, h), g_object_unref);
    guchar* px = gdk_pixbuf_get_pixels(p.get());
    int stride = gdk_pixbuf_get_rowstride(p.get());
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            guchar* q = px + y * stride + x * 3;
            q[0] = x < w / 2 ? 255 : 0;
            q[1] = 0;
            q[2] = x < w / 2 ? 0 : 255;
        }
    return p;
}

std::string encode(GdkPixbuf* p, const char* type) {
    gchar* buf = nullptr;
    gsize size = 0;
    BOOST_REQUIRE(gdk_pixbuf_save_to_buffer(p, &buf, &size, type, nullptr, nullptr));
    std::string s(buf, size);
    g_free(buf);
    return s;
}

/// A JPEG as a phone writes it: EXIF (APP1) with the orientation tag right after SOI.
std::string with_orientation(const std::string& jpeg, int orientation) {
    std::string exif("\xFF\xE1\x00\x22"
                     "Exif\x00\x00"
                     "II\x2A\x00\x08\x00\x00\x00"
                     "\x01\x00"
                     "\x12\x01\x03\x00\x01\x00\x00\x00",
                     28);
    exif += {char(orientation), 0, 0, 0};
    exif += std::string(4, '\0');
    return jpeg.substr(0, 2) + exif + jpeg.substr(2);
}

/// Decodes a data: URI back to a picture (to look at what librsvg gets).
Pixbuf decode_uri(const std::string& uri, std::string* mime = nullptr) {
    size_t comma = uri.find(";base64,");
    BOOST_REQUIRE(comma != std::string::npos);
    if (mime) *mime = uri.substr(5, comma - 5);
    gsize len = 0;
    guchar* bytes = g_base64_decode(uri.c_str() + comma + 8, &len);
    GdkPixbufLoader* loader = gdk_pixbuf_loader_new();
    gdk_pixbuf_loader_write(loader, bytes, len, nullptr);
    gdk_pixbuf_loader_close(loader, nullptr);
    g_free(bytes);
    GdkPixbuf* p = gdk_pixbuf_loader_get_pixbuf(loader);
    if (p) g_object_ref(p);
    g_object_unref(loader);
    return Pixbuf(p, g_object_unref);
}

struct Rgb {
    int r, g, b;
};
Rgb at(GdkPixbuf* p, int x, int y) {
    const guchar* q = gdk_pixbuf_get_pixels(p) + y * gdk_pixbuf_get_rowstride(p) +
                      x * gdk_pixbuf_get_n_channels(p);
    return {q[0], q[1], q[2]};
}
bool reddish(Rgb c) {
    return c.r > 200 && c.g < 60 && c.b < 60;
}
bool bluish(Rgb c) {
    return c.b > 200 && c.r < 60 && c.g < 60;
}

std::vector<PictureProblem> problems_of(const test::TempPlaylist& t, const std::string& name,
                                        const std::string& bytes, PictureInfo* info = nullptr) {
    fs::path f = t.write(name, bytes);
    PictureInfo i = check_picture(f, 1920, 1080);
    if (info) *info = i;
    return i.problems;
}

std::string only_message(const std::vector<PictureProblem>& p) {
    BOOST_TEST_REQUIRE(p.size() == 1u);
    return p[0].message;
}

const std::string svg_ns = "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                           "xmlns:xlink=\"http://www.w3.org/1999/xlink\">";

struct Checked {
    std::vector<std::string> errors, warnings;
};
Checked check(const test::TempPlaylist& t) {
    Checked c;
    LoadResult r = load_playlist(t.dir(), LoadOptions{std::nullopt, true});
    for (const Diagnostic& d : r.diagnostics.sorted()) {
        std::string line = format_diagnostic(d);
        (line.find(": warning: ") != std::string::npos ? c.warnings : c.errors).push_back(line);
    }
    return c;
}

} // namespace

BOOST_AUTO_TEST_SUITE(pictures)

BOOST_AUTO_TEST_CASE(sizes_come_from_the_header_only) {
    test::TempPlaylist t;
    PictureInfo info;
    BOOST_TEST(problems_of(t, "a.png", encode(red_blue(40, 30).get(), "png"), &info).empty());
    BOOST_TEST((info.kind == PictureKind::png));
    BOOST_TEST(info.width == 40);
    BOOST_TEST(info.height == 30);
    BOOST_TEST(problems_of(t, "b.jpg", encode(red_blue(64, 48).get(), "jpeg"), &info).empty());
    BOOST_TEST((info.kind == PictureKind::jpeg));
    BOOST_TEST(info.width == 64);
    BOOST_TEST(info.height == 48);
    // A header without pixels is enough to know the size (nothing is decoded).
    BOOST_TEST(problems_of(t, "phone.jpg", jpeg_header(8000, 6000), &info).empty());
    BOOST_TEST(info.width == 8000);
    BOOST_TEST(info.height == 6000);
    // EXIF before the frame header is walked over.
    BOOST_TEST(problems_of(t, "c.jpg", with_orientation(jpeg_header(300, 200), 6), &info).empty());
    BOOST_TEST(info.width == 300);
}

BOOST_AUTO_TEST_CASE(too_large_pictures_are_refused_before_any_decoder) {
    test::TempPlaylist t;
    const std::string advice =
        "; scale it down to about 1920 x 1080 (the screen's size) and save it again";
    struct Case {
        std::string name, bytes, message;
    };
    std::vector<Case> cases = {
        {"square.png", png_header(20000, 20000),
         "is 20000 x 20000 pixels, more than 16384 a side" + advice},
        {"wide.png", png_header(100000, 10),
         "is 100000 x 10 pixels, more than 16384 a side" + advice},
        {"many.png", png_header(9000, 7000),
         "is 9000 x 7000 pixels (63 megapixels, more than 50)" + advice},
        {"tall.jpg", jpeg_header(100, 65000),
         "is 100 x 65000 pixels, more than 16384 a side" + advice},
        {"many.jpg", jpeg_header(16000, 16000),
         "is 16000 x 16000 pixels (256 megapixels, more than 50)" + advice},
        {"huge-but-claims.jpeg", png_header(4294967295u, 4294967295u),
         "is 4294967295 x 4294967295 pixels, more than 16384 a side" + advice},
    };
    for (const Case& c : cases)
        BOOST_TEST_CONTEXT(c.name) {
            std::vector<PictureProblem> p;
            double took = seconds_taken([&] { p = problems_of(t, c.name, c.bytes); });
            BOOST_TEST(only_message(p) == c.message);
            BOOST_TEST(p[0].line == 0);
            BOOST_TEST(took < 0.5);
            // The renderer refuses it the same way, without decoding.
            fs::path f = t.dir() / c.name;
            took = seconds_taken([&] {
                try {
                    picture_data_uri(f, 1920, 1080);
                    BOOST_ERROR("drawn");
                } catch (const PictureError& e) {
                    BOOST_TEST(std::string(e.what()) == c.name + " " + c.message);
                }
            });
            BOOST_TEST(took < 0.5);
        }
    // The bounds themselves pass.
    BOOST_TEST(problems_of(t, "edge.png", png_header(16384, 3000)).empty());
    BOOST_TEST(problems_of(t, "fifty.png", png_header(10000, 5000)).empty());
}

BOOST_AUTO_TEST_CASE(files_that_are_not_the_picture_they_claim) {
    test::TempPlaylist t;
    const std::string jpeg = encode(red_blue(20, 10).get(), "jpeg");
    PictureInfo info;
    // A JPEG saved with a .png name is shown: the contents decide.
    BOOST_TEST(problems_of(t, "really-jpeg.png", jpeg, &info).empty());
    BOOST_TEST((info.kind == PictureKind::jpeg));
    // SVG text under another name is an SVG (and follows the SVG rules).
    BOOST_TEST(problems_of(t, "drawing.png", svg_ns + "</svg>", &info).empty());
    BOOST_TEST((info.kind == PictureKind::svg));
    const std::string save = "; save it as PNG or JPEG (TSR shows PNG, JPEG and SVG)";
    struct Case {
        std::string name, bytes, message;
    };
    std::vector<Case> cases = {
        {"notes.png", "Rapat jam 9\nbawa laptop\n",
         "is not a PNG, JPEG or SVG picture (it is text); save the picture as PNG or JPEG"},
        {"junk.jpg", std::string("\x00\x01\x02\x03garbage", 11),
         "is not a PNG, JPEG or SVG picture (its first bytes are not a picture's); save the "
         "picture as PNG or JPEG"},
        {"anim.png", "GIF89a\x01\x00\x01\x00", "is a GIF picture" + save},
        {"photo.jpg",
         std::string("\x00\x00\x00\x18"
                     "ftypheic\x00\x00\x00\x00",
                     16),
         "is a HEIC (iPhone) picture" + save},
        {"web.png", std::string("RIFF\x10\x00\x00\x00WEBPVP8 ", 16), "is a WebP picture" + save},
        {"scan.jpg", std::string("II*\x00\x08\x00\x00\x00", 8), "is a TIFF picture" + save},
        {"cut.png", "\x89PNG\r\n\x1a\n",
         "is a PNG whose header is damaged; open it and save it again"},
        {"zero.png", png_header(0, 10),
         "is a PNG whose header is damaged; open it and save it again"},
        {"cut.jpg", std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10),
         "is a JPEG without a picture size (damaged or cut short); open it and save it again"},
        {"nosize.jpg", std::string("\xFF\xD8\xFF\xDA\x00\x08", 6) + std::string(100, 'x'),
         "is a JPEG without a picture size (damaged or cut short); open it and save it again"},
        {"empty.jpg", "", "is empty"},
    };
    for (const Case& c : cases)
        BOOST_TEST_CONTEXT(c.name) {
            BOOST_TEST(only_message(problems_of(t, c.name, c.bytes)) == c.message);
        }
}

BOOST_AUTO_TEST_CASE(svg_pictures_follow_the_template_rules) {
    test::TempPlaylist t;
    std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n  <!ENTITY a "
                         "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n]>\n" +
                         svg_ns + "<text>";
    for (int i = 0; i < 20000; ++i)
        laughs += "&a;";
    laughs += "</text></svg>\n";
    std::string uses = svg_ns + "\n<g id=\"l0\"><rect width=\"1\" height=\"1\"/></g>\n";
    for (int level = 1; level <= 8; ++level) {
        uses += "<g id=\"l" + std::to_string(level) + "\">";
        for (int i = 0; i < 10; ++i)
            uses += "<use href=\"#l" + std::to_string(level - 1) + "\"/>";
        uses += "</g>\n";
    }
    uses += "</svg>\n";
    struct Case {
        std::string name, svg;
        int line, column;
        std::string message;
    };
    const std::string embed =
        "\": embed the image (Inkscape: Extensions > Images > Embed Images) or use #ids";
    std::vector<Case> cases = {
        {"laughs", laughs, 3, 3,
         "entity declarations (<!ENTITY) are not allowed in an SVG picture"},
        {"wide", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200000\" height=\"10\"/>", 1, 1,
         "width=\"200000\" is too large (at most 20000 pixels)"},
        // Sizes count in the pixels librsvg would allocate, whatever the unit.
        {"inches", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000in\" height=\"1\"/>", 1,
         1, "width=\"1000in\" is too large (at most 20000 pixels)"},
        {"centimetres",
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\" 600CM \"/>", 1, 1,
         "height=\" 600CM \" is too large (at most 20000 pixels)"},
        {"points", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"16000pt\" height=\"1\"/>", 1,
         1, "width=\"16000pt\" is too large (at most 20000 pixels)"},
        {"not-a-length",
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10 furlongs\" height=\"1\"/>", 1, 1,
         "width=\"10 furlongs\" is not a length; write a number of pixels, such as 1920"},
        {"viewbox", "\n  <svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1e9 10\"/>", 2, 3,
         "viewBox=\"0 0 1e9 10\" is too large (at most 20000)"},
        {"http", svg_ns + "\n\n  <image xlink:href=\"http://example.invalid/x.png\"/></svg>", 3, 3,
         "external reference \"http://example.invalid/x.png" + embed},
        {"file", svg_ns + "\n<image xlink:href=\"file:///etc/passwd\"/></svg>", 2, 1,
         "external reference \"file:///etc/passwd" + embed},
        {"absolute", svg_ns + "\n<image href=\"/etc/x.png\"/></svg>", 2, 1,
         "external reference \"/etc/x.png" + embed},
        {"parent", svg_ns + "\n    <image href=\"../x.png\"/></svg>", 2, 5,
         "external reference \"../x.png" + embed},
        // A field does not make it a data: URI in a picture: nothing fills it.
        {"field-href", svg_ns + "\n<image href=\"{{office.logo}}\"/></svg>", 2, 1,
         "external reference \"{{office.logo}}" + embed},
        {"style", svg_ns + "\n<rect style=\"fill:url(http://example.invalid/p.svg#p)\"/></svg>", 2,
         1,
         "external reference \"http://example.invalid/p.svg#p\": SVG pictures may only refer to "
         "#ids and data: URIs"},
        // CSS reads URL( as url( and decodes escapes: every spelling is the same reference.
        {"style-case",
         svg_ns + "\n<rect style=\"fill:URL(http://example.invalid/p.svg#p)\"/></svg>", 2, 1,
         "external reference \"http://example.invalid/p.svg#p\": SVG pictures may only refer to "
         "#ids and data: URIs"},
        {"style-escape", svg_ns + "\n<rect style=\"fill:u\\72 l(/etc/x.svg#p)\"/></svg>", 2, 1,
         "external reference \"/etc/x.svg#p\": SVG pictures may only refer to #ids and data: URIs"},
        {"style-escape-inside", svg_ns + "\n<rect fill=\"url(\\66 ile:///etc/x.svg#p)\"/></svg>", 2,
         1,
         "external reference \"file:///etc/x.svg#p\": SVG pictures may only refer to #ids and "
         "data: URIs"},
        {"import-case",
         svg_ns + "\n<style>\n@IMPORT \"http://example.invalid/s.css\";</style></svg>", 3, 0,
         "external reference \"@import\" in a style sheet: SVG pictures may only refer to #ids "
         "and data: URIs"},
        {"import-escape", svg_ns + "\n<style>@\\69mport \"s.css\";</style></svg>", 2, 0,
         "external reference \"@import\" in a style sheet: SVG pictures may only refer to #ids "
         "and data: URIs"},
        {"dtd",
         "<?xml version=\"1.0\"?>\n<!DOCTYPE svg SYSTEM \"file:///etc/passwd\">\n" + svg_ns +
             "</svg>",
         2, 1,
         "the document type (<!DOCTYPE) refers to the file \"file:///etc/passwd\"; delete the "
         "<!DOCTYPE ...> line"},
        {"uses", uses, 7, 1, "<use> references multiply to more than 100000 elements"},
        {"xinclude",
         svg_ns + "\n<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"#a\"/></svg>",
         2, 1, "xi:include is not allowed in an SVG picture"},
        {"broken", svg_ns + "\n<g>\n</svg>", 3, 7,
         "broken SVG: <g> (line 2) is closed by </svg>; each tag must be closed by its own name; "
         "open it in Inkscape and save it again"},
        {"entity-ref", svg_ns + "<text>Caf&eacute;</text></svg>", 1, 101,
         "broken SVG: an unknown &name; (&eacute;); write the character itself, or &#NNNN;; open "
         "it in Inkscape and save it again"},
        {"html", "<html><body/></html>", 1, 1, "the root element is <html>, not <svg>"},
    };
    for (const Case& c : cases)
        BOOST_TEST_CONTEXT(c.name) {
            std::vector<PictureProblem> p;
            double took = seconds_taken([&] { p = problems_of(t, c.name + ".svg", c.svg); });
            BOOST_TEST(took < 1.0);
            BOOST_TEST_REQUIRE(!p.empty());
            BOOST_TEST(p[0].message == c.message);
            BOOST_TEST(p[0].line == c.line);
            BOOST_TEST(p[0].column == c.column);
        }
    // What a template may do and a picture need not: fields and tsr: attributes are only
    // text; W3C's DOCTYPE (Illustrator writes it) is never loaded and allowed.
    BOOST_TEST(problems_of(t, "fields.svg",
                           "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                           "xmlns:tsr=\"urn:tsr:template:1\"><text tsr:if=\"nonsense\">"
                           "{{unknown}}</text></svg>")
                   .empty());
    BOOST_TEST(problems_of(t, "w3c.svg",
                           "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG "
                           "1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n" +
                               svg_ns + "<rect id=\"a\"/><use href=\"#a\"/></svg>")
                   .empty());
    // Inkscape's A4 page in millimetres, a percentage, and escaped #ids are all fine.
    BOOST_TEST(problems_of(t, "a4.svg",
                           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210mm\" "
                           "height=\"100%\"><rect id=\"a\" style=\"fill:URL(\\23 a)\"/></svg>")
                   .empty());
}

BOOST_AUTO_TEST_CASE(an_inkscape_start_tag_over_several_lines_points_at_its_start) {
    test::TempPlaylist t;
    std::string svg = svg_ns + "\n  <g>\n    <image\n       width=\"9\"\n"
                               "       xlink:href=\"https://example.invalid/a.png\"\n"
                               "       height=\"9\" />\n  </g>\n</svg>\n";
    auto p = problems_of(t, "ink.svg", svg);
    BOOST_TEST_REQUIRE(p.size() == 1u);
    BOOST_TEST(p[0].line == 3);
    BOOST_TEST(p[0].column == 5);
}

BOOST_AUTO_TEST_CASE(the_loader_refuses_pictures_at_their_line) {
    test::TempPlaylist t;
    t.write("images/logo.svg",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n  <!ENTITY a \"a\">\n]>\n" + svg_ns +
                "<text>&a;</text></svg>\n");
    t.write("images/big.png", png_header(20000, 20000));
    t.write("images/notes.png", "Rapat jam 9\n");
    t.write("images/far.svg",
            svg_ns + "\n<image href=\"../x.png\"/>\n<image href=\"/y.png\"/></svg>");
    t.write("images/phone.png", encode(red_blue(20, 10).get(), "jpeg"));
    t.playlist("[office]\n"                       // 1
               "name = \"Dinsos\"\n"              // 2
               "logo = \"images/logo.svg\"\n"     // 3
               "\n"                               // 4
               "[[slide]]\n"                      // 5
               "template = \"image\"\n"           // 6
               "duration = \"10s\"\n"             // 7
               "image = \"images/big.png\"\n"     // 8
               "\n"                               // 9
               "[[slide]]\n"                      // 10
               "template = \"image\"\n"           // 11
               "duration = \"10s\"\n"             // 12
               "image = \"images/notes.png\"\n"   // 13
               "\n"                               // 14
               "[[slide]]\n"                      // 15
               "template = \"image\"\n"           // 16
               "duration = \"10s\"\n"             // 17
               "image = \"images/far.svg\"\n"     // 18
               "\n"                               // 19
               "[[slide]]\n"                      // 20
               "template = \"image\"\n"           // 21
               "duration = \"10s\"\n"             // 22
               "image = \"images/phone.png\"\n"); // 23
    Checked c = check(t);
    for (const auto& e : c.errors)
        BOOST_TEST_MESSAGE(e);
    const std::string dir = t.dir().string();
    const std::string toml = t.toml().string();
    std::vector<std::string> expected = {
        toml + ":3:8: error: logo: \"images/logo.svg\" cannot be used: line 3: entity "
               "declarations (<!ENTITY) are not allowed in an SVG picture; fix it, or open and "
               "save it "
               "again in Inkscape",
        toml + ":8:9: error: image: \"images/big.png\" is 20000 x 20000 pixels, more than "
               "16384 a side; scale it down to about 1920 x 1080 (the screen's size) and save it "
               "again",
        toml + ":13:9: error: image: \"images/notes.png\" is not a PNG, JPEG or SVG picture "
               "(it is text); save the picture as PNG or JPEG",
        toml + ":18:9: error: image: \"images/far.svg\" cannot be used: line 2: external "
               "reference \"../x.png\": embed the image (Inkscape: Extensions > Images > Embed "
               "Images) "
               "or use #ids (and 1 more in the SVG); fix it, or open and save it again in Inkscape",
        dir + "/images/far.svg:2:1: error: external reference \"../x.png\": embed the image "
              "(Inkscape: Extensions > Images > Embed Images) or use #ids",
        dir + "/images/far.svg:3:1: error: external reference \"/y.png\": embed the image "
              "(Inkscape: Extensions > Images > Embed Images) or use #ids",
        dir + "/images/logo.svg:3:3: error: entity declarations (<!ENTITY) are not allowed in an "
              "SVG picture",
    };
    std::sort(expected.begin(), expected.end());
    std::vector<std::string> got = c.errors;
    std::sort(got.begin(), got.end());
    BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(pictures_are_decoded_upright_at_display_size) {
    test::TempPlaylist t;
    std::string jpeg = encode(red_blue(400, 200).get(), "jpeg");
    // As taken: landscape, red on the left.
    fs::path plain = t.write("plain.jpg", jpeg);
    std::string mime;
    Pixbuf p = decode_uri(picture_data_uri(plain, 100, 100), &mime);
    BOOST_TEST(mime == "image/jpeg");
    BOOST_TEST(gdk_pixbuf_get_width(p.get()) == 100);
    BOOST_TEST(gdk_pixbuf_get_height(p.get()) == 50);
    BOOST_TEST(reddish(at(p.get(), 10, 25)));
    BOOST_TEST(bluish(at(p.get(), 90, 25)));
    // A phone held upright writes the same pixels with orientation 6 (turn 90° clockwise to
    // show): portrait, the sensor's left (red) at the top.
    fs::path turned = t.write("turned.jpg", with_orientation(jpeg, 6));
    p = decode_uri(picture_data_uri(turned, 100, 100));
    BOOST_TEST(gdk_pixbuf_get_width(p.get()) == 50);
    BOOST_TEST(gdk_pixbuf_get_height(p.get()) == 100);
    BOOST_TEST(reddish(at(p.get(), 25, 10)));
    BOOST_TEST(bluish(at(p.get(), 25, 90)));
    // Orientation 8 is the other way round; 3 is upside down.
    p = decode_uri(picture_data_uri(t.write("left.jpg", with_orientation(jpeg, 8)), 100, 100));
    BOOST_TEST(bluish(at(p.get(), 25, 10)));
    BOOST_TEST(reddish(at(p.get(), 25, 90)));
    p = decode_uri(picture_data_uri(t.write("down.jpg", with_orientation(jpeg, 3)), 100, 100));
    BOOST_TEST(gdk_pixbuf_get_width(p.get()) == 100);
    BOOST_TEST(bluish(at(p.get(), 10, 25)));
    // Never enlarged; a PNG stays PNG (text and drawings keep sharp edges).
    fs::path small = t.write("small.png", encode(red_blue(40, 30).get(), "png"));
    p = decode_uri(picture_data_uri(small, 1920, 1080), &mime);
    BOOST_TEST(mime == "image/png");
    BOOST_TEST(gdk_pixbuf_get_width(p.get()) == 40);
    BOOST_TEST(gdk_pixbuf_get_height(p.get()) == 30);
    // A big photo comes back at most the display's longer side.
    fs::path big = t.write("big.jpg", encode(red_blue(3000, 2000).get(), "jpeg"));
    p = decode_uri(picture_data_uri(big, 1920, 1080));
    BOOST_TEST(gdk_pixbuf_get_width(p.get()) == 1920);
    BOOST_TEST(gdk_pixbuf_get_height(p.get()) == 1280);
    // A big PNG is shrunk while read (row by row, never whole), colours and transparency kept.
    fs::path big_png = t.write("big.png", encode(red_blue(3000, 2000).get(), "png"));
    p = decode_uri(picture_data_uri(big_png, 1920, 1080), &mime);
    BOOST_TEST(mime == "image/png");
    BOOST_TEST(gdk_pixbuf_get_width(p.get()) == 1920);
    BOOST_TEST(gdk_pixbuf_get_height(p.get()) == 1280);
    BOOST_TEST(reddish(at(p.get(), 100, 640)));
    BOOST_TEST(bluish(at(p.get(), 1820, 640)));
    for (bool interlaced : {false, true})
        BOOST_TEST_CONTEXT("interlaced " << interlaced) {
            fs::path alpha = t.dir() / (interlaced ? "adam7.png" : "alpha.png");
            write_png(alpha, 400, 100, interlaced);
            p = decode_uri(picture_data_uri(alpha, 200, 200));
            BOOST_TEST(gdk_pixbuf_get_width(p.get()) == 200);
            BOOST_TEST(gdk_pixbuf_get_height(p.get()) == 50);
            BOOST_TEST_REQUIRE(gdk_pixbuf_get_n_channels(p.get()) == 4);
            const guchar* row =
                gdk_pixbuf_get_pixels(p.get()) + 25 * gdk_pixbuf_get_rowstride(p.get());
            BOOST_TEST(int(row[10 * 4 + 0]) == 255); // red, opaque
            BOOST_TEST(int(row[10 * 4 + 3]) == 255);
            BOOST_TEST(int(row[190 * 4 + 3]) == 0); // transparent
        }
    // Grey 16 bits and a palette come out as RGB.
    for (const char* format : {"gray16be", "pal8"})
        BOOST_TEST_CONTEXT(format) {
            fs::path f = t.dir() / (std::string(format) + ".png");
            test::ffmpeg({"-f", "lavfi", "-i", "color=c=0x336699:size=640x480", "-frames:v", "1",
                          "-pix_fmt", format, f.string()});
            p = decode_uri(picture_data_uri(f, 64, 64));
            BOOST_TEST(gdk_pixbuf_get_width(p.get()) == 64);
            BOOST_TEST(gdk_pixbuf_get_height(p.get()) == 48);
            Rgb c = at(p.get(), 30, 20);
            if (std::string(format) == "pal8") {
                BOOST_TEST(std::abs(c.r - 0x33) <= 6);
                BOOST_TEST(std::abs(c.g - 0x66) <= 6);
                BOOST_TEST(std::abs(c.b - 0x99) <= 6);
            } else {
                BOOST_TEST(c.r == c.g);
                BOOST_TEST(c.g == c.b);
                BOOST_TEST(c.r > 60);
                BOOST_TEST(c.r < 140);
            }
        }
    // An SVG reaches librsvg without its document type.
    fs::path svg = t.write("w3c.svg", "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD "
                                      "SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/"
                                      "svg11.dtd\">\n" +
                                          svg_ns + "<rect width=\"5\" height=\"5\"/></svg>");
    std::string uri = picture_data_uri(svg, 1920, 1080);
    BOOST_TEST_REQUIRE(uri.rfind("data:image/svg+xml;base64,", 0) == 0);
    gsize len = 0;
    guchar* text = g_base64_decode(uri.c_str() + 26, &len);
    std::string clean(reinterpret_cast<char*>(text), len);
    g_free(text);
    BOOST_TEST(clean.find("DOCTYPE") == std::string::npos, clean);
    BOOST_TEST(clean.find("<rect width=\"5\" height=\"5\"/>") != std::string::npos, clean);
    // A damaged body (a good header) is refused by the decoder, with the file's name.
    fs::path damaged = t.write("damaged.png", png_header(40, 30) + std::string(50, 'x'));
    BOOST_CHECK_EXCEPTION(
        picture_data_uri(damaged, 100, 100), PictureError, [](const PictureError& e) {
            return std::string(e.what()).rfind("damaged.png cannot be drawn (", 0) == 0;
        });
}

BOOST_AUTO_TEST_CASE(a_phone_photo_shows_upright_on_the_slide) {
    test::TempPlaylist t;
    fs::path photo =
        t.write("phone.jpg", with_orientation(encode(red_blue(400, 200).get(), "jpeg"), 6));
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n\n[[slide]]\n"
               "template = \"image\"\nduration = \"10s\"\nimage = \"phone.jpg\"\n");
    LoadResult r = load_playlist(t.dir(), LoadOptions{std::nullopt, true});
    BOOST_TEST_REQUIRE(r.playlist.get() != nullptr);
    SlideRenderer renderer(r.playlist);
    Instant now = *parse_local_datetime(r.playlist->zone, "2026-11-30 10:00");
    std::string error;
    SlideFrame f = renderer.render(renderer.key_at(now), now, &error);
    BOOST_TEST(error.empty(), error);
    // The image box (60,196)-(1860,986): a portrait picture 395 wide, centred at (960, 591).
    auto px = [&](int x, int y) {
        const std::uint8_t* p = &f.bgra[std::size_t(y * f.stride + x * 4)];
        return Rgb{p[2], p[1], p[0]};
    };
    BOOST_TEST(reddish(px(960, 300)));
    BOOST_TEST(bluish(px(960, 880)));
    // Beside the portrait picture: background, not picture.
    Rgb side = px(700, 591);
    BOOST_TEST(side.r == 0x0b);
}

BOOST_AUTO_TEST_CASE(emoji_are_drawn_in_colour) {
    // fonts-noto-color-emoji (tools/packages.txt): without it Pango draws boxes (no colour).
    auto blue = [](std::uint8_t b, std::uint8_t g, std::uint8_t r) {
        return b > 180 && r < 120 && g < 200 && b > g + 30;
    };
    auto count_blue = [&](const std::vector<std::uint8_t>& bgra, int stride, int x0, int y0, int x1,
                          int y1) {
        int n = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) {
                const std::uint8_t* p = &bgra[std::size_t(y * stride + x * 4)];
                n += blue(p[0], p[1], p[2]) ? 1 : 0;
            }
        return n;
    };
    Playlist p;
    TickerStrip with = layout_ticker(p, {"Rapat \xF0\x9F\x94\xB5 hari ini"}, 1920);
    TickerStrip without = layout_ticker(p, {"Rapat hari ini"}, 1920);
    int emoji = count_blue(with.bgra, with.stride, 0, 0, with.width, with.height);
    BOOST_TEST(emoji > 200);
    BOOST_TEST(count_blue(without.bgra, without.stride, 0, 0, without.width, without.height) == 0);
    // On a slide, librsvg fills text as outlines with the text's colour: the emoji shows as its
    // white shape (a round dot here), not as a box with a hex code.
    test::TempPlaylist t;
    t.playlist(
        "[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n\n[[slide]]\n"
        "template = \"info\"\nduration = \"10s\"\ntitle = \"Rapat \xF0\x9F\x94\xB5 hari ini\"\n");
    LoadResult r = load_playlist(t.dir(), LoadOptions{std::nullopt, true});
    BOOST_TEST_REQUIRE(r.playlist.get() != nullptr);
    SlideRenderer renderer(r.playlist);
    Instant now = *parse_local_datetime(r.playlist->zone, "2026-11-30 10:00");
    SlideFrame f = renderer.render(renderer.key_at(now), now);
    auto white = [&](int x, int y) {
        const std::uint8_t* q = &f.bgra[std::size_t(y * f.stride + x * 4)];
        return q[0] > 200 && q[1] > 200 && q[2] > 200;
    };
    BOOST_TEST(white(368, 237)); // the dot's middle
    for (auto [x, y] : {std::pair{333, 202}, {403, 202}, {333, 272}, {403, 272}})
        BOOST_TEST(!white(x, y), x << "," << y); // a box would have its corners drawn
}

BOOST_AUTO_TEST_CASE(titles_that_will_be_cut_are_measured_like_the_renderer) {
    fs::path agenda = builtin_templates_dir() / "agenda.svg";
    FieldFit fit = field_fit(agenda, "slide.title", "Agenda Hari Ini");
    BOOST_TEST(fit.found);
    BOOST_TEST(!fit.cut);
    std::string long_title;
    while (long_title.size() < 300)
        long_title += "Rapat Koordinasi Penyaluran Bantuan Sosial ";
    fit = field_fit(agenda, "slide.title", long_title);
    BOOST_TEST(fit.cut);
    BOOST_TEST(fit.fits_chars > 30u);
    BOOST_TEST(fit.fits_chars < 120u);
    // The boundary is exact: one more character would be cut.
    BOOST_TEST(!field_fit(agenda, "slide.title", long_title.substr(0, fit.fits_chars)).cut);
    BOOST_TEST(field_fit(agenda, "slide.title", long_title.substr(0, fit.fits_chars + 1)).cut);
    // No box for it: nothing to say.
    BOOST_TEST(!field_fit(agenda, "slide.text", long_title).found);
    BOOST_TEST(!field_fit(builtin_templates_dir() / "missing.svg", "slide.title", "x").found);
}

BOOST_AUTO_TEST_CASE(the_loader_warns_about_a_title_or_text_that_will_be_cut) {
    test::TempPlaylist t;
    std::string title(90, 'W');
    std::string text;
    for (int i = 0; i < 60; ++i)
        text += "Layanan tidak dipungut biaya apa pun. ";
    t.write("own.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                       "xmlns:tsr=\"urn:tsr:template:1\">\n<text tsr:width=\"300\" "
                       "font-size=\"40\" font-family=\"DejaVu Sans\">{{slide.title}}</text>\n"
                       "</svg>\n");
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n" // 1-3
               "[[slide]]\ntemplate = \"agenda\"\n"                         // 4-5
               "duration = \"10s\"\ntitle = \"" +                           // 6
               title +
               "\"\n\n"                                                 // 7-8
               "[[slide]]\ntemplate = \"info\"\n"                       // 9-10
               "duration = \"10s\"\ntitle = \"Informasi\"\ntext = \"" + // 11-12
               text +
               "\"\n\n"                                                       // 13-14
               "[[slide]]\ntemplate = \"own.svg\"\n"                          // 15-16
               "duration = \"10s\"\ntitle = \"Rapat Koordinasi Bulanan\"\n"); // 17-18
    Checked c = check(t);
    BOOST_TEST(c.errors.empty());
    const std::string toml = t.toml().string();
    auto n = [&](const char* tmpl, const char* field, const std::string& v) {
        return std::to_string(
            field_fit(tmpl[0] == '/' ? fs::path(tmpl) : builtin_templates_dir() / tmpl, field, v)
                .fits_chars);
    };
    std::string own = (t.dir() / "own.svg").string();
    std::vector<std::string> expected = {
        toml + ":7:9: warning: title: \"" + std::string(40, 'W') +
            "…\" is too long for the agenda title box and will be cut with \"…\"; shorten it to "
            "about " +
            n("agenda.svg", "slide.title", title) + " characters",
        toml +
            ":13:8: warning: text: \"Layanan tidak dipungut biaya apa pun. La…\" is too "
            "long for the info text box and will be cut with \"…\"; shorten it to about " +
            n("info.svg", "slide.text", text) + " characters",
        toml +
            ":18:9: warning: title: \"Rapat Koordinasi Bulanan\" is too long for the "
            "own.svg title box and will be cut with \"…\"; shorten it to about " +
            n(own.c_str(), "slide.title", "Rapat Koordinasi Bulanan") + " characters",
    };
    BOOST_TEST(c.warnings == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
