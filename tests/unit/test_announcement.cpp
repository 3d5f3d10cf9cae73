// Announcements from the console (engine/announcement.hpp): the checks of the words and the
// duration, the sound made of the chime and the words, its placement to the sample in the
// reminder audio, and the as-run detail; the console's language and catalog (catalog.hpp).
#include "announcement.hpp"
#include "asrun_events.hpp"
#include "console/catalog.hpp"
#include "playlist_loader.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <map>

using namespace tsr;
using namespace std::chrono;

BOOST_AUTO_TEST_SUITE(announcement)

BOOST_AUTO_TEST_CASE(words_and_duration_are_checked) {
    BOOST_TEST(announcement_problem("Rapat staf pukul 10.00", 30) == "");
    BOOST_TEST(announcement_problem("Rapat", 5) == "");
    BOOST_TEST(announcement_problem("Rapat", 600) == "");
    BOOST_TEST(announcement_problem(" \n\t", 30) == "write the words of the announcement");
    BOOST_TEST(announcement_problem(std::string(601, 'a'), 30) ==
               "the words are longer than 600 bytes; record a longer announcement instead");
    BOOST_TEST(announcement_problem("caf\xc3", 30) == "the words are not UTF-8 text");
    BOOST_TEST(announcement_problem("a\x1b[2Jb", 30) == "the words hold a control character");
    for (long s : {-1L, 0L, 4L, 601L})
        BOOST_TEST(announcement_problem("Rapat", s) ==
                   "the duration must be a whole number of seconds from 5 to 600");
}

BOOST_AUTO_TEST_CASE(the_sound_is_mixed_in_to_the_sample_over_what_plays) {
    Announcement a;
    auto sound = std::make_shared<DecodedSound>();
    for (int i = 1; i <= 100; ++i) // frame i: left i*100, right -i*100
        sound->samples.insert(sound->samples.end(),
                              {std::int16_t(i * 100), std::int16_t(-i * 100)});
    a.samples = sound;
    const Instant wall = Instant(seconds(1'764'471'600)); // 2026-11-30 03:00 UTC
    a.from = wall + seconds(1);
    a.until = a.from + seconds(5);
    const Timebase tb{wall, 0}; // running 0 is `wall`: the sound starts at sample 48000

    std::vector<std::int16_t> out(2 * 20, 1000);
    BOOST_TEST(mix_announcement(a, tb, 47990, 20, out.data(), 1.0));
    for (int f = 0; f < 10; ++f) // before it: untouched
        BOOST_TEST(out[std::size_t(2 * f)] == 1000);
    BOOST_TEST(out[20] == 1000 + 100); // sample 48000: its first frame, added
    BOOST_TEST(out[21] == 1000 - 100);
    BOOST_TEST(out[38] == 1000 + 1000); // sample 48009: its tenth frame

    // Its end: frames 48090..48099 of it, then nothing; at half volume.
    std::vector<std::int16_t> tail(2 * 20, 0);
    BOOST_TEST(mix_announcement(a, tb, 48090, 20, tail.data(), 0.5));
    BOOST_TEST(tail[0] == 91 * 50);
    BOOST_TEST(tail[18] == 100 * 50);
    BOOST_TEST(tail[20] == 0);
    // Saturating, never wrapping.
    std::vector<std::int16_t> loud(2, 32700);
    BOOST_TEST(mix_announcement(a, tb, 48099, 1, loud.data(), 1.0));
    BOOST_TEST(loud[0] == 32767);
    BOOST_TEST(loud[1] == 32700 - 10000);
    // Before and after it: nothing, and said so.
    std::vector<std::int16_t> none(2 * 20, 0);
    BOOST_TEST(!mix_announcement(a, tb, 47000, 20, none.data(), 1.0));
    BOOST_TEST(!mix_announcement(a, tb, 48100, 20, none.data(), 1.0));
    BOOST_TEST(none == std::vector<std::int16_t>(2 * 20, 0));
}

BOOST_AUTO_TEST_CASE(the_row_says_the_words_the_length_and_the_voice) {
    Announcement a;
    a.text = "Rapat staf\ndimulai";
    a.sound = "spoken";
    a.from = Instant(seconds(1000));
    a.until = a.from + seconds(30);
    BOOST_TEST(announcement_detail(a) == "Rapat staf dimulai (30 s, spoken)");
}

// The slide layer's message for an announcement becomes an `announce` row; shown again by a
// rebuilt output, the row says so, as a slide's does, rather than look like a second one.
BOOST_AUTO_TEST_CASE(a_rebuilt_output_showing_it_again_says_so) {
    gst_init(nullptr, nullptr);
    test::TempPlaylist dir;
    dir.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n[[slide]]\n"
                 "template = \"info\"\nduration = \"10s\"\ntitle = \"Info\"\n");
    auto p = load_playlist(dir.dir(), LoadOptions{std::nullopt, false}).playlist;
    BOOST_REQUIRE(p);
    auto row_of = [&](bool first) {
        GstStructure* s = gst_structure_new(
            "tsr-slide", "wall", G_TYPE_STRING, "2026-11-30T10:00:05+07:00", "first",
            G_TYPE_BOOLEAN, gboolean(first), "announced-by", G_TYPE_STRING, "sari",
            "announcement-from", G_TYPE_STRING, "2026-11-30T10:00:00+07:00", "announcement",
            G_TYPE_STRING, "Rapat staf (30 s, spoken)", nullptr);
        auto row = asrun_row_for(s, *p, std::nullopt, Instant{});
        gst_structure_free(s);
        return row;
    };
    auto shown = row_of(false);
    BOOST_REQUIRE(shown);
    BOOST_TEST(shown->kind == "announce");
    BOOST_TEST(shown->id == "sari");
    BOOST_TEST(shown->detail == "Rapat staf (30 s, spoken)");
    BOOST_TEST(format_iso(p->zone, *shown->scheduled) == "2026-11-30T10:00:00+07:00");
    BOOST_TEST(format_iso(p->zone, *shown->actual) == "2026-11-30T10:00:05+07:00");
    auto again = row_of(true);
    BOOST_REQUIRE(again);
    BOOST_TEST(again->detail == "Rapat staf (30 s, spoken) (on screen at start)");
}

BOOST_AUTO_TEST_CASE(the_sound_is_the_chime_then_the_words) {
    test::TempPlaylist t;
    t.tone("audio/chime.m4a", 880, 0.5);
    const auto recording = t.tone("rekaman.m4a", 440, 1.0);
    t.playlist("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
               "[audio]\nchime = \"audio/chime.m4a\"\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"Uji\"\n");
    LoadResult r = load_playlist(t.dir(), LoadOptions{std::nullopt, false});
    BOOST_REQUIRE(r.playlist);
    AnnouncementSound s = prepare_announcement_sound(*r.playlist, "Rapat", recording);
    BOOST_TEST_REQUIRE(s.error == "");
    BOOST_TEST(s.what == "recording rekaman.m4a");
    // Exactly the chime's samples, then the recording's.
    DecodeOptions as_chime;
    as_chime.use = AudioUse::chime;
    auto chime = decode_reminder_audio(t.dir() / "audio/chime.m4a", as_chime).sound;
    auto words = decode_reminder_audio(recording).sound;
    BOOST_TEST_REQUIRE((chime && words));
    std::vector<std::int16_t> both = chime->samples;
    both.insert(both.end(), words->samples.begin(), words->samples.end());
    BOOST_TEST((s.samples->samples == both));
    BOOST_TEST(s.samples->length() > milliseconds(1400));
    // Spoken: the offline voice, after the chime.
    AnnouncementSound spoken = prepare_announcement_sound(*r.playlist, "Rapat staf", "");
    BOOST_TEST_REQUIRE(spoken.error == "");
    BOOST_TEST(spoken.what == "spoken");
    BOOST_TEST(spoken.samples->length() > milliseconds(900));
    // A file that is no sound: the decoder's reason, no samples.
    AnnouncementSound bad =
        prepare_announcement_sound(*r.playlist, "Rapat", t.write("bukan.m4a", "bukan suara\n"));
    BOOST_TEST(!bad.samples);
    BOOST_TEST(bad.error.find("bukan.m4a") != std::string::npos, bad.error);
}

BOOST_AUTO_TEST_CASE(the_console_language) {
    using console::console_language;
    BOOST_TEST(console_language("id", nullptr) == "id");
    BOOST_TEST(console_language("id", "en-US,en;q=0.9") == "id"); // the playlist's wins
    BOOST_TEST(console_language("", nullptr) == "en");
    BOOST_TEST(console_language("en", "id-ID,id;q=0.9,en;q=0.8") == "id");
    BOOST_TEST(console_language("", "en-US,id;q=0.9") == "en");
    BOOST_TEST(console_language("", "en;q=0.5, id;q=0.8") == "id");
    BOOST_TEST(console_language("", "in") == "id");
    BOOST_TEST(console_language("", "*, id;q=0.1") == "id");
    BOOST_TEST(console_language("", "id;q=0, en;q=0.1") == "en");
    BOOST_TEST(console_language("", "") == "en");
    BOOST_TEST(console_language("", (std::string(2000, ' ') + "id").c_str()) == "en"); // bounded
}

BOOST_AUTO_TEST_CASE(the_catalog) {
    // The built catalog (po/id.po): what the Indonesian console says.
    BOOST_TEST(std::string(console::tr("id", "Announce")) == "Pengumuman");
    BOOST_TEST(std::string(console::tr("en", "Announce")) == "Announce");
    BOOST_TEST(std::string(console::tr("id", "not a message of tsr")) == "not a message of tsr");

    // A .mo made by hand: little-endian, two messages and the header.
    auto le = [](std::string& s, std::uint32_t v) { s.append(reinterpret_cast<char*>(&v), 4); };
    std::string mo;
    const std::vector<std::pair<std::string, std::string>> m = {
        {"", "Content-Type: text/plain; charset=UTF-8\n"}, {"Day", "Hari"}, {"Now", "Sekarang"}};
    le(mo, 0x950412de);
    le(mo, 0);
    le(mo, 3);
    le(mo, 28);
    le(mo, 28 + 24);
    le(mo, 0);
    le(mo, 0);
    std::string strings;
    std::string ids_table, strs_table;
    const std::uint32_t base = 28 + 48;
    for (const auto& [id, str] : m) {
        le(ids_table, std::uint32_t(id.size()));
        le(ids_table, base + std::uint32_t(strings.size()));
        strings += id + '\0';
    }
    for (const auto& [id, str] : m) {
        le(strs_table, std::uint32_t(str.size()));
        le(strs_table, base + std::uint32_t(strings.size()));
        strings += str + '\0';
    }
    mo += ids_table + strs_table + strings;
    std::map<std::string, std::string> got;
    auto add = [](void* to, std::string_view id, std::string_view str) {
        (*static_cast<std::map<std::string, std::string>*>(to))[std::string(id)] = str;
    };
    BOOST_TEST(console::parse_mo(mo, add, &got) == 2u);
    BOOST_TEST(got["Day"] == "Hari");
    BOOST_TEST(got["Now"] == "Sekarang");
    // Damaged: cut short, offsets past the end, not a catalog.
    got.clear();
    BOOST_TEST(console::parse_mo(mo.substr(0, 40), add, &got) == 0u);
    std::string bad = mo;
    bad[28 + 7] = '\x7f'; // the first id's offset far outside
    BOOST_TEST(console::parse_mo(bad, add, &got) == 0u);
    BOOST_TEST(console::parse_mo("not a catalog at all, no magic", add, &got) == 0u);
    BOOST_TEST(got.empty());
}

BOOST_AUTO_TEST_SUITE_END()
