// ReminderMixer (engine/sound/reminder_mix.hpp) with a hand-made program and synthetic sounds:
// placement to the sample, queueing with decoded lengths, background ducking ramps, skips; a
// video slide's sound placed at its showing's sample, ducked and muted like the music.
#include "playlist_loader.hpp"
#include "sound/reminder_mix.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>

using namespace tsr;

namespace {

const Instant T0 = Instant(Micros(1796000000LL * 1000000)); // any instant: simulated start

std::shared_ptr<const DecodedSound> constant(std::size_t frames, std::int16_t v) {
    auto s = std::make_shared<DecodedSound>();
    s->samples.assign(frames * 2, v);
    return s;
}

/// A clip sound whose every frame says its own index (1, 2, ...), so that the offset played
/// can be read back from the output.
std::shared_ptr<const DecodedSound> counting(std::size_t frames) {
    auto s = std::make_shared<DecodedSound>();
    for (std::size_t i = 0; i < frames; ++i)
        s->samples.insert(s->samples.end(), 2, std::int16_t(1 + i % 30000));
    return s;
}

struct World {
    Activity a, b;
    Reminder ra, rb;
    Slide clip; ///< a video slide with a sound track
    std::vector<ClipShowing> clips;
    std::vector<ReminderPlay> plays;
    std::map<std::filesystem::path, ReminderSoundBank::Entry> sounds;
    MixerConfig config;

    World() {
        a.id = "a";
        b.id = "b";
        ra.audio = "/a.m4a";
        rb.audio = "/b.m4a";
        config.chime = "/chime.m4a";
        sounds["/chime.m4a"] = {ReminderSoundBank::State::ready, constant(100, 1000), ""};
        sounds["/a.m4a"] = {ReminderSoundBank::State::ready, constant(300, 2000), ""};
        sounds["/b.m4a"] = {ReminderSoundBank::State::ready, constant(200, 4000), ""};
        clip.video = "/clip.mp4";
        clip.video_sound = true;
    }
    /// The clip plays [from, until), its offset 0 at `began` (offsets from T0).
    void show(Micros began, Micros from, Micros until) {
        clips.push_back({0, &clip, T0 + began, T0 + from, T0 + until});
    }
    void add(Activity& act, Reminder& r, Instant due, Instant sound_start, Micros chime_len,
             Micros voice_len) {
        ReminderPlay p;
        p.due.occurrence.activity = &act;
        p.due.reminder = &r;
        p.due.due = due;
        p.sound_start = sound_start;
        p.chime_length = chime_len;
        p.voice_length = voice_len;
        plays.push_back(p);
    }
    ReminderMixer mixer() {
        return ReminderMixer(
            [this](Instant from, Instant to) {
                std::vector<ReminderPlay> out;
                for (auto& p : plays)
                    if (p.sound_start >= from && p.sound_start < to) out.push_back(p);
                return out;
            },
            [this](const std::filesystem::path& f) {
                auto it = sounds.find(f);
                return it == sounds.end() ? ReminderSoundBank::Entry{} : it->second;
            },
            config,
            [this](Instant from, Instant to) {
                // As clip_showings: those overlapping the window, cut at its start.
                std::vector<ClipShowing> out;
                for (ClipShowing c : clips)
                    if (c.from < to && c.until > from) {
                        c.from = std::max(c.from, from);
                        out.push_back(c);
                    }
                return out;
            });
    }
};

/// Mixes [0, frames) in buffers of `chunk` frames; returns the left channel.
std::vector<std::int16_t> run(ReminderMixer& m, std::size_t frames, std::size_t chunk,
                              std::vector<MixEvent>& events) {
    m.begin(Timebase::simulated(T0), 0, events);
    std::vector<std::int16_t> left, buf(chunk * 2);
    for (std::size_t s = 0; s < frames; s += chunk) {
        m.mix(s, chunk, buf.data(), events);
        for (std::size_t i = 0; i < chunk; ++i)
            left.push_back(buf[2 * i]);
    }
    return left;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sound_mix)

BOOST_AUTO_TEST_CASE(sample_index_rounds_running_time) {
    BOOST_TEST(sample_at_running(0) == 0u);
    BOOST_TEST(sample_at_running(1000000000ULL) == 48000u);
    BOOST_TEST(sample_at_running(20833) == 1u); // 1/48000 s = 20833.3 ns
    BOOST_TEST(sample_at_running(10416) == 0u);
    BOOST_TEST(running_at_sample(48000) == 1000000000ULL);
    // Far in the future (days of running time) without overflow.
    BOOST_TEST(sample_at_running(86400ULL * 1000 * 1000000000ULL) == 86400ULL * 1000 * 48000);
}

BOOST_AUTO_TEST_CASE(chime_then_voice_at_the_due_sample_in_any_buffering) {
    for (std::size_t chunk : {480u, 441u, 1u << 12}) {
        World w;
        Instant due = T0 + Micros(250000); // sample 12000
        w.add(w.a, w.ra, due, due, Micros(2083), Micros(6250));
        auto m = w.mixer();
        std::vector<MixEvent> ev;
        auto left = run(m, 24000, chunk, ev);
        BOOST_TEST(left[11999] == 0);
        BOOST_TEST(left[12000] == 1000); // chime
        BOOST_TEST(left[12099] == 1000);
        BOOST_TEST(left[12100] == 2000); // voice right after
        BOOST_TEST(left[12399] == 2000);
        BOOST_TEST(left[12400] == 0);
        BOOST_REQUIRE_EQUAL(ev.size(), 1u);
        BOOST_TEST(ev[0].played);
        BOOST_TEST(ev[0].running_ns == 250000000u);
        BOOST_TEST((ev[0].actual_start == due));
    }
}

BOOST_AUTO_TEST_CASE(queued_at_the_programs_sound_start_never_overlapped) {
    World w;
    Instant due = T0 + Micros(100000); // sample 4800
    // The program queues b after a's header lengths (a little longer than decoded, as with
    // encoder priming): b starts exactly where the program says, after a small gap.
    w.add(w.a, w.ra, due, due, Micros(3000), Micros(8000));
    w.add(w.b, w.rb, due, due + Micros(11000), Micros(3000), Micros(5000));
    auto m = w.mixer();
    std::vector<MixEvent> ev;
    auto left = run(m, 9600, 480, ev);
    const std::size_t a_end = 4800 + 100 + 300, b_start = 4800 + 528; // 11 ms = 528 samples
    BOOST_TEST(left[a_end - 1] == 2000);
    BOOST_TEST(left[a_end] == 0);
    BOOST_TEST(left[b_start - 1] == 0);
    BOOST_TEST(left[b_start] == 1000);       // b's chime
    BOOST_TEST(left[b_start + 100] == 4000); // b's voice
    BOOST_TEST(left[b_start + 299] == 4000);
    BOOST_TEST(left[b_start + 300] == 0);
    BOOST_REQUIRE_EQUAL(ev.size(), 2u);
    BOOST_TEST(ev[1].running_ns == running_at_sample(b_start));
    BOOST_TEST((ev[1].actual_start == due + Micros(11000)));
    // When a decoded sound is longer than the program said, the next one waits for it.
    World w2;
    w2.sounds["/a.m4a"].sound = constant(2000, 2000);
    w2.add(w2.a, w2.ra, due, due, Micros(2083), Micros(6250));
    w2.add(w2.b, w2.rb, due, due + Micros(8333), Micros(2083), Micros(4166));
    auto m2 = w2.mixer();
    ev.clear();
    left = run(m2, 9600, 480, ev);
    BOOST_TEST(left[4800 + 100 + 2000 - 1] == 2000); // a whole: never cut
    BOOST_TEST(left[4800 + 100 + 2000] == 1000);     // then b's chime
    BOOST_TEST(ev[1].running_ns == running_at_sample(4800 + 100 + 2000));
}

BOOST_AUTO_TEST_CASE(skips_are_reported_with_reasons) {
    World w;
    w.sounds["/b.m4a"] = {ReminderSoundBank::State::pending, nullptr, ""};
    w.add(w.a, w.ra, T0 - Micros(5000000), T0 - Micros(5000000), Micros(0), Micros(0));
    w.add(w.b, w.rb, T0 + Micros(10000), T0 + Micros(10000), Micros(0), Micros(0));
    auto m = w.mixer();
    std::vector<MixEvent> ev;
    auto left = run(m, 4800, 480, ev);
    BOOST_REQUIRE_EQUAL(ev.size(), 2u);
    BOOST_TEST(!ev[0].played);
    BOOST_TEST(ev[0].outcome() == "skipped: its sound was due to start before playout began");
    BOOST_TEST(!ev[1].played);
    BOOST_TEST(ev[1].outcome() == "skipped: its audio was not decoded in time");
    for (auto v : left)
        BOOST_REQUIRE(v == 0);
}

BOOST_AUTO_TEST_CASE(background_is_ducked_with_linear_ramps) {
    World w;
    w.config.background = {"/bg.m4a"};
    w.config.duck = 0.2;
    w.config.ramp = Micros(200000); // 9600 samples
    w.sounds["/bg.m4a"] = {ReminderSoundBank::State::ready, constant(1000, 10000), ""};
    w.sounds["/a.m4a"].sound = constant(48000, 0); // a silent voice: only the duck shows
    w.sounds["/chime.m4a"].sound = constant(0, 0);
    Instant due = T0 + Micros(1000000); // sample 48000
    w.add(w.a, w.ra, due, due, Micros(0), Micros(1000000));
    auto m = w.mixer();
    std::vector<MixEvent> ev;
    auto left = run(m, 4 * 48000, 480, ev);
    BOOST_TEST(left[0] == 10000);                // full level, looped from the first sample
    BOOST_TEST(left[48000 - 9600 - 1] == 10000); // before the ramp
    BOOST_TEST(left[48000 - 4800] == 6000);      // half way down: 1 - 0.8 * 0.5
    BOOST_TEST(left[48000] == 2000);             // ducked while it sounds
    BOOST_TEST(left[96000 - 1] == 2000);
    BOOST_TEST(left[96000 + 4800] == 6000);  // half way up
    BOOST_TEST(left[96000 + 9600] == 10000); // back
    // No click: the largest step between neighbouring samples is one ramp step.
    int step = 0;
    for (std::size_t i = 1; i < left.size(); ++i)
        step = std::max(step, std::abs(left[i] - left[i - 1]));
    BOOST_TEST(step <= 1);
}

BOOST_AUTO_TEST_CASE(reanchor_never_plays_twice_and_reports_what_it_jumped) {
    World w;
    Instant due1 = T0 + Micros(50000), due2 = T0 + Micros(3600LL * 1000000 + 500000);
    w.add(w.a, w.ra, due1, due1, Micros(2083), Micros(6250));
    w.add(w.b, w.rb, due2, due2, Micros(2083), Micros(4166));
    auto m = w.mixer();
    std::vector<MixEvent> ev;
    std::vector<std::int16_t> buf(960);
    m.begin(Timebase::simulated(T0), 0, ev);
    for (std::uint64_t s = 0; s < 4800; s += 480)
        m.mix(s, 480, buf.data(), ev);
    BOOST_REQUIRE_EQUAL(ev.size(), 1u); // a played
    // The wall clock steps back 0.1 s (a would come again) ...
    m.reanchor(Timebase{T0, running_at_sample(4800)}, 4800, ev);
    for (std::uint64_t s = 4800; s < 9600; s += 480)
        m.mix(s, 480, buf.data(), ev);
    BOOST_TEST(ev.size() == 1u); // ... but a is not played twice
    // Then forward by two hours: b (due in between) is reported, not played late.
    m.reanchor(Timebase{T0 + Micros(7200LL * 1000000), running_at_sample(9600)}, 9600, ev);
    for (std::uint64_t s = 9600; s < 14400; s += 480)
        m.mix(s, 480, buf.data(), ev);
    BOOST_REQUIRE_EQUAL(ev.size(), 2u);
    BOOST_TEST(!ev[1].played);
    BOOST_TEST(ev[1].play.due.occurrence.activity->id == "b");
    BOOST_TEST(ev[1].outcome() == "skipped: the wall clock jumped past its time");
    for (auto v : buf)
        BOOST_TEST(v == 0);
}

BOOST_AUTO_TEST_CASE(a_sound_swapped_for_a_longer_one_never_holds_the_queue_longer_than_the_limit) {
    // Checked with short files, then the chime and a reminder's audio are replaced on disk by
    // 10-hour recordings: the player refuses them (too long), and the program queues what
    // follows at most the limits behind, never 10 hours.
    test::TempPlaylist t;
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
               "[audio]\nchime = \"audio/chime.m4a\"\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"Uji\"\n"
               "[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
               "reminders = [\n"
               "  { before = \"15m\", audio = \"audio/a.m4a\" },\n"
               "  { before = \"14m\", audio = \"audio/b.m4a\" },\n"
               "  { before = \"13m\", audio = \"audio/c.m4a\", chime = false },\n"
               "  { before = \"0m\", audio = \"audio/d.m4a\" },\n"
               "]\n");
    LoadResult r = load_playlist(t.dir(), LoadOptions{std::nullopt, false});
    BOOST_REQUIRE(r.playlist);
    Playlist p = *r.playlist;
    using namespace std::chrono;
    p.audio.chime_length = hours(10);
    for (Reminder& rem : p.activities.at(0).reminders)
        rem.audio_length = hours(10);
    const Instant nine = *parse_local_datetime(p.zone, "2026-11-30 09:00");
    auto program = reminder_program(p, nine - hours(1), nine + hours(1));
    BOOST_REQUIRE_EQUAL(program.size(), 4u);
    const Micros held = kMaxChimeLength + kMaxReminderLength; // 10 min 10 s
    BOOST_TEST((program[0].sound_start == nine - minutes(15)));
    BOOST_TEST((program[0].sound_end() == nine - minutes(15) + held));
    BOOST_TEST((program[1].sound_start == nine - minutes(15) + held));
    BOOST_TEST((program[2].sound_start == nine - minutes(15) + 2 * held));
    BOOST_TEST((program[2].sound_end() == nine - minutes(15) + 2 * held + kMaxReminderLength));
    // 09:00's reminder waits for the three before it: 20 min 20 s, not 30 hours.
    BOOST_TEST((program[3].sound_start == nine + minutes(15) + seconds(20)));
    BOOST_TEST(kMaxReminderLength == minutes(10));
    BOOST_TEST(kMaxChimeLength == seconds(10));
}

BOOST_AUTO_TEST_CASE(a_clips_sound_plays_from_its_showings_first_sample_in_any_buffering) {
    for (std::size_t chunk : {480u, 441u, 1u << 12}) {
        World w;
        w.sounds["/clip.mp4"] = {ReminderSoundBank::State::ready, counting(24000), ""};
        // Shows [0.5 s, 0.75 s): samples [24000, 36000); the sound is longer, cut with the
        // picture.
        w.show(Micros(500000), Micros(500000), Micros(750000));
        auto m = w.mixer();
        std::vector<MixEvent> ev;
        auto left = run(m, 48000, chunk, ev);
        BOOST_TEST(left[23999] == 0);
        BOOST_TEST(left[24000] == 1); // the clip's first frame at the showing's first sample
        BOOST_TEST(left[24001] == 2);
        BOOST_TEST(left[35999] == 12000);
        BOOST_TEST(left[36000] == 0);
        BOOST_TEST(ev.empty()); // clips are not reminders
    }
}

BOOST_AUTO_TEST_CASE(started_mid_clip_the_sound_starts_at_its_offset) {
    // The showing began 0.1 s before playout's first sample: sample 0 plays the clip's frame
    // 4800.
    World w;
    w.sounds["/clip.mp4"] = {ReminderSoundBank::State::ready, counting(48000), ""};
    w.show(Micros(-100000), Micros(-100000), Micros(900000));
    auto m = w.mixer();
    std::vector<MixEvent> ev;
    auto left = run(m, 48000, 480, ev);
    BOOST_TEST(left[0] == 4801);
    BOOST_TEST(left[43199] == 1 + (43199 + 4800) % 30000);
    BOOST_TEST(left[43200] == 0); // its end: 0.9 s
    // Begun at another sample (a pipeline started later, running time 1 s = wall T0 + 1 s, the
    // showing begun at T0 + 0.6 s): the same content at the same wall time.
    World w2;
    w2.sounds["/clip.mp4"] = {ReminderSoundBank::State::ready, counting(96000), ""};
    w2.show(Micros(600000), Micros(600000), Micros(2000000));
    auto m2 = w2.mixer();
    std::vector<std::int16_t> buf(2 * 480);
    m2.begin(Timebase{T0, 0}, 48000, ev);
    m2.mix(48000, 480, buf.data(), ev);
    BOOST_TEST(buf[0] == 19201); // 0.4 s into the clip
    BOOST_TEST(buf[2 * 479] == 19680);
}

BOOST_AUTO_TEST_CASE(a_clip_is_ducked_under_a_reminder_and_lowers_the_music) {
    World w;
    w.config.background = {"/bg.m4a"};
    w.config.duck = 0.2;
    w.config.ramp = Micros(200000); // 9600 samples
    w.sounds["/bg.m4a"] = {ReminderSoundBank::State::ready, constant(1000, 1000), ""};
    w.sounds["/clip.mp4"] = {ReminderSoundBank::State::ready, constant(5 * 48000, 10000), ""};
    w.sounds["/a.m4a"].sound = constant(48000, 0); // a silent voice: only the duck shows
    // The clip plays [1 s, 5 s); a reminder sounds [2 s, 3 s) in it.
    w.show(Micros(1000000), Micros(1000000), Micros(5000000));
    Instant due = T0 + Micros(2000000);
    w.add(w.a, w.ra, due, due, Micros(0), Micros(1000000));
    w.sounds["/chime.m4a"].sound = constant(0, 0);
    auto m = w.mixer();
    std::vector<MixEvent> ev;
    auto left = run(m, 6 * 48000, 480, ev);
    // The music alone, then ducked under the clip with the reminders' ramps.
    BOOST_TEST(left[48000 - 9600 - 1] == 1000);
    BOOST_TEST(left[48000 - 4800] == 600); // half way down
    BOOST_TEST(left[48000 - 1] == 200);
    BOOST_TEST(left[48000] == 200 + 10000); // the clip at full level over the ducked music
    BOOST_TEST(left[96000 - 9600 - 1] == 10200);
    // Under the reminder the clip is ducked like the music, with the same ramp.
    BOOST_TEST(left[96000 - 4800] == 200 + 6000);
    BOOST_TEST(left[96000] == 200 + 2000);
    BOOST_TEST(left[144000 - 1] == 2200);
    BOOST_TEST(left[144000 + 4800] == 200 + 6000);
    BOOST_TEST(left[144000 + 9600] == 10200);
    // After the clip the music comes back up.
    BOOST_TEST(left[240000 - 1] == 10200);
    BOOST_TEST(left[240000] == 200);
    BOOST_TEST(left[240000 + 4800] == 600);
    BOOST_TEST(left[240000 + 9600] == 1000);
    BOOST_REQUIRE_EQUAL(ev.size(), 1u);
    BOOST_TEST(ev[0].played);
}

BOOST_AUTO_TEST_CASE(a_clip_is_muted_in_a_quiet_window) {
    // T0 is 00:53:20 UTC; quiet 00:53:21-00:53:22 (zone UTC): samples [48000, 96000).
    World w;
    QuietWindow q;
    q.begin = Seconds(3201);
    q.end = Seconds(3202);
    w.config.quiet = {q};
    w.config.ramp = Micros(200000);
    w.sounds["/clip.mp4"] = {ReminderSoundBank::State::ready, constant(3 * 48000, 10000), ""};
    w.show(Micros(0), Micros(0), Micros(3000000));
    auto m = w.mixer();
    std::vector<MixEvent> ev;
    auto left = run(m, 3 * 48000, 480, ev);
    BOOST_TEST(left[48000 - 9600 - 1] == 10000);
    BOOST_TEST(left[48000 - 4800] == 5000); // ramping down outside the window
    bool silent = true;
    for (std::size_t i = 48000; i < 96000; ++i)
        silent = silent && left[i] == 0;
    BOOST_TEST(silent);
    BOOST_TEST(left[96000 + 4800] == 5000);
    BOOST_TEST(left[96000 + 9600] == 10000);
}

BOOST_AUTO_TEST_CASE(a_clip_without_sound_or_whose_sound_failed_changes_nothing) {
    for (bool has_sound : {false, true}) {
        World w;
        w.clip.video_sound = has_sound;
        w.config.background = {"/bg.m4a"};
        w.sounds["/bg.m4a"] = {ReminderSoundBank::State::ready, constant(1000, 1000), ""};
        w.sounds["/clip.mp4"] = {ReminderSoundBank::State::failed, nullptr, "damaged"};
        w.show(Micros(100000), Micros(100000), Micros(500000));
        auto m = w.mixer();
        std::vector<MixEvent> ev;
        auto left = run(m, 48000, 480, ev);
        for (std::size_t i = 0; i < left.size(); ++i)
            BOOST_REQUIRE(left[i] == 1000); // the music, never ducked
    }
    // Not decoded yet: a simulated run is told to wait for it, from a ramp before it plays.
    World w;
    w.sounds["/clip.mp4"] = {ReminderSoundBank::State::pending, nullptr, ""};
    w.show(Micros(500000), Micros(500000), Micros(750000));
    auto m = w.mixer();
    std::vector<MixEvent> ev;
    m.begin(Timebase::simulated(T0), 0, ev);
    BOOST_TEST(m.pending_for(0, 480).empty());
    auto pending = m.pending_for(24000 - 9600, 480);
    BOOST_REQUIRE_EQUAL(pending.size(), 1u);
    BOOST_TEST(pending[0] == "/clip.mp4");
}

BOOST_AUTO_TEST_SUITE_END()
