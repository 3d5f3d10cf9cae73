#include "render/composed_frames.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <new>

namespace tsr {

namespace {

// Frames are mapped, not malloc'ed: a frame given back returns its pages to the system at
// once, and freeing one does not raise malloc's mmap threshold, which would put later 8 MB
// blocks (slide pictures) in heaps that do not shrink (measured: a 5-minute run grew by 60 MB).
std::uint8_t* map_frame(std::size_t bytes) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return static_cast<std::uint8_t*>(p);
}

} // namespace

ComposedFrames::ComposedFrames(int width, int height) : width_(width), height_(height) {}

ComposedFrames::~ComposedFrames() {
    for (auto& slot : slots_)
        if (slot->frame.pixels) munmap(slot->frame.pixels, mapped_bytes());
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
        slots_[empty]->frame = Frame{map_frame(mapped_bytes()), std::nullopt};
        best = empty;
    }
    Slot& s = *slots_[best];
    s.in_use = true;
    s.painted = ++sequence_;
    // After a stall downstream held many frames: a free frame not used for kIdleAcquires
    // frames is given back, so that memory returns to what the display keeps. (Freeing spare
    // frames at once would churn 8 MB allocations as the display's queue fills and drains.)
    for (auto& slot : slots_)
        if (!slot->in_use && slot->frame.pixels && sequence_ - slot->painted > kIdleAcquires) {
            if (slot->frame.pixels) munmap(slot->frame.pixels, mapped_bytes());
            slot->frame = Frame{};
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
