// Office hours end to end: simulated time recorded with `tsr record --switch-tv` and a fake
// `cec-ctl` (or libcec's `cec-client`) first on PATH that logs its arguments: the `power` rows
// come at the changes of the hours, and the TV is sent exactly the CEC commands for them, in
// order.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <glib.h>

#include <fstream>
#include <sstream>

using namespace tsr::test;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A fake cec-ctl in `bin`: appends its arguments to `log`, prints `says`, exits `status`.
void fake_cec_ctl(const fs::path& bin, const fs::path& log, const std::string& says, int status) {
    fs::create_directories(bin);
    std::ofstream(bin / "cec-ctl") << "#!/bin/sh\necho \"$*\" >> '" << log.string() << "'\nprintf '"
                                   << says << "'\nexit " << status << "\n";
    fs::permissions(bin / "cec-ctl", fs::perms::owner_all);
}

/// Small and slow (160x90, 1 frame a second): a simulated hour records in seconds.
std::string playlist_with_hours(const std::string& on) {
    return "[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
           "[display]\nwidth = 160\nheight = 90\nframerate = 1\non = \"" +
           on + "\"\ndays = [\"senin\", \"selasa\", \"rabu\", \"kamis\", \"jumat\"]\n";
}
const std::string kPlaylist = playlist_with_hours("06:30-17:00");
const std::string kSlide = "[[slide]]\ntemplate = \"info\"\nduration = \"20m\"\ntitle = \"Satu\"\n";

std::vector<std::string> power_rows(const fs::path& asrun) {
    std::vector<std::string> out;
    for (const std::string& row : lines(read_file(asrun)))
        if (row.find(",power,") != std::string::npos) out.push_back(row);
    return out;
}

/// A row as the as-run log writes it (the detail has commas: quoted).
std::string power_row(const std::string& scheduled, const std::string& actual,
                      const std::string& detail, const std::string& outcome = "played") {
    return scheduled + "," + actual + ",power,,\"" + detail + "\"," + outcome;
}

/// A fake cec-client in `bin` for a Pulse-Eight adapter on /dev/ttyACM0 (`listing`: what
/// `cec-client -l` prints): appends "ARGUMENTS | INPUT LINE" to `log`; "standby 0" and "on 0"
/// set the TV's state, which "pow 0" reports, or reports `fixed_power` when not empty.
void fake_cec_client(const fs::path& bin, const fs::path& log, const std::string& listing,
                     const std::string& fixed_power = "") {
    fs::create_directories(bin);
    const std::string state = (bin / "tv-state").string();
    std::ofstream(bin / "cec-client")
        << "#!/bin/sh\nif [ \"$1\" = -l ]; then\n  echo \"$*\" >> '" << log.string()
        << "'\n  printf '" << listing << "'\n  exit 0\nfi\nread line\necho \"$* | $line\" >> '"
        << log.string() << "'\ncase \"$line\" in\n  standby*) echo standby > '" << state
        << "';;\n  on*) echo on > '" << state << "';;\n  pow*) echo \"power status: "
        << (fixed_power.empty() ? "$(cat '" + state + "' 2>/dev/null || echo unknown)"
                                : fixed_power)
        << "\";;\nesac\nexit 0\n";
    fs::permissions(bin / "cec-client", fs::perms::owner_all);
}

const std::string kPulseEight = "libCEC version: 6.0.2, git revision: libcec-6.0.2\\n"
                                "Found devices: 1\\n\\n"
                                "device:              1\\n"
                                "com port:            /dev/ttyACM0\\n"
                                "vendor id:           2548\\n"
                                "product id:          1002\\n"
                                "firmware version:    12\\n"
                                "type:                Pulse-Eight USB-CEC Adapter\\n\\n";

/// `method`: TSR_TV_POWER ("" : unset, the choice of the PC's devices).
RunResult record_day(const TempPlaylist& t, const fs::path& bin, const fs::path& asrun,
                     const char* from, const char* duration,
                     const std::string& method = "cec-ctl") {
    const char* path = g_getenv("PATH");
    return run({"env",
                "-u",
                "DISPLAY",
                "-u",
                "TSR_TV_POWER",
                "PATH=" + bin.string() + ":" + (path ? path : "/usr/bin"),
                method.empty() ? "TSR_TEST=1" : "TSR_TV_POWER=" + method,
                tsr_exe(),
                "record",
                t.dir().string(),
                "--from",
                from,
                "--duration",
                duration,
                "-o",
                "null",
                "--asrun",
                asrun.string(),
                "--quiet",
                "--switch-tv"});
}

} // namespace

BOOST_AUTO_TEST_CASE(a_simulated_morning_switches_the_tv_at_the_office_hours) {
    // Hours of two minutes, so that both changes fit in a short recording (a whole simulated
    // day takes minutes on a loaded machine; engine/office_hours is tested over weeks).
    TempPlaylist t;
    t.playlist(playlist_with_hours("06:30-06:32") + kSlide);
    const fs::path bin = t.dir() / "bin", log = t.dir() / "cec.log", asrun = t.dir() / "day.csv";
    fake_cec_ctl(bin, log,
                 "Transmit Standby to TV:\\n\\tSequence: 1 Tx Timestamp: 1.0s\\n\\tTx, OK (1)\\n",
                 0);
    // Monday 2026-11-30.
    RunResult r = record_day(t, bin, asrun, "2026-11-30 06:29:50", "3m");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    auto rows = power_rows(asrun);
    BOOST_REQUIRE_EQUAL(rows.size(), 3u);
    BOOST_TEST(rows[0] == power_row("", "2026-11-30T06:29:50+07:00",
                                    "off (office hours 06:30-06:32, at start): hdmi-cec, "
                                    "acknowledged by the TV"));
    BOOST_TEST(rows[1] == power_row("2026-11-30T06:30:00+07:00", "2026-11-30T06:30:00+07:00",
                                    "on (office hours 06:30-06:32): hdmi-cec, acknowledged by "
                                    "the TV"));
    BOOST_TEST(rows[2] == power_row("2026-11-30T06:32:00+07:00", "2026-11-30T06:32:00+07:00",
                                    "off (office hours 06:30-06:32): hdmi-cec, acknowledged by "
                                    "the TV"));
    BOOST_TEST(read_file(log) == "-d /dev/cec0 --to 0 --standby\n"
                                 "-d /dev/cec0 --to 0 --image-view-on\n"
                                 "-d /dev/cec0 --to 0 --standby\n");
}

BOOST_AUTO_TEST_CASE(a_holiday_stays_off_and_a_tv_that_does_not_answer_is_said) {
    TempPlaylist t;
    t.playlist(kPlaylist + "off = [\"2026-12-04\"]\n" + kSlide);
    const fs::path bin = t.dir() / "bin", log = t.dir() / "cec.log", asrun = t.dir() / "days.csv";
    fake_cec_ctl(bin, log, "Transmit Standby to TV:\\n\\tTx, Not Acknowledged (4), Max Retries\\n",
                 0);
    // Friday 4 December is a holiday: 06:30 passes and the TV stays off.
    RunResult r = record_day(t, bin, asrun, "2026-12-04 06:29:00", "2m");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    auto rows = power_rows(asrun);
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    // Sent, and off on purpose: never a failure, but it says the TV did not acknowledge.
    BOOST_TEST(rows[0] == power_row("", "2026-12-04T06:29:00+07:00",
                                    "off (office hours 06:30-17:00, at start): hdmi-cec, sent, "
                                    "not acknowledged by the TV"));
    BOOST_TEST(read_file(log) == "-d /dev/cec0 --to 0 --standby\n");
}

BOOST_AUTO_TEST_CASE(no_way_to_switch_the_tv_is_a_skipped_row_and_the_show_goes_on) {
    TempPlaylist t;
    t.playlist(kPlaylist + kSlide);
    const fs::path bin = t.dir() / "bin", log = t.dir() / "cec.log", asrun = t.dir() / "x.csv";
    fake_cec_ctl(bin, log, "open /dev/cec0: No such file or directory\\n", 1);
    RunResult r = record_day(t, bin, asrun, "2026-11-30 06:29:50", "20s");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    auto rows = power_rows(asrun);
    BOOST_REQUIRE_EQUAL(rows.size(), 2u);
    BOOST_TEST(rows[0] == power_row("", "2026-11-30T06:29:50+07:00",
                                    "off (office hours 06:30-17:00, at start): none, no method "
                                    "worked (hdmi-cec: cec-ctl exited 1)",
                                    "skipped: the TV could not be switched"));
    BOOST_TEST(rows[1] == power_row("2026-11-30T06:30:00+07:00", "2026-11-30T06:30:00+07:00",
                                    "on (office hours 06:30-17:00): none, no method worked "
                                    "(hdmi-cec: cec-ctl exited 1)",
                                    "skipped: the TV could not be switched"));
    // The slides went on to the end.
    BOOST_TEST(read_file(asrun).find(",stop,,end,played") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_usb_cec_adapter_is_found_and_driven_through_cec_client) {
    if (has_cec_device()) {
        BOOST_TEST_MESSAGE("skipped: this machine has a /dev/cec* (auto would pick cec-ctl)");
        return;
    }
    TempPlaylist t;
    t.playlist(playlist_with_hours("06:30-06:32") + kSlide);
    const fs::path bin = t.dir() / "bin", log = t.dir() / "cec.log", asrun = t.dir() / "usb.csv";
    fake_cec_client(bin, log, kPulseEight);
    // No /dev/cec*, no TSR_TV_POWER: libcec's adapter. Monday 2026-11-30.
    RunResult r = record_day(t, bin, asrun, "2026-11-30 06:29:50", "3m", "");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    auto rows = power_rows(asrun);
    BOOST_REQUIRE_EQUAL(rows.size(), 3u);
    BOOST_TEST(rows[0] == power_row("", "2026-11-30T06:29:50+07:00",
                                    "off (office hours 06:30-06:32, at start): hdmi-cec-usb, "
                                    "acknowledged by the TV"));
    BOOST_TEST(rows[1] == power_row("2026-11-30T06:30:00+07:00", "2026-11-30T06:30:00+07:00",
                                    "on (office hours 06:30-06:32): hdmi-cec-usb, acknowledged "
                                    "by the TV"));
    BOOST_TEST(rows[2] == power_row("2026-11-30T06:32:00+07:00", "2026-11-30T06:32:00+07:00",
                                    "off (office hours 06:30-06:32): hdmi-cec-usb, acknowledged "
                                    "by the TV"));
    // Each change: find the adapter, switch, ask the TV its power status.
    const std::string change_off = "-l\n-s -d 1 /dev/ttyACM0 | standby 0\n"
                                   "-s -d 1 /dev/ttyACM0 | pow 0\n";
    BOOST_TEST(read_file(log) == change_off +
                                     "-l\n-s -d 1 /dev/ttyACM0 | on 0\n"
                                     "-s -d 1 /dev/ttyACM0 | pow 0\n" +
                                     change_off);
}

BOOST_AUTO_TEST_CASE(a_tv_that_does_not_report_its_power_is_said_and_no_adapter_is_skipped) {
    TempPlaylist t;
    t.playlist(kPlaylist + kSlide);
    const fs::path bin = t.dir() / "bin", log = t.dir() / "cec.log", asrun = t.dir() / "u.csv";
    // Forced (the unit's TSR_TV_POWER), whatever the PC has; the TV answers nothing.
    fake_cec_client(bin, log, kPulseEight, "unknown");
    RunResult r = record_day(t, bin, asrun, "2026-11-30 06:29:50", "20s", "cec-client");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    auto rows = power_rows(asrun);
    BOOST_REQUIRE_EQUAL(rows.size(), 2u);
    BOOST_TEST(rows[0] == power_row("", "2026-11-30T06:29:50+07:00",
                                    "off (office hours 06:30-17:00, at start): hdmi-cec-usb, "
                                    "sent, not acknowledged by the TV"));
    BOOST_TEST(rows[1] == power_row("2026-11-30T06:30:00+07:00", "2026-11-30T06:30:00+07:00",
                                    "on (office hours 06:30-17:00): hdmi-cec-usb, sent, not "
                                    "acknowledged by the TV"));

    // No adapter plugged in: nothing switched, a skipped row, the show goes on.
    TempPlaylist none;
    none.playlist(kPlaylist + kSlide);
    const fs::path bin2 = none.dir() / "bin", log2 = none.dir() / "cec.log",
                   asrun2 = none.dir() / "n.csv";
    fake_cec_client(bin2, log2, "libCEC version: 6.0.2\\nFound devices: NONE\\n");
    r = record_day(none, bin2, asrun2, "2026-11-30 06:29:50", "5s", "cec-client");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    rows = power_rows(asrun2);
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST(rows[0] == power_row("", "2026-11-30T06:29:50+07:00",
                                    "off (office hours 06:30-17:00, at start): none, no method "
                                    "worked (hdmi-cec-usb: no USB CEC adapter found)",
                                    "skipped: the TV could not be switched"));
    BOOST_TEST(read_file(log2) == "-l\n");
    BOOST_TEST(read_file(asrun2).find(",stop,,end,played") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unknown_tsr_tv_power_is_said_in_the_row) {
    TempPlaylist t;
    t.playlist(kPlaylist + kSlide);
    const fs::path bin = t.dir() / "bin", log = t.dir() / "cec.log", asrun = t.dir() / "x.csv";
    fake_cec_ctl(bin, log, "", 0);
    RunResult r = record_day(t, bin, asrun, "2026-11-30 06:29:50", "5s", "cec");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    auto rows = power_rows(asrun);
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST(
        rows[0] ==
        power_row("", "2026-11-30T06:29:50+07:00",
                  "off (office hours 06:30-17:00, at start): none, no method worked "
                  "(TSR_TV_POWER=\"\"cec\"\" is not cec-ctl, cec-client, kms-dpms, dpms or auto)",
                  "skipped: the TV could not be switched"));
    BOOST_TEST(!fs::exists(log)); // nothing run
    // Said at start too, where the journal shows it, not only in each row.
    BOOST_TEST(r.err.find("tsr play: warning: TSR_TV_POWER=\"cec\" is not cec-ctl, cec-client, "
                          "kms-dpms, dpms or auto: the TV is not switched\n") != std::string::npos,
               r.err);
}

namespace {

/// Office hours 06:30-17:00 and a reminder due at 18:00 on Monday 2026-11-30 (its sound 1 s,
/// no chime: its slide shows 18:00:00-18:00:08). `display`: more [display] keys; `audio`: an
/// [audio] table.
void evening_reminder(TempPlaylist& t, const std::string& display, const std::string& audio = "",
                      const char* due = "2026-11-30T18:00:00") {
    t.tone("audio/piket.m4a", 440, 1.0);
    t.playlist(kPlaylist + display + audio + kSlide +
               "[[activity]]\nid = \"piket\"\ntitle = \"Piket malam\"\nstart = " + due +
               "\nreminders = [ { before = \"0m\", audio = \"audio/piket.m4a\", chime = false } "
               "]\n");
}

const char* kAcked = "Transmit:\\n\\tTx, OK (1)\\n";

/// The as-run rows of `kind` whose id is `id`.
std::vector<std::string> rows_of(const fs::path& asrun, const std::string& kind,
                                 const std::string& id) {
    std::vector<std::string> out;
    for (const std::string& row : lines(read_file(asrun)))
        if (row.find("," + kind + "," + id + ",") != std::string::npos) out.push_back(row);
    return out;
}

/// `tsr record` of `t` from `from` for `duration` with a fake cec-ctl that acknowledges: the
/// commands it got (`log`), the as-run file and its power rows.
struct Evening {
    fs::path log, asrun;
    std::vector<std::string> power;
};
Evening record_evening(const TempPlaylist& t, const char* from, const char* duration) {
    Evening e{t.dir() / "cec.log", t.dir() / "evening.csv", {}};
    const fs::path bin = t.dir() / "bin";
    fake_cec_ctl(bin, e.log, kAcked, 0);
    RunResult r = record_day(t, bin, e.asrun, from, duration);
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    e.power = power_rows(e.asrun);
    return e;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_reminder_outside_the_hours_wakes_the_tv_for_its_slide) {
    TempPlaylist t;
    evening_reminder(t, "reminders_outside = \"wake\"\n");
    const Evening e = record_evening(t, "2026-11-30 17:59:30", "1m");
    const auto& rows = e.power;
    BOOST_REQUIRE_EQUAL(rows.size(), 3u);
    BOOST_TEST(rows[0] == power_row("", "2026-11-30T17:59:30+07:00",
                                    "off (office hours 06:30-17:00, at start): hdmi-cec, "
                                    "acknowledged by the TV"));
    // Woken 10 s ahead of the sound, so that the slide is on the TV when it sounds ...
    BOOST_TEST(rows[1] == power_row("2026-11-30T17:59:50+07:00", "2026-11-30T17:59:50+07:00",
                                    "on (a reminder outside office hours): hdmi-cec, "
                                    "acknowledged by the TV"));
    // ... and back in standby when its slide gives way (8 s, reminder_slide_min).
    BOOST_TEST(rows[2] == power_row("2026-11-30T18:00:08+07:00", "2026-11-30T18:00:08+07:00",
                                    "off (office hours 06:30-17:00, after a reminder): hdmi-cec, "
                                    "acknowledged by the TV"));
    BOOST_TEST(read_file(e.log) == "-d /dev/cec0 --to 0 --standby\n"
                                   "-d /dev/cec0 --to 0 --image-view-on\n"
                                   "-d /dev/cec0 --to 0 --standby\n");
    const auto reminder = rows_of(e.asrun, "reminder", "piket");
    BOOST_REQUIRE_EQUAL(reminder.size(), 1u);
    BOOST_TEST(reminder[0] == "2026-11-30T18:00:00+07:00,2026-11-30T18:00:00+07:00,reminder,"
                              "piket,audio/piket.m4a,played");
    const auto slide = rows_of(e.asrun, "slide", "reminder-piket");
    BOOST_REQUIRE_EQUAL(slide.size(), 1u);
    BOOST_TEST(slide[0] == "2026-11-30T18:00:00+07:00,2026-11-30T18:00:00+07:00,slide,"
                           "reminder-piket,reminder: Piket malam,played");
}

BOOST_AUTO_TEST_CASE(by_default_a_reminder_outside_the_hours_only_sounds) {
    TempPlaylist t;
    evening_reminder(t, "");
    const Evening e = record_evening(t, "2026-11-30 17:59:30", "1m");
    const auto& rows = e.power;
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST(rows[0] == power_row("", "2026-11-30T17:59:30+07:00",
                                    "off (office hours 06:30-17:00, at start): hdmi-cec, "
                                    "acknowledged by the TV"));
    BOOST_TEST(read_file(e.log) == "-d /dev/cec0 --to 0 --standby\n");
    const auto reminder = rows_of(e.asrun, "reminder", "piket");
    BOOST_REQUIRE_EQUAL(reminder.size(), 1u);
    BOOST_TEST(reminder[0] == "2026-11-30T18:00:00+07:00,2026-11-30T18:00:00+07:00,reminder,"
                              "piket,audio/piket.m4a,played");
}

BOOST_AUTO_TEST_CASE(a_reminder_held_by_a_quiet_window_wakes_the_tv_when_it_sounds) {
    // Quiet 18:00-18:01 (Maghrib): the reminder due at 18:00:30 sounds at 18:01:00; the TV
    // stays in standby through the window and is woken at 18:00:50.
    TempPlaylist t;
    evening_reminder(t, "reminders_outside = \"wake\"\n",
                     "[audio]\nquiet = [ { hours = \"18:00-18:01\", name = \"Maghrib\" } ]\n",
                     "2026-11-30T18:00:30");
    const Evening e = record_evening(t, "2026-11-30 17:59:55", "80s");
    const auto& rows = e.power;
    BOOST_REQUIRE_EQUAL(rows.size(), 3u);
    BOOST_TEST(rows[1] == power_row("2026-11-30T18:00:50+07:00", "2026-11-30T18:00:50+07:00",
                                    "on (a reminder outside office hours): hdmi-cec, "
                                    "acknowledged by the TV"));
    BOOST_TEST(rows[2] == power_row("2026-11-30T18:01:08+07:00", "2026-11-30T18:01:08+07:00",
                                    "off (office hours 06:30-17:00, after a reminder): hdmi-cec, "
                                    "acknowledged by the TV"));
    const auto reminder = rows_of(e.asrun, "reminder", "piket");
    BOOST_REQUIRE_EQUAL(reminder.size(), 1u);
    BOOST_TEST(reminder[0].rfind("2026-11-30T18:00:30+07:00,2026-11-30T18:01:00+07:00,reminder,"
                                 "piket,",
                                 0) == 0);
    BOOST_TEST(reminder[0].substr(reminder[0].size() - 7) == ",played");
}

BOOST_AUTO_TEST_CASE(a_reminder_slide_at_the_end_of_the_hours_keeps_the_tv_on_to_its_end) {
    // Due 16:59:55: its slide shows until 17:00:03. With "wake" the TV goes to standby then;
    // with "sound", at 17:00 as the hours say.
    for (const bool wake : {true, false}) {
        TempPlaylist t;
        evening_reminder(t, wake ? "reminders_outside = \"wake\"\n" : "", "",
                         "2026-11-30T16:59:55");
        const Evening e = record_evening(t, "2026-11-30 16:59:40", "30s");
        const auto& rows = e.power;
        BOOST_REQUIRE_EQUAL(rows.size(), 2u);
        BOOST_TEST(rows[0] == power_row("", "2026-11-30T16:59:40+07:00",
                                        "on (office hours 06:30-17:00, at start): hdmi-cec, "
                                        "acknowledged by the TV"));
        BOOST_TEST(rows[1] ==
                   (wake ? power_row("2026-11-30T17:00:03+07:00", "2026-11-30T17:00:03+07:00",
                                     "off (office hours 06:30-17:00, after a reminder): hdmi-cec, "
                                     "acknowledged by the TV")
                         : power_row("2026-11-30T17:00:00+07:00", "2026-11-30T17:00:00+07:00",
                                     "off (office hours 06:30-17:00): hdmi-cec, acknowledged by "
                                     "the TV")));
        BOOST_TEST(read_file(e.log) == "-d /dev/cec0 --to 0 --image-view-on\n"
                                       "-d /dev/cec0 --to 0 --standby\n");
    }
}

BOOST_AUTO_TEST_CASE(kms_dpms_without_a_drm_card_is_said_in_the_row) {
    std::error_code ec;
    if (fs::exists("/dev/dri", ec)) {
        BOOST_TEST_MESSAGE("skipped: this machine has /dev/dri (kms-dpms would open a card)");
        return;
    }
    TempPlaylist t;
    t.playlist(kPlaylist + kSlide);
    const fs::path bin = t.dir() / "bin", log = t.dir() / "cec.log", asrun = t.dir() / "k.csv";
    fake_cec_ctl(bin, log, "", 0);
    // Forced: tsr opens the card itself (tools/kms_screen.hpp) and finds none.
    RunResult r = record_day(t, bin, asrun, "2026-11-30 06:29:50", "5s", "kms-dpms");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    auto rows = power_rows(asrun);
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST(rows[0] == power_row("", "2026-11-30T06:29:50+07:00",
                                    "off (office hours 06:30-17:00, at start): none, no method "
                                    "worked (kms-dpms: no DRM device (/dev/dri does not exist))",
                                    "skipped: the TV could not be switched"));
    BOOST_TEST(!fs::exists(log)); // CEC not tried: kms-dpms alone was asked for
    BOOST_TEST(read_file(asrun).find(",stop,,end,played") != std::string::npos);
}
