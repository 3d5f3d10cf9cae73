// Pictures a playlist names (a slide's `image`, the office `logo`): one set of rules for every
// picture, used by `tsr check` (the loader) and by the renderer alike, and the decoding the
// renderer does (at display size, turned upright), so that a picture that passes the check is
// drawn within bounded time and memory, and one that does not is never handed to a decoder.
//
// Rules:
//   - a regular file of at most max_image_bytes (read with read_regular_file());
//   - PNG or JPEG by its contents (whatever its name says), at most max_picture_side pixels a
//     side and max_picture_pixels pixels in all; only the header (PNG IHDR, JPEG SOFn) is read;
//   - or SVG (named .svg, or starting with "<"): the safety rules of templates
//     (svg_picture_problems(): at most 2 MiB, no <!ENTITY, no outside DTD, nesting, element
//     count, <use> expansion, width/height/viewBox, external references).
#pragma once

#include "render/svg_template.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tsr {

/// Largest PNG/JPEG accepted: 16384 pixels a side and 50 megapixels in all (an 8000 x 6000
/// phone photo is 48). Decoding one costs width * height * 4 bytes before scaling.
constexpr int max_picture_side = 16384;
constexpr std::int64_t max_picture_pixels = 50'000'000;

/// A picture that cannot be drawn; what() starts with the file's name ("photo.jpg is a GIF
/// picture; ...", "logo.svg:3:5: ...").
class PictureError : public TemplateError {
  public:
    explicit PictureError(const std::string& message) : TemplateError(0, message) {}
};

enum class PictureKind { unknown, png, jpeg, svg };

/// One problem of a picture. line/column (1-based) point into an SVG; 0 when the problem is
/// the whole file's. The message follows the quoted file name, e.g. `"images/x.png" ` +
/// "is 20000 x 20000 pixels; ...", or, for an SVG line, reads on its own
/// ("entity declarations (<!ENTITY) are not allowed in an SVG picture").
struct PictureProblem {
    int line = 0;
    int column = 0;
    std::string message;
};

struct PictureInfo {
    PictureKind kind = PictureKind::unknown;
    int width = 0, height = 0; ///< pixels (PNG, JPEG); 0 for SVG
    std::vector<PictureProblem> problems;
    bool ok() const { return problems.empty(); }
};

/// Checks the picture file (reads at most max_image_bytes of it, decodes nothing).
/// `display_width` x `display_height` is the screen's size, named in advice to scale down.
/// Messages for the whole file (line 0) follow the quoted path:
///   "cannot be read: is larger than 32 MiB; ..." (read_regular_file's reason)
///   "is not a PNG, JPEG or SVG picture (it starts with text); save it as PNG or JPEG"
///   "is a GIF picture; save it as PNG or JPEG (TSR shows PNG, JPEG and SVG)" (also WebP,
///    BMP, TIFF, HEIC (iPhone), PDF)
///   "is a PNG whose header is damaged; open it and save it again"
///   "is a JPEG without a picture size (damaged or cut short); open it and save it again"
///   "is 20000 x 20000 pixels, more than 16384 a side; scale it down to about 1920 x 1080
///    (the screen's size) and save it again"
///   "is 9000 x 7000 pixels (63 megapixels, more than 50); scale it down ..."
/// SVG problems carry the SVG's line and column (svg_picture_problems()).
PictureInfo check_picture(const std::filesystem::path& file, int display_width, int display_height);
/// The same for bytes already read; `named_svg`: the file's name ends in .svg.
PictureInfo check_picture_bytes(std::string_view bytes, bool named_svg, int display_width,
                                int display_height);

/// The picture as a data: URI for librsvg (the renderer's <image href>). PNG/JPEG are
/// decoded at most at max_width x max_height pixels (aspect kept, never enlarged; JPEG is
/// scaled while decoding, PNG shrunk row by row as it is read, except interlaced ones),
/// turned upright by their EXIF orientation, and encoded again (a JPEG as JPEG, a PNG as
/// PNG); an SVG is checked and written out again without its DTD (clean_svg_picture()).
/// Throws PictureError with the reason (check_picture's message after the file's name) when
/// the picture breaks a rule or does not decode.
std::string picture_data_uri(const std::filesystem::path& file, int max_width, int max_height);

} // namespace tsr
