// Documents as slides: a PDF written here with cairo, each chosen page a slide in the
// rotation, rendered letterboxed (pixels read back); every refusal at its line. A PPTX made
// by LibreOffice is tests/e2e/test_content.cpp (a conversion takes tens of seconds).
#include "loader_check.hpp"
#include "render/document_render.hpp"
#include "render/document_source.hpp"
#include "render/slide_renderer.hpp"
#include "schedule.hpp"

#include <boost/test/unit_test.hpp>

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace tsr;
using test::check;
using test::Checked;
namespace fs = std::filesystem;

namespace {

const std::string kHead = "[office]\n"
                          "name = \"Dinas Sosial Kota Tanjungbalai\"\n"
                          "timezone = \"Asia/Jakarta\"\n"
                          "\n"
                          "[[slide]]\n"
                          "template = \"info\"\n"
                          "duration = \"15s\"\n"
                          "title = \"Info\"\n"
                          "\n";

using Rgb = std::array<int, 3>;
const std::vector<Rgb> kPageColours = {{200, 0, 0}, {0, 160, 0}, {0, 0, 220}};

/// A PDF of 400 x 300 pt pages, each filled with one colour, written by cairo.
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

Rgb pixel(const SlideFrame& f, int x, int y) {
    const std::uint8_t* p = &f.bgra[std::size_t(y) * std::size_t(f.stride) + std::size_t(x) * 4];
    return {p[2], p[1], p[0]};
}

bool near(const Rgb& a, const Rgb& b) {
    for (int i = 0; i < 3; ++i)
        if (std::abs(a[std::size_t(i)] - b[std::size_t(i)]) > 3) return false;
    return true;
}

const Rgb kNavy = {0x0b, 0x1f, 0x3a};

/// A PDF that asks for a password (a Standard security handler whose /U no empty password
/// matches).
void write_locked_pdf(const fs::path& file) {
    const std::vector<std::string> objs = {
        "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 300] >>",
        "<< /Filter /Standard /V 1 /R 2 /O <" + std::string(64, '1') + "> /U <" +
            std::string(64, '2') + "> /P -4 >>"};
    std::string out = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objs.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
    for (std::size_t o : offsets) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
        out += line;
    }
    out += "trailer\n<< /Size " + std::to_string(objs.size() + 1) +
           " /Root 1 0 R /Encrypt 4 0 R /ID [<" + std::string(32, '3') + "> <" +
           std::string(32, '3') + ">] >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    std::ofstream(file, std::ios::binary) << out;
}

Instant midnight_wib() { // 2026-11-30 00:00 WIB
    return Instant(std::chrono::sys_days(std::chrono::year(2026) / 11 / 30) -
                   std::chrono::hours(7));
}

} // namespace

BOOST_AUTO_TEST_SUITE(documents)

BOOST_AUTO_TEST_CASE(pdf_pages_are_slides_in_the_rotation) {
    test::TempPlaylist t;
    write_pdf(t.dir() / "materi" / "sosialisasi.pdf", kPageColours);
    t.playlist(kHead + "[[slide]]\n"
                       "document = \"materi/sosialisasi.pdf\"\n"
                       "pages = \"3, 1\"\n"
                       "duration = \"10s\"\n");
    Checked c = check(t);
    BOOST_REQUIRE_MESSAGE(c.accepted, (c.errors.empty() ? std::string() : c.errors[0]));
    const Playlist& p = *c.playlist;
    const Slide& s = p.slides.at(1);
    BOOST_TEST(s.template_name == "document");
    BOOST_TEST(s.document_pdf == t.dir() / "materi" / "sosialisasi.pdf"); // a PDF as it is
    BOOST_TEST(s.document_pages == (std::vector<int>{2, 0}));

    // The round: 15 s of info, then 10 s for each chosen page: 35 s, from midnight.
    const Instant m = midnight_wib();
    using std::chrono::seconds;
    SlideShowing a = rotation_at(p, m + seconds(14));
    BOOST_TEST(a.slide == 0);
    SlideShowing b = rotation_at(p, m + seconds(15));
    BOOST_TEST(b.slide == 1);
    BOOST_TEST(b.page == 0);
    BOOST_TEST(b.pages == 2);
    BOOST_TEST((b.ends - b.began).count() == 10000000);
    SlideShowing d = rotation_at(p, m + seconds(26));
    BOOST_TEST(d.slide == 1);
    BOOST_TEST(d.page == 1);
    BOOST_TEST((d.began - m).count() == 25000000);
    BOOST_TEST(rotation_at(p, m + seconds(35)).slide == 0); // the next round
    BOOST_TEST(rotation_at(p, m + seconds(35 * 1000 + 16)).page == 0);

    // The renderer shows page 3 (blue) then page 1 (red), 4:3 letterboxed in 16:9.
    SlideRenderer renderer(c.playlist);
    SlideContentKey key = renderer.key_at(m + seconds(16));
    BOOST_TEST(key.slide == 1);
    std::string error;
    SlideFrame f = renderer.render(key, m + seconds(16), &error);
    BOOST_TEST(error.empty());
    BOOST_REQUIRE_EQUAL(f.width, 1920);
    BOOST_REQUIRE_EQUAL(f.height, 1080);
    // 400 x 300 pt fitted above the ticker band (1080 - 77 = 1003 px high): 1337 px wide,
    // from x = 291 to 1629.
    BOOST_TEST(near(pixel(f, 960, 500), kPageColours[2]));
    BOOST_TEST(near(pixel(f, 296, 3), kPageColours[2]));
    BOOST_TEST(near(pixel(f, 1623, 999), kPageColours[2]));
    BOOST_TEST(near(pixel(f, 100, 540), kNavy));
    BOOST_TEST(near(pixel(f, 286, 540), kNavy));
    BOOST_TEST(near(pixel(f, 1634, 540), kNavy));
    BOOST_TEST(near(pixel(f, 960, 1010), kNavy)); // under the ticker band
    SlideContentKey second = renderer.key_at(m + seconds(30));
    BOOST_TEST(second.page == 1);
    BOOST_TEST(near(pixel(renderer.render(second, m + seconds(30)), 960, 540), kPageColours[0]));

    // Without pages: every page, in order.
    t.playlist(kHead + "[[slide]]\ndocument = \"materi/sosialisasi.pdf\"\nduration = \"5s\"\n");
    Checked all = check(t);
    BOOST_REQUIRE(all.accepted);
    BOOST_TEST(all.playlist->slides.at(1).document_pages == (std::vector<int>{0, 1, 2}));
    BOOST_TEST(rotation_at(*all.playlist, m + seconds(15 + 5 + 5)).page == 2);
}

BOOST_AUTO_TEST_CASE(page_lists) {
    std::string problem;
    BOOST_TEST(*parse_page_list("1-3,5", 5, &problem) == (std::vector<int>{0, 1, 2, 4}));
    BOOST_TEST(*parse_page_list(" 2 , 1 ", 2, &problem) == (std::vector<int>{1, 0}));
    BOOST_TEST(!parse_page_list("1-6", 5, &problem));
    BOOST_TEST(problem == "goes beyond the last page (the document has 5 pages)");
    BOOST_TEST(!parse_page_list("2", 1, &problem));
    BOOST_TEST(problem == "goes beyond the last page (the document has 1 page)");
    for (const char* bad : {"", "1-", "a", "1,,2", "1;2", "-3"}) {
        BOOST_TEST(!parse_page_list(bad, 5, &problem), bad);
        BOOST_TEST(problem == "is not a page list; write it like \"1-3,5\"", bad);
    }
    BOOST_TEST(!parse_page_list("0", 5, &problem));
    BOOST_TEST(problem == "counts pages from 1; write it like \"1-3,5\"");
    BOOST_TEST(!parse_page_list("3-1", 5, &problem));
    BOOST_TEST(problem == "has a range that ends before it begins; write it like \"1-3,5\"");
    BOOST_TEST(!parse_page_list("1-400,1-200", 1000, &problem));
    BOOST_TEST(problem == "names more than 500 pages");
}

BOOST_AUTO_TEST_CASE(document_mistakes_at_their_line) {
    test::TempPlaylist t;
    write_pdf(t.dir() / "materi" / "ok.pdf", kPageColours);
    t.write("materi/rusak.pdf", "%PDF-1.4\nthis is not a PDF body\n");
    write_locked_pdf(t.dir() / "materi" / "kunci.pdf");
    t.write("materi/catatan.txt", "Rapat\n");
    t.write("materi/palsu.pptx", "Rapat\n");
    auto slide = [](const std::string& body) {
        return "[[slide]]\n" + body + "duration = \"5s\"\n\n";
    };
    t.playlist(kHead + slide("document = \"materi/hilang.pdf\"\n") +          // 11
               slide("document = \"materi/rusak.pdf\"\n") +                   // 15
               slide("document = \"materi/kunci.pdf\"\n") +                   // 19
               slide("document = \"materi/ok.pdf\"\npages = \"1-3,5\"\n") +   // 23-24
               slide("document = \"materi/catatan.txt\"\n") +                 // 28
               slide("document = \"materi/palsu.pptx\"\n") +                  // 32
               slide("template = \"info\"\ndocument = \"materi/ok.pdf\"\n") + // 36-37
               slide("template = \"info\"\npages = \"1\"\n"));                // 41-42
    Checked c = check(t);
    BOOST_TEST(!c.accepted);
    const std::vector<std::string> expected = {
        "playlist.toml:11:12: error: document: \"materi/hilang.pdf\" does not exist; write a "
        "path relative to the playlist folder (" +
            t.dir().string() + ")",
        "playlist.toml:15:12: error: document: \"materi/rusak.pdf\" is damaged or not a PDF (",
        "playlist.toml:19:12: error: document: \"materi/kunci.pdf\" is protected by a password; "
        "save it without one (or export it as PDF without a password)",
        "playlist.toml:24:9: error: pages: \"1-3,5\" goes beyond the last page (the document "
        "has 3 pages)",
        "playlist.toml:28:12: error: document: \"materi/catatan.txt\" is not a document slides "
        "can show; use a PDF, a PowerPoint (.pptx, .ppt) or an OpenDocument (.odp) file",
        "playlist.toml:32:12: error: document: \"materi/palsu.pptx\" is not a PowerPoint or "
        "OpenDocument file (its content is not one); save it again from PowerPoint or "
        "LibreOffice Impress",
        "playlist.toml:36:12: error: template: and document both say what the slide shows; "
        "keep one of them",
        "playlist.toml:42:9: error: pages: chooses pages of a document; add document = "
        "\"materi/....pdf\"",
    };
    BOOST_REQUIRE_EQUAL(c.errors.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        BOOST_TEST(c.errors[i].rfind(expected[i], 0) == 0, c.errors[i]);
}

BOOST_AUTO_TEST_CASE(libreoffice_missing_is_said_at_the_document_line) {
    test::TempPlaylist t;
    // A presentation by its content (a ZIP), which only LibreOffice could convert.
    t.write("materi/deck.pptx", std::string("PK\3\4", 4) + std::string(100, '\0'));
    t.playlist(kHead + "[[slide]]\ndocument = \"materi/deck.pptx\"\nduration = \"5s\"\n");
    const std::string path = g_getenv("PATH") ? g_getenv("PATH") : "";
    test::TempDir empty;
    g_setenv("PATH", empty.path.c_str(), TRUE);
    Checked c = check(t);
    g_setenv("PATH", path.c_str(), TRUE);
    BOOST_REQUIRE_EQUAL(c.errors.size(), 1u);
    BOOST_TEST(c.errors[0] ==
               "playlist.toml:11:12: error: document: \"materi/deck.pptx\" cannot be converted: "
               "LibreOffice is not installed; install it (apt-get install libreoffice-impress) "
               "or export the document as PDF");
}

BOOST_AUTO_TEST_SUITE_END()
