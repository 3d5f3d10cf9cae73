// One page of a document slide as the slide layer's picture: rendered by poppler-glib at the
// display size (vector pages stay sharp on a 4K TV), aspect kept, centred, letterboxed on the
// office background (the templates' navy).
#pragma once

#include "render/slide_renderer.hpp"

#include <filesystem>

namespace tsr {

/// The office background behind a letterboxed page: #0b1f3a, as the templates and
/// fallback_frame().
inline constexpr double kOfficeBackground[3] = {0x0b / 255.0, 0x1f / 255.0, 0x3a / 255.0};

/// A width x height picture of the office background alone: what a video slide's clip is
/// drawn on (letterboxed like a page).
SlideFrame office_background(int width, int height);

/// Page `index` (0-based) of `pdf` as a width x height picture, premultiplied BGRA, the page
/// fitted into the top `visible_height` rows (above the ticker band, which covers the rest;
/// 0: the whole height). The page is white under its content (as a PDF viewer shows it).
/// Throws std::runtime_error naming the file when the PDF cannot be opened or has no such page.
/// Opens the document itself: safe to call from any thread, for any document.
SlideFrame render_document_page(const std::filesystem::path& pdf, int index, int width, int height,
                                int visible_height = 0);

} // namespace tsr
