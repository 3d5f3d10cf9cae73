#include "render/document_render.hpp"
#include "i18n.hpp"

#include <cairo.h>
#include <poppler.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace tsr {

SlideFrame office_background(int width, int height) {
    SlideFrame f;
    f.width = width;
    f.height = height;
    f.stride = width * 4;
    // Premultiplied BGRA, opaque.
    const std::uint8_t px[4] = {std::uint8_t(std::lround(kOfficeBackground[2] * 255)),
                                std::uint8_t(std::lround(kOfficeBackground[1] * 255)),
                                std::uint8_t(std::lround(kOfficeBackground[0] * 255)), 255};
    f.bgra.resize(std::size_t(f.stride) * std::size_t(height));
    for (std::size_t i = 0; i < f.bgra.size(); i += 4)
        std::memcpy(&f.bgra[i], px, 4);
    return f;
}

SlideFrame render_document_page(const std::filesystem::path& pdf, int index, int width, int height,
                                int visible_height) {
    const int area = visible_height > 0 ? std::min(visible_height, height) : height;
    GError* err = nullptr;
    gchar* uri = g_filename_to_uri(pdf.c_str(), nullptr, &err);
    PopplerDocument* doc = uri ? poppler_document_new_from_file(uri, nullptr, &err) : nullptr;
    g_free(uri);
    if (!doc) {
        std::string why = i18n::format(_("%s cannot be opened (%s)"), pdf.filename().string(),
                                       err && err->message ? err->message : _("unknown error"));
        g_clear_error(&err);
        throw std::runtime_error(why);
    }
    PopplerPage* page = poppler_document_get_page(doc, index);
    if (!page) {
        g_object_unref(doc);
        throw std::runtime_error(
            i18n::format(_("%s has no page %s"), pdf.filename().string(), index + 1));
    }
    double pw = 0, ph = 0;
    poppler_page_get_size(page, &pw, &ph);

    SlideFrame f;
    f.width = width;
    f.height = height;
    f.stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, width);
    f.bgra.assign(std::size_t(f.stride) * std::size_t(height), 0);
    cairo_surface_t* surface = cairo_image_surface_create_for_data(
        f.bgra.data(), CAIRO_FORMAT_ARGB32, width, height, f.stride);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, kOfficeBackground[0], kOfficeBackground[1], kOfficeBackground[2]);
    cairo_paint(cr);
    if (pw > 0 && ph > 0) {
        const double scale = std::min(width / pw, area / ph);
        const double x = (width - pw * scale) / 2, y = (area - ph * scale) / 2;
        cairo_translate(cr, x, y);
        cairo_scale(cr, scale, scale);
        cairo_rectangle(cr, 0, 0, pw, ph);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill(cr);
        // Drawn at the display scale, not a rendered bitmap scaled up.
        poppler_page_render(page, cr);
    }
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    cairo_surface_destroy(surface);
    g_object_unref(page);
    g_object_unref(doc);
    return f;
}

} // namespace tsr
