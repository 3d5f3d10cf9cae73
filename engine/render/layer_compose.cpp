#include "render/layer_compose.hpp"

#include <algorithm>
#include <cstring>

namespace tsr {

Rect Rect::intersect(const Rect& o) const {
    const int x0 = std::max(x, o.x), y0 = std::max(y, o.y);
    const int x1 = std::min(x + w, o.x + o.w), y1 = std::min(y + h, o.y + o.h);
    if (x1 <= x0 || y1 <= y0) return {};
    return {x0, y0, x1 - x0, y1 - y0};
}

bool Rect::contains(const Rect& o) const {
    if (o.empty()) return true;
    return o.x >= x && o.y >= y && o.x + o.w <= x + w && o.y + o.h <= y + h;
}

std::vector<Rect> damage_between(const std::optional<FrameStamp>& before, const FrameStamp& now) {
    const Rect screen{0, 0, now.width, now.height};
    if (screen.empty()) return {};
    if (!before || before->width != now.width || before->height != now.height) return {screen};
    if (*before == now) return {};

    std::vector<Rect> damage;
    auto add = [&](const Rect& r) {
        if (!r.empty()) damage.push_back(r);
    };
    auto find = [](const std::vector<LayerStamp>& in, std::uint64_t layer) {
        return std::find_if(in.begin(), in.end(),
                            [&](const LayerStamp& s) { return s.layer == layer; });
    };
    for (const LayerStamp& s : now.layers) {
        auto old = find(before->layers, s.layer);
        if (old == before->layers.end()) {
            add(s.rect);
        } else if (!(*old == s)) {
            add(s.rect);
            if (old->rect != s.rect) add(old->rect);
        }
    }
    for (const LayerStamp& s : before->layers)
        if (find(now.layers, s.layer) == now.layers.end()) add(s.rect);
    // A change of stacking order alone shows where the layers overlap.
    std::vector<std::uint64_t> order_before, order_now;
    for (const LayerStamp& s : before->layers)
        if (find(now.layers, s.layer) != now.layers.end()) order_before.push_back(s.layer);
    for (const LayerStamp& s : now.layers)
        if (find(before->layers, s.layer) != before->layers.end()) order_now.push_back(s.layer);
    if (order_before != order_now)
        for (const LayerStamp& s : now.layers)
            add(s.rect);

    std::vector<Rect> kept;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < damage.size(); ++i) {
        bool inside = false;
        for (std::size_t j = 0; j < damage.size() && !inside; ++j)
            inside = j != i && damage[j].contains(damage[i]) && (damage[i] != damage[j] || j < i);
        if (inside) continue;
        kept.push_back(damage[i]);
        total += damage[i].area();
    }
    if (total >= screen.area()) return {screen};
    return kept;
}

namespace {

void fill_black(const Rect& r, std::uint8_t* dst, int dst_stride) {
    // BGRx black with x = 0xff, as an opaque BGRA black would be.
    for (int row = r.y; row < r.y + r.h; ++row) {
        auto* p = reinterpret_cast<std::uint32_t*>(dst + std::ptrdiff_t(row) * dst_stride) + r.x;
        std::fill(p, p + r.w, 0xff000000u);
    }
}

void copy_rect(const Rect& r, const LayerPixels& l, std::uint8_t* dst, int dst_stride) {
    const std::size_t bytes = std::size_t(r.w) * 4;
    const std::uint8_t* src =
        l.data + std::ptrdiff_t(r.y - l.y) * l.stride + std::ptrdiff_t(r.x - l.x) * 4;
    std::uint8_t* out = dst + std::ptrdiff_t(r.y) * dst_stride + std::ptrdiff_t(r.x) * 4;
    if (bytes == std::size_t(l.stride) && l.stride == dst_stride) {
        std::memcpy(out, src, bytes * std::size_t(r.h));
        return;
    }
    for (int row = 0; row < r.h; ++row)
        std::memcpy(out + std::ptrdiff_t(row) * dst_stride, src + std::ptrdiff_t(row) * l.stride,
                    bytes);
}

} // namespace

std::int64_t paint_area(const Rect& area, const std::vector<LayerPixels>& layers, std::uint8_t* dst,
                        int dst_stride) {
    if (area.empty()) return 0;
    std::size_t first = layers.size(); // the topmost layer covering all of area
    for (std::size_t i = layers.size(); i-- > 0;) {
        if (layers[i].data && layers[i].stamp.rect.contains(area)) {
            first = i;
            break;
        }
    }
    std::int64_t written = 0;
    if (first == layers.size()) {
        fill_black(area, dst, dst_stride);
        written += area.area();
        first = 0;
    }
    for (std::size_t i = first; i < layers.size(); ++i) {
        if (!layers[i].data) continue;
        const Rect r = area.intersect(layers[i].stamp.rect);
        if (r.empty()) continue;
        copy_rect(r, layers[i], dst, dst_stride);
        written += r.area();
    }
    return written;
}

} // namespace tsr
