#include "power_control.hpp"
#include "i18n.hpp"
#include "kms_screen.hpp"
#include "screen_plan.hpp"
#include "text_checks.hpp"

#include <gio/gio.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace tsr {

namespace {

constexpr guint kCommandTimeoutMs = 5000;
/// Live ticks come a second apart; a longer gap is a clock set forward or a stalled loop.
constexpr auto kLiveTickGap = std::chrono::minutes(2);

std::string hhmm(Seconds s) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", int(s.count() / 3600), int(s.count() / 60 % 60));
    return buf;
}

std::string hours_text(const OfficeHours& h) {
    return hhmm(h.begin) + "-" + hhmm(h.end);
}

} // namespace

PowerSetup power_setup() {
    PowerSetup s;
    // /dev/cec0, /dev/cec1, ...: the lowest number, as cec-ctl's own default is /dev/cec0.
    std::error_code ec;
    std::vector<std::string> found;
    for (auto it = std::filesystem::directory_iterator("/dev", ec);
         !ec && it != std::filesystem::directory_iterator() && found.size() < 64;
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() > 3 && name.size() < 8 && name.compare(0, 3, "cec") == 0 &&
            name.find_first_not_of("0123456789", 3) == std::string::npos)
            found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    if (!found.empty()) s.cec_device = found.front();
    const char* display = std::getenv("DISPLAY");
    s.have_display = display && *display;
    if (const char* forced = std::getenv("TSR_TV_POWER")) s.forced = forced;
    return s;
}

std::vector<PowerStep> cec_client_steps(bool on, const std::string& port) {
    // -s: one command from standard input, then exit (and no power changes of its own at
    // start or exit); -d 1: errors only in the transcript.
    const std::vector<std::string> argv{"cec-client", "-s", "-d", "1", port};
    return {{PowerStep::Role::switch_tv, argv, on ? "on 0\n" : "standby 0\n"},
            {PowerStep::Role::ask_state, argv, "pow 0\n"}};
}

std::vector<PowerMethod> power_methods(bool on, const PowerSetup& setup, std::string* problem) {
    const PowerMethod cec_ctl{
        "hdmi-cec",
        {{PowerStep::Role::switch_tv,
          {"cec-ctl", "-d", setup.cec_device.empty() ? "/dev/cec0" : setup.cec_device, "--to", "0",
           on ? "--image-view-on" : "--standby"},
          ""}}};
    const PowerMethod cec_client{"hdmi-cec-usb",
                                 {{PowerStep::Role::find_adapter, {"cec-client", "-l"}, ""}}};
    const PowerMethod dpms{
        "dpms", {{PowerStep::Role::switch_tv, {"xset", "dpms", "force", on ? "on" : "off"}, ""}}};
    const PowerMethod kms_dpms{"kms-dpms", {{PowerStep::Role::kms_dpms, {}, ""}}};
    if (setup.forced == "cec-ctl") return {cec_ctl};
    if (setup.forced == "cec-client") return {cec_client};
    if (setup.forced == "kms-dpms") return {kms_dpms};
    if (setup.forced == "dpms") return {dpms};
    if (!setup.forced.empty() && setup.forced != "auto") {
        if (problem)
            *problem = i18n::format(
                _("TSR_TV_POWER=\"%s\" is not cec-ctl, cec-client, kms-dpms, dpms or auto"),
                excerpt(setup.forced));
        return {};
    }
    std::vector<PowerMethod> out{setup.cec_device.empty() ? cec_client : cec_ctl};
    if (setup.have_kms) out.push_back(kms_dpms);
    if (setup.have_display) out.push_back(dpms);
    return out;
}

bool cec_acknowledged(const std::string& t) {
    return t.find(", OK") != std::string::npos && t.find("NACK") == std::string::npos &&
           t.find("Not Acknowledged") == std::string::npos &&
           t.find("was Nacked") == std::string::npos;
}

namespace {

/// The rest of the line after `key` in `text` (trailing spaces and CR cut), or nullopt.
std::optional<std::string> value_after(const std::string& text, const std::string& key) {
    const std::size_t at = text.find(key);
    if (at == std::string::npos) return std::nullopt;
    std::size_t b = text.find_first_not_of(" \t", at + key.size());
    if (b == std::string::npos) return std::string();
    std::size_t e = text.find('\n', b);
    std::string v = text.substr(b, e == std::string::npos ? std::string::npos : e - b);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\r' || v.back() == '\t'))
        v.pop_back();
    return v;
}

} // namespace

std::string cec_client_port(const std::string& listing) {
    // "Found devices: NONE", or "Found devices: 1" then per adapter "com port:  /dev/ttyACM0".
    if (listing.find("Found devices: NONE") != std::string::npos) return "";
    auto port = value_after(listing, "com port:");
    // A device path or a name; never an option, and bounded.
    if (!port || port->empty() || port->front() == '-' || port->size() > 200) return "";
    return *port;
}

bool cec_client_power_is(const std::string& transcript, bool on) {
    auto status = value_after(transcript, "power status:");
    if (!status) return false;
    return on ? (*status == "on" || *status == "in transition from standby to on")
              : (*status == "standby" || *status == "in transition from on to standby");
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
    std::vector<PowerMethod> methods;
    std::size_t method = 0;            ///< the one being tried
    std::size_t step = 0;              ///< its step under way
    std::vector<std::string> failures; ///< "hdmi-cec: cec-ctl exited 1"
    /// On, after kms-dpms switched the screen off: kms-dpms lights it first, and the other
    /// methods still wake the TV itself (it may have taken a CEC standby it never confirmed).
    bool relight = false;
    std::string relit; ///< kms-dpms's result when it lit the screen first
};

ScreenPower::ScreenPower(std::function<Instant()> now, std::function<void(const AsRunRow&)> log,
                         bool switch_tv, bool simulated)
    : now_(std::move(now)), log_(std::move(log)), switch_tv_(switch_tv), simulated_(simulated),
      alive_(std::make_shared<bool>(true)) {}

ScreenPower::~ScreenPower() {
    *alive_ = false;
}

void ScreenPower::tick(const Playlist& p) {
    const Instant now = now_();
    const std::optional<OfficeHours>& hours = p.display.hours;
    if (!hours) {
        // No hours (any more: a reload took them out): always on.
        if (state_ && !*state_) apply(true, std::nullopt, _("no office hours in the playlist now"));
        last_tick_ = now;
        return;
    }
    const std::string office = i18n::format(_("office hours %s"), hours_text(*hours));
    auto why = [&](bool on, bool reminder) -> std::string {
        if (!reminder) return office;
        return on ? std::string(_("a reminder outside office hours"))
                  : i18n::format(_("%s, after a reminder"), office);
    };
    if (!state_ || !last_tick_) {
        // Start: the state wanted now, whatever the TV was left in (a reboot at 07:00 finds
        // it in last night's standby).
        const ScreenWant want = screen_wanted(p, now);
        if (!state_ || *state_ != want.on)
            apply(want.on, std::nullopt,
                  i18n::format(_("%s, at start"), why(want.on, want.for_reminder)));
        last_tick_ = now;
        return;
    }
    // Live, the TV gets the state of now, not every change since the last tick: after a clock
    // set forward (or a stalled loop) it must not switch on and off for each missed day.
    const bool jumped = !simulated_ && now - *last_tick_ > kLiveTickGap;
    std::vector<ScreenChange> changes;
    if (!jumped) changes = screen_changes(p, *last_tick_, now);
    if (!simulated_ && changes.size() > 1) changes.erase(changes.begin(), changes.end() - 1);
    for (const ScreenChange& c : changes)
        if (c.on != *state_) apply(c.on, c.at, why(c.on, c.reminder));
    // Hours edited while playing (a reload) may want the other state without an edge.
    if (const ScreenWant want = screen_wanted(p, now); want.on != *state_)
        apply(want.on, std::nullopt,
              i18n::format(jumped ? _("%s, after the clock moved")
                                  : _("%s, as the playlist now says"),
                           why(want.on, want.for_reminder)));
    last_tick_ = now;
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
    std::string problem;
    PowerSetup setup = power_setup();
    setup.have_kms = kms_ != nullptr;
    p->methods = power_methods(on, setup, &problem);
    if (!problem.empty()) p->failures.push_back(problem);
    queue_.push_back(p);
    if (queue_.size() == 1) run_next(p);
}

void ScreenPower::run_next(std::shared_ptr<Pending> p) {
    if (p->method == 0 && p->step == 0 && p->on && kms_ && kms_->off()) {
        // kms-dpms switched the screen off: it switches it on, whatever else may wake the TV.
        auto kms = std::find_if(p->methods.begin(), p->methods.end(),
                                [](const PowerMethod& m) { return m.name == "kms-dpms"; });
        if (kms == p->methods.end())
            p->methods.insert(p->methods.begin(),
                              {"kms-dpms", {{PowerStep::Role::kms_dpms, {}, ""}}});
        else
            std::rotate(p->methods.begin(), kms, kms + 1);
        p->relight = p->methods.size() > 1;
    }
    if (p->method >= p->methods.size() && !p->relit.empty()) {
        // kms-dpms lit the screen; nothing else reached the TV: the row says what did.
        log_({p->scheduled, p->actual.value_or(now_()), "power", "",
              power_detail(p->on, p->why, "kms-dpms", p->relit), "played"});
        done();
        return;
    }
    if (p->method >= p->methods.size()) {
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
    const PowerMethod& method = p->methods[p->method];
    const PowerStep& step = method.steps[p->step];
    if (step.role == PowerStep::Role::kms_dpms) {
        run_kms(p);
        return;
    }
    std::vector<const char*> argv;
    for (const std::string& a : step.argv)
        argv.push_back(a.c_str());
    argv.push_back(nullptr);
    GError* err = nullptr;
    GSubprocess* child = g_subprocess_newv(
        argv.data(),
        GSubprocessFlags(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE |
                         (step.input.empty() ? 0 : G_SUBPROCESS_FLAGS_STDIN_PIPE)),
        &err);
    if (!child) {
        p->failures.push_back(
            method.name + ": " +
            i18n::format(_("%s not run (%s)"), step.argv[0], err ? err->message : "?"));
        if (err) g_error_free(err);
        next_method(p);
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
        child, step.input.empty() ? nullptr : step.input.c_str(), nullptr,
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
            c->self->step_done(c->p, exited, status, transcript);
        },
        call);
}

void ScreenPower::run_kms(std::shared_ptr<Pending> p) {
    if (!kms_ || !kms_->usable()) {
        p->failures.push_back("kms-dpms: " +
                              (kms_ ? kms_->problem() : std::string(_("the output is not kms"))));
        next_method(p);
        return;
    }
    // A mode set and a frame's wait: on a worker, the main loop keeps playing.
    struct Job {
        ScreenPower* self;
        std::shared_ptr<bool> alive;
        std::shared_ptr<Pending> p;
        std::shared_ptr<KmsScreen> kms;
        std::string problem;
    };
    GTask* task = g_task_new(
        nullptr, nullptr,
        [](GObject*, GAsyncResult* res, gpointer) {
            auto* job = static_cast<Job*>(g_task_get_task_data(G_TASK(res)));
            if (!*job->alive) return;
            // The status says what set() found: 0 read back as set, 1 not.
            job->self->step_done(job->p, true, job->problem.empty() ? 0 : 1, job->problem);
        },
        nullptr);
    g_task_set_task_data(task, new Job{this, alive_, p, kms_, ""},
                         [](gpointer d) { delete static_cast<Job*>(d); });
    g_task_run_in_thread(task, [](GTask* t, gpointer, gpointer d, GCancellable*) {
        auto* job = static_cast<Job*>(d);
        job->problem = job->kms->set(job->p->on);
        g_task_return_boolean(t, TRUE);
    });
    g_object_unref(task);
}

void ScreenPower::step_done(std::shared_ptr<Pending> p, bool exited, int status,
                            const std::string& transcript) {
    PowerMethod& method = p->methods[p->method];
    const PowerStep& step = method.steps[p->step];
    const bool last = p->method + 1 >= p->methods.size();
    auto switched = [&](const std::string& result) {
        log_({p->scheduled, p->actual.value_or(now_()), "power", "",
              power_detail(p->on, p->why, method.name, result), "played"});
        done();
    };
    auto not_acknowledged = [&] {
        // Sent, not acknowledged: the next method may reach the TV; the last one says so.
        if (last) return switched(_("sent, not acknowledged by the TV"));
        p->failures.push_back(method.name + ": " + _("not acknowledged by the TV"));
        next_method(p);
    };
    if (step.role == PowerStep::Role::kms_dpms) {
        if (status == 0) {
            const std::string ack =
                i18n::format(_("acknowledged by the driver (DPMS reads %s)"), p->on ? "On" : "Off");
            if (!p->relight || last) return switched(ack);
            p->relit = ack; // the screen is lit; now the TV itself
            next_method(p);
            return;
        }
        p->failures.push_back(method.name + ": " + transcript);
        next_method(p);
        return;
    }
    if (status != 0 && step.role != PowerStep::Role::ask_state) {
        p->failures.push_back(
            method.name + ": " +
            i18n::format(exited ? _("%s exited %s") : _("%s was stopped after 5 s"), step.argv[0],
                         status));
        next_method(p);
        return;
    }
    switch (step.role) {
    case PowerStep::Role::find_adapter: {
        const std::string port = cec_client_port(transcript);
        if (port.empty()) {
            p->failures.push_back(method.name + ": " + _("no USB CEC adapter found"));
            next_method(p);
            return;
        }
        for (PowerStep& s : cec_client_steps(p->on, port))
            method.steps.push_back(std::move(s));
        break;
    }
    case PowerStep::Role::ask_state:
        if (status == 0 && cec_client_power_is(transcript, p->on))
            return switched(_("acknowledged by the TV"));
        return not_acknowledged();
    case PowerStep::Role::kms_dpms:
        break; // above
    case PowerStep::Role::switch_tv:
        if (method.name == "hdmi-cec") {
            if (cec_acknowledged(transcript)) return switched(_("acknowledged by the TV"));
            return not_acknowledged();
        }
        if (method.name == "dpms") return switched(_("done, no acknowledgement"));
        break; // cec-client: its answer to "pow 0" says
    }
    ++p->step;
    if (p->step < method.steps.size()) {
        run_next(p);
        return;
    }
    switched(_("done, no acknowledgement"));
}

void ScreenPower::next_method(std::shared_ptr<Pending> p) {
    ++p->method;
    p->step = 0;
    run_next(p);
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
