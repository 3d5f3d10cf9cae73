// Where `tsr play` shows the playout: deciding `--output auto`, a fullscreen X window that
// ximagesink draws into, and whether there is a sound device at all.
#pragma once

#include "output_spec.hpp"

#include <gst/gst.h>

#include <filesystem>
#include <memory>
#include <string>

namespace tsr {

/// What `auto` chose and why, in words for the console ("no DISPLAY ...").
struct AutoChoice {
    OutputSpec output;
    std::string why;
};

/// `--output auto`: DISPLAY set and the X server answers -> fullscreen; WAYLAND_DISPLAY
/// alone -> a window (autovideosink picks waylandsink); a DRM card with a connected screen
/// that we may open -> kms; else null: plays to nothing and says so (a recording without end
/// filled the disk). `fallback_dir` and `stamp` are no longer used.
AutoChoice choose_auto_output(const std::filesystem::path& fallback_dir, const std::string& stamp);

/// A DRM card (/dev/dri/cardN) that opens read-write and has a connected connector.
/// Returns its path, or empty with `why` saying what was missing.
std::string usable_drm_card(std::string* why);

/// The audio sink to use on this machine: "pulsesink" (PulseAudio or PipeWire) or "alsasink"
/// when its device opens, else "fakesink" (no sound device; then `why` says so).
std::string probe_audio_sink(std::string* why);

/// A borderless window covering the whole X screen (the _NET_WM_STATE_FULLSCREEN hint for
/// window managers; without one it simply sits at 0,0 at the screen's size), black, with no
/// mouse pointer. ximagesink draws into it through GstVideoOverlay. The core screen saver is
/// switched off while it is open, so the TV never blanks.
class FullscreenWindow {
  public:
    /// nullptr (with `error`) when the X display cannot be opened.
    static std::unique_ptr<FullscreenWindow> open(std::string* error);
    ~FullscreenWindow();
    FullscreenWindow(const FullscreenWindow&) = delete;
    FullscreenWindow& operator=(const FullscreenWindow&) = delete;

    guintptr handle() const { return handle_; }
    int width() const { return width_; }
    int height() const { return height_; }

  private:
    FullscreenWindow() = default;
    void* display_ = nullptr; ///< Display*
    guintptr handle_ = 0;     ///< Window
    int width_ = 0, height_ = 0;
};

} // namespace tsr
