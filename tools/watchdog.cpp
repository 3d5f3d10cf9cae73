#include "watchdog.hpp"
#include "i18n.hpp"

#include "tsr_messages.hpp"

#include <systemd/sd-daemon.h>

#include <iostream>
#include <unistd.h>

namespace tsr {

FrameCounter::FrameCounter(GstPad* pad) : pad_(GST_PAD(gst_object_ref(pad))) {
    probe_ = gst_pad_add_probe(
        pad_, GstPadProbeType(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST),
        on_buffer, this, nullptr);
}

FrameCounter::~FrameCounter() {
    if (probe_) gst_pad_remove_probe(pad_, probe_);
    gst_object_unref(pad_);
}

GstPadProbeReturn FrameCounter::on_buffer(GstPad*, GstPadProbeInfo*, gpointer self) {
    static_cast<FrameCounter*>(self)->count_.fetch_add(1, std::memory_order_relaxed);
    return GST_PAD_PROBE_OK;
}

GstPad* frame_sink_pad(GstElement* pipeline, std::string* sink_name) {
    for (const char* name : {"vout", "fileout"}) {
        GstElement* sink = gst_bin_get_by_name(GST_BIN(pipeline), name);
        if (!sink) continue;
        GstPad* pad = gst_element_get_static_pad(sink, "sink");
        gst_object_unref(sink);
        if (!pad) continue;
        if (sink_name) *sink_name = name;
        return pad;
    }
    return nullptr;
}

ServiceNotifier::ServiceNotifier() {
    const char* socket = g_getenv("NOTIFY_SOCKET");
    active_ = socket && *socket;
    std::uint64_t usec = 0;
    if (active_ && sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
        watchdog_ = std::chrono::duration_cast<Millis>(std::chrono::microseconds(usec));
}

void ServiceNotifier::ready(const std::string& status) {
    if (active_) sd_notify(0, ("READY=1\nSTATUS=" + status).c_str());
}

void ServiceNotifier::ping() {
    if (active_) sd_notify(0, "WATCHDOG=1");
}

void ServiceNotifier::status(const std::string& status) {
    if (active_) sd_notify(0, ("STATUS=" + status).c_str());
}

void ServiceNotifier::stopping() {
    if (active_) sd_notify(0, "STOPPING=1");
}

StartExtender::StartExtender(Millis every, Millis extend) {
    if (!ServiceNotifier().active()) return;
    const std::string message =
        "EXTEND_TIMEOUT_USEC=" +
        std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(extend).count()) +
        "\nSTATUS=loading the playlist (documents, speech)";
    thread_ = std::thread([this, every, message] {
        std::unique_lock lock(mutex_);
        do
            sd_notify(0, message.c_str());
        while (!wake_.wait_for(lock, every, [this] { return done_; }));
    });
}

StartExtender::~StartExtender() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        done_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void FrameWatch::start(Millis now, std::uint64_t count, std::string sink) {
    watching_ = true;
    seen_frame_ = false;
    last_count_ = count;
    last_change_ = now;
    sink_ = std::move(sink);
}

FrameWatch::Verdict FrameWatch::tick(Millis now, std::uint64_t count) {
    Verdict v;
    if (!watching_) return v;
    if (count != last_count_) {
        v.first_frame = !seen_frame_;
        v.ping = true;
        seen_frame_ = true;
        last_count_ = count;
        last_change_ = now;
        return v;
    }
    const Millis quiet = now - last_change_;
    const auto seconds = [](Millis m) { return std::to_string((m.count() + 500) / 1000) + " s"; };
    if (seen_frame_ && quiet >= stall_after) {
        v.stalled = true;
        v.why = i18n::format(_("no new frame reached %s for %s"), sink_, seconds(stall_after));
    } else if (!seen_frame_ && quiet >= first_frame_within) {
        v.stalled = true;
        v.why = i18n::format(_("no frame reached %s within %s of the start"), sink_,
                             seconds(first_frame_within));
    }
    if (v.stalled) watching_ = false;
    return v;
}

std::optional<std::string> ScreenClockWatch::stale(Instant wall_now) const {
    if (!shown_) return std::nullopt;
    const Instant due_to_change = *shown_ + std::chrono::minutes(1);
    if (wall_now < due_to_change + grace) return std::nullopt;
    const auto since = std::chrono::duration_cast<Seconds>(wall_now - *shown_).count();
    return i18n::format(_("the clock on screen has not changed for more than a minute (it "
                          "shows a minute that began %s s ago)"),
                        since);
}

FrameWatchdog::FrameWatchdog(Options options, std::function<void(const std::string&)> on_stall)
    : options_(std::move(options)), on_stall_(std::move(on_stall)) {
    Millis tick = options_.tick;
    // At least two ticks within systemd's WatchdogSec, so that one late tick is no restart.
    if (auto w = notifier_.watchdog(); w && *w / 2 < tick) tick = std::max(Millis(10), *w / 2);
    timer_ = g_timeout_add(guint(tick.count()), on_tick, this);
}

FrameWatchdog::~FrameWatchdog() {
    if (timer_) g_source_remove(timer_);
}

Millis FrameWatchdog::now() const {
    return Millis(g_get_monotonic_time() / 1000);
}

bool FrameWatchdog::attach(GstElement* pipeline) {
    detach();
    std::string name;
    GstPad* pad = frame_sink_pad(pipeline, &name);
    if (!pad) return false;
    counter_ = std::make_unique<FrameCounter>(pad);
    gst_object_unref(pad);
    options_.watch.start(now(), counter_->count(), name);
    return true;
}

void FrameWatchdog::detach() {
    options_.watch.stop();
    options_.clock.start();
    counter_.reset();
}

bool FrameWatchdog::on_message(GstMessage* msg) {
    if (GST_MESSAGE_TYPE(msg) != GST_MESSAGE_ELEMENT) return false;
    auto m = parse_clock_message(gst_message_get_structure(msg));
    if (!m) return false;
    if (counter_) options_.clock.shown(m->minute);
    return true;
}

void FrameWatchdog::stalled(const std::string& why) {
    detach();
    notifier_.status("rebuilding: " + why);
    on_stall_(why);
}

gboolean FrameWatchdog::on_tick(gpointer data) {
    auto* self = static_cast<FrameWatchdog*>(data);
    if (!self->counter_) return G_SOURCE_CONTINUE;
    FrameWatch::Verdict v = self->options_.watch.tick(self->now(), self->counter_->count());
    if (v.first_frame && !self->ready_sent_) {
        self->ready_sent_ = true;
        self->notifier_.ready("playing");
    }
    if (v.stalled) {
        self->stalled(v.why);
        return G_SOURCE_CONTINUE;
    }
    const Instant wall =
        self->options_.wall_now ? self->options_.wall_now() : Instant(Micros(g_get_real_time()));
    if (auto why = self->options_.clock.stale(wall)) {
        // Frames flow but show an old clock: no ping either, as for a frozen picture.
        self->stalled(*why);
        return G_SOURCE_CONTINUE;
    }
    if (v.ping) self->notifier_.ping();
    return G_SOURCE_CONTINUE;
}

TeardownBound::TeardownBound(Millis bound, std::string what) {
    thread_ = std::thread([this, bound, what = std::move(what)] {
        std::unique_lock lock(mutex_);
        if (done_cv_.wait_for(lock, bound, [this] { return done_; })) return;
        const std::string text =
            "tsr play: " +
            i18n::format(_("%s hung for more than %s s; exiting so that the service is started "
                           "again"),
                         what, bound.count() / 1000) +
            "\n";
        // write(2): no stream locks, which the hung thread may hold.
        ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
        (void)n;
        sd_notify(0, ("STATUS=" + what + " hung").c_str());
        _exit(3);
    });
}

TeardownBound::~TeardownBound() {
    {
        std::lock_guard lock(mutex_);
        done_ = true;
    }
    done_cv_.notify_all();
    thread_.join();
}

} // namespace tsr
