// The composer's own frames, reused as they come back from the display, each remembering
// what it shows (its FrameStamp), so that it can be brought up to date by repainting only
// what changed (layer_compose.hpp). A buffer pool that forgets its content on release would
// force a full repaint of every frame.
#pragma once

#include "render/layer_compose.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace tsr {

class ComposedFrames {
  public:
    struct Frame {
        std::uint8_t* pixels = nullptr;  ///< stride * height bytes, page aligned
        std::optional<FrameStamp> stamp; ///< what it shows; none: never painted
    };

    /// Frames of width x height BGRx pixels (stride width * 4).
    ComposedFrames(int width, int height);
    ~ComposedFrames();
    ComposedFrames(const ComposedFrames&) = delete;
    ComposedFrames& operator=(const ComposedFrames&) = delete;

    int width() const { return width_; }
    int height() const { return height_; }
    int stride() const { return width_ * 4; }
    std::size_t frame_bytes() const { return std::size_t(stride()) * std::size_t(height_); }
    /// What a frame maps: frame_bytes(), at least one byte (page aligned, so 64-byte aligned).
    std::size_t mapped_bytes() const { return std::max<std::size_t>(frame_bytes(), 1); }

    /// A frame nobody is using, marked in use: the one painted last among the free ones (the
    /// likeliest to need least repainting), or a new one when all are in use. The caller
    /// paints it, sets its stamp and gives it back with release(). The index stays valid.
    std::size_t acquire();
    Frame& frame(std::size_t index);
    /// Any thread (the display lets go of the frame).
    void release(std::size_t index);

    std::size_t count() const;  ///< frames holding pixels now (in use or spare)
    std::size_t in_use() const; ///< frames not yet released

    /// A free frame not acquired for this many acquires (10 s at 30 fps) is given back.
    static constexpr std::uint64_t kIdleAcquires = 300;

  private:
    struct Slot {
        Frame frame;
        bool in_use = false;
        std::uint64_t painted = 0; ///< acquire() order; the larger, the fresher
    };
    int width_ = 0;
    int height_ = 0;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<Slot>> slots_;
    std::uint64_t sequence_ = 0;
};

} // namespace tsr
