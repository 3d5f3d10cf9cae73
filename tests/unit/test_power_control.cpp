// How the TV is switched (tools/power_control.hpp): the method an installer would expect
// from what the PC offers, forcing one through TSR_TV_POWER, and reading what cec-client says.
#include "power_control.hpp"

#include <boost/test/unit_test.hpp>

using namespace tsr;

namespace {

/// The methods as "name: argv | input; ..." lines, for exact comparison.
std::string described(const std::vector<PowerMethod>& methods) {
    std::string out;
    for (const PowerMethod& m : methods) {
        out += m.name + ":";
        for (const PowerStep& s : m.steps) {
            out += " [";
            for (const std::string& a : s.argv)
                out += (out.back() == '[' ? "" : " ") + a;
            if (!s.input.empty()) out += " < " + s.input.substr(0, s.input.size() - 1);
            out += "]";
        }
        out += "\n";
    }
    return out;
}

PowerSetup setup(std::string cec_device, bool have_display, std::string forced = "") {
    PowerSetup s;
    s.cec_device = std::move(cec_device);
    s.have_display = have_display;
    s.forced = std::move(forced);
    return s;
}

} // namespace

BOOST_AUTO_TEST_SUITE(power_control)

BOOST_AUTO_TEST_CASE(a_cec_device_is_used_else_a_usb_adapter_then_dpms) {
    std::string problem;
    BOOST_TEST(described(power_methods(false, setup("/dev/cec1", true), &problem)) ==
               "hdmi-cec: [cec-ctl -d /dev/cec1 --to 0 --standby]\n"
               "dpms: [xset dpms force off]\n");
    BOOST_TEST(described(power_methods(true, setup("/dev/cec0", false), &problem)) ==
               "hdmi-cec: [cec-ctl -d /dev/cec0 --to 0 --image-view-on]\n");
    // No /dev/cec*: libcec's cec-client looks for a USB adapter first.
    BOOST_TEST(described(power_methods(false, setup("", true), &problem)) ==
               "hdmi-cec-usb: [cec-client -l]\n"
               "dpms: [xset dpms force off]\n");
    BOOST_TEST(described(power_methods(true, setup("", false, "auto"), &problem)) ==
               "hdmi-cec-usb: [cec-client -l]\n");
    BOOST_TEST(problem.empty());
    // The adapter found: switch, then ask the TV its power status.
    BOOST_TEST(described({{"hdmi-cec-usb", cec_client_steps(false, "/dev/ttyACM0")}}) ==
               "hdmi-cec-usb: [cec-client -s -d 1 /dev/ttyACM0 < standby 0]"
               " [cec-client -s -d 1 /dev/ttyACM0 < pow 0]\n");
    BOOST_TEST(described({{"hdmi-cec-usb", cec_client_steps(true, "/dev/ttyACM0")}}) ==
               "hdmi-cec-usb: [cec-client -s -d 1 /dev/ttyACM0 < on 0]"
               " [cec-client -s -d 1 /dev/ttyACM0 < pow 0]\n");
}

BOOST_AUTO_TEST_CASE(tsr_tv_power_forces_one_method_alone) {
    std::string problem;
    BOOST_TEST(described(power_methods(false, setup("", true, "cec-ctl"), &problem)) ==
               "hdmi-cec: [cec-ctl -d /dev/cec0 --to 0 --standby]\n");
    BOOST_TEST(described(power_methods(false, setup("/dev/cec0", true, "cec-client"), &problem)) ==
               "hdmi-cec-usb: [cec-client -l]\n");
    BOOST_TEST(described(power_methods(true, setup("/dev/cec0", true, "dpms"), &problem)) ==
               "dpms: [xset dpms force on]\n");
    BOOST_TEST(problem.empty());
    BOOST_TEST(power_methods(false, setup("/dev/cec0", true, "cec"), &problem).empty());
    BOOST_TEST(problem ==
               "TSR_TV_POWER=\"cec\" is not cec-ctl, cec-client, kms-dpms, dpms or auto");
}

BOOST_AUTO_TEST_CASE(what_cec_client_says_is_read) {
    // `cec-client -l` with a Pulse-Eight adapter, and with none.
    const std::string listing = "libCEC version: 6.0.2, compiled on Linux-6.1.0 ...\n"
                                "Found devices: 1\n\n"
                                "device:              1\n"
                                "com port:            /dev/ttyACM0\n"
                                "vendor id:           2548\n"
                                "product id:          1002\n"
                                "firmware version:    12\n"
                                "type:                Pulse-Eight USB-CEC Adapter\n\n";
    BOOST_TEST(cec_client_port(listing) == "/dev/ttyACM0");
    BOOST_TEST(cec_client_port("libCEC version: 6.0.2\nFound devices: NONE\n") == "");
    BOOST_TEST(cec_client_port("") == "");
    BOOST_TEST(cec_client_port("Found devices: 1\ncom port:   -x\n") == ""); // never an option
    // "pow 0": the state asked for, or the TV on its way there.
    const std::string opening = "opening a connection to the CEC adapter...\n";
    BOOST_TEST(cec_client_power_is(opening + "power status: standby\n", false));
    BOOST_TEST(
        cec_client_power_is(opening + "power status: in transition from on to standby\n", false));
    BOOST_TEST(!cec_client_power_is(opening + "power status: on\n", false));
    BOOST_TEST(cec_client_power_is(opening + "power status: on\r\n", true));
    BOOST_TEST(
        cec_client_power_is(opening + "power status: in transition from standby to on\n", true));
    BOOST_TEST(!cec_client_power_is(opening + "power status: unknown\n", true));
    BOOST_TEST(!cec_client_power_is(opening + "power status: unknown\n", false));
    BOOST_TEST(!cec_client_power_is("autodetect FAILED\n", false));
    // cec-ctl's transcript.
    BOOST_TEST(cec_acknowledged("Transmit Standby to TV:\n\tTx, OK (1)\n"));
    BOOST_TEST(!cec_acknowledged("Transmit Standby to TV:\n\tTx, Not Acknowledged (4)\n"));
}

BOOST_AUTO_TEST_SUITE_END()
