// Composing the screen from opaque layers (the slide, the ticker band) by repainting only
// what changed. A composed frame is remembered by its stamp, what it shows: which content of
// which layer, where. A frame coming back from the display is brought up to date by
// repainting the rectangles where its stamp and the current one differ. The slide stays put
// for a minute at least while the ticker moves every frame, so a frame usually costs one
// copy of the ticker band instead of a full-screen copy plus a blend (compositor).
//
// Pixels are 4 bytes (BGRx); layers are opaque: a higher layer hides what is below it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace tsr {

struct Rect {
    int x = 0, y = 0, w = 0, h = 0;

    bool empty() const { return w <= 0 || h <= 0; }
    std::int64_t area() const { return empty() ? 0 : std::int64_t(w) * h; }
    Rect intersect(const Rect& o) const;
    bool contains(const Rect& o) const; ///< true for an empty o
    bool operator==(const Rect&) const = default;
};

/// One layer as a frame shows it. `layer` names the layer (an input), `content` names what
/// it holds: a new value whenever its pixels may differ.
struct LayerStamp {
    std::uint64_t layer = 0;
    std::uint64_t content = 0;
    Rect rect; ///< where it is on the screen, already clipped to the screen
    bool operator==(const LayerStamp&) const = default;
};

/// What a composed frame shows: its layers, bottom to top. Where no layer is, black.
struct FrameStamp {
    int width = 0;
    int height = 0;
    std::vector<LayerStamp> layers;
    bool operator==(const FrameStamp&) const = default;
};

/// The rectangles to repaint so that a frame showing `before` shows `now` (none when equal).
/// No `before` (a frame never painted) or another size: the whole screen. Rectangles inside
/// another one are left out; when the damage adds up to more than the screen, the screen.
std::vector<Rect> damage_between(const std::optional<FrameStamp>& before, const FrameStamp& now);

/// A layer's pixels for painting: `data` is its top-left pixel, placed at (x, y) on the
/// screen (it may hang over an edge; `stamp.rect` is the visible part).
struct LayerPixels {
    LayerStamp stamp;
    int x = 0;
    int y = 0;
    const std::uint8_t* data = nullptr;
    int stride = 0;
};

/// Repaints `area` of the screen `dst` (stride in bytes) from `layers`, bottom to top. Only
/// the layers the topmost one covering all of `area` leaves visible are copied (from it up),
/// so a band under the ticker is not copied to be hidden again; black where no layer is.
/// Returns the pixels written.
std::int64_t paint_area(const Rect& area, const std::vector<LayerPixels>& layers, std::uint8_t* dst,
                        int dst_stride);

} // namespace tsr
