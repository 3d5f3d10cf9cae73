#include "render/composed_frames.hpp"

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
    std::size_t best = slots_.size();
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        if (slots_[i]->in_use) continue;
        if (best == slots_.size() || slots_[i]->painted > slots_[best]->painted) best = i;
    }
    if (best == slots_.size()) {
        auto slot = std::make_unique<Slot>();
        // Rounded up to the alignment, as aligned_alloc requires.
        const std::size_t bytes = (frame_bytes() + 63) / 64 * 64;
        slot->frame.pixels = static_cast<std::uint8_t*>(std::aligned_alloc(64, bytes ? bytes : 64));
        if (!slot->frame.pixels) throw std::bad_alloc();
        slots_.push_back(std::move(slot));
    }
    Slot& s = *slots_[best];
    s.in_use = true;
    s.painted = ++sequence_;
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
    return slots_.size();
}

std::size_t ComposedFrames::in_use() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& s : slots_)
        n += s->in_use ? 1 : 0;
    return n;
}

} // namespace tsr
