// The TV's standby through the KMS connector's "DPMS" property, for `tsr play --output kms`
// on a PC without X (power_control.hpp's `kms-dpms`).
//
// Only the DRM master may set a connector property, and kmssink opens the card itself, so
// tsr opens the card first (the first opener is the master) and hands kmssink that fd and
// the connector (its `fd` and `connector-id` properties; it never closes an fd it was
// given, gstkmssink.c gst_kms_sink_stop). With force-modesetting kmssink shows every frame
// by a page flip and waits for it (gst_kms_sink_sync); on a CRTC that DPMS switched off the
// kernel rejects the flip, and show_frame then returns GST_FLOW_ERROR, which stops the
// pipeline. So while the screen is off kmssink runs with `skip-vsync` (no flip, the frames
// go nowhere and playout goes on), set before the screen goes off and cleared after it is
// back on. kmssink's own mode setting (at each start) and its restore of the console's mode
// (at each stop) light the screen again: reassert() switches it off again after both.
//
// Untested on real hardware: the DRM calls are reached through DrmAccess, faked in tests.
#pragma once

#include <gst/gst.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace tsr {

/// The DRM calls kms-dpms makes (libdrm_access(); tests give a fake).
struct DrmAccess {
    virtual ~DrmAccess() = default;
    /// Opens `card` ("/dev/dri/card0") read-write: an fd, or -errno.
    virtual int open(const std::string& card) = 0;
    virtual void close(int fd) = 0;
    /// The connector kmssink would show on (an internal panel in use, else any connector in
    /// use, else the first connected one): its id, or 0 with `why` set.
    virtual std::uint32_t find_connector(int fd, std::string* why) = 0;
    /// Sets the connector's DPMS property to `mode` (0 on .. 3 off): 0, or -errno; -ENOENT
    /// when it has no DPMS property.
    virtual int set_dpms(int fd, std::uint32_t connector, int mode) = 0;
    /// The connector's DPMS property now: 0..3, or -errno; -ENOENT when it has none.
    virtual int get_dpms(int fd, std::uint32_t connector) = 0;
};

/// DrmAccess through libdrm (drmModeGetResources, drmModeConnectorSetProperty, ...).
std::shared_ptr<DrmAccess> libdrm_access();

/// One card and connector held for the whole run (its fd is the DRM master), switched on and
/// off, and the kmssink showing on it. Thread-safe: set() may run on a worker thread.
class KmsScreen {
  public:
    /// Opens `card` and finds its connector now. `card` empty: `problem` says why there is
    /// none (usable_drm_card's words).
    KmsScreen(std::shared_ptr<DrmAccess> drm, std::string card, std::string problem = "");
    ~KmsScreen();
    KmsScreen(const KmsScreen&) = delete;
    KmsScreen& operator=(const KmsScreen&) = delete;

    /// The card opened and a connector found.
    bool usable() const { return fd_ >= 0 && connector_ != 0; }
    /// Why not usable: "/dev/dri/card0 cannot be opened (Permission denied)".
    const std::string& problem() const { return problem_; }
    int fd() const { return fd_; }
    std::uint32_t connector() const { return connector_; }
    /// Whether set(false) switched the screen off last.
    bool off() const;

    /// A new kmssink (not started yet): our fd and connector, `skip-vsync` while off.
    void attach(GstElement* sink);
    /// The kmssink is going away (before its pipeline stops).
    void detach();
    /// Switches the connector: "" when its DPMS reads back the mode set, else why not (the
    /// screen's state is then as read). Off: kmssink stops flipping first; on: it flips again
    /// once the screen is on. Blocks for a frame and a mode set: call it off the main loop.
    std::string set(bool on);
    /// When off: off again (after kmssink set a mode). "" when done or nothing to do. Two
    /// mode sets; called on the main loop, only when a pipeline starts or stops.
    std::string reassert();

  private:
    std::string set_locked(bool on);
    std::shared_ptr<DrmAccess> drm_;
    std::string card_;
    std::string problem_;
    int fd_ = -1;
    std::uint32_t connector_ = 0;
    mutable std::mutex mutex_;
    bool off_ = false;
    GstElement* sink_ = nullptr; ///< a ref, or nullptr
};

/// "On", "Standby", "Suspend", "Off" for DPMS modes 0..3 (the kernel's names), else the number.
std::string dpms_name(int mode);

} // namespace tsr
