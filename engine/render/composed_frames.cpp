#include "render/composed_frames.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>

namespace tsr {

ComposedFrames::ComposedFrames(int width, int height) : width_(width), height_(height) {}

ComposedFrames::~ComposedFrames() {
    for (auto& slot : slots_)
        std::free(slot->frame.pixels);
}

std::size_t ComposedFrames::acquire() {
    std::lock_guard lock(mutex_);
    // The freshest free frame; failing that a slot whose pixels were given back; else a new one.
    std::size_t best = slots_.size(), empty = slots_.size();
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        if (slots_[i]->in_use) continue;
        if (!slots_[i]->frame.pixels) {
            empty = i;
            continue;
        }
        if (best == slots_.size() || slots_[i]->painted > slots_[best]->painted) best = i;
    }
    if (best == slots_.size()) {
        if (empty == slots_.size()) {
            slots_.push_back(std::make_unique<Slot>());
            empty = slots_.size() - 1;
        }
        // Rounded up to the alignment, as aligned_alloc requires.
        const std::size_t bytes = (frame_bytes() + 63) / 64 * 64;
        auto* pixels = static_cast<std::uint8_t*>(std::aligned_alloc(64, bytes ? bytes : 64));
        if (!pixels) throw std::bad_alloc();
        slots_[empty]->frame = Frame{pixels, std::nullopt};
        best = empty;
    }
    Slot& s = *slots_[best];
    s.in_use = true;
    s.painted = ++sequence_;
    // After a stall downstream held many frames: keep kSpareFrames free ones, give back the
    // rest (the stalest first), so that memory returns to what the display keeps.
    std::vector<Slot*> spare;
    for (auto& slot : slots_)
        if (!slot->in_use && slot->frame.pixels) spare.push_back(slot.get());
    if (spare.size() > kSpareFrames) {
        std::sort(spare.begin(), spare.end(),
                  [](const Slot* a, const Slot* b) { return a->painted > b->painted; });
        for (std::size_t i = kSpareFrames; i < spare.size(); ++i) {
            std::free(spare[i]->frame.pixels);
            spare[i]->frame = Frame{};
        }
    }
    return best;
}

ComposedFrames::Frame& ComposedFrames::frame(std::size_t index) {
    std::lock_guard lock(mutex_);
    return slots_.at(index)->frame;
}

void ComposedFrames::release(std::size_t index) {
    std::lock_guard lock(mutex_);
    if (index < slots_.size()) slots_[index]->in_use = false;
}

std::size_t ComposedFrames::count() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& s : slots_)
        n += s->frame.pixels ? 1 : 0;
    return n;
}

std::size_t ComposedFrames::in_use() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& s : slots_)
        n += s->in_use ? 1 : 0;
    return n;
}

} // namespace tsr
