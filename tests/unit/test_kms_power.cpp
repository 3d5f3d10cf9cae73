// The TV's standby through the KMS connector's DPMS (tools/kms_screen.hpp, power_control's
// kms-dpms): the DRM calls made, in order, through a fake DrmAccess; the `power` rows of
// ScreenPower with it; the real libdrm access on devices that are missing or not DRM; and
// `auto` going on to the next method when kms-dpms cannot work.
#include "kms_screen.hpp"
#include "playlist_loader.hpp"
#include "power_control.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <glib.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

using namespace tsr;
using namespace std::chrono;
namespace fs = std::filesystem;

namespace {

/// A card with one connector (77) whose DPMS property holds what was last set.
struct FakeDrm : DrmAccess {
    std::mutex m;
    std::string calls; ///< "open /dev/dri/card0\nfind 5\nset 77 Off\nget 77\n..."
    int open_result = 5;
    int set_result = 0; ///< -errno to fail every set
    bool obeys = true;  ///< false: the property keeps its value
    int dpms = 0;       ///< DRM_MODE_DPMS_ON

    void log(const std::string& line) {
        std::lock_guard lock(m);
        calls += line + "\n";
    }
    std::string taken() {
        std::lock_guard lock(m);
        return std::exchange(calls, "");
    }
    int open(const std::string& card) override {
        log("open " + card);
        return open_result;
    }
    void close(int fd) override { log("close " + std::to_string(fd)); }
    std::uint32_t find_connector(int fd, std::string*) override {
        log("find " + std::to_string(fd));
        return 77;
    }
    int set_dpms(int fd, std::uint32_t connector, int mode) override {
        log("set " + std::to_string(fd) + " " + std::to_string(connector) + " " + dpms_name(mode));
        if (set_result) return set_result;
        if (obeys) dpms = mode;
        return 0;
    }
    int get_dpms(int fd, std::uint32_t connector) override {
        log("get " + std::to_string(fd) + " " + std::to_string(connector));
        return dpms;
    }
};

const TimeZone kWib = TimeZone::fixed(hours(7));

Instant at(const char* text) {
    return *parse_local_datetime(kWib, text);
}

OfficeHours hours_0630_1700() {
    OfficeHours h;
    h.begin = hours(6) + minutes(30);
    h.end = hours(17);
    h.reminders_outside = OfficeHours::Outside::wake;
    return h;
}

/// Sets environment variables for one test and puts them back after it.
struct Env {
    std::vector<std::pair<std::string, std::optional<std::string>>> saved;
    void set(const std::string& name, const std::optional<std::string>& value) {
        const char* before = g_getenv(name.c_str());
        saved.emplace_back(name, before ? std::optional<std::string>(before) : std::nullopt);
        value ? (void)g_setenv(name.c_str(), value->c_str(), TRUE) : g_unsetenv(name.c_str());
    }
    ~Env() {
        for (auto it = saved.rbegin(); it != saved.rend(); ++it)
            it->second ? (void)g_setenv(it->first.c_str(), it->second->c_str(), TRUE)
                       : g_unsetenv(it->first.c_str());
    }
};

/// TSR_TV_POWER=kms-dpms and a KMS screen on a fake card0, the calls of its opening taken from
/// the fake's log.
struct KmsDpms {
    Env env;
    std::shared_ptr<FakeDrm> drm = std::make_shared<FakeDrm>();
    std::shared_ptr<KmsScreen> screen;
    KmsDpms() {
        env.set("TSR_TV_POWER", "kms-dpms");
        screen = std::make_shared<KmsScreen>(drm, "/dev/dri/card0");
        drm->taken();
    }
};

/// ScreenPower in simulated time (rows at the scheduled instants), its rows as
/// "SCHEDULED | ACTUAL | DETAIL | OUTCOME" lines.
struct Power {
    Instant now = at("2026-11-30 06:29:50");
    std::vector<std::string> rows;
    ScreenPower power{[this] { return now; },
                      [this](const AsRunRow& r) {
                          BOOST_TEST(r.kind == "power");
                          rows.push_back((r.scheduled ? format_iso(kWib, *r.scheduled) : "") +
                                         " | " + format_iso(kWib, *r.actual) + " | " + r.detail +
                                         " | " + r.outcome);
                      },
                      true, true};
    /// Office hours 06:30-17:00 and nothing else, unless a test loads a playlist.
    std::shared_ptr<const Playlist> playlist = [] {
        auto pl = std::make_shared<Playlist>();
        pl->zone = kWib;
        pl->display.hours = hours_0630_1700();
        return pl;
    }();
    void tick_at(const char* when) {
        now = at(when);
        power.tick(*playlist);
        power.finish(Micros(5'000'000));
    }
};

std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

using test::TempDir;

void script(const fs::path& file, const std::string& body) {
    std::ofstream(file) << "#!/bin/sh\n" << body;
    fs::permissions(file, fs::perms::owner_all);
}

using test::has_cec_device;

/// Fake programs alone on PATH, logging to `log`, with TSR_TV_POWER and DISPLAY as given; the
/// environment comes back after the test.
struct FakeTools {
    TempDir bin;
    fs::path log = bin.path / "calls.log";
    Env env;
    FakeTools(const std::optional<std::string>& tv_power,
              const std::optional<std::string>& display) {
        env.set("TSR_TV_POWER", tv_power);
        env.set("DISPLAY", display);
        env.set("PATH", bin.path.string());
    }
    void tool(const std::string& name, const std::string& body) { script(bin.path / name, body); }
    /// A cec-client that finds no USB CEC adapter.
    void no_cec_adapter() {
        tool("cec-client",
             "echo \"cec-client $*\" >> '" + log.string() + "'\nprintf 'Found devices: NONE\\n'\n");
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(kms_power)

BOOST_AUTO_TEST_CASE(kms_dpms_is_chosen_after_cec_and_before_x) {
    PowerSetup s;
    s.have_kms = true;
    s.have_display = true;
    std::string problem;
    auto names = [](const std::vector<PowerMethod>& ms) {
        std::string out;
        for (const PowerMethod& m : ms)
            out += m.name + (m.steps.front().role == PowerStep::Role::kms_dpms ? "(drm) " : " ");
        return out;
    };
    BOOST_TEST(names(power_methods(false, s, &problem)) == "hdmi-cec-usb kms-dpms(drm) dpms ");
    s.cec_device = "/dev/cec0";
    s.have_display = false;
    BOOST_TEST(names(power_methods(true, s, &problem)) == "hdmi-cec kms-dpms(drm) ");
    s.have_kms = false;
    BOOST_TEST(names(power_methods(true, s, &problem)) == "hdmi-cec ");
    s.forced = "kms-dpms";
    BOOST_TEST(names(power_methods(false, s, &problem)) == "kms-dpms(drm) ");
    BOOST_TEST(problem.empty());
    s.forced = "kms";
    BOOST_TEST(power_methods(false, s, &problem).empty());
    BOOST_TEST(problem ==
               "TSR_TV_POWER=\"kms\" is not cec-ctl, cec-client, kms-dpms, dpms or auto");
}

BOOST_AUTO_TEST_CASE(the_real_drm_access_says_what_is_missing) {
    // This machine's cards are not needed: a device that is not there, and one that is no
    // DRM card (the ioctl is refused).
    KmsScreen missing(libdrm_access(), "/nonexistent/dri/card9");
    BOOST_TEST(!missing.usable());
    BOOST_TEST(missing.problem() ==
               "/nonexistent/dri/card9 cannot be opened (No such file or directory)");
    BOOST_TEST(missing.set(false) == missing.problem());
    KmsScreen not_drm(libdrm_access(), "/dev/null");
    BOOST_TEST(!not_drm.usable());
    BOOST_TEST(not_drm.problem() ==
               "/dev/null: no mode setting resources (Inappropriate ioctl for device)");
    // No card found at all: usable_drm_card's words are kept.
    KmsScreen none(libdrm_access(), "", "no DRM device (/dev/dri does not exist)");
    BOOST_TEST(none.problem() == "no DRM device (/dev/dri does not exist)");
    BOOST_TEST(none.reassert() == "");
}

BOOST_AUTO_TEST_CASE(off_stops_kmssink_flipping_first_and_on_restarts_it_last) {
    gst_init(nullptr, nullptr);
    auto drm = std::make_shared<FakeDrm>();
    {
        KmsScreen screen(drm, "/dev/dri/card0");
        BOOST_TEST(screen.usable());
        BOOST_TEST(drm->taken() == "open /dev/dri/card0\nfind 5\n");
        GstElement* sink = gst_element_factory_make("kmssink", nullptr);
        BOOST_REQUIRE(sink);
        gst_object_ref_sink(sink);
        screen.attach(sink);
        gint connector = 0;
        gboolean skip = TRUE;
        g_object_get(sink, "connector-id", &connector, "skip-vsync", &skip, nullptr);
        BOOST_TEST(connector == 77);
        BOOST_TEST(!skip);

        BOOST_TEST(screen.set(false) == "");
        BOOST_TEST(screen.off());
        g_object_get(sink, "skip-vsync", &skip, nullptr);
        BOOST_TEST(skip); // no page flip may meet the CRTC off
        BOOST_TEST(drm->taken() == "set 5 77 Off\nget 5 77\n");
        // kmssink set a mode (a pipeline restarted): On, then Off again.
        BOOST_TEST(screen.reassert() == "");
        BOOST_TEST(drm->taken() == "set 5 77 On\nset 5 77 Off\nget 5 77\n");
        // A new kmssink while off starts without flips.
        GstElement* next = gst_element_factory_make("kmssink", nullptr);
        gst_object_ref_sink(next);
        screen.attach(next);
        g_object_get(next, "skip-vsync", &skip, nullptr);
        BOOST_TEST(skip);

        BOOST_TEST(screen.set(true) == "");
        BOOST_TEST(!screen.off());
        g_object_get(next, "skip-vsync", &skip, nullptr);
        BOOST_TEST(!skip);
        BOOST_TEST(drm->taken() == "set 5 77 On\nget 5 77\n");
        BOOST_TEST(screen.reassert() == ""); // on: nothing to do
        BOOST_TEST(drm->taken() == "");

        // The property does not follow: said, and kmssink keeps flipping (the screen is on).
        drm->obeys = false;
        BOOST_TEST(screen.set(false) == "DPMS of connector 77 reads On after setting Off");
        BOOST_TEST(!screen.off());
        g_object_get(next, "skip-vsync", &skip, nullptr);
        BOOST_TEST(!skip);
        drm->taken();
        screen.detach();
        gst_object_unref(sink);
        gst_object_unref(next);
    }
    BOOST_TEST(drm->taken() == "close 5\n"); // the master fd is held until the end
}

BOOST_FIXTURE_TEST_CASE(office_hours_and_a_reminder_switch_the_connector, KmsDpms) {
    // A reminder at 17:30 (1 s of sound, its slide 8 s), outside the hours: "wake".
    test::TempPlaylist t;
    t.tone("audio/r.m4a", 440, 1.0);
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
               "[display]\non = \"06:30-17:00\"\nreminders_outside = \"wake\"\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n"
               "[[activity]]\nid = \"piket\"\ntitle = \"Piket\"\n"
               "start = 2026-11-30T17:30:00\n"
               "reminders = [ { before = \"0m\", audio = \"audio/r.m4a\", chime = false } ]\n");
    LoadResult loaded = load_playlist(t.dir());
    BOOST_REQUIRE(loaded.playlist);
    Power p;
    p.playlist = loaded.playlist;
    p.power.use_kms(screen);
    p.tick_at("2026-11-30 06:29:50");
    p.tick_at("2026-11-30 06:30:10");
    p.tick_at("2026-11-30 17:00:10");
    // Woken 10 s before the sound, back in standby when its slide gives way.
    p.tick_at("2026-11-30 17:31:00");
    const std::string ack_off = "kms-dpms, acknowledged by the driver (DPMS reads Off) | played";
    const std::string ack_on = "kms-dpms, acknowledged by the driver (DPMS reads On) | played";
    BOOST_TEST(p.rows == (std::vector<std::string>{
                             " | 2026-11-30T06:29:50+07:00 | off (office hours 06:30-17:00, at "
                             "start): " +
                                 ack_off,
                             "2026-11-30T06:30:00+07:00 | 2026-11-30T06:30:00+07:00 | on (office "
                             "hours 06:30-17:00): " +
                                 ack_on,
                             "2026-11-30T17:00:00+07:00 | 2026-11-30T17:00:00+07:00 | off (office "
                             "hours 06:30-17:00): " +
                                 ack_off,
                             "2026-11-30T17:29:50+07:00 | 2026-11-30T17:29:50+07:00 | on (a "
                             "reminder outside office hours): " +
                                 ack_on,
                             "2026-11-30T17:30:08+07:00 | 2026-11-30T17:30:08+07:00 | off (office "
                             "hours 06:30-17:00, after a reminder): " +
                                 ack_off}),
               boost::test_tools::per_element());
    BOOST_TEST(drm->taken() == "set 5 77 Off\nget 5 77\nset 5 77 On\nget 5 77\n"
                               "set 5 77 Off\nget 5 77\nset 5 77 On\nget 5 77\n"
                               "set 5 77 Off\nget 5 77\n");
}

BOOST_FIXTURE_TEST_CASE(a_connector_that_refuses_is_a_skipped_row, KmsDpms) {
    drm->set_result = -EACCES; // not the DRM master (X or another program holds the card)
    Power p;
    p.power.use_kms(screen);
    p.tick_at("2026-11-30 06:29:50");
    BOOST_TEST(p.rows == (std::vector<std::string>{
                             " | 2026-11-30T06:29:50+07:00 | off (office hours 06:30-17:00, at "
                             "start): none, no method worked (kms-dpms: setting DPMS on "
                             "connector 77 failed (Permission denied)) | skipped: the TV could "
                             "not be switched"}),
               boost::test_tools::per_element());
    BOOST_TEST(!screen->off());

    // Forced, without a KMS screen (not tsr play --output kms): said.
    Power q;
    q.tick_at("2026-11-30 06:29:50");
    BOOST_TEST(q.rows == (std::vector<std::string>{
                             " | 2026-11-30T06:29:50+07:00 | off (office hours 06:30-17:00, at "
                             "start): none, no method worked (kms-dpms: the output is not kms) "
                             "| skipped: the TV could not be switched"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(auto_goes_on_to_x_dpms_when_the_card_cannot_be_opened) {
    if (has_cec_device()) {
        BOOST_TEST_MESSAGE("skipped: this machine has a /dev/cec* (auto would pick cec-ctl)");
        return;
    }
    FakeTools fake(std::nullopt, ":9");
    const fs::path& log = fake.log;
    // No USB CEC adapter; xset answers `status`.
    fake.no_cec_adapter();
    auto fake_xset = [&](int status) {
        fake.tool("xset", "echo \"xset $*\" >> '" + log.string() + "'\nexit " +
                              std::to_string(status) + "\n");
    };
    auto screen = std::make_shared<KmsScreen>(libdrm_access(), "/nonexistent/dri/card9");

    fake_xset(0);
    Power p;
    p.power.use_kms(screen);
    p.tick_at("2026-11-30 06:29:50");
    BOOST_TEST(p.rows == (std::vector<std::string>{
                             " | 2026-11-30T06:29:50+07:00 | off (office hours 06:30-17:00, at "
                             "start): dpms, done, no acknowledgement | played"}),
               boost::test_tools::per_element());
    BOOST_TEST(read_file(log) == "cec-client -l\nxset dpms force off\n");

    // Nothing works: the row names each method's reason, in the order tried.
    fs::remove(log);
    fake_xset(1);
    Power q;
    q.power.use_kms(screen);
    q.tick_at("2026-11-30 06:29:50");
    BOOST_TEST(q.rows == (std::vector<std::string>{
                             " | 2026-11-30T06:29:50+07:00 | off (office hours 06:30-17:00, at "
                             "start): none, no method worked (hdmi-cec-usb: no USB CEC adapter "
                             "found; kms-dpms: /nonexistent/dri/card9 cannot be opened (No such "
                             "file or directory); dpms: xset exited 1) | skipped: the TV could "
                             "not be switched"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_screen_kms_dpms_switched_off_is_woken_by_kms_dpms_first) {
    if (has_cec_device()) {
        BOOST_TEST_MESSAGE("skipped: this machine has a /dev/cec* (auto would pick cec-ctl)");
        return;
    }
    FakeTools fake("auto", std::nullopt);
    fake.no_cec_adapter();
    auto drm = std::make_shared<FakeDrm>();
    auto screen = std::make_shared<KmsScreen>(drm, "/dev/dri/card0");
    drm->taken();
    Power p;
    p.power.use_kms(screen);
    p.tick_at("2026-11-30 06:29:50"); // CEC finds no adapter: kms-dpms
    p.tick_at("2026-11-30 06:30:10"); // kms-dpms first, then CEC again (still no adapter)
    BOOST_TEST(p.rows == (std::vector<std::string>{
                             " | 2026-11-30T06:29:50+07:00 | off (office hours 06:30-17:00, at "
                             "start): kms-dpms, acknowledged by the driver (DPMS reads Off) | "
                             "played",
                             "2026-11-30T06:30:00+07:00 | 2026-11-30T06:30:00+07:00 | on (office "
                             "hours 06:30-17:00): kms-dpms, acknowledged by the driver (DPMS "
                             "reads On) | played"}),
               boost::test_tools::per_element());
    BOOST_TEST(read_file(fake.log) == "cec-client -l\ncec-client -l\n");
    BOOST_TEST(drm->taken() == "set 5 77 Off\nget 5 77\nset 5 77 On\nget 5 77\n");
}

// A TV that took a CEC standby without confirming it (its "pow 0" still says on), so that
// kms-dpms switched the screen off too: in the morning kms-dpms lights the screen and CEC
// still wakes the TV ("on 0"); it would otherwise stay in standby all day.
BOOST_AUTO_TEST_CASE(a_tv_in_an_unconfirmed_cec_standby_is_woken_by_cec_too) {
    if (has_cec_device()) {
        BOOST_TEST_MESSAGE("skipped: this machine has a /dev/cec* (auto would pick cec-ctl)");
        return;
    }
    FakeTools fake("auto", std::nullopt);
    const std::string log = fake.log.string();
    fake.tool("cec-client", "if [ \"$1\" = -l ]; then echo \"cec-client -l\" >> '" + log +
                                "'; printf 'Found devices: 1\\ncom port:            "
                                "/dev/ttyACM0\\n'; exit 0; fi\nread line\necho \"$line\" >> '" +
                                log + "'\necho 'power status: on'\n");
    auto drm = std::make_shared<FakeDrm>();
    auto screen = std::make_shared<KmsScreen>(drm, "/dev/dri/card0");
    drm->taken();
    Power p;
    p.power.use_kms(screen);
    p.tick_at("2026-11-30 06:29:50"); // standby not confirmed: kms-dpms too
    p.tick_at("2026-11-30 06:30:10");
    BOOST_TEST(p.rows == (std::vector<std::string>{
                             " | 2026-11-30T06:29:50+07:00 | off (office hours 06:30-17:00, at "
                             "start): kms-dpms, acknowledged by the driver (DPMS reads Off) | "
                             "played",
                             "2026-11-30T06:30:00+07:00 | 2026-11-30T06:30:00+07:00 | on (office "
                             "hours 06:30-17:00): hdmi-cec-usb, acknowledged by the TV | played"}),
               boost::test_tools::per_element());
    BOOST_TEST(read_file(fake.log) ==
               "cec-client -l\nstandby 0\npow 0\ncec-client -l\non 0\npow 0\n");
    BOOST_TEST(drm->taken() == "set 5 77 Off\nget 5 77\nset 5 77 On\nget 5 77\n");
}

// Live, a tick long after the last (the clock set forward at boot, a stalled loop) switches
// the TV to the state of now once, not on and off for every change in between; and a reload
// that takes the office hours out puts the TV back on.
BOOST_FIXTURE_TEST_CASE(live_a_clock_jump_switches_once_and_no_hours_means_on, KmsDpms) {
    Instant now = at("2026-11-30 06:29:50");
    std::vector<std::string> rows;
    ScreenPower power{
        [&] { return now; },
        [&](const AsRunRow& r) { rows.push_back(r.detail + (r.scheduled ? " @" : "")); }, true,
        false};
    power.use_kms(screen);
    auto hours = std::make_shared<Playlist>();
    hours->zone = kWib;
    hours->display.hours = hours_0630_1700();
    auto tick = [&](const Playlist& pl, const char* when) {
        now = at(when);
        power.tick(pl);
        power.finish(Micros(5'000'000));
    };
    tick(*hours, "2026-11-30 06:29:50");
    tick(*hours, "2026-12-03 20:00:00"); // three days and more later, after hours: off still
    BOOST_TEST(rows.size() == 1u);
    tick(*hours, "2026-12-04 08:00:00"); // the next morning, by a jump: on, once
    Playlist no_hours;
    no_hours.zone = kWib;
    tick(*hours, "2026-12-04 20:00:00");
    tick(no_hours, "2026-12-04 20:00:01");
    const std::string ack_off = "kms-dpms, acknowledged by the driver (DPMS reads Off)";
    const std::string ack_on = "kms-dpms, acknowledged by the driver (DPMS reads On)";
    BOOST_TEST(rows == (std::vector<std::string>{
                           "off (office hours 06:30-17:00, at start): " + ack_off,
                           "on (office hours 06:30-17:00, after the clock moved): " + ack_on,
                           "off (office hours 06:30-17:00, after the clock moved): " + ack_off,
                           "on (no office hours in the playlist now): " + ack_on}),
               boost::test_tools::per_element());
    BOOST_TEST(drm->taken() == "set 5 77 Off\nget 5 77\nset 5 77 On\nget 5 77\n"
                               "set 5 77 Off\nget 5 77\nset 5 77 On\nget 5 77\n");
}

BOOST_AUTO_TEST_SUITE_END()
