#include "render/picture_check.hpp"
#include "i18n.hpp"

#include "playlist_files.hpp"
#include "render/svg_template.hpp"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <png.h>

#include <csetjmp>
#include <cstring>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <vector>

namespace tsr {

using namespace std::literals;

namespace {

bool starts(std::string_view b, std::string_view magic) {
    return b.substr(0, magic.size()) == magic;
}

unsigned be16(std::string_view b, size_t at) {
    return (unsigned(static_cast<unsigned char>(b[at])) << 8) |
           unsigned(static_cast<unsigned char>(b[at + 1]));
}

std::uint32_t be32(std::string_view b, size_t at) {
    return (std::uint32_t(be16(b, at)) << 16) | be16(b, at + 2);
}

/// The first byte that is not a space, after a UTF-8 byte-order mark.
char first_visible(std::string_view b) {
    if (starts(b, "\xEF\xBB\xBF")) b.remove_prefix(3);
    for (char c : b.substr(0, 4096))
        if (!g_ascii_isspace(c)) return c;
    return '\0';
}

bool looks_like_text(std::string_view b) {
    std::string_view head = b.substr(0, 512);
    return !head.empty() && std::all_of(head.begin(), head.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u >= 0x20 || c == '\n' || c == '\r' || c == '\t';
    });
}

/// Other picture formats people save by mistake, named so that the message says which.
const char* other_format(std::string_view b) {
    if (starts(b, "GIF87a") || starts(b, "GIF89a")) return "GIF";
    if (starts(b, "RIFF") && b.size() >= 12 && b.substr(8, 4) == "WEBP") return "WebP";
    if (starts(b, "BM")) return "BMP";
    if (starts(b, "II*\0"sv) || starts(b, "MM\0*"sv)) return "TIFF";
    if (b.size() >= 12 && b.substr(4, 4) == "ftyp") return "HEIC (iPhone)";
    if (starts(b, "%PDF")) return "PDF";
    return nullptr;
}

/// Width and height from a PNG's IHDR chunk (right after the signature).
std::optional<std::pair<std::uint32_t, std::uint32_t>> png_size(std::string_view b) {
    if (b.size() < 24 || b.substr(12, 4) != "IHDR") return std::nullopt;
    std::uint32_t w = be32(b, 16), h = be32(b, 20);
    if (w == 0 || h == 0) return std::nullopt;
    return std::pair{w, h};
}

/// Width and height from a JPEG's first SOFn segment: walks the marker segments from SOI.
std::optional<std::pair<std::uint32_t, std::uint32_t>> jpeg_size(std::string_view b) {
    size_t pos = 2; // after FF D8
    while (pos + 1 < b.size()) {
        if (static_cast<unsigned char>(b[pos]) != 0xFF) return std::nullopt;
        while (pos < b.size() && static_cast<unsigned char>(b[pos]) == 0xFF)
            ++pos; // fill bytes
        if (pos >= b.size()) return std::nullopt;
        unsigned marker = static_cast<unsigned char>(b[pos++]);
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
        if (marker == 0xD9 || marker == 0xDA) return std::nullopt; // image data before a size
        if (pos + 2 > b.size()) return std::nullopt;
        unsigned length = be16(b, pos);
        if (length < 2) return std::nullopt;
        bool sof =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            if (length < 7 || pos + 7 > b.size()) return std::nullopt;
            std::uint32_t h = be16(b, pos + 3), w = be16(b, pos + 5);
            if (w == 0 || h == 0) return std::nullopt;
            return std::pair{w, h};
        }
        pos += length;
    }
    return std::nullopt;
}

std::string scale_advice(int display_width, int display_height) {
    if (display_width <= 0 || display_height <= 0) return _("scale it down and save it again");
    return i18n::format(_("scale it down to about %s x %s (the screen's size) and save it again"),
                        display_width, display_height);
}

void check_size(PictureInfo& info, std::uint32_t w, std::uint32_t h, int display_width,
                int display_height) {
    info.width = static_cast<int>(std::min<std::uint32_t>(w, 1u << 30));
    info.height = static_cast<int>(std::min<std::uint32_t>(h, 1u << 30));
    std::string size = i18n::format(_("%s x %s pixels"), w, h);
    auto pixels = std::uint64_t(w) * h;
    if (w > std::uint32_t(max_picture_side) || h > std::uint32_t(max_picture_side))
        info.problems.push_back(
            {0, 0,
             i18n::format(_("is %s, more than %s a side; %s"), size, max_picture_side,
                          scale_advice(display_width, display_height))});
    else if (pixels > std::uint64_t(max_picture_pixels))
        info.problems.push_back(
            {0, 0,
             i18n::format(_("is %s (%s megapixels, more than %s); %s"), size,
                          (pixels + 500'000) / 1'000'000, max_picture_pixels / 1'000'000,
                          scale_advice(display_width, display_height))});
}

template <class T> using GPtr = std::unique_ptr<T, void (*)(gpointer)>;

std::string base64_uri(const char* mime, const void* data, size_t size) {
    gchar* b64 = g_base64_encode(static_cast<const guchar*>(data), size);
    std::string uri = std::string("data:") + mime + ";base64," + b64;
    g_free(b64);
    return uri;
}

struct Box {
    int width, height;
};

/// Asks the decoder for the picture at most box-sized (JPEG then decodes at 1/2, 1/4 or 1/8
/// of its size directly, which is where the memory is saved).
void on_size_prepared(GdkPixbufLoader* loader, int width, int height, gpointer data) {
    const Box& box = *static_cast<const Box*>(data);
    double scale = std::min({1.0, double(box.width) / width, double(box.height) / height});
    if (scale >= 1.0) return;
    gdk_pixbuf_loader_set_size(loader, std::max(1, int(std::lround(width * scale))),
                               std::max(1, int(std::lround(height * scale))));
}

/// A PNG shrunk while it is read, row by row (gdk-pixbuf's PNG loader builds the whole
/// picture first: 8000 x 6000 would cost 190 MB). Each output pixel is the average of the
/// source pixels that fall on it, colour weighted by alpha.
struct PngShrink {
    std::string_view data;
    size_t pos = 0;
    int width = 0, height = 0;            ///< output size
    std::vector<std::uint8_t> rgba;       ///< output, width * height * 4
    std::vector<std::uint8_t> row;        ///< one source row
    std::vector<std::uint64_t> sums;      ///< one output row: a*r, a*g, a*b, a, count
    std::vector<std::uint32_t> column_of; ///< source column -> output column
    char message[200] = "";
    bool interlaced = false;
};

void png_read_bytes(png_structp png, png_bytep out, png_size_t n) {
    auto* job = static_cast<PngShrink*>(png_get_io_ptr(png));
    if (job->pos + n > job->data.size()) png_error(png, _("the file is cut short"));
    std::memcpy(out, job->data.data() + job->pos, n);
    job->pos += n;
}

void png_fail(png_structp png, png_const_charp message) {
    auto* job = static_cast<PngShrink*>(png_get_error_ptr(png));
    g_strlcpy(job->message, message ? message : "damaged", sizeof job->message);
    png_longjmp(png, 1);
}

void png_ignore_warning(png_structp, png_const_charp) {}

void flush_output_row(PngShrink& job, int out_y) {
    std::uint8_t* out = job.rgba.data() + size_t(out_y) * size_t(job.width) * 4;
    for (int x = 0; x < job.width; ++x) {
        std::uint64_t* s = &job.sums[size_t(x) * 5];
        std::uint64_t count = std::max<std::uint64_t>(1, s[4]);
        for (int c = 0; c < 3; ++c)
            out[x * 4 + c] = s[3] ? std::uint8_t(s[c] / s[3]) : 0;
        out[x * 4 + 3] = std::uint8_t(s[3] / count);
    }
    std::fill(job.sums.begin(), job.sums.end(), 0);
}

/// Only plain C in here: libpng leaves by longjmp on an error. Returns false with
/// job.message set (or job.interlaced: the caller decodes it another way).
bool shrink_png(PngShrink& job, int box_width, int box_height) {
    png_structp png =
        png_create_read_struct(PNG_LIBPNG_VER_STRING, &job, png_fail, png_ignore_warning);
    if (!png) return false;
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
        return false;
    }
    png_set_read_fn(png, &job, png_read_bytes);
    png_set_user_limits(png, max_picture_side, max_picture_side);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if (png_get_interlace_type(png, info) != PNG_INTERLACE_NONE) {
        job.interlaced = true;
        png_destroy_read_struct(&png, &info, nullptr);
        return false;
    }
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_read_update_info(png, info);
    double scale = std::min({1.0, double(box_width) / w, double(box_height) / h});
    job.width = std::max(1, int(std::lround(w * scale)));
    job.height = std::max(1, int(std::lround(h * scale)));
    job.rgba.assign(size_t(job.width) * size_t(job.height) * 4, 0);
    job.row.assign(size_t(w) * 4, 0);
    job.sums.assign(size_t(job.width) * 5, 0);
    job.column_of.resize(w);
    for (png_uint_32 x = 0; x < w; ++x)
        job.column_of[x] = std::uint32_t(std::min<std::uint64_t>(
            std::uint64_t(x) * std::uint64_t(job.width) / w, std::uint64_t(job.width - 1)));
    int current = 0;
    for (png_uint_32 y = 0; y < h; ++y) {
        png_read_row(png, job.row.data(), nullptr);
        int out_y = int(std::min<std::uint64_t>(std::uint64_t(y) * std::uint64_t(job.height) / h,
                                                std::uint64_t(job.height - 1)));
        if (out_y != current) {
            flush_output_row(job, current);
            current = out_y;
        }
        const std::uint8_t* px = job.row.data();
        for (png_uint_32 x = 0; x < w; ++x, px += 4) {
            std::uint64_t* s = &job.sums[size_t(job.column_of[x]) * 5];
            s[0] += std::uint64_t(px[0]) * px[3];
            s[1] += std::uint64_t(px[1]) * px[3];
            s[2] += std::uint64_t(px[2]) * px[3];
            s[3] += px[3];
            s[4] += 1;
        }
    }
    flush_output_row(job, current);
    png_destroy_read_struct(&png, &info, nullptr);
    return true;
}

} // namespace

PictureInfo check_picture_bytes(std::string_view bytes, bool named_svg, int display_width,
                                int display_height) {
    PictureInfo info;
    if (starts(bytes, "\x89PNG\r\n\x1a\n")) {
        info.kind = PictureKind::png;
        if (auto wh = png_size(bytes))
            check_size(info, wh->first, wh->second, display_width, display_height);
        else
            info.problems.push_back(
                {0, 0, _("is a PNG whose header is damaged; open it and save it again")});
        return info;
    }
    if (starts(bytes, "\xFF\xD8\xFF")) {
        info.kind = PictureKind::jpeg;
        if (auto wh = jpeg_size(bytes))
            check_size(info, wh->first, wh->second, display_width, display_height);
        else
            info.problems.push_back({0, 0,
                                     _("is a JPEG without a picture size (damaged or cut short); "
                                       "open it and save it again")});
        return info;
    }
    if (const char* other = other_format(bytes)) {
        info.problems.push_back({0, 0,
                                 i18n::format(_("is a %s picture; save it as PNG or JPEG (TSR "
                                                "shows PNG, JPEG and SVG)"),
                                              other)});
        return info;
    }
    if (named_svg || first_visible(bytes) == '<') {
        info.kind = PictureKind::svg;
        for (const TemplateProblem& p : svg_picture_problems(std::string(bytes)))
            info.problems.push_back({p.line, p.column, p.message});
        return info;
    }
    info.problems.push_back(
        {0, 0,
         i18n::format(_("is not a PNG, JPEG or SVG picture (%s); save the picture as PNG or JPEG"),
                      looks_like_text(bytes) ? _("it is text")
                                             : _("its first bytes are not a picture's"))});
    return info;
}

PictureInfo check_picture(const std::filesystem::path& file, int display_width,
                          int display_height) {
    FileBytes read = read_regular_file(file, max_image_bytes, false);
    if (!read.ok()) {
        PictureInfo info;
        info.problems.push_back({0, 0, read.problem});
        return info;
    }
    std::string ext = file.extension().string();
    for (char& c : ext)
        c = g_ascii_tolower(c);
    return check_picture_bytes(read.bytes, ext == ".svg", display_width, display_height);
}

std::string picture_data_uri(const std::filesystem::path& file, int max_width, int max_height) {
    std::string name = file.filename().string();
    FileBytes read = read_regular_file(file, max_image_bytes, false);
    if (!read.ok()) throw PictureError(name + " " + read.problem);
    std::string ext = file.extension().string();
    for (char& c : ext)
        c = g_ascii_tolower(c);
    PictureInfo info = check_picture_bytes(read.bytes, ext == ".svg", max_width, max_height);
    if (!info.ok()) {
        const PictureProblem& p = info.problems.front();
        std::string where = name;
        if (p.line > 0)
            where += ":" + std::to_string(p.line) +
                     (p.column > 0 ? ":" + std::to_string(p.column) : "") + ":";
        throw PictureError(where + " " + p.message);
    }
    if (info.kind == PictureKind::svg) {
        std::string clean;
        try {
            clean = clean_svg_picture(read.bytes);
        } catch (const TemplateError& e) {
            throw PictureError(name + ": " + e.what());
        }
        return base64_uri("image/svg+xml", clean.data(), clean.size());
    }
    // A turned picture's box is the other way round: any box side may become its width.
    int side = std::clamp(std::max(max_width, max_height), 1, 8192);
    Box box{side, side};
    if (info.kind == PictureKind::png) {
        PngShrink job;
        job.data = read.bytes;
        if (shrink_png(job, side, side)) {
            GPtr<GdkPixbuf> shrunk(gdk_pixbuf_new_from_data(job.rgba.data(), GDK_COLORSPACE_RGB,
                                                            TRUE, 8, job.width, job.height,
                                                            job.width * 4, nullptr, nullptr),
                                   g_object_unref);
            gchar* buffer = nullptr;
            gsize size = 0;
            GError* err = nullptr;
            if (!shrunk || !gdk_pixbuf_save_to_buffer(shrunk.get(), &buffer, &size, "png", &err,
                                                      "compression", "1", nullptr)) {
                std::string why = err ? err->message : _("out of memory");
                g_clear_error(&err);
                throw PictureError(i18n::format(_("%s cannot be drawn (%s)"), name, why));
            }
            std::string uri = base64_uri("image/png", buffer, size);
            g_free(buffer);
            return uri;
        }
        if (!job.interlaced)
            throw PictureError(i18n::format(_("%s cannot be drawn (%s); open it and save it again"),
                                            name, job.message));
        // Interlaced (rare): gdk-pixbuf below, at its full size (at most 50 megapixels).
    }
    GPtr<GdkPixbufLoader> loader(GDK_PIXBUF_LOADER(gdk_pixbuf_loader_new_with_type(
                                     info.kind == PictureKind::png ? "png" : "jpeg", nullptr)),
                                 g_object_unref);
    if (!loader) throw PictureError(i18n::format(_("%s: no decoder for it"), name));
    g_signal_connect(loader.get(), "size-prepared", G_CALLBACK(on_size_prepared), &box);
    GError* err = nullptr;
    bool written = gdk_pixbuf_loader_write(
        loader.get(), reinterpret_cast<const guchar*>(read.bytes.data()), read.bytes.size(), &err);
    // close() always, so that the loader lets go of its decoder state.
    bool closed = gdk_pixbuf_loader_close(loader.get(), written ? &err : nullptr);
    GdkPixbuf* decoded = gdk_pixbuf_loader_get_pixbuf(loader.get());
    if (!written || !closed || !decoded) {
        std::string why = err ? err->message : _("it does not decode");
        g_clear_error(&err);
        throw PictureError(
            i18n::format(_("%s cannot be drawn (%s); open it and save it again"), name, why));
    }
    GPtr<GdkPixbuf> upright(gdk_pixbuf_apply_embedded_orientation(decoded), g_object_unref);
    if (!upright) throw PictureError(i18n::format(_("%s: out of memory"), name));
    gchar* buffer = nullptr;
    gsize size = 0;
    // A photo goes back as JPEG (small, quick); a PNG (drawings, text, transparency) as PNG.
    bool alpha = info.kind == PictureKind::png || gdk_pixbuf_get_has_alpha(upright.get());
    bool saved = alpha ? gdk_pixbuf_save_to_buffer(upright.get(), &buffer, &size, "png", &err,
                                                   "compression", "1", nullptr)
                       : gdk_pixbuf_save_to_buffer(upright.get(), &buffer, &size, "jpeg", &err,
                                                   "quality", "92", nullptr);
    if (!saved) {
        std::string why = err ? err->message : _("unknown error");
        g_clear_error(&err);
        throw PictureError(i18n::format(_("%s cannot be drawn (%s)"), name, why));
    }
    std::string uri = base64_uri(alpha ? "image/png" : "image/jpeg", buffer, size);
    g_free(buffer);
    return uri;
}

} // namespace tsr
