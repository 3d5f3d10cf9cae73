// The watchdogs of `tsr play`: is the picture still moving?
//
//   - FrameCounter: a pad probe on the video sink's sink pad (`vout`, or `fileout` for a
//     recording) counting the buffers that reach it. The streaming thread only increments.
//   - ServiceNotifier: systemd's notify protocol (sd_notify): READY=1 once the first frame has
//     reached the sink, WATCHDOG=1 pings, STATUS= lines. Without NOTIFY_SOCKET (not started
//     by systemd) it does nothing.
//   - FrameWatch: the decision, pure, once a tick (main loop): ping systemd only when the
//     count advanced since the last tick (so a frozen pipeline or a hung main loop stops the
//     pings and systemd's WatchdogSec= restarts the service); a stall when the count has not
//     advanced for `stall_after` (or no first frame within `first_frame_within`).
//   - ScreenClockWatch: the clock on screen, pure: the minute the slide layer last pushed
//     (`tsr-clock` messages, tsr_messages.hpp) against the wall clock. A picture that stopped
//     being renewed while frames still flow (a hung renderer, a slide branch stuck while the
//     compositor repeats its last frame) shows an old minute: a stall.
//   - FrameWatchdog: these together on a GLib timer; calls `on_stall` (Playout rebuilds
//     the pipeline and logs an `error` row with the reason).
//   - TeardownBound: a teardown that hangs (a sink stuck in a driver, a blocked write) ends
//     the process with exit code 3 after a bound, so that systemd starts it again, instead
//     of waiting for ever.
#pragma once

#include "civil_time.hpp"

#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace tsr {

using Millis = std::chrono::milliseconds;

/// Counts buffers (and buffer lists, as one each) reaching `pad`; the probe is removed on
/// destruction. `pad` is referenced while the counter lives.
class FrameCounter {
  public:
    explicit FrameCounter(GstPad* pad);
    ~FrameCounter();
    FrameCounter(const FrameCounter&) = delete;
    FrameCounter& operator=(const FrameCounter&) = delete;
    std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

  private:
    static GstPadProbeReturn on_buffer(GstPad*, GstPadProbeInfo*, gpointer self);
    GstPad* pad_;
    gulong probe_ = 0;
    std::atomic<std::uint64_t> count_{0};
};

/// The pad whose buffers are "on screen": the sink pad of `vout` (screens, null), else of
/// `fileout` (recordings). A new reference, or nullptr when the pipeline has neither.
GstPad* frame_sink_pad(GstElement* pipeline, std::string* sink_name);

class ServiceNotifier {
  public:
    /// Reads NOTIFY_SOCKET and WATCHDOG_USEC (sd_watchdog_enabled) once.
    ServiceNotifier();
    bool active() const { return active_; }
    /// systemd's WatchdogSec=, or nullopt when the unit has none.
    std::optional<Millis> watchdog() const { return watchdog_; }
    void ready(const std::string& status);
    void ping();
    void status(const std::string& status);
    void stopping();

  private:
    bool active_ = false;
    std::optional<Millis> watchdog_;
};

/// While tsr play loads its playlist at start, before any frame (a first PowerPoint
/// conversion may take up to its 120 s limit per deck, and speech is synthesised), asks
/// systemd every `every` for `extend` more start time (EXTEND_TIMEOUT_USEC=), so that
/// TimeoutStartSec= does not kill it in the middle, and the next start, finding nothing
/// cached, is not killed again: a dark TV in a loop. Ends when destroyed (at most `every`
/// later). Without NOTIFY_SOCKET it starts no thread.
class StartExtender {
  public:
    explicit StartExtender(Millis every = Millis(20000), Millis extend = Millis(60000));
    ~StartExtender();
    StartExtender(const StartExtender&) = delete;
    StartExtender& operator=(const StartExtender&) = delete;

  private:
    std::mutex mutex_;
    std::condition_variable wake_;
    bool done_ = false;
    std::thread thread_;
};

/// The decision of one tick, from the elapsed time (monotonic, any origin) and the count.
struct FrameWatch {
    Millis stall_after{5000};
    Millis first_frame_within{20000};

    struct Verdict {
        bool first_frame = false; ///< the first frame since start(): READY=1
        bool ping = false;        ///< frames moved since the last tick: WATCHDOG=1
        bool stalled = false;     ///< no frame for stall_after (or none at all): rebuild
        std::string why;          ///< when stalled: "no new frame reached vout for 5 s"
    };
    /// A new pipeline: its counter starts at `count` at `now`.
    void start(Millis now, std::uint64_t count, std::string sink);
    /// Nothing to watch (no pipeline, waiting to rebuild): ticks say nothing.
    void stop() { watching_ = false; }
    Verdict tick(Millis now, std::uint64_t count);
    bool watching() const { return watching_; }

  private:
    bool watching_ = false;
    bool seen_frame_ = false;
    std::uint64_t last_count_ = 0;
    Millis last_change_{0};
    std::string sink_;
};

/// The clock on screen has not changed for more than a minute: the wall clock is `grace`
/// past the end of the minute it shows. Armed by the first minute shown after start(): a
/// pipeline without a slide layer shows no clock.
struct ScreenClockWatch {
    Seconds grace{10};

    void start() { shown_.reset(); }
    void shown(Instant minute) { shown_ = minute; }
    /// Why the clock is stale at `wall_now`, or nullopt. A wall clock set back is no stall.
    std::optional<std::string> stale(Instant wall_now) const;

  private:
    std::optional<Instant> shown_;
};

class FrameWatchdog {
  public:
    struct Options {
        Millis tick{1000};
        FrameWatch watch;
        ScreenClockWatch clock;
        /// The wall clock the screen's is held against; empty: the system's real time.
        std::function<Instant()> wall_now;
    };
    /// `on_stall(why)` runs on the main loop; after it the watchdog is detached until the
    /// next attach().
    FrameWatchdog(Options options, std::function<void(const std::string&)> on_stall);
    ~FrameWatchdog();
    FrameWatchdog(const FrameWatchdog&) = delete;
    FrameWatchdog& operator=(const FrameWatchdog&) = delete;

    /// Watches `pipeline` (just set playing). False when it has no sink to watch.
    bool attach(GstElement* pipeline);
    void detach();
    /// Give it the pipeline's bus messages: takes `tsr-clock`; true when it was one.
    bool on_message(GstMessage* msg);
    ServiceNotifier& notifier() { return notifier_; }

  private:
    static gboolean on_tick(gpointer self);
    Millis now() const;
    void stalled(const std::string& why);

    Options options_;
    std::function<void(const std::string&)> on_stall_;
    ServiceNotifier notifier_;
    std::unique_ptr<FrameCounter> counter_;
    bool ready_sent_ = false;
    guint timer_ = 0;
};

/// While alive, a thread waits `bound`; if the scope has not ended by then it says `what`
/// hung on stderr (and to systemd) and ends the process with exit code 3 (_exit: the hung
/// thread may hold any lock).
class TeardownBound {
  public:
    TeardownBound(Millis bound, std::string what);
    ~TeardownBound();
    TeardownBound(const TeardownBound&) = delete;
    TeardownBound& operator=(const TeardownBound&) = delete;

  private:
    std::mutex mutex_;
    std::condition_variable done_cv_;
    bool done_ = false;
    std::thread thread_;
};

} // namespace tsr
