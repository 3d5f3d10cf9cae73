// Video slides: the rotation counts a clip at its own length (pure schedule), the slide key
// says when this showing of the clip began, a reminder takes over and the clip goes on under
// it; clips made by ffmpeg are measured by the loader, decoded to the right frame at any
// offset, and every refusal is said at the `video` line.
#include "asrun_events.hpp"
#include "loader_check.hpp"
#include "playlist_loader.hpp"
#include "render/slide_renderer.hpp"
#include "render/ticker_strip.hpp"
#include "schedule.hpp"
#include "test_support.hpp"
#include "tsr_messages.hpp"
#include "video/video_clip.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdlib>

using namespace tsr;
using namespace std::chrono;
namespace fs = std::filesystem;

namespace {

const std::string kOffice = "[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n";
const std::vector<std::uint32_t> kColours = {0xC80000, 0x00A000, 0x0000DC, 0xDCDC00};

/// Loads without looking into files, then gives the clips the lengths a probe would measure.
Playlist load_unchecked(const std::string& body, std::vector<Micros> clip_lengths) {
    test::TempPlaylist t;
    t.playlist(body);
    LoadResult r = load_playlist(t.dir(), LoadOptions{std::nullopt, false});
    for (const Diagnostic& d : r.diagnostics.all())
        BOOST_TEST_MESSAGE(format_diagnostic(d));
    BOOST_REQUIRE(r.playlist);
    Playlist p = *r.playlist;
    std::size_t next = 0;
    for (Slide& s : p.slides)
        if (!s.video.empty() && next < clip_lengths.size()) s.video_length = clip_lengths[next++];
    return p;
}

Instant at(const Playlist& p, const char* local) {
    return *parse_local_datetime(p.zone, local);
}

/// The colour of the centre pixel, as 0xRRGGBB nearest of kColours (-1: none within 40).
int nearest_colour(const VideoFrame& f) {
    const std::uint8_t* px = f.row(f.height() / 2) + std::size_t(f.width() / 2) * 4;
    int best = -1, best_d = 41;
    for (std::size_t i = 0; i < kColours.size(); ++i) {
        const int r = int(kColours[i] >> 16), g = int(kColours[i] >> 8 & 0xff),
                  b = int(kColours[i] & 0xff);
        const int d = std::max({std::abs(r - px[2]), std::abs(g - px[1]), std::abs(b - px[0])});
        if (d < best_d) {
            best_d = d;
            best = int(i);
        }
    }
    return best;
}

} // namespace

BOOST_AUTO_TEST_SUITE(video)

BOOST_AUTO_TEST_CASE(the_round_counts_a_clip_at_its_own_length) {
    Playlist p = load_unchecked(kOffice + "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n"
                                          "[[slide]]\nvideo = \"video/a.mp4\"\n"
                                          "[[slide]]\ntemplate = \"info\"\nduration = \"5s\"\n",
                                {Micros(4'500'000)});
    BOOST_TEST(p.slides[1].template_name == "video");
    // The round: 10 s + 4.5 s + 5 s = 19.5 s from local midnight.
    SlideShowing s = rotation_at(p, at(p, "2026-11-30 00:00:12"));
    BOOST_TEST(s.slide == 1);
    BOOST_TEST(format_iso(p.zone, s.began) == "2026-11-30T00:00:10+07:00");
    BOOST_TEST((s.ends - s.began).count() == 4'500'000);
    BOOST_TEST(rotation_at(p, at(p, "2026-11-30 00:00:14.4")).slide == 1);
    BOOST_TEST(rotation_at(p, at(p, "2026-11-30 00:00:14.5")).slide == 2);
    // Second round: the clip from 19.5 + 10 = 29.5 s.
    s = rotation_at(p, at(p, "2026-11-30 00:00:30"));
    BOOST_TEST(s.slide == 1);
    BOOST_TEST((s.began - at(p, "2026-11-30 00:00:29")).count() == 500'000);
    // The timeline names the clip by its file.
    auto cs = cues(p, at(p, "2026-11-30 00:00:00"), at(p, "2026-11-30 00:00:20"),
                   CueKinds{true, false, false, false});
    BOOST_REQUIRE_EQUAL(cs.size(), 4u);
    BOOST_TEST(cs[1].title == "a.mp4");
    BOOST_TEST(cs[1].detail == "video");
    BOOST_TEST(format_iso(p.zone, cs[3].time) == "2026-11-30T00:00:19.500+07:00");
}

BOOST_AUTO_TEST_CASE(clip_showings_are_where_the_slide_layer_shows_the_clip) {
    auto shared = std::make_shared<Playlist>(
        load_unchecked(kOffice + "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n"
                                 "[[slide]]\nvideo = \"video/a.mp4\"\n",
                       {Micros(4'500'000)}));
    const Playlist& p = *shared;
    SlideRenderer r(shared);
    // The round is 14.5 s: the clip plays [10, 14.5) and [24.5, 29) after midnight.
    auto cs = clip_showings(p, at(p, "2026-11-30 00:00:00"), at(p, "2026-11-30 00:00:25"));
    BOOST_REQUIRE_EQUAL(cs.size(), 2u);
    BOOST_TEST(cs[0].slide == 1);
    BOOST_TEST(cs[0].what == &p.slides[1]);
    BOOST_TEST(format_iso(p.zone, cs[0].began) == "2026-11-30T00:00:10+07:00");
    BOOST_TEST((cs[0].from == cs[0].began));
    BOOST_TEST(format_iso(p.zone, cs[0].until) == "2026-11-30T00:00:14.500+07:00");
    BOOST_TEST(format_iso(p.zone, cs[1].began) == "2026-11-30T00:00:24.500+07:00");
    BOOST_TEST(format_iso(p.zone, cs[1].until) == "2026-11-30T00:00:29+07:00");
    // The slide layer plays the same showing, from the same instant.
    for (const char* t : {"2026-11-30 00:00:10", "2026-11-30 00:00:14.4", "2026-11-30 00:00:27"}) {
        SlideContentKey k = r.key_at(at(p, t));
        BOOST_TEST(k.slide == 1);
        const ClipShowing& c = at(p, t) < cs[1].from ? cs[0] : cs[1];
        BOOST_TEST((k.video_began == c.began));
    }
    // A window from mid-clip: the showing that began before it, from the window's start; the
    // next window goes on from where it ended.
    auto mid = clip_showings(p, at(p, "2026-11-30 00:00:12"), at(p, "2026-11-30 00:00:13"));
    BOOST_REQUIRE_EQUAL(mid.size(), 1u);
    BOOST_TEST(format_iso(p.zone, mid[0].began) == "2026-11-30T00:00:10+07:00");
    BOOST_TEST(format_iso(p.zone, mid[0].from) == "2026-11-30T00:00:12+07:00");
    BOOST_TEST(format_iso(p.zone, mid[0].until) == "2026-11-30T00:00:14.500+07:00");
    auto next = clip_showings(p, at(p, "2026-11-30 00:00:13"), at(p, "2026-11-30 00:00:14"));
    BOOST_REQUIRE_EQUAL(next.size(), 1u);
    BOOST_TEST((next[0].began == mid[0].began));
    BOOST_TEST(
        clip_showings(p, at(p, "2026-11-30 00:00:15"), at(p, "2026-11-30 00:00:24")).empty());
}

BOOST_AUTO_TEST_CASE(a_clip_sound_that_cannot_be_decoded_is_an_as_run_sound_row) {
    Playlist p = load_unchecked(kOffice + "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n"
                                          "[[slide]]\nvideo = \"video/a.mp4\"\n",
                                {Micros(4'500'000)});
    p.slides[1].video_sound = true;
    const Instant now = at(p, "2026-11-30 10:00:03");
    auto row_of = [&](const std::string& file, const std::string& outcome) {
        GstMessage* m = make_sound_message(nullptr, SoundMessage{file, outcome, Nanos(0)});
        auto row = asrun_row_for(gst_message_get_structure(m), p, std::nullopt, now);
        gst_message_unref(m);
        return row;
    };
    const std::string clip = p.slides[1].video.string();
    auto row = row_of(clip, "failed: " + clip + ": the file is damaged or truncated (x)");
    BOOST_REQUIRE(row);
    BOOST_TEST(!row->scheduled);
    BOOST_TEST((row->actual == now));
    BOOST_TEST(row->kind == "sound");
    BOOST_TEST(row->id == "slide-2");
    BOOST_TEST(row->detail == "video: a.mp4");
    BOOST_TEST(row->outcome == "skipped: the video plays without its sound: " + clip +
                                   ": the file is damaged or truncated (x)");
    // Decoded, or not a clip's (a reminder's audio has its own row): no row.
    BOOST_TEST(!row_of(clip, "ready"));
    BOOST_TEST(!row_of((p.folder / "audio" / "r.m4a").string(), "failed: missing"));
}

BOOST_AUTO_TEST_CASE(a_clip_not_measured_never_shows) {
    // Files unchecked (a benchmark's load): no length, so not in the round.
    Playlist p = load_unchecked(kOffice + "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n"
                                          "[[slide]]\nvideo = \"video/a.mp4\"\n",
                                {});
    for (const char* t : {"2026-11-30 00:00:05", "2026-11-30 00:00:12", "2026-11-30 00:00:19"})
        BOOST_TEST(rotation_at(p, at(p, t)).slide == 0);
}

BOOST_AUTO_TEST_CASE(a_reminder_takes_over_and_the_clip_goes_on_under_it) {
    auto shared = std::make_shared<Playlist>(load_unchecked(
        kOffice + "[display]\nreminder_slide_min = \"3s\"\n"
                  "[[slide]]\nvideo = \"video/a.mp4\"\n"
                  "[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\nstart = 2026-11-30T09:15:00\n"
                  "reminders = [ { before = \"15m\", audio = \"audio/r.m4a\" } ]\n",
        {Micros(minutes(1))}));
    SlideRenderer r(shared);
    const Playlist& p = *shared;
    // A one-clip round of 60 s: the clip began at 08:59:00 and plays on.
    SlideContentKey before = r.key_at(at(p, "2026-11-30 08:59:59"));
    BOOST_TEST(before.slide == 0);
    BOOST_TEST(format_iso(p.zone, before.video_began) == "2026-11-30T08:59:00+07:00");
    SlideContentKey during = r.key_at(at(p, "2026-11-30 09:00:01"));
    BOOST_TEST(during.reminder_id == "rapat");
    BOOST_TEST(during.slide == -1);
    BOOST_TEST((during.video_began == Instant{}));
    // After the reminder's slide (3 s): the same showing, at its offset in time.
    SlideContentKey after = r.key_at(at(p, "2026-11-30 09:00:30"));
    BOOST_TEST(after.slide == 0);
    BOOST_TEST(format_iso(p.zone, after.video_began) == "2026-11-30T09:00:00+07:00");
    // The clip is fitted above the ticker band, over the whole width.
    BOOST_TEST(video_area(Display{320, 180, 10}).width == 320);
    BOOST_TEST(video_area(Display{320, 180, 10}).height == 180 - ticker_height(180));
}

BOOST_AUTO_TEST_CASE(a_clip_is_measured_at_load_and_decoded_at_any_offset) {
    test::TempPlaylist t;
    test::colour_clip(t.dir() / "video" / "warna.mp4", kColours);
    t.playlist(kOffice + "[[slide]]\nvideo = \"video/warna.mp4\"\n");
    test::Checked c = test::check(t);
    BOOST_REQUIRE_MESSAGE(c.accepted, (c.errors.empty() ? std::string() : c.errors[0]));
    BOOST_TEST(c.playlist->slides[0].video_length.count() == 4'000'000);

    VideoClip clip(t.dir() / "video" / "warna.mp4", 320, 160);
    BOOST_REQUIRE(clip.wait_open() == VideoClip::State::ready);
    BOOST_TEST(clip.has_audio());
    // 4:3 fitted into 320x160: 212x160 (even sizes).
    auto f = clip.frame_at(Micros(0), true);
    BOOST_REQUIRE(f);
    BOOST_TEST(f->width() == 212);
    BOOST_TEST(f->height() == 160);
    BOOST_TEST(nearest_colour(*f) == 0);
    // Forward frame by frame, across a second's edge: the frame whose time is at or before.
    f = clip.frame_at(Micros(950'000), true);
    BOOST_TEST(nearest_colour(*f) == 0);
    BOOST_TEST(f->pts().count() == 900'000);
    f = clip.frame_at(Micros(1'050'000), true);
    BOOST_TEST(nearest_colour(*f) == 1);
    BOOST_TEST(f->pts().count() == 1'000'000);
    // A jump ahead (sought, from the keyframe at 0 s) and back again.
    f = clip.frame_at(Micros(3'420'000), true);
    BOOST_TEST(nearest_colour(*f) == 3);
    // (After an accurate seek the decoder clips the frame that spans the offset to it.)
    BOOST_TEST(f->pts().count() == 3'420'000);
    f = clip.frame_at(Micros(2'550'000), true);
    BOOST_TEST(nearest_colour(*f) == 2);
    BOOST_TEST(f->pts().count() == 2'550'000);
    f = clip.frame_at(Micros(2'650'000), true);
    BOOST_TEST(nearest_colour(*f) == 2);
    BOOST_TEST(f->pts().count() == 2'600'000);
    // After the end the last frame holds.
    f = clip.frame_at(Micros(3'990'000), true);
    f = clip.frame_at(Micros(4'200'000), true);
    BOOST_REQUIRE(f);
    BOOST_TEST(f->pts().count() == 3'900'000);
}

BOOST_AUTO_TEST_CASE(every_refusal_is_said_at_the_video_line) {
    test::TempPlaylist t;
    test::colour_clip(t.dir() / "video" / "ok.mp4", {0xC80000});
    t.write("video/palsu.mp4", "bukan video, hanya teks\n");
    t.tone("video/suara.mp4", 440, 1.0);
    test::ffmpeg({"-f", "lavfi", "-i", "color=c=red:s=16x16:r=1:d=601", "-c:v", "libx264",
                  "-pix_fmt", "yuv420p", (t.dir() / "video" / "panjang.mp4").string()});
    t.playlist(kOffice + "[[slide]]\nvideo = \"video/hilang.mp4\"\n"                   // 4
                         "[[slide]]\nvideo = \"video/palsu.mp4\"\n"                    // 6
                         "[[slide]]\nvideo = \"video/suara.mp4\"\n"                    // 8
                         "[[slide]]\nvideo = \"video/panjang.mp4\"\n"                  // 10
                         "[[slide]]\ntemplate = \"image\"\nvideo = \"video/ok.mp4\"\n" // 12, 13
                         "[[slide]]\nvideo = \"video/ok.mp4\"\nduration = \"10s\"\n"); // 15, 16
    test::Checked c = test::check(t);
    BOOST_TEST(!c.accepted);
    const std::string save = "save it as MP4 (H.264 video, AAC sound) again";
    std::vector<std::string> expected = {
        "playlist.toml:5:9: error: video: \"video/hilang.mp4\" does not exist; write a path "
        "relative to the playlist folder (" +
            t.dir().string() + ")",
        "playlist.toml:7:9: error: video: \"video/palsu.mp4\" is not a video file (its content "
        "is not one); " +
            save,
        "playlist.toml:9:9: error: video: \"video/suara.mp4\" has no video stream (it is a sound "
        "only); use it as a reminder's audio or [audio] background",
        "playlist.toml:11:9: error: video: \"video/panjang.mp4\" is too long (10 min 01 s); a "
        "video may last at most 10 min 00 s in the rotation; shorten it or split it into parts",
        "playlist.toml:13:12: error: template: and video both say what the slide shows; keep one "
        "of them",
        "playlist.toml:17:12: error: duration: is not for a video: it plays at its own length; "
        "remove duration",
    };
    BOOST_TEST(c.errors == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
