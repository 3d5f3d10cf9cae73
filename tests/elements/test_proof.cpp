// Proof of play on a real pipeline: the probe of tools/asrun_events finds where the stream
// enters its output (sink, encoder or muxer), and a reminder's row is let through by
// ProofGate only once the sink took the buffer holding its first sample.
#include "asrun_events.hpp"
#include "asrun_proof.hpp"
#include "output_spec.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>
#include <gst/gst.h>

#include <memory>
#include <string>

namespace {

using tsr::test::TempPlaylist;

struct GstInit {
    GstInit() { gst_init(nullptr, nullptr); }
};
BOOST_TEST_GLOBAL_FIXTURE(GstInit);

const char* const kPlaylist = "[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
                              "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n"
                              "[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\n"
                              "start = 2026-11-30T09:00:00\n"
                              "reminders = [ { before = \"15m\", audio = \"audio/r.m4a\", "
                              "chime = false } ]\n";

/// The name of the element whose sink pad the probe sits on, for a launch line.
std::string probed_element(const std::string& launch, const char* queue) {
    GstElement* p = gst_parse_launch(launch.c_str(), nullptr);
    BOOST_REQUIRE(p);
    auto reach = std::make_shared<tsr::OutputReach>();
    std::string name;
    if (!tsr::watch_output(p, queue, reach, &name)) name.clear();
    gst_object_unref(p);
    return name;
}

} // namespace

BOOST_AUTO_TEST_SUITE(proof)

BOOST_AUTO_TEST_CASE(the_probe_sits_where_the_stream_enters_its_output) {
    BOOST_TEST(probed_element("audiotestsrc ! queue name=ain ! audioconvert ! fakesink name=aout",
                              "ain") == "aout");
    BOOST_TEST(probed_element("audiotestsrc ! queue name=ain ! audioconvert ! wavenc name=enc ! "
                              "fakesink",
                              "ain") == "enc");
    BOOST_TEST(probed_element("videotestsrc ! queue name=vin ! videoconvert ! x264enc name=enc ! "
                              "fakesink",
                              "vin") == "enc");
    BOOST_TEST(probed_element("audiotestsrc ! queue name=other ! fakesink", "ain").empty());
}

// The outputs tsr builds: live to a screen or `null` the sinks pace the show and take the
// buffers in the threads that made them (an identity where the queue was); a recording, and a
// live one to a file, keep their queues. The probe finds the sink either way.
BOOST_AUTO_TEST_CASE(live_screen_outputs_have_no_queue_and_are_still_probed) {
    std::string error;
    const auto null_out = tsr::parse_play_output("null", &error);
    const auto file_out = tsr::parse_play_output("file:/tmp/x.mkv", &error);
    BOOST_REQUIRE(null_out);
    BOOST_REQUIRE(file_out);
    BOOST_TEST(tsr::sinks_pace_show(*null_out, true));
    BOOST_TEST(!tsr::sinks_pace_show(*null_out, false));
    BOOST_TEST(!tsr::sinks_pace_show(*file_out, true));
    const std::string live_video = tsr::video_sink_description(*null_out, true);
    const std::string live_audio = tsr::audio_sink_description(*null_out, true);
    BOOST_TEST(live_video.rfind("identity name=vin", 0) == 0);
    BOOST_TEST(live_audio.rfind("identity name=ain", 0) == 0);
    BOOST_TEST(tsr::video_sink_description(*null_out, false).rfind("queue name=vin", 0) == 0);
    BOOST_TEST(tsr::audio_sink_description(*file_out, true).rfind("queue name=ain", 0) == 0);
    BOOST_TEST(probed_element("videotestsrc ! " + live_video, "vin") == "vout");
    BOOST_TEST(probed_element("audiotestsrc ! " + live_audio, "ain") == "aout");
}

BOOST_AUTO_TEST_CASE(a_reminder_row_waits_for_its_first_sample_at_the_sink) {
    TempPlaylist t;
    t.tone("audio/r.m4a", 440, 0.5);
    t.playlist(kPlaylist);
    // The reminder is due at 08:45:00: 2 s after the start; 4 s of sound in 40 ms buffers.
    const std::string launch = "tsrremindersrc name=src playlist=\"" + t.dir().string() +
                               "\" start=\"2026-11-30 08:44:58\" samples-per-buffer=1920 "
                               "num-buffers=100 ! queue name=ain ! fakesink name=aout sync=false";
    GstElement* p = gst_parse_launch(launch.c_str(), nullptr);
    BOOST_REQUIRE(p);
    auto reach = std::make_shared<tsr::OutputReach>();
    reach->branch = tsr::Branch::audio;
    BOOST_REQUIRE(tsr::watch_output(p, "ain", reach));
    // What playout does: the row waits in the gate for running time 2 s.
    reach->wanted = 2'000'000'000;
    gst_element_set_state(p, GST_STATE_PLAYING);
    GstBus* bus = gst_element_get_bus(p);
    tsr::ProofGate gate;
    auto reminder_row = [&] {
        tsr::AsRunRow r;
        r.kind = "reminder";
        r.id = "rapat";
        r.outcome = "played";
        return r;
    };
    int reached_messages = 0;
    std::vector<tsr::AsRunRow> written;
    guint64 reminder_running = 0;
    for (;;) {
        GstMessage* m = gst_bus_timed_pop_filtered(
            bus, 20 * GST_SECOND,
            GstMessageType(GST_MESSAGE_ELEMENT | GST_MESSAGE_APPLICATION | GST_MESSAGE_EOS |
                           GST_MESSAGE_ERROR));
        BOOST_REQUIRE(m);
        const GstMessageType type = GST_MESSAGE_TYPE(m);
        const GstStructure* s = gst_message_get_structure(m);
        if (type == GST_MESSAGE_ELEMENT && gst_structure_has_name(s, "tsr-reminder")) {
            auto at = tsr::proof_position(s);
            BOOST_REQUIRE(at.has_value());
            BOOST_TEST((at->first == tsr::Branch::audio));
            reminder_running = at->second;
            for (auto& r : gate.hold(at->first, at->second, reminder_row()))
                written.push_back(r);
            for (auto& r : gate.reached(tsr::Branch::audio, reach->reached.load()))
                written.push_back(r);
        } else if (type == GST_MESSAGE_APPLICATION && gst_structure_has_name(s, "tsr-reached")) {
            ++reached_messages;
            BOOST_TEST(std::string(gst_structure_get_string(s, "branch")) == "audio");
            // The sink took a buffer past 2 s when this was posted.
            BOOST_TEST(reach->reached.load() > 2'000'000'000u);
            for (auto& r : gate.reached(tsr::Branch::audio, reach->reached.load()))
                written.push_back(r);
        }
        gst_message_unref(m);
        if (type == GST_MESSAGE_EOS || type == GST_MESSAGE_ERROR) {
            BOOST_TEST(type == GST_MESSAGE_EOS);
            break;
        }
    }
    gst_object_unref(bus);
    gst_element_set_state(p, GST_STATE_NULL);
    gst_object_unref(p);
    BOOST_TEST(reminder_running == 2'000'000'000u);
    BOOST_TEST(reached_messages == 1); // posted once, when it passed what was wanted
    BOOST_TEST(reach->reached.load() == 4'000'000'000u); // 100 buffers of 40 ms
    BOOST_REQUIRE(written.size() == 1u);
    BOOST_TEST(written[0].outcome == "played");
}

BOOST_AUTO_TEST_SUITE_END()
