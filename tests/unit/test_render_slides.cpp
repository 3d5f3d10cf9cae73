// The slide layer and the ticker strip: what shows when, rendered to BGRA
// (engine/render/slide_renderer.hpp, ticker_strip.hpp).
#include "playlist_loader.hpp"
#include "render/slide_renderer.hpp"
#include "render/ticker_strip.hpp"
#include "schedule.hpp"

#include <boost/test/unit_test.hpp>

#include <cairo.h>
#include <cstring>
#include <glib.h>

#include <filesystem>
#include <fstream>

using namespace tsr;
using namespace std::chrono;
namespace fs = std::filesystem;

namespace {

const char* playlist_toml = R"(
[office]
name = "Dinas Sosial Kota Tanjungbalai"
timezone = "Asia/Jakarta"
language = "id"

[ticker]
messages = ["Pelayanan buka Senin-Jumat"]
file = "ticker.txt"
agenda = true

[[activity]]
id = "rapat"
title = "Rapat Internal Tim Efektif"
start = 2026-11-30T09:00:00
end = 2026-11-30T10:30:00
place = "Aula"
pic = "Evi Fitriani, ST"
reminders = [{ before = "15m", audio = "audio/rapat.m4a" }]

[[activity]]
id = "laporan"
title = "Laporan Bulanan"
deadline = 2026-12-03T16:00:00
progress = 40

[[activity]]
id = "spj"
title = "SPJ Keuangan"
deadline = 2026-11-27T16:00:00
progress = 10

[[slide]]
template = "agenda"
duration = "10s"

[[slide]]
template = "info"
duration = "20s"
title = "Informasi Layanan"
text = "Semua layanan tidak dipungut biaya."

[[slide]]
template = "deadlines"
duration = "15s"
)";

struct Fixture {
    fs::path dir;
    std::shared_ptr<Playlist> playlist;

    Fixture() {
        gchar* p = g_dir_make_tmp("tsr-slides-XXXXXX", nullptr);
        dir = p;
        g_free(p);
        std::ofstream(dir / "playlist.toml") << playlist_toml;
        std::ofstream(dir / "ticker.txt") << "Baris satu\n\n  Baris dua  \n";
        LoadResult r = load_playlist(dir, {.now = std::nullopt, .check_files = false});
        std::string problems;
        for (const auto& d : r.diagnostics.all())
            problems += format_diagnostic(d) + "\n";
        BOOST_TEST_REQUIRE(r.playlist.get() != nullptr, problems);
        // Without looking at files the reminder has no length: give its voice 20 s.
        playlist = std::make_shared<Playlist>(*r.playlist);
        playlist->activities.at(0).reminders.at(0).audio_length = seconds(20);
    }
    ~Fixture() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    Instant at(const char* local) const { return *parse_local_datetime(playlist->zone, local); }
};

struct Bgra {
    std::uint8_t b, g, r, a;
};

Bgra pixel(const SlideFrame& f, int x, int y) {
    const std::uint8_t* p = &f.bgra[static_cast<size_t>(y * f.stride + x * 4)];
    return {p[0], p[1], p[2], p[3]};
}

int count_pixels(const SlideFrame& f, int x0, int y0, int x1, int y1, bool (*pred)(Bgra)) {
    int n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            n += pred(pixel(f, x, y)) ? 1 : 0;
    return n;
}

bool whitish(Bgra p) {
    return p.r > 200 && p.g > 200 && p.b > 200;
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(render_slides, Fixture)

BOOST_AUTO_TEST_CASE(key_follows_the_rotation_and_the_reminder) {
    SlideRenderer r(playlist);
    // One round is 10 + 20 + 15 = 45 s, anchored at midnight; 08:00:00 starts a round.
    BOOST_TEST(r.key_at(at("2026-11-30 08:00:00")).slide == 0);
    BOOST_TEST(r.key_at(at("2026-11-30 08:00:09")).slide == 0);
    BOOST_TEST(r.key_at(at("2026-11-30 08:00:10")).slide == 1);
    BOOST_TEST(r.key_at(at("2026-11-30 08:00:29")).slide == 1);
    BOOST_TEST(r.key_at(at("2026-11-30 08:00:30")).slide == 2);
    BOOST_TEST(r.key_at(at("2026-11-30 08:00:45")).slide == 0);
    // Same slide, same minute: the same key; a new minute: a new key.
    BOOST_TEST((r.key_at(at("2026-11-30 08:00:11")) == r.key_at(at("2026-11-30 08:00:28"))));
    BOOST_TEST(!(r.key_at(at("2026-11-30 08:01:40")) == r.key_at(at("2026-11-30 08:02:40"))));
    BOOST_TEST(r.key_at(at("2026-11-30 08:01:40")).slide ==
               r.key_at(at("2026-11-30 08:02:40")).slide);

    // The reminder (15 minutes before 09:00) sounds 08:45:00-08:45:20 and takes the screen.
    SlideContentKey before = r.key_at(at("2026-11-30 08:44:59"));
    SlideContentKey during = r.key_at(at("2026-11-30 08:45:00"));
    SlideContentKey late = r.key_at(at("2026-11-30 08:45:19"));
    SlideContentKey after = r.key_at(at("2026-11-30 08:45:20"));
    BOOST_TEST(before.reminder_id.empty());
    BOOST_TEST(during.reminder_id == "rapat");
    BOOST_TEST((during.reminder_due == at("2026-11-30 08:45:00")));
    BOOST_TEST(during.slide == -1);
    BOOST_TEST((during == late));
    BOOST_TEST(after.reminder_id.empty());
    BOOST_TEST(after.slide == 1); // 20 s into the round that began at 08:45:00
}

// key_at keeps its last answer while it holds; it must agree with the schedule at every
// instant, forwards, backwards and around the reminder's edges.
BOOST_AUTO_TEST_CASE(key_agrees_with_the_schedule_at_every_second) {
    // The reminder moved to 08:45:07, in the middle of a slide, so that the cached answer
    // must end at the reminder, not at the slide's end.
    auto moved = std::make_shared<Playlist>(*playlist);
    for (Activity& a : moved->activities)
        for (Reminder& rem : a.reminders)
            rem.before -= std::chrono::seconds(7);
    std::shared_ptr<const Playlist> playlist = moved;
    SlideRenderer r(playlist);
    auto expected = [&](Instant t) {
        SlideContentKey k;
        k.minute = std::chrono::floor<std::chrono::minutes>(t).time_since_epoch().count();
        if (auto rem = reminder_sounding_at(*playlist, t)) {
            k.reminder_id = rem->due.occurrence.activity->id;
            k.reminder_due = rem->due.due;
            return k;
        }
        SlideShowing s = rotation_at(*playlist, t);
        k.slide = s.slide;
        k.page = s.slide >= 0 ? s.page : 0;
        return k;
    };
    int mismatches = 0;
    for (Instant t = at("2026-11-30 08:40:00"); t < at("2026-11-30 08:50:00");
         t += std::chrono::milliseconds(250))
        mismatches += (r.key_at(t) == expected(t)) ? 0 : 1;
    // Asked out of order, as the lookahead worker and the streaming thread do.
    for (const char* when : {"2026-11-30 08:45:26.999", "2026-11-30 08:45:06.999",
                             "2026-11-30 08:45:27", "2026-11-30 08:45:07", "2026-11-30 23:59:59",
                             "2026-12-01 00:00:00", "2026-11-30 08:45:10"})
        mismatches += (r.key_at(at(when)) == expected(at(when))) ? 0 : 1;
    BOOST_TEST(mismatches == 0);
}

BOOST_AUTO_TEST_CASE(reminder_slide_shows_the_activity) {
    SlideRenderer r(playlist);
    std::string svg = r.filled_svg(r.key_at(at("2026-11-30 08:45:05")), at("2026-11-30 08:45:05"));
    BOOST_TEST(contains(svg, ">PENGINGAT<"));
    BOOST_TEST(contains(svg, ">Rapat Internal Tim Efektif<"));
    BOOST_TEST(contains(svg, ">09.00-10.30<"));
    BOOST_TEST(contains(svg, ">Aula<"));
    BOOST_TEST(contains(svg, ">15 menit lagi<"));
    BOOST_TEST(contains(svg, ">08.45 WIB<"));
    BOOST_TEST(contains(svg, ">Senin, 30 November 2026<"));
}

BOOST_AUTO_TEST_CASE(announcement_slide_shows_the_words) {
    SlideRenderer r(playlist);
    const Instant t = at("2026-11-30 08:45:05");
    SlideContentKey k = r.key_at(t); // a reminder slide: the announcement goes over it
    k.slide = -1;
    k.reminder_id.clear();
    k.announcement_id = 7;
    k.announcement = "Rapat staf dimulai pukul 10.00 di aula";
    BOOST_TEST(r.template_for(k).filename() == "announce.svg");
    std::string svg = r.filled_svg(k, t);
    BOOST_TEST(contains(svg, ">PENGUMUMAN<"));
    BOOST_TEST(contains(svg, ">Rapat staf dimulai pukul 10.00 di aula<"));
    BOOST_TEST(contains(svg, ">08.45 WIB<"));
    BOOST_TEST(!contains(svg, "PENGINGAT"));
    std::string error;
    SlideFrame f = r.render(k, t, &error);
    BOOST_TEST(error.empty(), error);
    // announce.svg's dark red, opaque, left of the words.
    Bgra p = pixel(f, 20, 600);
    BOOST_TEST(int(p.r) == 0x7a);
    BOOST_TEST(int(p.g) == 0x10);
    BOOST_TEST(int(p.b) == 0x10);
    // The words, white, in the body.
    BOOST_TEST(count_pixels(f, 80, 360, 1840, 460, whitish) > 2000);
}

BOOST_AUTO_TEST_CASE(agenda_and_deadlines_content) {
    playlist->display.overdue = Overdue::show; // overdue ones listed, as office staff asked
    SlideRenderer r(playlist);
    SlideContentKey k = r.key_at(at("2026-11-30 09:10:05"));
    k.slide = 0;
    std::string agenda = r.filled_svg(k, at("2026-11-30 09:10:05"));
    BOOST_TEST(contains(agenda, ">Agenda Hari Ini<"));
    BOOST_TEST(contains(agenda, ">09.00-10.30<"));
    BOOST_TEST(contains(agenda, ">Rapat Internal Tim Efektif<"));
    BOOST_TEST(contains(agenda, ">sekarang<")); // it runs at 09:10
    BOOST_TEST(contains(agenda, ">09.10 WIB<"));
    BOOST_TEST(!contains(agenda, "Laporan Bulanan")); // not today

    k.slide = 2;
    std::string deadlines = r.filled_svg(k, at("2026-11-30 09:10:05"));
    auto late = deadlines.find(">terlambat 3 hari<");
    auto soon = deadlines.find(">H-3<");
    BOOST_TEST(late != std::string::npos);
    BOOST_TEST(soon != std::string::npos);
    BOOST_TEST(late < soon); // soonest (here: the late one) first
    BOOST_TEST(contains(deadlines, ">3 Des 16.00<"));
    BOOST_TEST(contains(deadlines, ">40%<"));
    BOOST_TEST(contains(deadlines, "width=\"104\"")); // 40% of the 260 px bar
    BOOST_TEST(contains(deadlines, "width=\"26\""));  // 10% of it, the late bar
    // Eight days after its deadline the late one is no longer listed.
    k.minute = floor<minutes>(at("2026-12-05 09:10")).time_since_epoch().count();
    BOOST_TEST(!contains(r.filled_svg(k, at("2026-12-05 09:10")), "SPJ Keuangan"));
}

BOOST_AUTO_TEST_CASE(overdue_deadlines_are_hidden_from_the_public_by_default) {
    BOOST_TEST((playlist->display.overdue == Overdue::hide));
    // A monthly report due on the 25th; today is the 30th: overdue, but it rolls on.
    Activity monthly = playlist->activities.at(1);
    monthly.id = "bulanan";
    monthly.title = "Rekap Bulanan";
    monthly.repeat = Repeat::monthly;
    monthly.day_of_month = 25;
    monthly.deadline = When{std::nullopt, hours(16), {}};
    monthly.progress = 10;
    playlist->activities.push_back(monthly);
    SlideRenderer r(playlist);
    SlideContentKey k = r.key_at(at("2026-11-30 09:10:05"));
    k.slide = 2;
    std::string hidden = r.filled_svg(k, at("2026-11-30 09:10:05"));
    BOOST_TEST(!contains(hidden, "SPJ Keuangan")); // the one-off, 3 days late
    BOOST_TEST(!contains(hidden, "terlambat"));
    BOOST_TEST(!contains(hidden, "#ff5a5a")); // nothing drawn in the late red
    BOOST_TEST(contains(hidden, ">H-3<"));    // the report due on 3 Dec is still there
    // The monthly one shows its next occurrence, 25 Dec: 25 days ahead.
    BOOST_TEST(contains(hidden, ">25 Des 16.00<"));
    BOOST_TEST(contains(hidden, ">H-25<"));
    BOOST_TEST(!contains(hidden, ">25 Nov 16.00<"));

    playlist->display.overdue = Overdue::staff;
    SlideRenderer staff(playlist);
    std::string neutral = staff.filled_svg(k, at("2026-11-30 09:10:05"));
    BOOST_TEST(contains(neutral, "SPJ Keuangan")); // one-offs stay, in neutral words
    BOOST_TEST(contains(neutral, ">lewat tenggat<"));
    BOOST_TEST(!contains(neutral, "terlambat"));
    BOOST_TEST(!contains(neutral, "#ff5a5a"));
    BOOST_TEST(contains(neutral, ">25 Des 16.00<")); // recurring: rolled on here too
    BOOST_TEST(!contains(neutral, ">25 Nov 16.00<"));

    playlist->display.overdue = Overdue::show;
    SlideRenderer shown(playlist);
    std::string marked = shown.filled_svg(k, at("2026-11-30 09:10:05"));
    BOOST_TEST(contains(marked, ">terlambat 3 hari<"));
    BOOST_TEST(contains(marked, ">25 Nov 16.00<"));
    BOOST_TEST(contains(marked, ">terlambat 5 hari<"));
    BOOST_TEST(contains(marked, "#ff5a5a"));
}

BOOST_AUTO_TEST_CASE(agenda_pages_follow_the_rotation) {
    // Eight meetings today, six rows a page: two agenda pages of 10 s each.
    Activity base = playlist->activities.at(0);
    base.reminders.clear();
    playlist->activities.clear();
    for (int i = 0; i < 8; ++i) {
        Activity a = base;
        a.id = "m" + std::to_string(i);
        a.title = "Meeting " + std::to_string(i);
        a.start->time_of_day = hours(8 + i);
        a.end->time_of_day = hours(8 + i) + minutes(30);
        playlist->activities.push_back(a);
    }
    playlist->slides.resize(1); // the agenda alone
    playlist->slides[0].rows_per_page = template_rows_per_page(playlist->slides[0].template_path);
    BOOST_TEST_REQUIRE(playlist->slides[0].rows_per_page == 6);
    SlideRenderer r(playlist);
    SlideContentKey first = r.key_at(at("2026-11-30 08:00:05"));
    SlideContentKey second = r.key_at(at("2026-11-30 08:00:15"));
    BOOST_TEST(first.page == 0);
    BOOST_TEST(second.page == 1);
    std::string one = r.filled_svg(first, at("2026-11-30 08:00:05"));
    std::string two = r.filled_svg(second, at("2026-11-30 08:00:15"));
    BOOST_TEST(contains(one, ">1/2<"));
    BOOST_TEST(contains(one, ">Meeting 5<"));
    BOOST_TEST(!contains(one, ">Meeting 6<"));
    BOOST_TEST(contains(two, ">2/2<"));
    BOOST_TEST(contains(two, ">Meeting 6<"));
    BOOST_TEST(contains(two, ">Meeting 7<"));
    BOOST_TEST(!contains(two, ">Meeting 5<"));
    BOOST_TEST(contains(two, ">14.00-14.30<"));
}

BOOST_AUTO_TEST_CASE(rendered_slide_pixels) {
    SlideRenderer r(playlist);
    Instant t = at("2026-11-30 08:00:12");
    SlideContentKey k = r.key_at(t);
    BOOST_TEST_REQUIRE(k.slide == 1); // info
    std::string error;
    SlideFrame f = r.render(k, t, &error);
    BOOST_TEST(error.empty(), error);
    BOOST_TEST(f.width == 1920);
    BOOST_TEST(f.height == 1080);
    BOOST_TEST(f.stride == 1920 * 4);
    BOOST_TEST_REQUIRE(f.bgra.size() == static_cast<size_t>(f.stride * f.height));
    // Background: the templates' deep navy #0b1f3a, opaque, in a corner of the ticker band.
    Bgra corner = pixel(f, 1915, 1075);
    BOOST_TEST(int(corner.b) == 0x3a);
    BOOST_TEST(int(corner.g) == 0x1f);
    BOOST_TEST(int(corner.r) == 0x0b);
    BOOST_TEST(int(corner.a) == 255);
    // The title ("Informasi Layanan", 72 px, white) left, nothing white right of it.
    BOOST_TEST(count_pixels(f, 60, 200, 760, 280, whitish) > 2000);
    BOOST_TEST(count_pixels(f, 1300, 200, 1900, 280, whitish) == 0);
    // The clock, amber, top right.
    BOOST_TEST(count_pixels(f, 1300, 20, 1880, 140, [](Bgra p) {
                   return p.r > 200 && p.g > 140 && p.g < 200 && p.b < 60;
               }) > 2000);

    // The same key renders the same bytes, whatever instant within it is given.
    SlideFrame again = r.render(k, at("2026-11-30 08:00:29"));
    BOOST_TEST((again.bgra == f.bgra));
    // The next minute is another picture (the clock).
    SlideContentKey next = k;
    next.minute += 1;
    BOOST_TEST(!(r.render(next, t).bgra == f.bgra));
}

BOOST_AUTO_TEST_CASE(display_size_and_image_slides) {
    // A small PNG, all red, and an image slide at 1280x720.
    std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)> png(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 40, 40), cairo_surface_destroy);
    {
        cairo_t* cr = cairo_create(png.get());
        cairo_set_source_rgb(cr, 1, 0, 0);
        cairo_paint(cr);
        cairo_destroy(cr);
    }
    cairo_surface_write_to_png(png.get(), (dir / "red.png").c_str());
    Slide s;
    s.template_name = "image";
    s.template_path = builtin_templates_dir() / "image.svg";
    s.duration = seconds(10);
    s.image = dir / "red.png";
    playlist->slides = {s};
    playlist->display = {1280, 720, 30};
    SlideRenderer r(playlist);
    Instant t = at("2026-11-30 10:00");
    std::string error;
    SlideFrame f = r.render(r.key_at(t), t, &error);
    BOOST_TEST(error.empty(), error);
    BOOST_TEST(f.width == 1280);
    BOOST_TEST(f.height == 720);
    Bgra centre = pixel(f, 640, 394); // the image box's centre, scaled by 2/3
    BOOST_TEST(int(centre.r) == 255);
    BOOST_TEST(int(centre.g) == 0);
    BOOST_TEST(int(centre.b) == 0);
    Bgra side = pixel(f, 100, 394); // left of the (square) picture: background
    BOOST_TEST(int(side.r) == 0x0b);
}

bool gold(Bgra p) {
    return p.r > 200 && p.g > 140 && p.b < 60;
}

/// The screen never shows error text: a slide that cannot be drawn shows the office slide
/// (header, name, clock: what shows when nothing may), byte for byte, and the caller gets
/// the reason for the as-run row.
BOOST_AUTO_TEST_CASE(a_slide_that_cannot_be_drawn_shows_the_office_slide) {
    std::ofstream(dir / "own.svg") << "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n"
                                      "<!ENTITY a \"aaaaaaaa\">]>\n<svg/>\n";
    std::ofstream(dir / "anim.png") << "GIF89a\x01\x00\x01\x00\x80\x00\x00";
    std::ofstream(dir / "far.svg")
        << "<svg xmlns=\"http://www.w3.org/2000/svg\" "
           "xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"
           "  <image xlink:href=\"file:///etc/passwd\" width=\"9\" height=\"9\"/>\n</svg>\n";
    Slide own;
    own.template_name = "own.svg";
    own.builtin = false;
    own.template_path = dir / "own.svg";
    own.duration = seconds(10);
    Slide gif;
    gif.template_name = "image";
    gif.template_path = builtin_templates_dir() / "image.svg";
    gif.duration = seconds(10);
    gif.image = dir / "anim.png";
    Slide far = gif;
    far.image = dir / "far.svg";
    Instant t = at("2026-11-30 10:00");
    struct Case {
        Slide slide;
        std::string reason;
    };
    std::vector<Case> cases = {
        {own, "own.svg:3:1: entity declarations (<!ENTITY) are not allowed in a template"},
        {gif, "anim.png is a GIF picture; save it as PNG or JPEG (TSR shows PNG, JPEG and SVG)"},
        {far, "far.svg:2:3: external reference \"file:///etc/passwd\": embed the image "
              "(Inkscape: Extensions > Images > Embed Images) or use #ids"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.slide.template_name) {
            playlist->slides = {c.slide};
            SlideRenderer r(playlist);
            SlideContentKey key = r.key_at(t);
            BOOST_TEST(key.slide == 0);
            std::string error = "stale";
            SlideFrame f = r.render(key, t, &error);
            BOOST_TEST(error == c.reason);
            BOOST_TEST(f.width == 1920);
            BOOST_TEST(f.height == 1080);
            // The built-in header (#12305a), the office's name as the title, the clock in gold.
            Bgra header = pixel(f, 5, 5);
            BOOST_TEST(int(header.r) == 0x12);
            BOOST_TEST(int(header.g) == 0x30);
            BOOST_TEST(int(header.b) == 0x5a);
            BOOST_TEST(count_pixels(f, 60, 200, 1860, 280, whitish) > 1000);
            BOOST_TEST(count_pixels(f, 1360, 20, 1860, 150, gold) > 1000);
            // Nothing below the title: no message.
            BOOST_TEST(count_pixels(f, 0, 300, 1920, 1000, whitish) == 0);
            // Exactly what shows when no slide may show.
            SlideContentKey none;
            none.minute = key.minute;
            std::string none_error = "stale";
            SlideFrame office = r.render(none, t, &none_error);
            BOOST_TEST(none_error.empty());
            BOOST_TEST((office.bgra == f.bgra));
        }
    }
}

BOOST_AUTO_TEST_CASE(last_resort_frame_has_name_and_clock_only) {
    SlideFrame f = fallback_frame(640, 360, "Dinas Sosial", "10.00 WIB");
    BOOST_TEST(f.width == 640);
    BOOST_TEST(f.height == 360);
    BOOST_TEST(int(pixel(f, 5, 5).b) == 0x3a);
    int name = count_pixels(f, 0, 130, 640, 160, whitish);
    int clock = count_pixels(f, 0, 160, 640, 220, whitish);
    BOOST_TEST(name > 100);
    BOOST_TEST(clock > 100);
    BOOST_TEST(count_pixels(f, 0, 0, 640, 120, whitish) == 0);
    BOOST_TEST(count_pixels(f, 0, 230, 640, 360, whitish) == 0);
}

BOOST_AUTO_TEST_CASE(ticker_messages_and_strip) {
    Instant t = at("2026-11-30 09:10");
    auto messages = ticker_messages(*playlist, t);
    BOOST_TEST(messages == std::vector<std::string>({"Pelayanan buka Senin-Jumat", "Baris satu",
                                                     "Baris dua",
                                                     "09.00 Rapat Internal Tim Efektif, Aula"}),
               boost::test_tools::per_element());
    // After the meeting has ended, the agenda part is gone.
    BOOST_TEST(ticker_messages(*playlist, at("2026-11-30 11:00")).size() == 3u);

    TickerStrip strip = layout_ticker(*playlist, t, 1920);
    BOOST_TEST(strip.height == 1080 / 14);
    BOOST_TEST(strip.width >= 1920);
    BOOST_TEST(strip.width < 4000);
    // Each row: the loop, then a tail repeating its first display width of columns, so that
    // any window is contiguous.
    BOOST_TEST(strip.tail == 1920);
    BOOST_TEST(strip.stride == (strip.width + strip.tail) * 4);
    BOOST_TEST_REQUIRE(strip.bgra.size() == static_cast<size_t>(strip.stride * strip.height));
    for (int y = 0; y < strip.height; y += 7)
        BOOST_TEST(std::memcmp(strip.bgra.data() + y * strip.stride,
                               strip.bgra.data() + y * strip.stride + strip.width * 4,
                               std::size_t(strip.tail) * 4) == 0);
    SlideFrame f{strip.width, strip.height, strip.stride, strip.bgra};
    BOOST_TEST(count_pixels(f, 0, 0, strip.width, strip.height, whitish) > 3000);
    Bgra band = pixel(f, 1, strip.height - 2);
    BOOST_TEST(int(band.a) == 255);
    BOOST_TEST(int(band.r) < 40);

    // Nothing to say: a plain band as wide as the display.
    playlist->ticker = {};
    TickerStrip empty = layout_ticker(*playlist, t, 1280);
    BOOST_TEST(empty.width == 1280);
    SlideFrame e{empty.width, empty.height, empty.stride, empty.bgra};
    BOOST_TEST(count_pixels(e, 0, 0, empty.width, empty.height, whitish) == 0);

    // A short text repeats until it covers the display; a long one gets a strip wider than
    // cairo's 32767 px limit.
    playlist->ticker.messages = {"Hi"};
    TickerStrip shortest = layout_ticker(*playlist, t, 1920);
    BOOST_TEST(shortest.width >= 1920);
    playlist->ticker.messages = {std::string(4000, 'M')};
    TickerStrip longest = layout_ticker(*playlist, t, 1920);
    BOOST_TEST(longest.width > 40000);
    SlideFrame l{longest.width, longest.height, longest.stride, longest.bgra};
    BOOST_TEST(count_pixels(l, longest.width - 9000, 0, longest.width - 8000, longest.height,
                            whitish) > 100);
}

BOOST_AUTO_TEST_SUITE_END()
