// The built-in templates are read from the back of a hall: no text under 3% of the screen
// height (32 px at 1080), measured on the slides as filled and fitted for a busy day with
// long names; the current agenda row stands out; nothing covers today's date on the month
// view.
#include "playlist_loader.hpp"
#include "render/slide_renderer.hpp"
#include "schedule.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <cctype>
#include <cmath>

using namespace tsr;
using namespace tsr::test;
using namespace std::chrono;

namespace {

const char* const kBusyDay = R"(
[office]
name = "Dinas Sosial Kota Tanjungbalai Bidang Rehabilitasi dan Perlindungan Jaminan Sosial"
timezone = "Asia/Jakarta"

[[activity]]
id = "rapat"
title = "Rapat Koordinasi Penyaluran Bantuan Sosial Tunai dan Program Keluarga Harapan"
start = 2026-11-30T09:00:00
end = 2026-11-30T10:30:00
place = "Aula Lantai Dua Gedung Pelayanan Terpadu Satu Pintu"
pic = "Dra. Hj. Evi Fitriani Siregar, M.Si., Kepala Bidang Rehabilitasi Sosial"
reminders = [{ before = "15m", audio = "audio/rapat.m4a" }]

[[activity]]
id = "verifikasi"
title = "Verifikasi Data Terpadu Kesejahteraan Sosial Kelurahan Sei Raja dan Sekitarnya"
start = 2026-11-30T10:30:00
end = 2026-11-30T12:00:00
place = "Ruang Rapat Kecil Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin"
pic = "Muhammad Rizky Pratama Harahap, S.Kom., Operator SIKS-NG"

[[activity]]
id = "laporan"
title = "Laporan Pertanggungjawaban Keuangan Triwulan Keempat Tahun Anggaran 2026"
deadline = 2026-12-03T16:00:00
pic = "Sub Bagian Keuangan dan Perencanaan Program Dinas Sosial Kota"
progress = 40

[[activity]]
id = "spj"
title = "SPJ"
deadline = 2026-11-27T16:00:00
progress = 10

[[slide]]
template = "agenda"
duration = "10s"
title = "Agenda Kegiatan Hari Ini di Lingkungan Dinas Sosial Kota Tanjungbalai"

[[slide]]
template = "deadlines"
duration = "10s"
title = "Tenggat Waktu"

[[slide]]
template = "timeline"
duration = "10s"
title = "Jadwal Bulan Ini"

[[slide]]
template = "info"
duration = "10s"
title = "Persyaratan Pengurusan Surat Keterangan Tidak Mampu untuk Berobat dan Sekolah"
text = "Bawa KTP dan Kartu Keluarga asli beserta fotokopinya, surat pengantar dari kelurahan, dan pas foto ukuran tiga kali empat sebanyak dua lembar. Pelayanan tidak dipungut biaya apa pun. Laporkan pungutan liar kepada petugas pengaduan di loket satu."
)";

struct Busy {
    TempPlaylist t;
    std::shared_ptr<Playlist> playlist;
    Busy() {
        t.playlist(kBusyDay);
        LoadResult r = load_playlist(t.dir(), LoadOptions{std::nullopt, false});
        std::string problems;
        for (const Diagnostic& d : r.diagnostics.all())
            problems += format_diagnostic(d) + "\n";
        BOOST_TEST_REQUIRE(r.playlist.get() != nullptr, problems);
        playlist = std::make_shared<Playlist>(*r.playlist);
        playlist->activities.at(0).reminders.at(0).audio_length = seconds(20);
    }
    Instant at(const char* local) const { return *parse_local_datetime(playlist->zone, local); }
};

/// Every font size the SVG sets, in px: font-size="N" attributes and font-size:Npx styles.
std::vector<double> font_sizes(const std::string& svg) {
    std::vector<double> out;
    const std::string name = "font-size";
    for (std::size_t i = svg.find(name); i != std::string::npos; i = svg.find(name, i + 1)) {
        std::size_t v = i + name.size();
        if (v < svg.size() && svg[v] == '=')
            v += 2; // ="
        else if (v < svg.size() && svg[v] == ':')
            v += 1;
        else
            continue;
        std::size_t end = v;
        while (end < svg.size() &&
               (std::isdigit(static_cast<unsigned char>(svg[end])) || svg[end] == '.'))
            ++end;
        if (end > v) out.push_back(std::stod(svg.substr(v, end - v)));
    }
    return out;
}

struct Bgr {
    int b, g, r;
};
Bgr pixel(const SlideFrame& f, int x, int y) {
    const std::uint8_t* p = &f.bgra[static_cast<std::size_t>(y * f.stride + x * 4)];
    return {p[0], p[1], p[2]};
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(template_text_sizes, Busy)

BOOST_AUTO_TEST_CASE(no_text_under_3_percent_of_the_height) {
    SlideRenderer r(playlist);
    const double least = 0.0296 * 1080; // 32 px
    struct Shown {
        const char* what;
        SlideContentKey key;
        Instant t;
    };
    std::vector<Shown> shown;
    for (std::size_t slide = 0; slide < playlist->slides.size(); ++slide) {
        Instant t = at("2026-11-30 09:10:05");
        SlideContentKey k = r.key_at(t);
        k.slide = int(slide);
        k.reminder_id.clear();
        shown.push_back({playlist->slides[slide].template_name.c_str(), k, t});
    }
    Instant during = at("2026-11-30 08:45:03"); // the reminder's slide
    SlideContentKey rk = r.key_at(during);
    BOOST_REQUIRE(!rk.reminder_id.empty());
    shown.push_back({"reminder", rk, during});
    for (const Shown& s : shown) {
        std::string svg = r.filled_svg(s.key, s.t);
        std::vector<double> sizes = font_sizes(svg);
        BOOST_TEST(sizes.size() >= 3u, s.what);
        for (double px : sizes)
            BOOST_TEST(px >= least, s.what << ": a text of " << px << " px");
    }
}

BOOST_AUTO_TEST_CASE(the_current_agenda_row_stands_out) {
    SlideRenderer r(playlist);
    Instant t = at("2026-11-30 09:10:05"); // the first meeting runs, the second is ahead
    SlideContentKey k = r.key_at(t);
    k.slide = 0;
    k.reminder_id.clear();
    std::string svg = r.filled_svg(k, t);
    SlideFrame f = r.render(k, t);
    BOOST_REQUIRE(f.height == 1080);
    // Row backgrounds, above their text: row 1 at y 300..408, row 2 at 418..526.
    Bgr now = pixel(f, 1500, 306), next = pixel(f, 1500, 424);
    // Amber over navy, clearly: red well above blue (it was 17 with the old 22% fill).
    BOOST_TEST(now.r - now.b >= 50, "now row " << now.r << "," << now.g << "," << now.b);
    BOOST_TEST(next.r - next.b < 0, "next row " << next.r << "," << next.g << "," << next.b);
    // The outline: the row's edge is amber itself.
    Bgr edge = pixel(f, 1000, 301);
    BOOST_TEST(edge.r > 200);
    BOOST_TEST(edge.b < 60);
}

BOOST_AUTO_TEST_CASE(nothing_covers_todays_date_on_the_month_view) {
    playlist->display.overdue = Overdue::show; // red marks too: none may reach the dates
    SlideRenderer r(playlist);
    Instant t = at("2026-11-30 09:10:05");
    SlideContentKey k = r.key_at(t);
    k.slide = 2;
    k.reminder_id.clear();
    std::string svg = r.filled_svg(k, t);
    BOOST_TEST_REQUIRE(svg.find(">30<") != std::string::npos);
    // The calendar group is at y 292; its day numbers fill its first 56 px (292..348).
    SlideFrame f = r.render(k, t);
    // Today's column: the label column is 22% of 1800 px, then 30 days of 1404/30 px.
    const double cell = (1800 - std::round(1800 * 0.22)) / 30.0;
    const int x0 = int(60 + std::round(1800 * 0.22) + 29 * cell), x1 = int(x0 + cell);
    int red = 0;
    for (int y = 292; y < 292 + 53; ++y)
        for (int x = x0; x < x1; ++x) {
            Bgr p = pixel(f, x, y);
            red += p.r > 200 && p.g < 130 && p.b < 130;
        }
    BOOST_TEST(red == 0);
    // ... and the now line is there, below the dates.
    int below = 0;
    for (int x = x0; x < x1; ++x) {
        Bgr p = pixel(f, x, 292 + 200);
        below += p.r > 200 && p.g < 130 && p.b < 130;
    }
    BOOST_TEST(below > 0);
}

BOOST_AUTO_TEST_SUITE_END()
