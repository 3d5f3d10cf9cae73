// `tsr record` end to end: where sound begins in the recording, and the as-run log of a whole
// simulated day against what `tsr timeline` predicted.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <utility>

using namespace tsr::test;

namespace {

/// First frame whose level exceeds `threshold` on any channel; -1 when silent.
long first_sound(const Wav& w, int threshold = 300) {
    for (std::size_t i = 0; i < w.samples.size(); ++i)
        if (std::abs(w.samples[i]) > threshold) return long(i / std::size_t(w.channels));
    return -1;
}

long last_sound(const Wav& w, int threshold = 300) {
    for (std::size_t i = w.samples.size(); i-- > 0;)
        if (std::abs(w.samples[i]) > threshold) return long(i / std::size_t(w.channels));
    return -1;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

} // namespace

BOOST_AUTO_TEST_SUITE(record)

BOOST_AUTO_TEST_CASE(sound_begins_at_the_due_time_in_a_wav) {
    TempPlaylist t;
    t.tone("audio/chime.m4a", 880, 0.5);
    t.tone("audio/rapat.m4a", 440, 1.0);
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
               "[display]\nwidth = 320\nheight = 180\nframerate = 10\n"
               "[audio]\nchime = \"audio/chime.m4a\"\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"Info\"\n"
               "[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
               "reminders = [ { before = \"15m\", audio = \"audio/rapat.m4a\" } ]\n");
    auto wav = t.dir() / "out.wav";
    auto asrun = t.dir() / "asrun.csv";
    // The reminder is due at 08:45:00; record from 2.5 s before.
    RunResult r = run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 08:44:57.5",
                       "--duration", "6s", "-o", wav.string(), "--asrun", asrun.string()});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    Wav w = read_wav(wav);
    BOOST_REQUIRE(w.rate > 0);
    BOOST_TEST(w.rate == 48000);
    BOOST_TEST(w.channels == 2);
    BOOST_TEST(long(w.samples.size() / 2) == 6 * 48000);
    long begin = first_sound(w);
    // Within one 10 ms window of 2.5 s (the due time), as the issue asks; the element tests
    // check the exact sample.
    BOOST_TEST(begin >= 120000 - 480);
    BOOST_TEST(begin <= 120000 + 480);
    // Chime (0.5 s) then voice (1 s): the sound lasts about 1.5 s, never cut.
    long end = last_sound(w);
    BOOST_TEST(end - begin > long(1.4 * 48000));
    BOOST_TEST(end - begin < long(1.7 * 48000));

    auto rows = lines(read_file(asrun));
    BOOST_REQUIRE(rows.size() >= 3u);
    BOOST_TEST(rows[0] == "scheduled,actual,kind,id,detail,outcome");
    BOOST_TEST(rows[1].find(",start,,record 6s to ") != std::string::npos);
    bool reminder = false;
    for (const std::string& row : rows)
        if (row == "2026-11-30T08:45:00+07:00,2026-11-30T08:45:00+07:00,reminder,rapat,audio/"
                   "rapat.m4a,played")
            reminder = true;
    BOOST_TEST(reminder, read_file(asrun));
    BOOST_TEST(rows.back().find(",stop,") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_quiet_window_holds_the_reminder_to_its_end_and_mutes_the_music) {
    // Friday 2026-12-04: quiet 11:30-11:31; a reminder due at 11:30:30 sounds at 11:31:00.
    // duck = 0: the music is silent under the reminder, so the first sound after the window
    // is the reminder's own.
    TempPlaylist t;
    t.tone("audio/musik.m4a", 660, 3.0);
    t.tone("audio/rapat.m4a", 440, 1.0);
    t.playlist(
        "[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
        "[display]\nwidth = 160\nheight = 90\nframerate = 5\n"
        "[audio]\nbackground = [\"audio/musik.m4a\"]\nduck = 0\n"
        "quiet = [ { hours = \"11:30-11:31\", days = [\"jumat\"], name = \"Salat Jumat\" } ]\n"
        "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"Info\"\n"
        "[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\nstart = 2026-12-04T11:30:30\n"
        "reminders = [ { before = \"0m\", audio = \"audio/rapat.m4a\", chime = false } ]\n");
    auto wav = t.dir() / "out.wav";
    auto asrun = t.dir() / "asrun.csv";
    // From 11:29:58: the window is samples [96000, 2976000).
    RunResult r = run({tsr_exe(), "record", t.dir().string(), "--from", "2026-12-04 11:29:58",
                       "--duration", "65s", "-o", wav.string(), "--asrun", asrun.string()});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    Wav w = read_wav(wav);
    BOOST_REQUIRE_EQUAL(w.channels, 2);
    BOOST_REQUIRE_EQUAL(long(w.samples.size() / 2), 65L * 48000);
    auto level = [&](long from, long to) {
        int peak = 0;
        for (long i = from * 2; i < to * 2; ++i)
            peak = std::max(peak, std::abs(int(w.samples[std::size_t(i)])));
        return peak;
    };
    // Music before the window (up to the ramp down, 0.2 s before it) ...
    BOOST_TEST(level(0, 86400) > 3000);
    // ... none at all inside it: not a sample ...
    BOOST_TEST(level(96000, 2976000) == 0);
    // ... and the reminder's first sound at the window's end (within the AAC priming).
    long onset = -1;
    for (long i = 96000; i < 65L * 48000 && onset < 0; ++i)
        if (std::abs(w.samples[std::size_t(2 * i)]) > 300) onset = i;
    BOOST_TEST_MESSAGE("reminder onset at sample " << onset);
    BOOST_TEST(onset >= 2976000);
    BOOST_TEST(onset <= 2976000 + 480);

    bool held = false;
    for (const std::string& row : lines(read_file(asrun)))
        if (row == "2026-12-04T11:30:30+07:00,2026-12-04T11:31:00+07:00,reminder,rapat,audio/"
                   "rapat.m4a (held for the quiet time Salat Jumat 11:30-11:31),played")
            held = true;
    BOOST_TEST(held, read_file(asrun));
    // The timeline says the same.
    RunResult tl = run({tsr_exe(), "timeline", t.dir().string(), "--from", "2026-12-04 11:00",
                        "--to", "2026-12-04 12:00", "--kind", "reminder"});
    BOOST_REQUIRE_MESSAGE(tl.status == 0, tl.err);
    BOOST_TEST(tl.out == "2026-12-04 11:31:00  reminder  rapat  Rapat  (rapat.m4a (held for the "
                         "quiet time Salat Jumat 11:30-11:31))\n");
}

BOOST_AUTO_TEST_CASE(a_video_slides_sound_begins_at_the_sample_the_clip_comes_on_screen) {
    // A 2 s clip whose sound is a tone at full swing from its first sample (a cosine), after a
    // 10 s info slide: the round is 12 s from local midnight, the clip plays [10 s, 12 s).
    TempPlaylist t;
    std::filesystem::create_directories(t.dir() / "video");
    ffmpeg({"-f",
            "lavfi",
            "-i",
            "color=c=red:s=160x120:r=10:d=2",
            "-f",
            "lavfi",
            "-i",
            "aevalsrc=0.5*cos(2*PI*440*t):s=48000:d=2",
            "-map",
            "0:v",
            "-map",
            "1:a",
            "-c:a",
            "aac",
            "-b:a",
            "64k",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-threads",
            "1",
            (t.dir() / "video" / "nada.mp4").string()});
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
               "[display]\nwidth = 160\nheight = 90\nframerate = 5\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"Info\"\n"
               "[[slide]]\nvideo = \"video/nada.mp4\"\n");
    // The slide layer's schedule: the clip comes on screen at 00:00:10.
    RunResult tl = run({tsr_exe(), "timeline", t.dir().string(), "--from", "2026-11-30 00:00:08",
                        "--to", "2026-11-30 00:00:12", "--kind", "slide"});
    BOOST_REQUIRE_MESSAGE(tl.status == 0, tl.err);
    BOOST_TEST(tl.out.find("2026-11-30 00:00:10  slide     slide-2  nada.mp4  (video)\n") !=
                   std::string::npos,
               tl.out);
    // From 00:00:08: the clip's first sample is sample 96000 of the recording.
    auto wav = t.dir() / "klip.wav";
    RunResult r = run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 00:00:08",
                       "--duration", "6s", "-o", wav.string(), "--quiet"});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    Wav w = read_wav(wav);
    BOOST_REQUIRE_EQUAL(w.channels, 2);
    BOOST_REQUIRE_EQUAL(long(w.samples.size() / 2), 6L * 48000);
    long onset = first_sound(w, 3000);
    BOOST_TEST_MESSAGE("clip onset at sample " << onset);
    BOOST_TEST(onset == 96000);             // to the sample
    BOOST_TEST(first_sound(w, 0) == 96000); // pure silence before it
    // It ends with the clip (its sound 0.016 s shorter than its container, AAC padding), and
    // silence follows: the next slide has no sound.
    long end = last_sound(w, 0);
    BOOST_TEST(end < 192000);
    BOOST_TEST(end > 192000 - 1200);

    // Started mid-clip, at 00:00:11: the sound of that instant of the clip, sample for sample
    // what the first recording had there (the sound is a function of time).
    auto mid = t.dir() / "tengah.wav";
    r = run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 00:00:11", "--duration",
             "1s", "-o", mid.string(), "--quiet"});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    Wav m = read_wav(mid);
    BOOST_REQUIRE_EQUAL(long(m.samples.size() / 2), 48000L);
    long differ = -1;
    for (long i = 0; i < 2 * 48000 && differ < 0; ++i)
        if (m.samples[std::size_t(i)] != w.samples[std::size_t(2 * 144000 + i)]) differ = i / 2;
    BOOST_TEST(differ == -1, "first different frame " << differ);
    BOOST_TEST(std::abs(m.samples[0]) > 1000); // sounding from its first sample
}

BOOST_AUTO_TEST_CASE(a_simulated_day_logs_exactly_what_the_timeline_predicted) {
    TempPlaylist t;
    t.tone("audio/a.m4a", 440, 0.4);
    t.tone("audio/b.m4a", 660, 0.3);
    t.playlist(
        "[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
        "[display]\nwidth = 160\nheight = 90\nframerate = 1\n"
        "[[slide]]\ntemplate = \"info\"\nduration = \"20m\"\ntitle = \"Satu\"\n"
        "[[slide]]\ntemplate = \"info\"\nduration = \"40m\"\ntitle = \"Dua\"\nhours = "
        "\"07:30-16:00\"\n"
        "[[activity]]\nid = \"apel\"\ntitle = \"Apel\"\nrepeat = \"weekdays\"\nstart = 07:30:00\n"
        "reminders = [ { before = \"10m\", audio = \"audio/a.m4a\" }, { before = \"0m\", audio = "
        "\"audio/b.m4a\" } ]\n"
        "[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\nrepeat = \"weekly\"\ndays = "
        "[\"senin\"]\nstart = 07:30:00\n"
        "reminders = [ { before = \"0m\", audio = \"audio/a.m4a\" } ]\n");
    auto asrun = t.dir() / "day.csv";
    RunResult r = run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 00:00",
                       "--duration", "1d", "-o", "null", "--asrun", asrun.string(), "--quiet"});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    RunResult tl = run({tsr_exe(), "timeline", t.dir().string(), "--from", "2026-11-30 00:00",
                        "--days", "1", "--json", "--kind", "slide,reminder"});
    BOOST_REQUIRE(tl.status == 0);

    std::multiset<std::string> predicted, logged;
    int on_screen_at_start = 0, reminder_slides = 0, returns = 0;
    bool after_reminder_slide = false;
    std::regex ev(R"re(\{"time": "([^"]+)", "kind": "(\w+)", "id": "([^"]+)")re");
    for (std::sregex_iterator it(tl.out.begin(), tl.out.end(), ev), end; it != end; ++it)
        predicted.insert((*it)[1].str() + " " + (*it)[2].str() + " " + (*it)[3].str());
    for (const std::string& row : lines(read_file(asrun))) {
        // scheduled,actual,kind,id,...: reminders are logged at their actual time; slides
        // when their first frame was made, which for a change under a reminder slide is when
        // that slide gives way: the rotation's change is its scheduled time.
        std::vector<std::string> f;
        std::stringstream ss(row);
        for (std::string x; std::getline(ss, x, ',');)
            f.push_back(x);
        if (f.size() < 6 || (f[2] != "slide" && f[2] != "reminder")) continue;
        // What was on screen when playout began is logged too; it is no change of the rotation.
        if (row.find("(on screen at start)") != std::string::npos) {
            BOOST_TEST(row == "2026-11-30T00:00:00+07:00,2026-11-30T00:00:00+07:00,slide,slide-1,"
                              "info: Satu (on screen at start),played");
            ++on_screen_at_start;
            continue;
        }
        BOOST_TEST(f[5] == "played", row);
        if (f[3].rfind("reminder-", 0) == 0) { // the reminder's own slide: no rotation change
            ++reminder_slides;
            after_reminder_slide = true;
            continue;
        }
        const std::string key = (f[2] == "slide" ? f[0] : f[1]) + " " + f[2] + " " + f[3];
        if (f[2] == "slide" && std::exchange(after_reminder_slide, false) &&
            !predicted.count(key)) {
            // The rotation's slide back on screen after a reminder's: shown again, no change
            // of the rotation.
            ++returns;
            continue;
        }
        logged.insert(key);
    }
    // 3 reminders (apel 07:20, apel 07:30 and rapat 07:30 queued behind it), and the slides.
    BOOST_TEST(predicted.size() > 15u);
    BOOST_TEST((predicted == logged));
    BOOST_TEST(on_screen_at_start == 1);
    // apel at 07:20, then apel and rapat at 07:30 (rapat's slide follows apel's at once).
    BOOST_TEST(reminder_slides == 3);
    // "Satu" back at 07:20:08; at 07:30 the rotation's change to "Dua" is due as the reminder
    // slides end, so it is that change.
    BOOST_TEST(returns == 1);
    std::vector<std::string> missing, extra;
    std::set_difference(predicted.begin(), predicted.end(), logged.begin(), logged.end(),
                        std::back_inserter(missing));
    std::set_difference(logged.begin(), logged.end(), predicted.begin(), predicted.end(),
                        std::back_inserter(extra));
    for (const auto& m : missing)
        BOOST_TEST_MESSAGE("predicted, not logged: " << m);
    for (const auto& e : extra)
        BOOST_TEST_MESSAGE("logged, not predicted: " << e);
}

BOOST_AUTO_TEST_CASE(a_rehearsal_never_touches_the_proof_log) {
    TempPlaylist t;
    t.tone("audio/rapat.m4a", 440, 0.5);
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
               "[display]\nwidth = 160\nheight = 90\nframerate = 5\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"Info\"\n"
               "[[activity]]\nid = \"rapat\"\ntitle = \"Rapat\"\nstart = 2026-11-30T09:00:00\n"
               "reminders = [ { before = \"15m\", audio = \"audio/rapat.m4a\" } ]\n");
    // The TV's proof of that day, before the rehearsal.
    const std::string proof = "scheduled,actual,kind,id,detail,outcome\n"
                              ",2026-11-30T07:00:00+07:00,start,,tsr play,played\n";
    t.write("asrun/2026-11-30.csv", proof);
    TempPlaylist out; // elsewhere, as a rehearsal's file would be
    auto wav = out.dir() / "latihan.wav";
    for (int i = 0; i < 2; ++i) {
        RunResult r = run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 08:44:58",
                           "--duration", "4s", "-o", wav.string(), "--quiet"});
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    }
    // The proof log is byte for byte what it was, and nothing was added beside it.
    BOOST_TEST(read_file(t.dir() / "asrun" / "2026-11-30.csv") == proof);
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(t.dir() / "asrun")) {
        (void)e;
        ++files;
    }
    BOOST_TEST(files == 1u);
    // The rehearsal's own log, beside its output: two runs, two starts; a sound-only
    // recording drew no slide, so it logs none.
    auto rows = lines(read_file(out.dir() / "latihan.asrun.csv"));
    int starts = 0, reminders = 0, slides = 0;
    for (const std::string& row : rows) {
        starts += row.find(",start,") != std::string::npos;
        reminders += row.find(",reminder,rapat,audio/rapat.m4a,played") != std::string::npos;
        slides += row.find(",slide,") != std::string::npos;
    }
    BOOST_TEST(starts == 2);
    BOOST_TEST(reminders == 2);
    BOOST_TEST(slides == 0);
    // -o null and no --asrun: no log at all.
    RunResult r = run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 08:44:58",
                       "--duration", "2s", "-o", "null", "--quiet"});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(read_file(t.dir() / "asrun" / "2026-11-30.csv") == proof);
}

BOOST_AUTO_TEST_CASE(the_start_row_says_the_clock_state_and_the_playlist_hash) {
    TempPlaylist t;
    t.write("papan.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"160\" height=\"90\">"
                         "<rect width=\"160\" height=\"90\" fill=\"#204080\"/></svg>\n");
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
               "[display]\nwidth = 160\nheight = 90\nframerate = 5\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"Info\"\n"
               "[[slide]]\ntemplate = \"image\"\nimage = \"papan.svg\"\nduration = \"10s\"\n");
    auto asrun = t.dir() / "r.csv";
    auto start_row = [&] {
        std::filesystem::remove(asrun);
        RunResult r = run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 09:00",
                           "--duration", "1s", "-o", "null", "--asrun", asrun.string(), "--quiet"});
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        auto rows = lines(read_file(asrun));
        BOOST_REQUIRE(rows.size() >= 2u);
        return rows[1];
    };
    const std::string row = start_row();
    RunResult sum = run({"sha256sum", t.toml().string()});
    BOOST_REQUIRE(sum.status == 0);
    const std::string hash = sum.out.substr(0, 64);
    // This machine's kernel state, whichever it is: one of the two sentences.
    const bool said = row.find("; clock synchronised (NTP); ") != std::string::npos ||
                      row.find("; clock NOT synchronised (NTP); ") != std::string::npos;
    BOOST_TEST(said, row);
    BOOST_TEST(row.find("record 1s to null; clock ") != std::string::npos, row);
    // playlist.toml's own hash, then the content's: 64 hex digits before the outcome.
    const std::string lead = "; playlist sha256 " + hash + "; content sha256 ";
    const std::size_t at = row.find(lead);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, row);
    const std::string content = row.substr(at + lead.size(), 64);
    BOOST_TEST(row.substr(at + lead.size() + 64) == ",played");
    BOOST_TEST(content.find_first_not_of("0123456789abcdef") == std::string::npos, content);
    // The same playlist.toml with another picture under the same name: only the content's
    // hash changes. The same files again: the same hashes.
    BOOST_TEST(start_row() == row);
    t.write("papan.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"160\" height=\"90\">"
                         "<rect width=\"160\" height=\"90\" fill=\"#802040\"/></svg>\n");
    const std::string changed = start_row();
    BOOST_TEST(changed.find("; playlist sha256 " + hash + "; content sha256 ") !=
               std::string::npos);
    BOOST_TEST(changed.find(content) == std::string::npos, changed);
}

// The as-run log's words follow the playlist's language (the reader's locale is English
// here); its columns, kinds, ids, "played" and "end" do not.
BOOST_AUTO_TEST_CASE(as_run_details_follow_the_playlists_language) {
    for (const std::string language : {"id", "en"}) {
        TempPlaylist t;
        t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\nlanguage = \"" +
                   language +
                   "\"\n[display]\nwidth = 160\nheight = 90\nframerate = 5\n"
                   "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"Info\"\n"
                   "[[activity]]\nid = \"apel\"\ntitle = \"Apel Pagi\"\nrepeat = \"daily\"\n"
                   "start = 09:00:05\nreminders = [ { before = \"0m\", say = \"Apel pagi "
                   "dimulai\" } ]\n");
        auto asrun = t.dir() / "r.csv";
        RunResult r =
            run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 09:00", "--duration",
                 "10s", "-o", "null", "--asrun", asrun.string(), "--quiet"});
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        auto rows = lines(read_file(asrun));
        BOOST_REQUIRE_EQUAL(rows.size(), 6u);
        const bool id = language == "id";
        const std::string start = "2026-11-30T09:00:00+07:00,2026-11-30T09:00:00+07:00,";
        const std::string due = "2026-11-30T09:00:05+07:00,2026-11-30T09:00:05+07:00,";
        BOOST_TEST(rows[1].find(start + "start,," +
                                (id ? "rekam 10s ke null; jam " : "record 10s to null; clock ")) ==
                       0u,
                   rows[1]);
        BOOST_TEST(rows[2] == start + "slide,slide-1,info: Info " +
                                  (id ? "(sudah tampil saat mulai)" : "(on screen at start)") +
                                  ",played");
        BOOST_TEST(rows[3] ==
                   due + "reminder,apel," + (id ? "ucapan" : "say") + ": Apel pagi dimulai,played");
        BOOST_TEST(rows[4] == due + "slide,reminder-apel," + (id ? "pengingat" : "reminder") +
                                  ": Apel Pagi,played");
        BOOST_TEST(rows[5] == ",2026-11-30T09:00:10+07:00,stop,,end,played");
    }
}

BOOST_AUTO_TEST_CASE(bad_command_lines_and_playlists) {
    TempPlaylist t;
    t.playlist("[office]\nname = \"Dinsos\"\n[[slide]]\ntemplate = \"info\"\nduration = \"10\"\n");
    RunResult bad = run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 09:00",
                         "--duration", "10s", "-o", "null"});
    BOOST_TEST(bad.status == 1);
    BOOST_TEST(bad.err.find(":5:12: error: duration: \"10\" is not a duration") !=
               std::string::npos);
    BOOST_TEST(run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 09:00",
                    "--duration", "10s", "-o", "x.avi"})
                   .status == 2);
    BOOST_TEST(
        run({tsr_exe(), "record", t.dir().string(), "--duration", "10s", "-o", "null"}).status ==
        2);
    BOOST_TEST(run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 09:00",
                    "--duration", "sepuluh detik", "-o", "null"})
                   .status == 2);
}

BOOST_AUTO_TEST_CASE(absurd_durations_are_refused_with_their_range) {
    TempPlaylist t;
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n[[slide]]\n"
               "template = \"info\"\nduration = \"10s\"\n");
    RunResult r = run({tsr_exe(), "record", t.dir().string(), "--from", "2026-11-30 09:00",
                       "--duration", "999999999d", "-o", "null"});
    BOOST_TEST(r.status == 2);
    BOOST_TEST(lines(r.err).at(0) == "tsr record: --duration \"999999999d\" is out of range; "
                                     "write a duration from 1s to 31d");
    r = run({tsr_exe(), "play", t.dir().string(), "--output", "null", "--duration",
             "99999999999999999999d"});
    BOOST_TEST(r.status == 2);
    BOOST_TEST(lines(r.err).at(0) == "tsr play: --duration \"99999999999999999999d\" is not a "
                                     "duration; write it like 90s, 15m or 1h30m");
}

BOOST_AUTO_TEST_SUITE_END()
