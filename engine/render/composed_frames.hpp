// The composer's own frames, reused as they come back from the display, each remembering
// what it shows (its FrameStamp), so that it can be brought up to date by repainting only
// what changed (layer_compose.hpp). A buffer pool that forgets its content on release would
// force a full repaint of every frame.
#pragma once

#include "render/layer_compose.hpp"

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
        std::uint8_t* pixels = nullptr;  ///< stride * height bytes, 64-byte aligned
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

    /// A frame nobody is using, marked in use: the one painted last among the free ones (the
    /// likeliest to need least repainting), or a new one when all are in use. The caller
    /// paints it, sets its stamp and gives it back with release(). The index stays valid.
    std::size_t acquire();
    Frame& frame(std::size_t index);
    /// Any thread (the display lets go of the frame).
    void release(std::size_t index);

    std::size_t count() const;  ///< frames holding pixels now (in use or spare)
    std::size_t in_use() const; ///< frames not yet released

    /// Free frames kept for reuse beyond those in use; more are given back at acquire().
    static constexpr std::size_t kSpareFrames = 2;

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
