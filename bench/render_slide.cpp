// Time to render a slide: tsr::SlideRenderer::render (fill the template + librsvg to BGRA at
// the playlist's display size), the work tsrslidesrc does once per slide change, off the
// streaming thread. Also the ticker strip layout (once per message change).
//   render_slide PLAYLIST "YYYY-MM-DD HH:MM" [REPEATS] [--svg-out FILE]
// Prints, per slide of the rotation and for the reminder slide when one sounds in the first
// hour: the median and max wall ms of REPEATS renders (default 5). --svg-out writes the filled
// SVG of the slide showing at T (for the stock reference pipeline).
#include "civil_time.hpp"
#include "playlist_loader.hpp"
#include "render/slide_renderer.hpp"
#include "render/ticker_strip.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Stat {
    double median = 0, max = 0;
};

template <class F> Stat time_it(int repeats, F&& f) {
    std::vector<double> v;
    for (int i = 0; i < repeats; ++i) {
        auto t0 = Clock::now();
        f();
        v.push_back(ms_since(t0));
    }
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v.back()};
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> pos;
    std::string svg_out;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--svg-out" && i + 1 < argc)
            svg_out = argv[++i];
        else
            pos.push_back(a);
    }
    if (pos.size() < 2) {
        std::fprintf(
            stderr,
            "usage: render_slide PLAYLIST \"YYYY-MM-DD HH:MM\" [REPEATS] [--svg-out FILE]\n");
        return 2;
    }
    const int repeats = pos.size() > 2 ? std::max(1, std::atoi(pos[2].c_str())) : 5;

    auto t_load = Clock::now();
    tsr::LoadResult loaded = tsr::load_playlist(pos[0]);
    const double load_ms = ms_since(t_load);
    if (!loaded.playlist) {
        std::fprintf(stderr, "render_slide: %s does not load\n", pos[0].c_str());
        return 1;
    }
    const tsr::Playlist& p = *loaded.playlist;
    auto at = tsr::parse_local_datetime(p.zone, pos[1]);
    if (!at) {
        std::fprintf(stderr, "render_slide: \"%s\" is not a time\n", pos[1].c_str());
        return 2;
    }
    tsr::SlideRenderer renderer(loaded.playlist);
    std::printf("load_playlist_ms %.1f activities=%zu slides=%zu display=%dx%d\n", load_ms,
                p.activities.size(), p.slides.size(), p.display.width, p.display.height);

    if (!svg_out.empty()) {
        std::ofstream(svg_out) << renderer.filled_svg(renderer.key_at(*at), *at);
    }

    // Every slide of the rotation at T, then the first reminder slide within the hour.
    std::vector<tsr::SlideContentKey> keys;
    for (int i = 0; i < int(p.slides.size()); ++i) {
        tsr::SlideContentKey k = renderer.key_at(*at);
        k.reminder_id.clear();
        k.slide = i;
        k.page = 0;
        keys.push_back(k);
    }
    for (int s = 0; s < 3600; s += 5) {
        tsr::SlideContentKey k = renderer.key_at(*at + std::chrono::seconds(s));
        if (!k.reminder_id.empty()) {
            keys.push_back(k);
            break;
        }
    }
    double worst = 0, sum = 0;
    for (const auto& k : keys) {
        std::string error;
        Stat fill = time_it(repeats, [&] { (void)renderer.filled_svg(k, *at); });
        Stat st = time_it(repeats, [&] { (void)renderer.render(k, *at, &error); });
        std::string name = k.reminder_id.empty() ? renderer.template_for(k).stem().string()
                                                 : "reminder:" + k.reminder_id;
        std::printf("slide %-28s render_ms median=%.1f max=%.1f (template fill %.1f)%s%s\n",
                    name.c_str(), st.median, st.max, fill.median,
                    error.empty() ? "" : " ERROR: ", error.c_str());
        worst = std::max(worst, st.max);
        sum += st.median;
    }
    Stat ticker = time_it(repeats, [&] { (void)tsr::layout_ticker(p, *at, p.display.width); });
    std::printf("ticker_layout_ms median=%.1f max=%.1f\n", ticker.median, ticker.max);
    std::printf(
        "summary slide_render_ms_mean=%.1f slide_render_ms_max=%.1f ticker_layout_ms=%.1f\n",
        keys.empty() ? 0.0 : sum / double(keys.size()), worst, ticker.median);
    return 0;
}
