// tsrcompose under GstHarness: a slide layer and a ticker band in, one frame out. Every frame's
// pixels are checked, and `pixels-painted` shows what was repainted: the whole screen for a
// frame never painted or a new slide, the band alone while the slide stays the same memory.
// A band buffer that lasts several frames and scrolls within them (TsrScrollMeta) shows each
// frame's window.
#include "scroll_meta.hpp"

#include <boost/test/unit_test.hpp>
#include <gst/check/gstharness.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace {

using Harness = std::unique_ptr<GstHarness, decltype(&gst_harness_teardown)>;

struct GstInit {
    GstInit() { gst_init(nullptr, nullptr); }
};
BOOST_TEST_GLOBAL_FIXTURE(GstInit);

constexpr int kW = 64, kH = 48, kBand = 8;
constexpr GstClockTime kFrame = GST_SECOND / 30;

/// A BGRx picture of one colour, in a read-only memory of its own (as tsrslidesrc makes).
GstBuffer* picture(int w, int h, std::uint32_t colour) {
    GstBuffer* buf = gst_buffer_new_allocate(nullptr, gsize(w * h * 4), nullptr);
    GstMapInfo map;
    gst_buffer_map(buf, &map, GST_MAP_WRITE);
    auto* px = reinterpret_cast<std::uint32_t*>(map.data);
    std::fill(px, px + w * h, colour);
    gst_buffer_unmap(buf, &map);
    GST_MINI_OBJECT_FLAG_SET(gst_buffer_peek_memory(buf, 0), GST_MEMORY_FLAG_READONLY);
    return buf;
}

/// `buf` again (same memory, as tsrslidesrc pushes an unchanged slide) at frame n.
GstBuffer* at_frame(GstBuffer* buf, int n) {
    GstBuffer* b = gst_buffer_copy(buf);
    GST_BUFFER_PTS(b) = GstClockTime(n) * kFrame;
    GST_BUFFER_DURATION(b) = kFrame;
    return b;
}

std::uint32_t pixel(GstBuffer* buf, int x, int y) {
    GstMapInfo map;
    BOOST_REQUIRE(gst_buffer_map(buf, &map, GST_MAP_READ));
    const std::uint32_t v = reinterpret_cast<const std::uint32_t*>(map.data)[y * kW + x];
    gst_buffer_unmap(buf, &map);
    return v;
}

guint64 painted(GstElement* e) {
    guint64 v = 0;
    g_object_get(e, "pixels-painted", &v, nullptr);
    return v;
}

/// The screen: slide harness on sink_0, band harness on sink_1 at the bottom.
struct Screen {
    Harness slide{nullptr, gst_harness_teardown};
    Harness band{nullptr, gst_harness_teardown};
    GstElement* element = nullptr;
    int frame = 0;

    Screen() {
        slide.reset(gst_harness_new_with_padnames("tsrcompose", "sink_0", "src"));
        element = slide->element;
        band.reset(gst_harness_new_with_element(element, "sink_1", nullptr));
        GstPad* pad = gst_element_get_static_pad(element, "sink_1");
        g_object_set(pad, "ypos", kH - kBand, nullptr);
        gst_object_unref(pad);
        gst_harness_set_src_caps_str(slide.get(),
                                     "video/x-raw,format=BGRx,width=64,height=48,framerate=30/1");
        gst_harness_set_src_caps_str(band.get(),
                                     "video/x-raw,format=BGRx,width=64,height=8,framerate=30/1");
    }

    /// Pushes one frame of each layer and pulls the composed frame (the caller owns it).
    GstBuffer* compose(GstBuffer* slide_picture, GstBuffer* band_picture) {
        BOOST_REQUIRE(gst_harness_push(slide.get(), at_frame(slide_picture, frame)) == GST_FLOW_OK);
        BOOST_REQUIRE(gst_harness_push(band.get(), at_frame(band_picture, frame)) == GST_FLOW_OK);
        ++frame;
        GstBuffer* out = gst_harness_pull(slide.get());
        BOOST_REQUIRE(out);
        return out;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(compose)

BOOST_AUTO_TEST_CASE(repaints_only_what_changed_and_every_frame_is_right) {
    Screen s;
    const std::uint32_t blue = 0xff102030u, green = 0xff00ff00u;
    GstBuffer* slide1 = picture(kW, kH, blue);
    GstBuffer* slide2 = picture(kW, kH, green);
    const guint64 full = kW * kH + kW * kBand, band = kW * kBand;

    auto check = [&](GstBuffer* out, std::uint32_t slide_colour, std::uint32_t band_colour) {
        BOOST_TEST(pixel(out, 0, 0) == slide_colour);
        BOOST_TEST(pixel(out, kW - 1, kH - kBand - 1) == slide_colour);
        BOOST_TEST(pixel(out, 0, kH - kBand) == band_colour);
        BOOST_TEST(pixel(out, kW - 1, kH - 1) == band_colour);
    };

    // Frame 0: never painted: all of it.
    GstBuffer* out = s.compose(slide1, picture(kW, kBand, 0xff000001u));
    check(out, blue, 0xff000001u);
    BOOST_TEST(painted(s.element) == full);
    // Read-only, so that nothing downstream can change what the frame is known to show.
    BOOST_TEST(GST_MEMORY_IS_READONLY(gst_buffer_peek_memory(out, 0)));
    gst_buffer_unref(out);

    // Frames 1-5, each let go before the next: the same frame comes back, only the band moves.
    for (std::uint32_t i = 2; i <= 6; ++i) {
        out = s.compose(slide1, picture(kW, kBand, 0xff000000u | i));
        check(out, blue, 0xff000000u | i);
        gst_buffer_unref(out);
    }
    BOOST_TEST(painted(s.element) == full + 5 * band);

    // Held downstream: the next frame is a new one, painted whole.
    GstBuffer* held = s.compose(slide1, picture(kW, kBand, 0xff000007u));
    GstBuffer* next = s.compose(slide1, picture(kW, kBand, 0xff000008u));
    check(held, blue, 0xff000007u);
    check(next, blue, 0xff000008u);
    BOOST_TEST(painted(s.element) == full + 6 * band + full);
    guint64 allocated = 0;
    g_object_get(s.element, "frames-allocated", &allocated, nullptr);
    BOOST_TEST(allocated == 2u);
    gst_buffer_unref(held);
    gst_buffer_unref(next);

    // A new slide: the whole screen once; then the band again.
    guint64 before = painted(s.element);
    out = s.compose(slide2, picture(kW, kBand, 0xff000009u));
    check(out, green, 0xff000009u);
    BOOST_TEST(painted(s.element) - before == full);
    gst_buffer_unref(out);
    before = painted(s.element);
    out = s.compose(slide2, picture(kW, kBand, 0xff00000au));
    check(out, green, 0xff00000au);
    BOOST_TEST(painted(s.element) - before == band);
    gst_buffer_unref(out);

    // The other frame still shows the first slide: reused, it is brought up to date whole.
    before = painted(s.element);
    held = s.compose(slide2, picture(kW, kBand, 0xff00000bu));
    next = s.compose(slide2, picture(kW, kBand, 0xff00000cu));
    check(held, green, 0xff00000bu);
    check(next, green, 0xff00000cu);
    BOOST_TEST(painted(s.element) - before == band + full);
    gst_buffer_unref(held);
    gst_buffer_unref(next);

    guint64 frames = 0;
    g_object_get(s.element, "frames", &frames, nullptr);
    BOOST_TEST(frames == 12u);
    gst_buffer_unref(slide1);
    gst_buffer_unref(slide2);
}

BOOST_AUTO_TEST_CASE(writable_memory_refilled_in_place_is_painted_again) {
    // A buffer pool (a camera, a decoder) hands the same writable memory back refilled: same
    // memory, same address, new pixels. Only read-only memory may count as the same picture.
    Screen s;
    std::vector<std::uint32_t> pixels(kW * kH, 0xff111111u);
    GstBuffer* pooled =
        gst_buffer_new_wrapped_full(GstMemoryFlags(0), pixels.data(), pixels.size() * 4, 0,
                                    pixels.size() * 4, nullptr, nullptr);
    GstBuffer* band = picture(kW, kBand, 0xff000001u);
    GstBuffer* out = s.compose(pooled, band);
    BOOST_TEST(pixel(out, 0, 0) == 0xff111111u);
    gst_buffer_unref(out);
    std::fill(pixels.begin(), pixels.end(), 0xff222222u); // refilled in place
    out = s.compose(pooled, band);
    BOOST_TEST(pixel(out, 0, 0) == 0xff222222u);
    gst_buffer_unref(out);
    gst_buffer_unref(band);
    gst_buffer_unref(pooled);
}

BOOST_AUTO_TEST_CASE(a_layer_smaller_than_the_screen_has_black_around_it) {
    Harness h(gst_harness_new_with_padnames("tsrcompose", "sink_0", "src"), gst_harness_teardown);
    GstPad* pad = gst_element_get_static_pad(h->element, "sink_0");
    g_object_set(pad, "xpos", 16, "ypos", 20, nullptr);
    gst_object_unref(pad);
    gst_harness_set_src_caps_str(h.get(),
                                 "video/x-raw,format=BGRx,width=32,height=8,framerate=30/1");
    gst_harness_set_sink_caps_str(h.get(),
                                  "video/x-raw,format=BGRx,width=64,height=48,framerate=30/1");
    GstBuffer* layer = picture(32, 8, 0xffabcdefu);
    BOOST_REQUIRE(gst_harness_push(h.get(), at_frame(layer, 0)) == GST_FLOW_OK);
    GstBuffer* out = gst_harness_pull(h.get());
    BOOST_REQUIRE(out);
    BOOST_TEST(gst_buffer_get_size(out) == gsize(kW * kH * 4));
    BOOST_TEST(pixel(out, 0, 0) == 0xff000000u);
    BOOST_TEST(pixel(out, 16, 20) == 0xffabcdefu);
    BOOST_TEST(pixel(out, 47, 27) == 0xffabcdefu);
    BOOST_TEST(pixel(out, 48, 27) == 0xff000000u);
    BOOST_TEST(pixel(out, 16, 28) == 0xff000000u);
    gst_buffer_unref(out);
    gst_buffer_unref(layer);
}

BOOST_AUTO_TEST_CASE(refuses_layers_with_alpha) {
    // Layers are opaque: BGRA would be copied, not blended, so it is not accepted.
    Harness h(gst_harness_new_with_padnames("tsrcompose", "sink_0", "src"), gst_harness_teardown);
    GstCaps* bgra =
        gst_caps_from_string("video/x-raw,format=BGRA,width=64,height=48,framerate=30/1");
    GstPad* pad = gst_element_get_static_pad(h->element, "sink_0");
    BOOST_TEST(!gst_pad_query_accept_caps(pad, bgra));
    GstCaps* bgrx =
        gst_caps_from_string("video/x-raw,format=BGRx,width=64,height=8,framerate=30/1");
    BOOST_TEST(gst_pad_query_accept_caps(pad, bgrx));
    gst_object_unref(pad);
    gst_caps_unref(bgra);
    gst_caps_unref(bgrx);
}

/// A band wider than the screen, read-only, each column its own colour (0xff000000 | x): a
/// window of kW columns for the frames from `first` (and `phase` later: a live source's
/// frames need not begin with the screen's) moving by `steps` within the one buffer, as
/// tsrtickersrc makes live behind tsrcompose.
GstBuffer* scrolling_band(int wide, int first, std::initializer_list<guint32> steps,
                          GstClockTime phase = 0) {
    GstBuffer* buf = gst_buffer_new_allocate(nullptr, gsize(wide * kBand * 4), nullptr);
    GstMapInfo map;
    gst_buffer_map(buf, &map, GST_MAP_WRITE);
    auto* px = reinterpret_cast<std::uint32_t*>(map.data);
    for (int y = 0; y < kBand; ++y)
        for (int x = 0; x < wide; ++x)
            px[y * wide + x] = 0xff000000u | std::uint32_t(x);
    gst_buffer_unmap(buf, &map);
    GST_MINI_OBJECT_FLAG_SET(gst_buffer_peek_memory(buf, 0), GST_MEMORY_FLAG_READONLY);
    gsize offsets[GST_VIDEO_MAX_PLANES] = {0};
    gint strides[GST_VIDEO_MAX_PLANES] = {wide * 4};
    gst_buffer_add_video_meta_full(buf, GST_VIDEO_FRAME_FLAG_NONE, GST_VIDEO_FORMAT_BGRx, kW, kBand,
                                   1, offsets, strides);
    auto time = [](int n) { return gst_util_uint64_scale(guint64(n), GST_SECOND, 30); };
    tsr::ScrollMeta* meta = tsr::add_scroll_meta(buf);
    int k = first;
    for (guint32 step : steps)
        BOOST_REQUIRE(tsr::scroll_meta_append(*meta, time(k++) - time(first), step));
    GST_BUFFER_PTS(buf) = time(first) + phase;
    GST_BUFFER_DURATION(buf) = time(k) - time(first);
    return buf;
}

// Each output frame shows the band's last frame that begins before it ends, as it would with a
// buffer a frame: with the band's frames in step with the screen's, and 0.85 frame after them
// (a live source's buffers are shifted by the pipeline's start-up time).
void band_scrolls_within_its_buffer(GstClockTime phase) {
    Screen s;
    const std::uint32_t blue = 0xff102030u;
    GstBuffer* slide = picture(kW, kH, blue);
    const int wide = kW + 20;
    // Frames 0-2 in one buffer (steps 0, 3, 7), frames 3-4 in the next (steps 0, 5 from 11).
    BOOST_REQUIRE(gst_harness_push(s.band.get(), scrolling_band(wide, 0, {0, 3, 7}, phase)) ==
                  GST_FLOW_OK);
    const guint64 band = kW * kBand;
    std::vector<std::uint32_t> left, right;
    guint64 before = 0;
    for (int n = 0; n < 5; ++n) {
        // The next band buffer is queued while the first still shows (as tsrtickersrc does).
        if (n == 1) {
            GstBuffer* next = scrolling_band(wide, 3, {0, 5}, phase);
            // Its window begins 11 columns in: the video meta's offset.
            gst_buffer_get_video_meta(next)->offset[0] = 11 * 4;
            BOOST_REQUIRE(gst_harness_push(s.band.get(), next) == GST_FLOW_OK);
        }
        if (n == 4) gst_harness_push_event(s.band.get(), gst_event_new_eos());
        BOOST_REQUIRE(gst_harness_push(s.slide.get(), at_frame(slide, n)) == GST_FLOW_OK);
        GstBuffer* out = gst_harness_pull(s.slide.get());
        BOOST_REQUIRE(out);
        BOOST_TEST(pixel(out, 0, 0) == blue);
        left.push_back(pixel(out, 0, kH - 1));
        right.push_back(pixel(out, kW - 1, kH - kBand));
        if (n > 0) BOOST_TEST(painted(s.element) - before == band, "frame " << n);
        before = painted(s.element);
        gst_buffer_unref(out);
    }
    const std::vector<std::uint32_t> want_left{0xff000000u, 0xff000003u, 0xff000007u, 0xff00000bu,
                                               0xff000010u};
    BOOST_TEST(left == want_left, boost::test_tools::per_element());
    for (std::size_t i = 0; i < right.size(); ++i)
        BOOST_TEST(right[i] == want_left[i] + kW - 1);
    gst_buffer_unref(slide);
}

BOOST_AUTO_TEST_CASE(a_band_that_scrolls_within_its_buffer_shows_each_frames_window) {
    band_scrolls_within_its_buffer(0);
    band_scrolls_within_its_buffer(kFrame * 85 / 100);
}

BOOST_AUTO_TEST_CASE(a_scroll_step_outside_the_buffer_is_not_taken) {
    // A step that would read past the buffer's memory (a wrong meta) shows the first window.
    Screen s;
    GstBuffer* slide = picture(kW, kH, 0xff102030u);
    BOOST_REQUIRE(gst_harness_push(s.band.get(), scrolling_band(kW + 4, 0, {0, 5})) == GST_FLOW_OK);
    gst_harness_push_event(s.band.get(), gst_event_new_eos());
    for (int n = 0; n < 2; ++n) {
        BOOST_REQUIRE(gst_harness_push(s.slide.get(), at_frame(slide, n)) == GST_FLOW_OK);
        GstBuffer* out = gst_harness_pull(s.slide.get());
        BOOST_REQUIRE(out);
        BOOST_TEST(pixel(out, 0, kH - 1) == 0xff000000u, "frame " << n);
        BOOST_TEST(pixel(out, kW - 1, kH - 1) == 0xff000000u + kW - 1, "frame " << n);
        gst_buffer_unref(out);
    }
    gst_buffer_unref(slide);
}

BOOST_AUTO_TEST_SUITE_END()
