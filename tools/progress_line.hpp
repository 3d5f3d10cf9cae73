// The progress line of `tsr record` on stderr, redrawn every 500 ms on the main loop:
//   "\rrecording 2026-11-30T08:44:12  00:00:12 / 00:00:30  41.5x real time "
// (the simulated wall time, the running time, the duration when one was asked, the speed).
#pragma once

#include "civil_time.hpp"

#include <gst/gst.h>

#include <functional>
#include <optional>

namespace tsr {

class ProgressLine {
  public:
    /// `pipeline`: the pipeline playing now (may give null); `now_wall`: its wall time.
    ProgressLine(std::function<GstElement*()> pipeline, std::function<Instant()> now_wall,
                 TimeZone zone, std::optional<Micros> duration);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    /// Whether a line was drawn (a message on stderr then starts on a new line).
    bool shown() const { return shown_; }
    /// Stops redrawing and ends the line drawn, if any.
    void end();

  private:
    static gboolean on_tick(gpointer self);

    std::function<GstElement*()> pipeline_;
    std::function<Instant()> now_wall_;
    TimeZone zone_;
    std::optional<Micros> duration_;
    gint64 started_monotonic_;
    guint timer_ = 0;
    bool shown_ = false;
};

} // namespace tsr
