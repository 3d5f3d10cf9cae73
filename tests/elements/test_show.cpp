// tsrshow in small pipelines: the composed frame is the slide with the ticker band at the
// bottom (compared pixel for pixel with tsrslidesrc and tsrtickersrc run alone), the audio
// pad gives 48 kHz stereo of exactly the length asked for, the deadline clock on the audio
// branch posts the slide change's cue, and `video=false` / `audio=false` leave a part out.
#include "test_support.hpp"

#include "tsr_messages.hpp"

#include <boost/test/unit_test.hpp>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

using tsr::test::TempPlaylist;

struct GstInit {
    GstInit() { gst_init(nullptr, nullptr); }
};
BOOST_TEST_GLOBAL_FIXTURE(GstInit);

// 320x180 at 10 frames a second; "Satu" 2 s then "Dua" 3 s, a round of 5 s from midnight: from
// 09:00:00 "Satu" shows for 2 s, and the cue of "Dua" is at running time 2 s.
const char* const kPlaylist = R"(
[office]
name = "Kantor Uji"
timezone = "Asia/Jakarta"

[display]
width = 320
height = 180
framerate = 10

[ticker]
speed = 60
messages = ["Pesan uji"]

[[slide]]
template = "info"
duration = "2s"
title = "Satu"
text = "Slide pertama"

[[slide]]
template = "info"
duration = "3s"
title = "Dua"
text = "Slide kedua"
)";

constexpr const char* kStart = "2026-11-30 09:00:00";

/// A picture read back: size and BGRx pixels, row after row without padding.
struct Picture {
    int width = 0;
    int height = 0;
    std::vector<std::uint32_t> pixels;
    std::uint32_t at(int x, int y) const { return pixels[std::size_t(y) * width + x]; }
};

Picture picture_of(GstSample* sample) {
    Picture p;
    GstVideoInfo info;
    BOOST_REQUIRE(gst_video_info_from_caps(&info, gst_sample_get_caps(sample)));
    BOOST_REQUIRE(GST_VIDEO_INFO_FORMAT(&info) == GST_VIDEO_FORMAT_BGRx);
    GstVideoFrame frame;
    BOOST_REQUIRE(gst_video_frame_map(&frame, &info, gst_sample_get_buffer(sample), GST_MAP_READ));
    p.width = GST_VIDEO_INFO_WIDTH(&info);
    p.height = GST_VIDEO_INFO_HEIGHT(&info);
    p.pixels.resize(std::size_t(p.width) * p.height);
    const int stride = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0);
    const auto* data = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 0));
    for (int y = 0; y < p.height; ++y)
        std::memcpy(&p.pixels[std::size_t(y) * p.width], data + std::size_t(y) * stride,
                    std::size_t(p.width) * 4);
    gst_video_frame_unmap(&frame);
    return p;
}

/// Runs `desc` (gst-launch syntax) to EOS; element messages are kept. Fails the test on an
/// error.
struct Run {
    GstElement* pipeline = nullptr;
    std::vector<GstMessage*> element_messages;

    explicit Run(const std::string& desc) {
        GError* err = nullptr;
        pipeline = gst_parse_launch(desc.c_str(), &err);
        BOOST_REQUIRE_MESSAGE(pipeline && !err, (err ? err->message : "no pipeline"));
    }
    ~Run() {
        for (GstMessage* m : element_messages)
            gst_message_unref(m);
        gst_element_set_state(pipeline, GST_STATE_NULL);
        gst_object_unref(pipeline);
    }
    GstElement* get(const char* name) const {
        GstElement* e = gst_bin_get_by_name(GST_BIN(pipeline), name);
        BOOST_REQUIRE_MESSAGE(e, "no element " << name);
        gst_object_unref(e); // the pipeline keeps it
        return e;
    }
    void start() {
        BOOST_REQUIRE(gst_element_set_state(pipeline, GST_STATE_PLAYING) !=
                      GST_STATE_CHANGE_FAILURE);
    }
    void wait_eos() {
        GstBus* bus = gst_element_get_bus(pipeline);
        for (;;) {
            GstMessage* m = gst_bus_timed_pop_filtered(
                bus, 30 * GST_SECOND,
                GstMessageType(GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT));
            BOOST_REQUIRE_MESSAGE(m, "no EOS in 30 s");
            if (GST_MESSAGE_TYPE(m) == GST_MESSAGE_ELEMENT) {
                element_messages.push_back(m);
                continue;
            }
            const bool eos = GST_MESSAGE_TYPE(m) == GST_MESSAGE_EOS;
            std::string text;
            if (!eos) {
                GError* err = nullptr;
                gst_message_parse_error(m, &err, nullptr);
                text = std::string(GST_OBJECT_NAME(GST_MESSAGE_SRC(m))) + ": " + err->message;
                g_error_free(err);
            }
            gst_message_unref(m);
            gst_object_unref(bus);
            BOOST_REQUIRE_MESSAGE(eos, text);
            return;
        }
    }
};

std::string props(const TempPlaylist& pl) {
    return "playlist=\"" + pl.dir().string() + "\" start=\"" + kStart + "\"";
}

/// The first frame of `source` (tsrslidesrc or tsrtickersrc) alone, BGRx.
Picture alone(const TempPlaylist& pl, const char* source) {
    Run run(std::string(source) + " " + props(pl) +
            " num-buffers=1 ! video/x-raw,format=BGRx ! appsink name=out sync=false");
    run.start();
    GstSample* s = gst_app_sink_pull_sample(GST_APP_SINK(run.get("out")));
    BOOST_REQUIRE(s);
    Picture p = picture_of(s);
    gst_sample_unref(s);
    run.wait_eos();
    return p;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_screen_is_the_slide_with_the_ticker_band_at_the_bottom) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    const Picture slide = alone(pl, "tsrslidesrc");
    const Picture band = alone(pl, "tsrtickersrc");
    BOOST_REQUIRE_EQUAL(band.width, 320);
    BOOST_REQUIRE(band.height > 0 && band.height < 90);

    // Video only, as tsr render uses it: nobody sets the ticker's ypos.
    Run run("tsrshow name=s audio=false num-buffers=1 " + props(pl) +
            " s.video ! appsink name=v sync=false");
    run.start();
    GstSample* sample = gst_app_sink_pull_sample(GST_APP_SINK(run.get("v")));
    BOOST_REQUIRE(sample);
    const Picture screen = picture_of(sample);
    gst_sample_unref(sample);
    run.wait_eos();

    BOOST_REQUIRE_EQUAL(screen.width, 320);
    BOOST_REQUIRE_EQUAL(screen.height, 180);
    const int band_top = 180 - band.height;
    int slide_diff = 0, band_diff = 0;
    for (int y = 0; y < 180; ++y)
        for (int x = 0; x < 320; ++x) {
            const std::uint32_t want = y < band_top ? slide.at(x, y) : band.at(x, y - band_top);
            // x of BGRx is padding: compare colours only.
            if ((screen.at(x, y) & 0x00ffffff) != (want & 0x00ffffff))
                ++(y < band_top ? slide_diff : band_diff);
        }
    BOOST_TEST(slide_diff == 0);
    BOOST_TEST(band_diff == 0);
    // The band covers what the slide had there: the slide's own bottom rows differ from it.
    int covered = 0;
    for (int x = 0; x < 320; ++x)
        covered += (slide.at(x, 179) & 0x00ffffff) != (screen.at(x, 179) & 0x00ffffff);
    BOOST_TEST(covered > 0);
    GstPad* audio = gst_element_get_static_pad(run.get("s"), "audio");
    BOOST_TEST(!audio);
    if (audio) gst_object_unref(audio);
}

BOOST_AUTO_TEST_CASE(the_audio_pad_gives_the_length_asked_and_the_deadline_posts_cues) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    // 2.5 s of sound in 100 ms buffers; three frames of picture.
    Run run("tsrshow name=s num-buffers=3 audio-num-buffers=25 samples-per-buffer=4800 " +
            props(pl) + " s.video ! appsink name=v sync=false s.audio ! appsink name=a sync=false");
    run.start();
    GstAppSink* a = GST_APP_SINK(run.get("a"));
    GstAppSink* v = GST_APP_SINK(run.get("v"));
    guint64 bytes = 0;
    int audio_buffers = 0, frames = 0;
    GstClockTime last_end = 0;
    bool audio_eos = false, video_eos = false;
    while (!audio_eos || !video_eos) {
        if (!audio_eos) {
            if (GstSample* s = gst_app_sink_try_pull_sample(a, GST_SECOND)) {
                if (audio_buffers == 0) {
                    const GstStructure* st = gst_caps_get_structure(gst_sample_get_caps(s), 0);
                    int rate = 0, channels = 0;
                    gst_structure_get_int(st, "rate", &rate);
                    gst_structure_get_int(st, "channels", &channels);
                    BOOST_TEST(rate == 48000);
                    BOOST_TEST(channels == 2);
                    BOOST_TEST(gst_structure_get_string(st, "format") == std::string("S16LE"));
                }
                GstBuffer* b = gst_sample_get_buffer(s);
                bytes += gst_buffer_get_size(b);
                last_end = GST_BUFFER_PTS(b) + GST_BUFFER_DURATION(b);
                ++audio_buffers;
                gst_sample_unref(s);
            } else {
                audio_eos = gst_app_sink_is_eos(a);
            }
        }
        if (!video_eos) {
            if (GstSample* s = gst_app_sink_try_pull_sample(v, GST_SECOND)) {
                ++frames;
                gst_sample_unref(s);
            } else {
                video_eos = gst_app_sink_is_eos(v);
            }
        }
        BOOST_REQUIRE(audio_buffers <= 25 && frames <= 3);
    }
    run.wait_eos();
    BOOST_TEST(audio_buffers == 25);
    BOOST_TEST(bytes == guint64(25) * 4800 * 2 * 2); // S16 stereo
    BOOST_TEST(last_end == 2500 * GST_MSECOND);
    BOOST_TEST(frames == 3);

    // The deadline clock rides on the audio: the change to "Dua" at running time 2 s.
    std::vector<tsr::CueMessage> dua;
    for (GstMessage* m : run.element_messages)
        if (auto cue = tsr::parse_cue_message(gst_message_get_structure(m));
            cue && cue->kind == "slide" && cue->title == "Dua")
            dua.push_back(*cue);
    BOOST_REQUIRE_EQUAL(dua.size(), 1u);
    BOOST_TEST(dua[0].running_time.count() == 2'000'000'000);
    BOOST_TEST(dua[0].id == "slide-2");
}

BOOST_AUTO_TEST_CASE(video_false_leaves_the_picture_out) {
    TempPlaylist pl;
    pl.playlist(kPlaylist);
    Run run("tsrshow name=s video=false audio-num-buffers=3 " + props(pl) +
            " ! appsink name=a sync=false");
    GstElement* show = run.get("s");
    GstPad* video = gst_element_get_static_pad(show, "video");
    BOOST_TEST(!video);
    if (video) gst_object_unref(video);
    GstElement* slides = gst_bin_get_by_name(GST_BIN(show), "slides");
    BOOST_TEST(!slides);
    if (slides) gst_object_unref(slides);
    run.start();
    int buffers = 0;
    while (GstSample* s = gst_app_sink_pull_sample(GST_APP_SINK(run.get("a")))) {
        ++buffers;
        gst_sample_unref(s);
    }
    BOOST_TEST(buffers == 3);
    run.wait_eos();
}

BOOST_AUTO_TEST_CASE(a_part_left_out_and_put_back_is_there_once) {
    GstElement* show = gst_element_factory_make("tsrshow", nullptr);
    BOOST_REQUIRE(show);
    gst_object_ref_sink(show);
    BOOST_TEST(GST_BIN(show)->numchildren == 8); // 3 video sources/compose + 3 capsfilters + 2
    g_object_set(show, "video", TRUE, nullptr);  // already: nothing added
    BOOST_TEST(GST_BIN(show)->numchildren == 8);
    g_object_set(show, "audio", FALSE, nullptr);
    BOOST_TEST(GST_BIN(show)->numchildren == 6);
    BOOST_TEST(GST_ELEMENT(show)->numsrcpads == 1);
    g_object_set(show, "audio", TRUE, "samples-per-buffer", 960, nullptr);
    BOOST_TEST(GST_BIN(show)->numchildren == 8);
    BOOST_TEST(GST_ELEMENT(show)->numsrcpads == 2);
    GstElement* reminders = gst_bin_get_by_name(GST_BIN(show), "reminders");
    BOOST_REQUIRE(reminders);
    gint samples = 0;
    g_object_get(reminders, "samples-per-buffer", &samples, nullptr);
    BOOST_TEST(samples == 960);
    gst_object_unref(reminders);
    gst_object_unref(show);
}
