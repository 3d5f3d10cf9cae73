#include "power_control.hpp"
#include "i18n.hpp"

#include <gio/gio.h>

#include <cstdlib>

namespace tsr {

namespace {

constexpr guint kCommandTimeoutMs = 5000;

std::string hhmm(Seconds s) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", int(s.count() / 3600), int(s.count() / 60 % 60));
    return buf;
}

std::string hours_text(const OfficeHours& h) {
    return hhmm(h.begin) + "-" + hhmm(h.end);
}

} // namespace

std::vector<PowerCommand> power_commands(bool on, bool have_display) {
    std::vector<PowerCommand> out;
    out.push_back(
        {"hdmi-cec",
         {"cec-ctl", "-d", "/dev/cec0", "--to", "0", on ? "--image-view-on" : "--standby"}});
    if (have_display) out.push_back({"dpms", {"xset", "dpms", "force", on ? "on" : "off"}});
    return out;
}

bool cec_acknowledged(const std::string& t) {
    return t.find(", OK") != std::string::npos && t.find("NACK") == std::string::npos &&
           t.find("Not Acknowledged") == std::string::npos &&
           t.find("was Nacked") == std::string::npos;
}

std::string power_detail(bool on, const std::string& why, const std::string& method,
                         const std::string& result) {
    return std::string(on ? "on" : "off") + " (" + why + "): " + method + ", " + result;
}

struct ScreenPower::Pending {
    bool on;
    std::optional<Instant> scheduled;
    std::optional<Instant> actual; ///< simulated runs: fixed at apply()
    std::string why;
    std::vector<PowerCommand> commands;
    std::size_t next = 0;
    std::vector<std::string> failures; ///< "hdmi-cec: cec-ctl exited 1"
};

ScreenPower::ScreenPower(std::function<Instant()> now, std::function<void(const AsRunRow&)> log,
                         bool switch_tv, bool simulated)
    : now_(std::move(now)), log_(std::move(log)), switch_tv_(switch_tv), simulated_(simulated),
      alive_(std::make_shared<bool>(true)) {}

ScreenPower::~ScreenPower() {
    *alive_ = false;
}

void ScreenPower::tick(const std::optional<OfficeHours>& hours, const TimeZone& tz) {
    const Instant now = now_();
    if (!hours) {
        last_tick_ = now;
        return;
    }
    if (awake_until_ && now < *awake_until_) {
        last_tick_ = now;
        return;
    }
    const bool was_awake = awake_until_.has_value();
    awake_until_.reset();
    const std::string why = i18n::format(_("office hours %s"), hours_text(*hours));
    if (!state_ || !last_tick_ || was_awake) {
        // Start (or the end of a reminder's wake): the state the hours want now, whatever the
        // TV was left in (a reboot at 07:00 finds it in last night's standby).
        const bool on = screen_on(*hours, tz, now);
        if (!state_ || *state_ != on)
            apply(on, std::nullopt, state_ ? why : i18n::format(_("%s, at start"), why));
        last_tick_ = now;
        return;
    }
    for (const PowerChange& c : power_changes(*hours, tz, *last_tick_, now))
        if (c.on != *state_) apply(c.on, c.at, why);
    // Hours edited while playing (a reload) may want the other state without an edge.
    if (const bool want = screen_on(*hours, tz, now); want != *state_)
        apply(want, std::nullopt, i18n::format(_("%s, as the playlist now says"), why));
    last_tick_ = now;
}

void ScreenPower::reminder(const std::optional<OfficeHours>& hours, const TimeZone& tz,
                           Micros for_at_least) {
    if (!hours || hours->reminders_outside != OfficeHours::Outside::wake) return;
    const Instant now = now_();
    if (screen_on(*hours, tz, now)) return;
    awake_until_ = now + for_at_least;
    if (state_ && !*state_) apply(true, now, _("a reminder outside office hours"));
}

void ScreenPower::apply(bool on, std::optional<Instant> scheduled, const std::string& why) {
    state_ = on;
    auto p = std::make_shared<Pending>();
    p->on = on;
    p->scheduled = scheduled;
    p->why = why;
    if (simulated_) p->actual = scheduled.value_or(now_());
    if (!switch_tv_) {
        log_({scheduled, p->actual.value_or(now_()), "power", "",
              power_detail(on, why, "simulated", _("TV not switched")), "played"});
        return;
    }
    const char* display = std::getenv("DISPLAY");
    p->commands = power_commands(on, display && *display);
    queue_.push_back(p);
    if (queue_.size() == 1) run_next(p);
}

void ScreenPower::run_next(std::shared_ptr<Pending> p) {
    if (p->next >= p->commands.size()) {
        std::string tried;
        for (const std::string& f : p->failures)
            tried += (tried.empty() ? "" : "; ") + f;
        // Nothing could switch the TV: said, but the playout goes on as planned.
        log_({p->scheduled, p->actual.value_or(now_()), "power", "",
              power_detail(p->on, p->why, "none", i18n::format(_("no method worked (%s)"), tried)),
              std::string("skipped: ") + _("the TV could not be switched")});
        done();
        return;
    }
    const PowerCommand& cmd = p->commands[p->next];
    std::vector<const char*> argv;
    for (const std::string& a : cmd.argv)
        argv.push_back(a.c_str());
    argv.push_back(nullptr);
    GError* err = nullptr;
    GSubprocess* child = g_subprocess_newv(
        argv.data(),
        GSubprocessFlags(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE), &err);
    if (!child) {
        p->failures.push_back(
            cmd.method + ": " +
            i18n::format(_("%s not run (%s)"), cmd.argv[0], err ? err->message : "?"));
        if (err) g_error_free(err);
        ++p->next;
        run_next(p);
        return;
    }
    struct Call {
        ScreenPower* self;
        std::shared_ptr<bool> alive;
        std::shared_ptr<Pending> p;
        GSubprocess* child;
        guint timeout;
    };
    auto* call = new Call{this, alive_, p, child, 0};
    call->timeout = g_timeout_add(
        kCommandTimeoutMs,
        [](gpointer d) {
            auto* c = static_cast<Call*>(d);
            c->timeout = 0;
            g_subprocess_force_exit(c->child);
            return G_SOURCE_REMOVE;
        },
        call);
    g_subprocess_communicate_utf8_async(
        child, nullptr, nullptr,
        [](GObject* source, GAsyncResult* res, gpointer d) {
            auto* c = static_cast<Call*>(d);
            if (c->timeout) g_source_remove(c->timeout);
            gchar* out = nullptr;
            GError* e = nullptr;
            g_subprocess_communicate_utf8_finish(G_SUBPROCESS(source), res, &out, nullptr, &e);
            const std::string transcript = out ? out : "";
            g_free(out);
            if (e) g_error_free(e);
            const bool exited = g_subprocess_get_if_exited(c->child);
            const int status = exited ? g_subprocess_get_exit_status(c->child) : -1;
            g_object_unref(c->child);
            std::unique_ptr<Call> own(c);
            if (!*c->alive) return;
            Pending& p = *c->p;
            const PowerCommand& cmd = p.commands[p.next];
            const bool cec = cmd.method == "hdmi-cec";
            const bool acked = cec && cec_acknowledged(transcript);
            const bool last = p.next + 1 >= p.commands.size();
            if (status == 0 && (!cec || acked || last)) {
                const std::string result = !cec    ? _("done, no acknowledgement")
                                           : acked ? _("acknowledged by the TV")
                                                   : _("sent, not acknowledged by the TV");
                c->self->log_({p.scheduled, p.actual.value_or(c->self->now_()), "power", "",
                               power_detail(p.on, p.why, cmd.method, result), "played"});
                c->self->done();
                return;
            }
            if (status == 0) { // sent, not acknowledged: the next method may reach the TV
                p.failures.push_back(std::string("hdmi-cec: ") + _("not acknowledged by the TV"));
                ++p.next;
                c->self->run_next(c->p);
                return;
            }
            p.failures.push_back(
                cmd.method + ": " +
                i18n::format(exited ? _("%s exited %s") : _("%s was stopped after 5 s"),
                             cmd.argv[0], status));
            ++p.next;
            c->self->run_next(c->p);
        },
        call);
}

void ScreenPower::done() {
    if (!queue_.empty()) queue_.pop_front();
    if (!queue_.empty()) run_next(queue_.front());
}

void ScreenPower::finish(Micros at_most) {
    const gint64 until = g_get_monotonic_time() + at_most.count();
    while (!queue_.empty() && g_get_monotonic_time() < until)
        if (!g_main_context_iteration(nullptr, FALSE)) g_usleep(10'000);
}

} // namespace tsr
