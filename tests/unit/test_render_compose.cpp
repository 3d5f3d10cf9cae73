// Composing the screen by repainting only what changed (engine/render/layer_compose.hpp,
// composed_frames.hpp): which rectangles a frame needs, what painting them writes.
#include "render/composed_frames.hpp"
#include "render/layer_compose.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <ostream>
#include <vector>

using namespace tsr;

namespace {

constexpr std::uint64_t kSlide = 1, kTicker = 2;

FrameStamp screen(std::uint64_t slide_content, std::uint64_t ticker_content,
                  Rect ticker = {0, 40, 64, 8}) {
    return FrameStamp{
        64, 48, {{kSlide, slide_content, {0, 0, 64, 48}}, {kTicker, ticker_content, ticker}}};
}

/// A w x h BGRx picture whose every pixel is `colour`.
struct Picture {
    int w, h;
    std::vector<std::uint32_t> px;
    Picture(int w_, int h_, std::uint32_t colour)
        : w(w_), h(h_), px(std::size_t(w_ * h_), colour) {}
    LayerPixels layer(std::uint64_t id, int x, int y, const Rect& screen_rect) const {
        LayerPixels l;
        l.x = x;
        l.y = y;
        l.data = reinterpret_cast<const std::uint8_t*>(px.data());
        l.stride = w * 4;
        l.stamp = {id, 1, Rect{x, y, w, h}.intersect(screen_rect)};
        return l;
    }
};

} // namespace

namespace tsr {
std::ostream& operator<<(std::ostream& os, const Rect& r) {
    return os << '(' << r.x << ',' << r.y << ' ' << r.w << 'x' << r.h << ')';
}
} // namespace tsr

BOOST_AUTO_TEST_SUITE(render_compose)

BOOST_AUTO_TEST_CASE(a_new_frame_is_painted_whole) {
    BOOST_TEST(damage_between(std::nullopt, screen(1, 1)) ==
               (std::vector<Rect>{Rect{0, 0, 64, 48}}));
    FrameStamp other_size = screen(1, 1);
    other_size.width = 32;
    BOOST_TEST(damage_between(other_size, screen(1, 1)) == (std::vector<Rect>{Rect{0, 0, 64, 48}}));
}

BOOST_AUTO_TEST_CASE(an_unchanged_frame_needs_nothing) {
    BOOST_TEST(damage_between(screen(7, 9), screen(7, 9)).empty());
}

BOOST_AUTO_TEST_CASE(a_moving_ticker_repaints_only_its_band) {
    BOOST_TEST(damage_between(screen(7, 9), screen(7, 10)) ==
               (std::vector<Rect>{Rect{0, 40, 64, 8}}));
}

BOOST_AUTO_TEST_CASE(a_new_slide_repaints_the_screen_once) {
    // The band lies inside the slide's rectangle: one rectangle, not two.
    BOOST_TEST(damage_between(screen(7, 9), screen(8, 10)) ==
               (std::vector<Rect>{Rect{0, 0, 64, 48}}));
}

BOOST_AUTO_TEST_CASE(a_moved_layer_repaints_where_it_was_and_where_it_is) {
    FrameStamp before{64, 48, {{kTicker, 3, {0, 0, 10, 10}}}};
    FrameStamp now{64, 48, {{kTicker, 3, {20, 20, 10, 10}}}};
    BOOST_TEST(damage_between(before, now) ==
               (std::vector<Rect>{Rect{20, 20, 10, 10}, Rect{0, 0, 10, 10}}));
}

BOOST_AUTO_TEST_CASE(a_layer_gone_or_new_repaints_its_place) {
    FrameStamp with{64, 48, {{kTicker, 3, {0, 40, 64, 8}}}};
    FrameStamp without{64, 48, {}};
    BOOST_TEST(damage_between(with, without) == (std::vector<Rect>{Rect{0, 40, 64, 8}}));
    BOOST_TEST(damage_between(without, with) == (std::vector<Rect>{Rect{0, 40, 64, 8}}));
}

BOOST_AUTO_TEST_CASE(a_change_of_stacking_order_repaints_the_layers) {
    FrameStamp before{64, 48, {{kSlide, 1, {0, 0, 10, 10}}, {kTicker, 2, {5, 5, 10, 10}}}};
    FrameStamp now{64, 48, {{kTicker, 2, {5, 5, 10, 10}}, {kSlide, 1, {0, 0, 10, 10}}}};
    auto d = damage_between(before, now);
    BOOST_TEST(d.size() == 2u);
    std::int64_t area = 0;
    for (const Rect& r : d)
        area += r.area();
    BOOST_TEST(area == 200);
}

BOOST_AUTO_TEST_CASE(damage_larger_than_the_screen_is_the_screen) {
    FrameStamp before{64, 48, {{1, 1, {0, 0, 64, 30}}, {2, 1, {0, 20, 64, 28}}}};
    FrameStamp now{64, 48, {{1, 2, {0, 0, 64, 30}}, {2, 2, {0, 20, 64, 28}}}};
    BOOST_TEST(damage_between(before, now) == (std::vector<Rect>{Rect{0, 0, 64, 48}}));
}

BOOST_AUTO_TEST_CASE(painting_the_band_copies_only_the_layer_on_top) {
    const Rect scr{0, 0, 64, 48};
    Picture slide(64, 48, 0xff112233u), band(64, 8, 0xff445566u);
    std::vector<LayerPixels> layers{slide.layer(kSlide, 0, 0, scr),
                                    band.layer(kTicker, 0, 40, scr)};
    std::vector<std::uint32_t> out(64 * 48, 0u);
    auto* dst = reinterpret_cast<std::uint8_t*>(out.data());

    // Whole screen: the slide everywhere, then the band over it.
    BOOST_TEST(paint_area(scr, layers, dst, 64 * 4) == 64 * 48 + 64 * 8);
    BOOST_TEST(out[0] == 0xff112233u);
    BOOST_TEST(out[39 * 64 + 63] == 0xff112233u);
    BOOST_TEST(out[40 * 64] == 0xff445566u);
    BOOST_TEST(out[47 * 64 + 63] == 0xff445566u);

    // The band alone: the slide under it is hidden, so it is not copied.
    std::fill(out.begin(), out.end(), 0u);
    BOOST_TEST(paint_area(Rect{0, 40, 64, 8}, layers, dst, 64 * 4) == 64 * 8);
    BOOST_TEST(out[0] == 0u);
    BOOST_TEST(out[40 * 64 + 5] == 0xff445566u);
}

BOOST_AUTO_TEST_CASE(uncovered_pixels_are_opaque_black) {
    const Rect scr{0, 0, 16, 16};
    Picture small(4, 4, 0xffabcdefu);
    std::vector<LayerPixels> layers{small.layer(kTicker, 6, 6, scr)};
    std::vector<std::uint32_t> out(16 * 16, 0x12345678u);
    BOOST_TEST(paint_area(scr, layers, reinterpret_cast<std::uint8_t*>(out.data()), 16 * 4) ==
               16 * 16 + 4 * 4);
    BOOST_TEST(out[0] == 0xff000000u);
    BOOST_TEST(out[6 * 16 + 6] == 0xffabcdefu);
    BOOST_TEST(out[9 * 16 + 9] == 0xffabcdefu);
    BOOST_TEST(out[10 * 16 + 10] == 0xff000000u);
}

BOOST_AUTO_TEST_CASE(a_layer_over_the_edge_is_cut_at_the_right_pixel) {
    const Rect scr{0, 0, 8, 8};
    Picture pic(8, 8, 0);
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x)
            pic.px[std::size_t(y * 8 + x)] = std::uint32_t(y * 8 + x);
    std::vector<LayerPixels> layers{pic.layer(kSlide, -3, -2, scr)};
    BOOST_TEST(layers[0].stamp.rect == (Rect{0, 0, 5, 6}));
    std::vector<std::uint32_t> out(64, 0u);
    paint_area(scr, layers, reinterpret_cast<std::uint8_t*>(out.data()), 8 * 4);
    BOOST_TEST(out[0] == 2u * 8 + 3);          // screen (0,0) is the picture's (3,2)
    BOOST_TEST(out[5 * 8 + 4] == 7u * 8 + 7);  // its last visible pixel
    BOOST_TEST(out[5 * 8 + 5] == 0xff000000u); // right of it: nothing, black
}

BOOST_AUTO_TEST_CASE(frames_are_reused_freshest_first) {
    ComposedFrames frames(64, 48);
    const std::size_t a = frames.acquire();
    const std::size_t b = frames.acquire(); // a is still in use: a new frame
    BOOST_TEST(a != b);
    BOOST_TEST(frames.count() == 2u);
    BOOST_TEST(frames.in_use() == 2u);
    BOOST_TEST(reinterpret_cast<std::uintptr_t>(frames.frame(a).pixels) % 64 == 0u);
    BOOST_TEST(!frames.frame(a).stamp.has_value());
    frames.release(a);
    frames.release(b);
    BOOST_TEST(frames.acquire() == b); // painted last: likeliest to need least repainting
    BOOST_TEST(frames.acquire() == a);
    BOOST_TEST(frames.count() == 2u);
}

BOOST_AUTO_TEST_CASE(frames_a_stall_made_are_given_back) {
    // A display that held six frames at once, then keeps two: the four extra frames are not
    // used again (the freshest free one is), and after kIdleAcquires acquires they are freed.
    ComposedFrames frames(64, 48);
    std::vector<std::size_t> held;
    for (int i = 0; i < 6; ++i)
        held.push_back(frames.acquire());
    BOOST_TEST(frames.count() == 6u);
    for (std::size_t i : held)
        frames.release(i);
    std::size_t a = frames.acquire(), b = frames.acquire();
    for (std::uint64_t n = 0; n < ComposedFrames::kIdleAcquires; ++n) {
        frames.release(a);
        a = std::exchange(b, frames.acquire()); // two in use, in turn, as a queue keeps them
    }
    BOOST_TEST(frames.in_use() == 2u);
    BOOST_TEST(frames.count() == 2u); // the two in turn; the four extra ones given back
    // A slot given back is filled again when needed; never painted, it is repainted whole.
    std::vector<std::size_t> more;
    for (int i = 0; i < 4; ++i)
        more.push_back(frames.acquire());
    for (std::size_t i : more) {
        BOOST_TEST(frames.frame(i).pixels != nullptr);
    }
    BOOST_TEST(frames.count() == 6u);
}

BOOST_AUTO_TEST_SUITE_END()
