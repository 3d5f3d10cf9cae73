#include "render/ticker_strip.hpp"

#include "render/words.hpp"
#include "schedule.hpp"

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

namespace tsr {

namespace {

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && g_ascii_isspace(s[b]))
        ++b;
    while (e > b && g_ascii_isspace(s[e - 1]))
        --e;
    return s.substr(b, e - b);
}

constexpr double band_r = 0x06 / 255.0, band_g = 0x12 / 255.0, band_b = 0x24 / 255.0;

} // namespace

int ticker_height(int display_height) {
    return std::max(24, display_height / 14);
}

std::vector<std::string> ticker_messages(const Playlist& p, Instant t) {
    std::vector<std::string> out;
    for (const auto& m : p.ticker.messages)
        if (!trim(m).empty()) out.push_back(trim(m));
    // Read and decoded at load (engine/ticker_file.hpp): never from disk here, on the
    // streaming thread, once a second.
    for (const auto& line : p.ticker.file_lines)
        out.push_back(line);
    if (p.ticker.agenda) {
        const std::string& lang = p.office.language;
        for (const Occurrence& o : occurrences_on_day(p, t)) {
            Instant last = o.end ? *o.end : o.anchor();
            if (last < t) continue;
            std::string when =
                o.start
                    ? earlier_start_day(lang, local_date(p.zone, *o.start), local_date(p.zone, t)) +
                          format_time_of_day(lang, local_time_of_day(p.zone, *o.start))
                    : std::string(lang == "en" ? "by " : "s.d. ") +
                          format_time_of_day(lang, local_time_of_day(p.zone, *o.deadline));
            std::string m = when + " " + o.activity->title;
            if (!o.activity->place.empty()) m += ", " + o.activity->place;
            out.push_back(m);
        }
    }
    return out;
}

TickerStrip layout_ticker(const Playlist& p, Instant t, int display_width) {
    return layout_ticker(p, ticker_messages(p, t), display_width);
}

TickerStrip layout_ticker(const Playlist& p, const std::vector<std::string>& messages,
                          int display_width) {
    display_width = std::clamp(display_width, 16, 8192);
    TickerStrip strip;
    strip.height = ticker_height(p.display.height);
    std::string loop;
    for (const auto& m : messages)
        loop += m + ticker_separator;

    // Measure with a scratch surface, then draw into the strip's own buffer.
    std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)> scratch(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1), cairo_surface_destroy);
    std::unique_ptr<cairo_t, void (*)(cairo_t*)> mcr(cairo_create(scratch.get()), cairo_destroy);
    std::unique_ptr<PangoLayout, void (*)(gpointer)> layout(pango_cairo_create_layout(mcr.get()),
                                                            g_object_unref);
    PangoFontDescription* d = pango_font_description_from_string("DejaVu Sans Bold");
    pango_font_description_set_absolute_size(d, strip.height * 0.5 * PANGO_SCALE);
    pango_layout_set_font_description(layout.get(), d);
    pango_font_description_free(d);

    int loop_w = 0, text_h = 0;
    if (!loop.empty()) {
        pango_layout_set_text(layout.get(), loop.c_str(), static_cast<int>(loop.size()));
        PangoRectangle logical;
        pango_layout_get_extents(layout.get(), nullptr, &logical);
        double w = std::ceil(static_cast<double>(logical.width) / PANGO_SCALE);
        if (w > max_ticker_width - 64) {
            // Too long for one strip: cut, keeping the end separator.
            pango_layout_set_width(layout.get(), (max_ticker_width - 256) * PANGO_SCALE);
            pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
            pango_layout_get_extents(layout.get(), nullptr, &logical);
            w = std::ceil(static_cast<double>(logical.width) / PANGO_SCALE) +
                std::ceil(strip.height * 0.5);
        }
        loop_w = std::max(1, static_cast<int>(w));
        text_h = logical.height / PANGO_SCALE;
    }
    int copies = loop_w > 0 ? std::max(1, (display_width + loop_w - 1) / loop_w) : 0;
    strip.width = loop_w > 0 ? loop_w * copies : display_width;
    strip.tail = display_width;
    strip.stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, strip.width + strip.tail);
    strip.bgra.assign(static_cast<size_t>(strip.stride) * static_cast<size_t>(strip.height), 0);

    // Cairo surfaces are at most 32767 px wide: draw in chunks that share the strip's stride.
    constexpr int chunk = 8192;
    for (int x0 = 0; x0 < strip.width; x0 += chunk) {
        int cw = std::min(chunk, strip.width - x0);
        std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)> surface(
            cairo_image_surface_create_for_data(strip.bgra.data() + static_cast<size_t>(x0) * 4,
                                                CAIRO_FORMAT_ARGB32, cw, strip.height,
                                                strip.stride),
            cairo_surface_destroy);
        std::unique_ptr<cairo_t, void (*)(cairo_t*)> cr(cairo_create(surface.get()), cairo_destroy);
        cairo_set_source_rgb(cr.get(), band_r, band_g, band_b);
        cairo_paint(cr.get());
        cairo_rectangle(cr.get(), 0, 0, cw, std::max(2, strip.height / 24));
        cairo_set_source_rgb(cr.get(), 0xf5 / 255.0, 0xb3 / 255.0, 0x01 / 255.0);
        cairo_fill(cr.get());
        if (loop_w == 0) continue;
        cairo_set_source_rgb(cr.get(), 1, 1, 1);
        for (int c = 0; c < copies; ++c) {
            int x = c * loop_w - x0;
            if (x + loop_w < 0 || x > cw) continue;
            cairo_move_to(cr.get(), x, (strip.height - text_h) / 2.0);
            pango_cairo_show_layout(cr.get(), layout.get());
        }
        cairo_surface_flush(surface.get());
    }
    for (int y = 0; y < strip.height; ++y) {
        std::uint8_t* row = strip.bgra.data() + static_cast<size_t>(y) * strip.stride;
        std::memcpy(row + static_cast<size_t>(strip.width) * 4, row,
                    static_cast<size_t>(strip.tail) * 4);
    }
    return strip;
}

} // namespace tsr
