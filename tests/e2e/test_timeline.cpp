// `tsr timeline` on the demo playlist: a week that matches what the playlist says; what it
// lists by default; and the field cases the timeline, `render` and `record` must agree on (a
// night shift across midnight, the reminder slide of a short clip).
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <cairo.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

using namespace tsr::test;

namespace {

std::string demo() {
    return (source_root() / "playlists/demo").string();
}

std::vector<std::string> timeline(const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {tsr_exe(), "timeline", demo()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    RunResult r = run(argv);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    return lines(r.out);
}

bool has(const std::vector<std::string>& list, const std::string& line) {
    return std::find(list.begin(), list.end(), line) != list.end();
}

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The slide area of a rendered PNG (the rows above the ticker band), as bytes.
std::string slide_pixels(const std::filesystem::path& png, int ticker_rows) {
    cairo_surface_t* s = cairo_image_surface_create_from_png(png.c_str());
    BOOST_REQUIRE(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
    int h = cairo_image_surface_get_height(s), stride = cairo_image_surface_get_stride(s);
    const char* data = reinterpret_cast<const char*>(cairo_image_surface_get_data(s));
    std::string out(data, data + std::size_t(stride) * std::size_t(h - ticker_rows));
    cairo_surface_destroy(s);
    return out;
}

// 320x180 at 10 fps: the ticker band is the bottom 24 rows.
const std::string kSmall = "[office]\nname = \"Kantor Uji\"\ntimezone = \"Asia/Jakarta\"\n"
                           "[display]\nwidth = 320\nheight = 180\nframerate = 10\n";

} // namespace

BOOST_AUTO_TEST_SUITE(timeline_cmd)

// Mon 30 Nov .. Sun 6 Dec 2026, reminders only.
BOOST_AUTO_TEST_CASE(a_week_of_reminders_matches_the_playlist) {
    auto week = timeline({"--from", "2026-11-30 00:00", "--days", "7", "--kind", "reminder"});
    // apel-pagi: 2 a weekday x 5; rapat-tim: 2 x (Mon, Thu); bansos: 1 (Wed); dtks: 5;
    // pelayanan-tutup: 5; laporan-bulanan: 1d-before (Fri 4th) + 2h (Sat 5th); spj: none.
    BOOST_TEST(week.size() == 10u + 4u + 1u + 5u + 5u + 2u);
    BOOST_TEST(
        has(week, "2026-11-30 07:20:00  reminder  apel-pagi  Apel Pagi  (apel-10-menit.m4a)"));
    BOOST_TEST(
        has(week,
            "2026-11-30 08:45:00  reminder  rapat-tim  Rapat Internal Tim  (rapat-15-menit.m4a)"));
    BOOST_TEST(has(
        week, "2026-12-03 09:00:00  reminder  rapat-tim  Rapat Internal Tim  (rapat-mulai.m4a)"));
    BOOST_TEST(has(week, "2026-12-04 08:00:00  reminder  laporan-bulanan  Laporan Bulanan Kegiatan "
                         " (laporan-besok.m4a)"));
    BOOST_TEST(has(week, "2026-12-05 14:00:00  reminder  laporan-bulanan  Laporan Bulanan Kegiatan "
                         " (laporan-2-jam.m4a)"));
    for (const std::string& l : week) {
        // No weekday activity reminds on the weekend.
        bool weekend = l.rfind("2026-12-05", 0) == 0 || l.rfind("2026-12-06", 0) == 0;
        if (weekend) BOOST_TEST(l.find("laporan-bulanan") != std::string::npos, l);
    }
    BOOST_TEST(std::is_sorted(week.begin(), week.end()));
}

BOOST_AUTO_TEST_CASE(slides_rotate_in_order) {
    auto slides =
        timeline({"--from", "2026-11-30 09:00", "--to", "2026-11-30 09:02", "--kind", "slide"});
    BOOST_REQUIRE(slides.size() >= 6u);
    std::regex row(
        R"(^2026-11-30 09:0[01]:\d\d  slide     slide-[1-5]  .+  \((agenda|deadlines|timeline|info)\)$)");
    for (const std::string& l : slides)
        BOOST_TEST(std::regex_match(l, row), l);
}

BOOST_AUTO_TEST_CASE(json_is_one_array_of_events) {
    RunResult r = run({tsr_exe(), "timeline", demo(), "--from", "2026-11-30 08:40", "--to",
                       "2026-11-30 08:50", "--json", "--kind", "reminder"});
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out == "[\n  {\"time\": \"2026-11-30T08:45:00+07:00\", \"kind\": \"reminder\", "
                        "\"id\": \"rapat-tim\", \"title\": \"Rapat Internal Tim\", \"audio\": "
                        "\"audio/rapat-15-menit.m4a\"}\n]\n");
    RunResult empty = run({tsr_exe(), "timeline", demo(), "--from", "2026-11-28 22:00", "--to",
                           "2026-11-28 23:00", "--json", "--kind", "reminder"});
    BOOST_TEST(empty.out == "[]\n");
}

BOOST_AUTO_TEST_CASE(by_default_what_people_plan_by_and_slides_when_asked) {
    // A week: 27 reminders, 25 starts, 1 deadline; no slide changes (39 280 of them).
    auto week = timeline({"--from", "2026-11-30 00:00", "--days", "7"});
    auto planned = timeline(
        {"--from", "2026-11-30 00:00", "--days", "7", "--kind", "reminder,start,deadline"});
    BOOST_TEST(week == planned, boost::test_tools::per_element());
    BOOST_TEST(week.size() == 27u + 25u + 1u);
    for (const std::string& l : week)
        BOOST_TEST(l.substr(21, 9) != "slide    ", l);
    BOOST_TEST(has(week, "2026-11-30 09:00:00  start     rapat-tim  Rapat Internal Tim  (Aula)"));
    BOOST_TEST(
        has(week, "2026-12-05 16:00:00  deadline  laporan-bulanan  Laporan Bulanan Kegiatan"));
    RunResult json =
        run({tsr_exe(), "timeline", demo(), "--from", "2026-11-30 00:00", "--days", "7", "--json"});
    BOOST_TEST(json.status == 0);
    BOOST_TEST(json.out.find("\"kind\": \"slide\"") == std::string::npos);
    BOOST_TEST(json.out.find("\"kind\": \"deadline\"") != std::string::npos);
    auto slides = timeline({"--from", "2026-11-30 00:00", "--days", "1", "--kind", "slide"});
    BOOST_TEST(slides.size() > 5000u);
    BOOST_TEST(slides[0].substr(0, 30) == "2026-11-30 00:00:00  slide    ");
    // The usage says what the default is.
    RunResult bad = run({tsr_exe(), "timeline", demo(), "--kind", "slides"});
    BOOST_TEST(bad.status == 2);
    // The demo says language = "id": its messages are Indonesian.
    BOOST_TEST(bad.err == "tsr timeline: --kind: \"slides\" bukan jenis yang dikenal\n"
                          "cara pakai: tsr timeline "
                          "PLAYLIST [--from WAKTU] [--to WAKTU | --days N] [--json] "
                          "[--kind slide,reminder,start,deadline] (jenis bawaan: "
                          "reminder,start,deadline)\n");
}

BOOST_AUTO_TEST_CASE(a_night_shift_is_listed_and_shown_after_midnight) {
    TempPlaylist t;
    t.tone("audio/jaga.m4a", 440, 0.3);
    t.playlist(kSmall + "[ticker]\nagenda = true\n"
                        "[[slide]]\ntemplate = \"agenda\"\nduration = \"10s\"\n"
                        "[[activity]]\nid = \"jaga\"\ntitle = \"Jaga Malam\"\nrepeat = \"daily\"\n"
                        "start = 22:00:00\nend = 02:00:00\nplace = \"Pos\"\n"
                        "reminders = [ { before = \"10m\", audio = \"audio/jaga.m4a\" } ]\n");
    RunResult check = run({tsr_exe(), "check", t.dir().string()});
    BOOST_TEST(check.status == 0, check.err);
    RunResult tl =
        run({tsr_exe(), "timeline", t.dir().string(), "--from", "2026-11-30 12:00", "--days", "1"});
    BOOST_TEST(tl.status == 0, tl.err);
    BOOST_TEST(tl.out == "2026-11-30 21:50:00  reminder  jaga  Jaga Malam  (jaga.m4a)\n"
                         "2026-11-30 22:00:00  start     jaga  Jaga Malam  (Pos)\n");
    // The agenda slide after midnight still shows the shift under way: the screen at 00:30
    // differs from the one at 02:30, when only tonight's shift is on the agenda.
    auto at_night = t.dir() / "night.png", later = t.dir() / "later.png";
    BOOST_TEST(run({tsr_exe(), "render", t.dir().string(), "--at", "2026-12-01 00:30", "-o",
                    at_night.string(), "--quiet"})
                   .status == 0);
    BOOST_TEST(run({tsr_exe(), "render", t.dir().string(), "--at", "2026-12-01 02:30", "-o",
                    later.string(), "--quiet"})
                   .status == 0);
    BOOST_TEST(slide_pixels(at_night, 24) != slide_pixels(later, 24));
}

BOOST_AUTO_TEST_CASE(the_reminder_slide_of_a_short_clip_stays_up_in_render_and_record) {
    TempPlaylist t;
    t.tone("audio/rapat.m4a", 440, 0.2);
    t.playlist(kSmall +
               "[[slide]]\ntemplate = \"info\"\nduration = \"2s\"\ntitle = \"Satu\"\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"3s\"\ntitle = \"Dua\"\n"
               "[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
               "reminders = [ { before = \"0m\", audio = \"audio/rapat.m4a\", chime = false } ]\n");
    // render --at: the reminder slide from 09:00:00 to 09:00:08 (the 8 s default minimum; its
    // sound lasts 0.2 s), then the rotation: "Dua" at 09:00:08 (32408 mod 5 = 3) as at 09:00:13.
    auto png = [&](const char* when) {
        auto f = t.dir() / (std::string(when).substr(11) + ".png");
        RunResult r =
            run({tsr_exe(), "render", t.dir().string(), "--at", when, "-o", f.string(), "--quiet"});
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        return slide_pixels(f, 24);
    };
    std::string reminder = png("2026-11-30 09:00:01");
    BOOST_TEST(png("2026-11-30 09:00:07.9") == reminder);
    std::string rotation = png("2026-11-30 09:00:08");
    BOOST_TEST(rotation != reminder);
    BOOST_TEST(rotation == png("2026-11-30 09:00:13"));
    // record: what reached the screen. The rotation's changes under the reminder slide were
    // never seen; "Dua" (due 09:00:07) shows when the reminder slide gives way, at 09:00:08.
    auto asrun = t.dir() / "asrun.csv";
    RunResult r = run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 08:59:59",
                       "--duration", "12s", "-o", "null", "--asrun", asrun.string(), "--quiet"});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    std::vector<std::string> slides;
    for (const std::string& row : lines(read_text(asrun)))
        if (row.find(",slide,") != std::string::npos && row.find("on screen") == std::string::npos)
            slides.push_back(row);
    std::vector<std::string> expect = {
        "2026-11-30T09:00:00+07:00,2026-11-30T09:00:00+07:00,slide,reminder-rapat,reminder: "
        "Rapat,played",
        "2026-11-30T09:00:07+07:00,2026-11-30T09:00:08+07:00,slide,slide-2,info: Dua,played",
        "2026-11-30T09:00:10+07:00,2026-11-30T09:00:10+07:00,slide,slide-1,info: Satu,played"};
    BOOST_TEST(slides == expect, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_command_lines_exit_2) {
    BOOST_TEST(run({tsr_exe(), "timeline", demo(), "--from", "besok"}).status == 2);
    BOOST_TEST(run({tsr_exe(), "timeline", demo(), "--days", "0"}).status == 2);
    BOOST_TEST(run({tsr_exe(), "timeline", demo(), "--days", "2", "--to", "2026-12-01"}).status ==
               2);
    BOOST_TEST(run({tsr_exe(), "timeline", demo(), "--kind", "lagu"}).status == 2);
}

BOOST_AUTO_TEST_CASE(a_window_of_a_century_is_refused_like_days_over_400) {
    RunResult r = run({tsr_exe(), "timeline", demo(), "--from", "2026-12-01 00:00", "--to",
                       "2126-12-01 00:00", "--kind", "slide"});
    BOOST_TEST(r.status == 2);
    BOOST_TEST(lines(r.err).at(0) == "tsr timeline: --to lebih dari 400 hari setelah --from");
}

BOOST_AUTO_TEST_SUITE_END()
