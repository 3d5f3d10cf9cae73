// One timebase a pipeline: "running time now" and the wall time of day it stands for, shared
// by every tsr element of the pipeline through a GstContext of type "tsr.timebase" (as the
// playlist is, playlist_context.hpp), so that slides, ticker, reminders and cues agree on
// what time it is, and a wall-clock jump re-anchors them all at once.
//
// Simulated (`start` set): wall = start + running time, fixed. Live: anchored by the first
// element to ask (wall clock now at running time now), then compared with the wall clock at
// most once a second of running time for the whole pipeline; when they differ by more than
// kJumpThreshold it is re-anchored once, the element that saw it posts `tsr-timebase`, and
// the others notice a new epoch (one atomic read) and follow without a message.
//
// The first tsr element to start makes it and offers it (HAVE_CONTEXT); the others ask for
// it (CONTEXT query, NEED_CONTEXT) and take it when its `start` and wall clock are theirs,
// else make their own.
#pragma once

#include "civil_time.hpp"
#include "live_timebase.hpp"
#include "timebase.hpp"

#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

namespace tsr {

inline constexpr const char* kTimebaseContextType = "tsr.timebase";

/// Running time of `element` now: its clock's time minus its base time; nullopt without a
/// clock (not PLAYING yet). The one place it is computed.
std::optional<std::chrono::nanoseconds> running_time_of(GstElement* element);

class PipelineTimebase {
  public:
    /// `wall_clock` may be null (the system's real-time clock); a reference is kept.
    PipelineTimebase(std::optional<Instant> start, GstClock* wall_clock);
    ~PipelineTimebase();
    PipelineTimebase(const PipelineTimebase&) = delete;
    PipelineTimebase& operator=(const PipelineTimebase&) = delete;

    struct View {
        Timebase timebase;
        std::uint64_t epoch = 0; ///< bumped at each re-anchoring
    };

    /// Whether an element with this `start` and wall clock may share it.
    bool fits(const std::optional<Instant>& start, GstClock* wall_clock) const;
    bool live() const { return !start_; }

    /// The timebase; live, anchored at `running` now if nobody anchored it yet.
    View anchor(std::chrono::nanoseconds running);
    /// Live: compares with the wall clock at `running` when a second of running time has
    /// passed since the last look (whoever looked); on a jump re-anchors and returns it.
    std::optional<TimebaseJump> follow(std::chrono::nanoseconds running);
    /// The epoch now: one atomic read.
    std::uint64_t epoch() const { return epoch_.load(); }
    View current() const;

  private:
    const std::optional<Instant> start_;
    GstClock* wall_clock_; ///< owned, may be null
    mutable std::mutex mutex_;
    std::optional<Timebase> timebase_;
    std::chrono::nanoseconds checked_{0}; ///< running time of the last look at the wall clock
    std::atomic<std::uint64_t> epoch_{0};
};

/// The timebase of `element`'s pipeline for `start` and `wall_clock`: the one held in
/// `held` when it fits, else asked of the pipeline, else a new one offered to it.
std::shared_ptr<PipelineTimebase> pipeline_timebase(GstElement* element,
                                                    std::shared_ptr<PipelineTimebase> held,
                                                    const std::optional<Instant>& start,
                                                    GstClock* wall_clock);

/// The timebase a "tsr.timebase" context carries (null for another context).
std::shared_ptr<PipelineTimebase> timebase_from_context(const GstContext* context);

} // namespace tsr
