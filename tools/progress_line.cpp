#include "progress_line.hpp"
#include "i18n.hpp"

#include <cstdio>
#include <string>
#include <utility>

namespace tsr {

namespace {

std::string hms(std::uint64_t ns) {
    std::uint64_t s = ns / 1'000'000'000;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu", (unsigned long long)(s / 3600),
                  (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
    return buf;
}

} // namespace

ProgressLine::ProgressLine(std::function<GstElement*()> pipeline, std::function<Instant()> now_wall,
                           TimeZone zone, std::optional<Micros> duration)
    : pipeline_(std::move(pipeline)), now_wall_(std::move(now_wall)), zone_(std::move(zone)),
      duration_(duration), started_monotonic_(g_get_monotonic_time()),
      timer_(g_timeout_add(500, on_tick, this)) {}

ProgressLine::~ProgressLine() {
    if (timer_) g_source_remove(std::exchange(timer_, 0));
}

void ProgressLine::end() {
    if (timer_) g_source_remove(std::exchange(timer_, 0));
    if (shown_) std::fputs("\n", stderr);
    shown_ = false;
}

gboolean ProgressLine::on_tick(gpointer data) {
    auto* self = static_cast<ProgressLine*>(data);
    gint64 pos = 0;
    GstElement* pipeline = self->pipeline_();
    if (!pipeline || !gst_element_query_position(pipeline, GST_FORMAT_TIME, &pos))
        return G_SOURCE_CONTINUE;
    double elapsed = double(g_get_monotonic_time() - self->started_monotonic_) / 1e6;
    double speed = elapsed > 0 ? double(pos) / 1e9 / elapsed : 0;
    std::string line = "\r" + std::string(_("recording")) + " " +
                       format_iso(self->zone_, self->now_wall_()).substr(0, 19) + "  " +
                       hms(std::uint64_t(pos));
    if (self->duration_) line += " / " + hms(std::uint64_t(self->duration_->count()) * 1000);
    char tail[48];
    std::snprintf(tail, sizeof tail, _("  %.1fx real time "), speed);
    std::fputs((line + tail).c_str(), stderr);
    self->shown_ = true;
    return G_SOURCE_CONTINUE;
}

} // namespace tsr
