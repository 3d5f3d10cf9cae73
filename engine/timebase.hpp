// Maps a pipeline's running time to the wall time of day. Every element asks the schedule
// about the wall time of the buffer it is making through one of these, so that a live TV,
// a faster-than-real-time recording and a test under GstTestClock are the same code.
#pragma once

#include "civil_time.hpp"

#include <cstdint>

namespace tsr {

struct Timebase {
    /// Wall time at running time `anchor_running_ns`.
    Instant anchor_wall{};
    std::uint64_t anchor_running_ns = 0;

    /// Simulated playout: wall = start + running time.
    static Timebase simulated(Instant start) { return Timebase{start, 0}; }

    Instant wall_at(std::uint64_t running_ns) const {
        auto delta = std::int64_t(running_ns) - std::int64_t(anchor_running_ns);
        return anchor_wall + Micros(delta / 1000);
    }
    /// Running time of a wall instant; 0 for instants before running time 0.
    std::uint64_t running_at(Instant wall) const {
        std::int64_t ns = std::int64_t(anchor_running_ns) + (wall - anchor_wall).count() * 1000;
        return ns < 0 ? 0 : std::uint64_t(ns);
    }
    /// Signed variant, for "how long ago was that".
    std::int64_t running_at_signed(Instant wall) const {
        return std::int64_t(anchor_running_ns) + (wall - anchor_wall).count() * 1000;
    }
};

} // namespace tsr
