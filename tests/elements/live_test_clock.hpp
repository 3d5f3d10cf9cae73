// A live tsr video source under test: one GstTestClock is both the pipeline clock (running time
// 0 at `wall0`) and the element's `wall-clock`, so the two never disagree, and the test lets
// each clock wait out in turn. Shared by the element tests of tsrslidesrc and tsrtickersrc.
#pragma once

#include <boost/test/unit_test.hpp>
#include <gst/check/gsttestclock.h>
#include <gst/gst.h>

namespace tsr::test {

/// 2026-11-30 09:00:00 WIB (a Monday), in ns since 1970-01-01 UTC: the live tests' start.
inline constexpr GstClockTime kMondayNineWib = 1796004000ull * GST_SECOND;

struct LiveTestClock {
    GstClockTime wall0;
    GstClock* clock;

    /// `wall0`: ns since 1970-01-01 UTC, the wall time at running time 0.
    explicit LiveTestClock(GstClockTime wall0_ns)
        : wall0(wall0_ns), clock(gst_test_clock_new_with_start_time(wall0_ns)) {}
    ~LiveTestClock() { gst_object_unref(clock); }
    LiveTestClock(const LiveTestClock&) = delete;
    LiveTestClock& operator=(const LiveTestClock&) = delete;

    /// Makes `element` (not started yet) live on this clock.
    void attach(GstElement* element) const {
        g_object_set(element, "wall-clock", clock, nullptr);
        gst_element_set_clock(element, clock);
        gst_element_set_start_time(element, GST_CLOCK_TIME_NONE);
        gst_element_set_base_time(element, wall0);
    }

    /// Waits for the element's next clock wait and lets it out (moving the clock there when it
    /// is ahead); returns the running time waited for.
    GstClockTime release_next_wait() const {
        GstClockID id = nullptr;
        gst_test_clock_wait_for_next_pending_id(GST_TEST_CLOCK(clock), &id);
        const GstClockTime at = gst_clock_id_get_time(id) - wall0;
        gst_clock_id_unref(id);
        if (wall0 + at > gst_clock_get_time(clock))
            gst_test_clock_set_time(GST_TEST_CLOCK(clock), wall0 + at);
        BOOST_REQUIRE(gst_test_clock_crank(GST_TEST_CLOCK(clock)));
        return at;
    }
};

} // namespace tsr::test
