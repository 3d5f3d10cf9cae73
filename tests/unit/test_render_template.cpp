// Template filling: fields, escaping, repeated rows and pages, fitted text, problems, and
// hostile SVG (engine/render/svg_template.hpp).
#include "playlist_loader.hpp"
#include "render/slide_renderer.hpp"
#include "render/svg_template.hpp"

#include <boost/test/unit_test.hpp>
#include <glib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>

using namespace tsr;
namespace fs = std::filesystem;

namespace {

const std::string svg_open =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:tsr=\"urn:tsr:template:1\" "
    "width=\"1920\" height=\"1080\" viewBox=\"0 0 1920 1080\">\n";

std::vector<std::string> all_matches(const std::string& text, const std::string& re,
                                     int group = 1) {
    std::vector<std::string> out;
    std::regex r(re);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), r); it != std::sregex_iterator();
         ++it)
        out.push_back((*it)[group].str());
    return out;
}

struct TempDir {
    fs::path path;
    TempDir() {
        gchar* p = g_dir_make_tmp("tsr-render-XXXXXX", nullptr);
        path = p;
        g_free(p);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path write(const std::string& name, const std::string& content) const {
        std::ofstream(path / name, std::ios::binary) << content;
        return path / name;
    }
};

TemplateValues rows_values(int n) {
    TemplateValues v;
    for (int i = 0; i < n; ++i) {
        TemplateRow r;
        r.fields["activity.title"] = "row " + std::to_string(i);
        v.rows.push_back(r);
    }
    return v;
}

template <class F> double seconds_taken(F&& f) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string billion_laughs() {
    std::string s = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY lol \"lol\">\n";
    std::string prev = "lol";
    for (int i = 1; i <= 9; ++i) {
        std::string name = "lol" + std::to_string(i);
        s += "<!ENTITY " + name + " \"";
        for (int k = 0; k < 10; ++k)
            s += "&" + prev + ";";
        s += "\">\n";
        prev = name;
    }
    return s + "]>\n" + svg_open + "<text>&" + prev + ";</text></svg>\n";
}

/// 10^12 rectangles through 12 levels of 10 <use> each.
std::string use_bomb() {
    std::string s = svg_open + "<defs><rect id=\"a0\" width=\"1\" height=\"1\"/>";
    for (int i = 1; i <= 12; ++i) {
        s += "<g id=\"a" + std::to_string(i) + "\">";
        for (int k = 0; k < 10; ++k)
            s += "<use href=\"#a" + std::to_string(i - 1) + "\"/>";
        s += "</g>";
    }
    return s + "</defs><use href=\"#a12\"/></svg>";
}

std::string many_filters() {
    std::string s = svg_open + "<filter id=\"f\"><feGaussianBlur stdDeviation=\"5000\"/></filter>";
    for (int i = 0; i < 50; ++i)
        s += "<rect width=\"1920\" height=\"1080\" filter=\"url(#f)\"/>";
    return s + "</svg>";
}

} // namespace

BOOST_AUTO_TEST_SUITE(render_template)

BOOST_AUTO_TEST_CASE(fields_are_filled_and_escaped) {
    std::string svg = svg_open +
                      "<text id=\"t\">{{slide.title}}</text>\n"
                      "<rect id=\"r\" class=\"{{ slide.title }}\" width=\"1\" height=\"1\"/>\n"
                      "<text id=\"u\">[{{today}}]</text></svg>";
    TemplateValues v;
    v.fields["slide.title"] = "A<B & \"C\">";
    v.fields["today"] = "Senin, 30 November 2026";
    std::string out = fill_template(svg, v);
    BOOST_TEST(out.find("<text id=\"t\">A&lt;B &amp; \"C\"&gt;</text>") != std::string::npos, out);
    BOOST_TEST(out.find("class=\"A&lt;B &amp; &quot;C&quot;&gt;\"") != std::string::npos, out);
    BOOST_TEST(out.find("[Senin, 30 November 2026]") != std::string::npos);
    BOOST_TEST(out.find("<B") == std::string::npos);
    BOOST_TEST(out.find("{{") == std::string::npos);
    // The filled SVG is still valid for librsvg.
    BOOST_CHECK_NO_THROW(render_svg(out, 192, 108));
}

BOOST_AUTO_TEST_CASE(unknown_fields_are_problems_and_render_empty) {
    std::string svg = svg_open + "<text>ok</text>\n<text>{{slide.titel}}</text>\n"
                                 "<text>{{activity.title}}</text>\n</svg>";
    auto problems = template_text_problems(svg);
    BOOST_REQUIRE_EQUAL(problems.size(), 2u);
    BOOST_TEST(problems[0].line == 3);
    BOOST_TEST(problems[0].message.find("unknown field {{slide.titel}}") == 0);
    BOOST_TEST(problems[0].message.find("slide.title") != std::string::npos); // the known list
    BOOST_TEST(problems[1].line == 4);
    BOOST_TEST(problems[1].message.find("only filled inside a group with tsr:repeat") !=
               std::string::npos);
    std::string out = fill_template(svg, {});
    BOOST_TEST(out.find("titel") == std::string::npos);
    BOOST_TEST(all_matches(out, "<text>([^<]*)</text>") == std::vector<std::string>({"ok", "", ""}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_tsr_attributes_are_refused) {
    std::string svg = svg_open + "<g tsr:repeat=\"activity\" tsr:rows=\"0\" tsr:row-height=\"x\">\n"
                                 "<text tsr:if=\"lat\">{{activity.title}}</text></g></svg>";
    auto problems = template_text_problems(svg);
    BOOST_REQUIRE_EQUAL(problems.size(), 3u);
    BOOST_TEST(problems[0].message == "tsr:rows must be a whole number 1..100");
    BOOST_TEST(problems[1].message == "tsr:row-height must be a positive number");
    BOOST_TEST(problems[2].line == 3);
    BOOST_TEST(problems[2].message.find("unknown condition lat") != std::string::npos);
    BOOST_CHECK_THROW(fill_template(svg, {}), TemplateError);
}

BOOST_AUTO_TEST_CASE(rows_repeat_and_page) {
    TempDir dir;
    std::string svg = svg_open + "<text>{{page}}</text>\n"
                                 "<g tsr:repeat=\"activity\" tsr:rows=\"6\" tsr:row-height=\"100\">"
                                 "<text y=\"300\">{{activity.title}}</text></g>\n</svg>";
    fs::path file = dir.write("rows.svg", svg);
    BOOST_TEST(template_rows_per_page(file) == 6);
    BOOST_TEST(template_problems(file).empty());
    BOOST_TEST(template_rows_per_page(dir.write("none.svg", svg_open + "</svg>")) == 0);

    TemplateValues v = rows_values(40); // 40 rows, 6 a page: 7 pages, the last with 4
    v.page = 0;
    std::string out = fill_template_file(file, v);
    BOOST_TEST(all_matches(out, "translate\\(0,([0-9.]+)\\)") ==
                   std::vector<std::string>({"0", "100", "200", "300", "400", "500"}),
               boost::test_tools::per_element());
    BOOST_TEST(all_matches(out, "<text y=\"300\">([^<]*)</text>") ==
                   std::vector<std::string>({"row 0", "row 1", "row 2", "row 3", "row 4", "row 5"}),
               boost::test_tools::per_element());
    v.page = 6;
    out = fill_template_file(file, v);
    BOOST_TEST(all_matches(out, "<text y=\"300\">([^<]*)</text>") ==
                   std::vector<std::string>({"row 36", "row 37", "row 38", "row 39"}),
               boost::test_tools::per_element());
    BOOST_TEST(all_matches(out, "translate\\(0,([0-9.]+)\\)").back() == "300");
    v.page = 7;
    out = fill_template_file(file, v);
    BOOST_TEST(all_matches(out, "<text y=\"300\">([^<]*)</text>").empty());
    BOOST_TEST(out.find("tsr:repeat") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(row_conditions_and_progress_bars) {
    std::string svg = svg_open + "<g tsr:repeat=\"activity\" tsr:rows=\"4\" tsr:row-height=\"50\">"
                                 "<text tsr:if=\"late\">LATE {{activity.title}}</text>"
                                 "<text tsr:if=\"not-late not-done\">OPEN {{activity.title}}</text>"
                                 "<text tsr:if=\"odd\">ODD</text>"
                                 "<rect tsr:progress-bar=\"600\" width=\"0\" height=\"10\"/></g>"
                                 "<text tsr:if=\"empty\">EMPTY</text></svg>";
    TemplateValues v;
    TemplateRow a, b, c;
    a.fields["activity.title"] = "a";
    a.flags = {"late", "progress"};
    a.progress = 40;
    b.fields["activity.title"] = "b";
    b.progress = 150; // clamped to 100
    c.fields["activity.title"] = "c";
    c.flags = {"done"};
    v.rows = {a, b, c};
    std::string out = fill_template(svg, v);
    BOOST_TEST(all_matches(out, "<text>([^<]*)</text>") ==
                   std::vector<std::string>({"LATE a", "ODD", "OPEN b", "ODD"}),
               boost::test_tools::per_element());
    BOOST_TEST(all_matches(out, "<rect width=\"([0-9.]+)\"") ==
                   std::vector<std::string>({"240", "600", "0"}),
               boost::test_tools::per_element());
    BOOST_TEST(out.find("EMPTY") == std::string::npos);
    v.rows.clear();
    v.flags.insert("empty");
    BOOST_TEST(fill_template(svg, v).find("EMPTY") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(long_text_is_shrunk_then_cut) {
    FontSpec font{"DejaVu Sans", 40, 700, false};
    const double box = 500;
    std::string fits = "Rapat";
    FittedText f = fit_text(fits, font, box, 1);
    BOOST_TEST(f.font_size == 40);
    BOOST_TEST(!f.shrunk);
    BOOST_TEST(f.lines == std::vector<std::string>({"Rapat"}), boost::test_tools::per_element());

    // About 20% too wide at 40px: shrunk, not cut.
    std::string a_bit = "Rapat Internal Tim Efektif";
    double w40 = measure_text_width(a_bit, font);
    BOOST_TEST_REQUIRE(w40 > box);
    BOOST_TEST_REQUIRE(w40 < box / 0.7);
    f = fit_text(a_bit, font, box, 1);
    BOOST_TEST(f.shrunk);
    BOOST_TEST(!f.cut);
    BOOST_TEST(f.font_size < 40);
    BOOST_TEST(f.font_size >= 24);
    BOOST_TEST(f.lines[0] == a_bit);
    FontSpec at = font;
    at.size = f.font_size;
    BOOST_TEST(measure_text_width(f.lines[0], at) <= box);

    // Far too wide: smallest size (60%), cut with an ellipsis, inside the box.
    std::string long_text(300, 'W');
    f = fit_text(long_text, font, box, 1);
    BOOST_TEST(f.cut);
    BOOST_TEST(f.font_size == 24, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(f.lines[0].size() > 3u);
    BOOST_TEST(f.lines[0].substr(f.lines[0].size() - 3) == "\xE2\x80\xA6");
    at.size = f.font_size;
    BOOST_TEST(measure_text_width(f.lines[0], at) <= box);
    BOOST_TEST(measure_text_width(f.lines[0], at) > box * 0.8); // cut as late as possible
}

BOOST_AUTO_TEST_CASE(inkscape_style_text_is_fitted_in_its_tspan) {
    std::string svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:tsr=\"urn:tsr:template:1\"\n"
        "     xmlns:sodipodi=\"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd\">\n"
        "<text xml:space=\"preserve\" style=\"font-size:64px;font-family:'DejaVu Sans'\" x=\"100\" "
        "y=\"200\" tsr:width=\"300\"><tspan sodipodi:role=\"line\" x=\"100\" y=\"200\" "
        "style=\"font-weight:bold\">{{slide.title}}</tspan></text></svg>";
    TemplateValues v;
    v.fields["slide.title"] = "Rapat Koordinasi Penyaluran Bantuan Sosial";
    std::string out = fill_template(svg, v);
    auto spans = all_matches(out, "<tspan [^>]*style=\"([^\"]*)\">([^<]*)</tspan>", 0);
    BOOST_TEST_REQUIRE(spans.size() == 1u, out);
    auto style = all_matches(out, "style=\"font-weight:bold;font-size:([0-9.]+)px\"");
    BOOST_TEST_REQUIRE(style.size() == 1u, out);
    BOOST_TEST(std::stod(style[0]) == 64 * 0.6, boost::test_tools::tolerance(0.01));
    auto text = all_matches(out, "font-size:[0-9.]+px\">([^<]*)</tspan>");
    BOOST_TEST_REQUIRE(text.size() == 1u);
    FontSpec bold{"DejaVu Sans", std::stod(style[0]), 700, false};
    BOOST_TEST(measure_text_width(text[0], bold) <= 300.0);
    BOOST_TEST(text[0].rfind("Rapat", 0) == 0);
    BOOST_TEST(text[0].substr(text[0].size() - 3) == "\xE2\x80\xA6");
}

BOOST_AUTO_TEST_CASE(paragraphs_keep_their_lines) {
    TemplateValues v;
    v.fields["slide.text"] = "Satu\n\nDua";
    std::string out = fill_template_file(builtin_templates_dir() / "info.svg", v);
    auto lines = all_matches(out, "<tspan x=\"60\" dy=\"([0-9.]+)\">([^<]*)</tspan>", 2);
    BOOST_TEST(lines == std::vector<std::string>({"Satu", "\xC2\xA0", "Dua"}),
               boost::test_tools::per_element());
    auto dy = all_matches(out, "<tspan x=\"60\" dy=\"([0-9.]+)\">");
    BOOST_TEST(dy == std::vector<std::string>({"0", "62.4", "62.4"}), // 1.3 x 48 px
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(five_thousand_characters_stay_in_the_info_box) {
    std::string text;
    while (text.size() < 5000)
        text += "Pelayanan publik tanpa biaya untuk semua warga. ";
    text.resize(5000);
    TemplateValues v;
    v.fields["slide.title"] = "Info";
    v.fields["slide.text"] = text;
    fs::path info = builtin_templates_dir() / "info.svg";
    std::string out = fill_template_file(info, v);
    // The body: <text ... tsr:width="1800" tsr:lines="10" font-size="48"> -> tspans.
    auto lines = all_matches(out, "<tspan x=\"60\" dy=\"[0-9.]+\">([^<]*)</tspan>");
    BOOST_TEST_REQUIRE(!lines.empty());
    BOOST_TEST(lines.size() <= 10u);
    auto sizes = all_matches(out, "font-size:([0-9.]+)px");
    BOOST_TEST_REQUIRE(sizes.size() == 1u); // only the body was shrunk
    double size = std::stod(sizes[0]);
    // Shrunk no further than 32 px (3% of 1080: tsr:min-scale 0.67), then cut with "…".
    BOOST_TEST(size == 48 * 0.67, boost::test_tools::tolerance(0.01));
    FontSpec font{"DejaVu Sans", size, 400, false};
    for (const auto& l : lines)
        BOOST_TEST(measure_text_width(l, font) <= 1800.0);
    BOOST_TEST(lines.back().substr(lines.back().size() - 3) == "\xE2\x80\xA6");

    // And on screen: no text right of the box (x 60..1860) nor in the ticker band.
    SlideFrame f = render_svg(out, 1920, 1080);
    int outside = 0, inside = 0;
    for (int y = 300; y < 1080; ++y)
        for (int x = 0; x < 1920; ++x) {
            const std::uint8_t* px = &f.bgra[static_cast<size_t>(y * f.stride + x * 4)];
            bool white = px[0] > 128 && px[1] > 128 && px[2] > 128;
            if (!white) continue;
            if (x >= 1862 || y >= 1000)
                ++outside;
            else
                ++inside;
        }
    BOOST_TEST(outside == 0);
    BOOST_TEST(inside > 10000);
}

BOOST_AUTO_TEST_CASE(hostile_svg_is_refused_quickly) {
    TempDir dir;
    std::string deep = svg_open;
    for (int i = 0; i < 100000; ++i)
        deep += "<g>";
    for (int i = 0; i < 100000; ++i)
        deep += "</g>";
    deep += "</svg>";
    std::string medium = svg_open; // deeper than our limit, within libxml2's
    for (int i = 0; i < 100; ++i)
        medium += "<g>";
    for (int i = 0; i < 100; ++i)
        medium += "</g>";
    medium += "</svg>";
    struct Case {
        std::string name, svg, expect;
    };
    std::vector<Case> cases = {
        {"laughs", billion_laughs(), "entity declarations (<!ENTITY) are not allowed"},
        {"deep", deep, "broken SVG: elements nested far too deep; open it in Inkscape"},
        {"medium", medium, "elements nested deeper than 64"},
        {"wide", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000000\" height=\"10\"/>",
         "width=\"100000000\" is too large"},
        {"viewbox", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1e9 1e9\"/>",
         "viewBox=\"0 0 1e9 1e9\" is too large"},
        {"file",
         svg_open + "<image xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
                    "xlink:href=\"file:///etc/passwd\" width=\"9\" height=\"9\"/></svg>",
         "external reference \"file:///etc/passwd\""},
        {"http", svg_open + "<rect style=\"fill:url(http://example.invalid/x.svg#p)\"/></svg>",
         "external reference \"http://example.invalid/x.svg#p\""},
        {"uses", use_bomb(), "<use> references multiply to more than 100000 elements"},
        {"loop", svg_open + "<g id=\"a\"><use href=\"#a\"/></g></svg>", "a <use> refers to itself"},
        {"filters", many_filters(), "more than 32 elements with filters"},
        {"garbage", "<svg><g></svg>",
         "broken SVG: <g> (line 1) is closed by </svg>; each tag must be closed by its own "
         "name; open it in Inkscape and save it again"},
        {"html", "<html/>", "the root element is <html>, not <svg>"},
        {"huge", svg_open + "<!--" + std::string(3 * 1024 * 1024, 'x') + "--></svg>",
         "larger than 2 MiB"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name) {
            fs::path file = dir.write(c.name + ".svg", c.svg);
            std::vector<TemplateProblem> problems;
            double took = seconds_taken([&] { problems = template_problems(file); });
            BOOST_TEST(took < 2.0);
            BOOST_TEST_REQUIRE(!problems.empty());
            BOOST_TEST(problems[0].message.find(c.expect) != std::string::npos,
                       problems[0].message);
            took = seconds_taken(
                [&] { BOOST_CHECK_THROW(fill_template_file(file, {}), TemplateError); });
            BOOST_TEST(took < 2.0);
            BOOST_TEST(template_rows_per_page(file) == 0);
        }
    }
    // librsvg on its own (no check of ours) stays safe on the same inputs.
    double took = seconds_taken([&] {
        BOOST_CHECK_THROW(render_svg(billion_laughs(), 64, 64), TemplateError);
        BOOST_CHECK_THROW(render_svg(deep, 64, 64), TemplateError);
    });
    BOOST_TEST(took < 2.0);
}

BOOST_AUTO_TEST_CASE(builtin_templates_have_no_problems) {
    fs::path dir = builtin_templates_dir();
    for (const char* name : {"agenda", "deadlines", "timeline", "info", "image", "reminder"}) {
        BOOST_TEST_CONTEXT(name) {
            auto problems = template_problems(dir / (std::string(name) + ".svg"));
            BOOST_TEST(problems.empty(), (problems.empty() ? "" : problems[0].message));
        }
    }
    BOOST_TEST(template_rows_per_page(dir / "agenda.svg") == 6);
    BOOST_TEST(template_rows_per_page(dir / "info.svg") == 0);
}

BOOST_AUTO_TEST_CASE(timeline_rows_bars_and_now) {
    std::string svg =
        svg_open + "<g tsr:timeline=\"month\" tsr:width=\"1800\" tsr:height=\"700\"/></svg>";
    TemplateValues v;
    TimelineData tl;
    tl.lang = "id";
    tl.month = Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{30}};
    tl.now_day = 30.5;
    tl.rows.push_back({"Apel Pagi", {2, 3, 4, 5, 6, 9}, {}, false});
    tl.rows.push_back({"Laporan <SPJ>", {}, {25}, true});
    v.timeline = tl;
    std::string out = fill_template(svg, v);
    // Day numbers 1..30 (November), the labels, escaped.
    BOOST_TEST(out.find(">30</text>") != std::string::npos);
    BOOST_TEST(out.find(">31</text>") == std::string::npos);
    BOOST_TEST(out.find(">Apel Pagi</text>") != std::string::npos);
    BOOST_TEST(out.find(">Laporan &lt;SPJ&gt;</text>") != std::string::npos);
    // Days 2-6 merge into one bar, day 9 is another: two bars (rounded rects).
    auto bars = all_matches(out,
                            "<rect x=\"([0-9.]+)\" y=\"[0-9.]+\" width=\"([0-9.]+)\" "
                            "height=\"[0-9.]+\" rx=",
                            2);
    BOOST_TEST_REQUIRE(bars.size() == 2u);
    double cell = (1800 - 396) / 30.0; // labels take 22%
    BOOST_TEST(std::stod(bars[0]) == 5 * cell - 6, boost::test_tools::tolerance(0.01));
    BOOST_TEST(std::stod(bars[1]) == cell - 6, boost::test_tools::tolerance(0.01));
    // The late deadline: a red diamond; now: a red line in the middle of day 30, from below
    // the day numbers (56 px) down, so that nothing covers today's date.
    BOOST_TEST(out.find("<path d=\"M ") != std::string::npos);
    auto marker = all_matches(out, "<rect x=\"([0-9.]+)\" y=\"56\" width=\"4\"");
    BOOST_TEST_REQUIRE(marker.size() == 1u);
    BOOST_TEST(std::stod(marker[0]) == 396 + 29.5 * cell - 2, boost::test_tools::tolerance(0.01));

    // More activities than fit: the last line says how many more.
    tl.rows.clear();
    for (int i = 0; i < 30; ++i)
        tl.rows.push_back({"Kegiatan " + std::to_string(i), {1}, {}, false});
    v.timeline = tl;
    out = fill_template(svg, v);
    BOOST_TEST(out.find(">+19 kegiatan lainnya</text>") != std::string::npos, out.substr(0, 200));
    BOOST_TEST(out.find(">Kegiatan 10</text>") != std::string::npos);
    BOOST_TEST(out.find(">Kegiatan 11</text>") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(images_become_data_uris) {
    TempDir dir;
    fs::path png = dir.write("a.png", std::string("\x89PNG\r\n\x1a\n", 8) + "rest");
    BOOST_TEST(image_data_uri(png).rfind("data:image/png;base64,iVBORw0KGg", 0) == 0);
    fs::path svg = dir.write("a.svg", svg_open + "</svg>");
    BOOST_TEST(image_data_uri(svg).rfind("data:image/svg+xml;base64,", 0) == 0);
    fs::path bad = dir.write("b.svg", billion_laughs());
    BOOST_CHECK_THROW(image_data_uri(bad), TemplateError);
    BOOST_CHECK_THROW(image_data_uri(dir.write("c.txt", "hello")), TemplateError);
    BOOST_CHECK_THROW(image_data_uri(dir.path / "missing.png"), TemplateError);
}

BOOST_AUTO_TEST_SUITE_END()
