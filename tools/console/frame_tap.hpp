// The console's view of the screen: a small PNG of the composed picture, from the frame the
// output last received.
//
// attach() puts a buffer probe on the show's "src" pad (the composed BGRx video). The probe
// does nothing unless a picture was asked for; then it takes a reference to one buffer (no
// copy; tsrcompose's frames are read-only, and its frame set grows by one while we hold it)
// and hands it to a worker thread, which scales it (cairo, bilinear) and encodes the PNG. So
// the streaming thread pays a flag test a frame, and one buffer ref every refresh.
#pragma once

#include <gst/gst.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace tsr::console {

class FrameTap {
  public:
    FrameTap();
    ~FrameTap();
    FrameTap(const FrameTap&) = delete;
    FrameTap& operator=(const FrameTap&) = delete;

    /// Probes `pad` (a pad carrying video/x-raw,format=BGRx) until it goes away.
    void attach(GstPad* pad);

    /// The newest PNG (empty before the first), and asks for a new one when it is older than
    /// `max_age_us` (monotonic microseconds). Thread-safe.
    std::string png(std::int64_t max_age_us);
    /// Width of the PNGs made (height follows the picture's aspect ratio).
    static constexpr int thumbnail_width = 480;

  private:
    static GstPadProbeReturn on_buffer(GstPad* pad, GstPadProbeInfo* info, gpointer self);

    struct Shared {
        std::mutex mutex;
        std::string png;
        std::int64_t made_us = 0;
        std::atomic<bool> wanted{false};
        std::atomic<bool> encoding{false};
    };
    std::shared_ptr<Shared> shared_; ///< the worker holds it too: it may outlive us
};

} // namespace tsr::console
