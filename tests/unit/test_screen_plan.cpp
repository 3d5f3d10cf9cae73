// When the TV is meant to be on (engine/screen_plan.hpp): office hours, and with
// reminders_outside = "wake" each reminder outside them, from 10 s before its sound to the end
// of its slide; a quiet window moves the wake with the sound.
#include "playlist_loader.hpp"
#include "screen_plan.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace tsr;

namespace {

/// The schedule alone: no audio files looked into (each reminder's sound is 0 s long, so its
/// slide lasts reminder_slide_min, 8 s).
Playlist load(const std::string& body) {
    test::TempPlaylist t;
    t.playlist(body);
    LoadResult r = load_playlist(t.dir(), LoadOptions{std::nullopt, false});
    for (const Diagnostic& d : r.diagnostics.all())
        BOOST_TEST_MESSAGE(format_diagnostic(d));
    BOOST_REQUIRE(r.playlist);
    return *r.playlist;
}

std::string activity(const char* id, const char* start) {
    return std::string("[[activity]]\nid = \"") + id + "\"\ntitle = \"" + id +
           "\"\nstart = " + start +
           "\nreminders = [ { before = \"0m\", audio = \"audio/a.m4a\" } ]\n";
}

/// Monday 2026-11-30 (hours 06:30-17:00 on weekdays): a reminder running over the end of the
/// hours, one at 18:00, two queued at 19:00 and 19:00:05, one held by a quiet window
/// 20:00-20:01 to its end.
std::string day_with(const std::string& outside) {
    return "[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
           "[display]\non = \"06:30-17:00\"\ndays = [\"senin\", \"selasa\", \"rabu\", \"kamis\", "
           "\"jumat\"]\n" +
           outside +
           "[audio]\nquiet = [ { hours = \"20:00-20:01\", name = \"Maghrib\" } ]\n"
           "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\ntitle = \"x\"\n" +
           activity("sore", "2026-11-30T16:59:55") + activity("piket", "2026-11-30T18:00:00") +
           activity("apel", "2026-11-30T19:00:00") + activity("rapat", "2026-11-30T19:00:05") +
           activity("doa", "2026-11-30T20:00:30");
}

Instant at(const Playlist& p, const char* local) {
    return *parse_local_datetime(p.zone, local);
}

std::string show(const Playlist& p, const std::vector<ScreenChange>& changes) {
    std::string out;
    for (const ScreenChange& c : changes)
        out += format_iso(p.zone, c.at).substr(11, 8) + (c.on ? " on" : " off") +
               (c.reminder ? " reminder\n" : "\n");
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(screen_plan)

BOOST_AUTO_TEST_CASE(a_reminder_outside_the_hours_wakes_the_tv_until_its_slide_ends) {
    const Playlist p = load(day_with("reminders_outside = \"wake\"\n"));
    const auto day = screen_changes(p, at(p, "2026-11-30 00:00"), at(p, "2026-12-01 00:00"));
    // 17:00: the hours end, but the 16:59:55 slide shows until 17:00:03. 18:00: woken at
    // 17:59:50. 19:00 and 19:00:05: one wake (the second slide takes over from the first).
    // 20:00:30, held by the quiet window: sounds at 20:01:00, woken at 20:00:50.
    BOOST_TEST(show(p, day) == "06:30:00 on\n"
                               "17:00:03 off reminder\n"
                               "17:59:50 on reminder\n"
                               "18:00:08 off reminder\n"
                               "18:59:50 on reminder\n"
                               "19:00:13 off reminder\n"
                               "20:00:50 on reminder\n"
                               "20:01:08 off reminder\n");
    BOOST_TEST(!screen_wanted(p, at(p, "2026-11-30 17:59:49")).on);
    const ScreenWant woken = screen_wanted(p, at(p, "2026-11-30 18:00:07"));
    BOOST_TEST((woken.on && woken.for_reminder));
    const ScreenWant office = screen_wanted(p, at(p, "2026-11-30 16:59:58"));
    BOOST_TEST((office.on && !office.for_reminder));
    // Asked in pieces, as the ticks ask: the same changes, each once.
    std::vector<ScreenChange> pieces;
    for (Instant t = at(p, "2026-11-30 00:00"); t < at(p, "2026-12-01 00:00");
         t += std::chrono::seconds(7))
        for (const ScreenChange& c : screen_changes(p, t, t + std::chrono::seconds(7)))
            pieces.push_back(c);
    BOOST_TEST(show(p, pieces) == show(p, day));
}

BOOST_AUTO_TEST_CASE(with_sound_only_the_hours_switch_the_tv) {
    const Playlist p = load(day_with(""));
    BOOST_TEST(show(p, screen_changes(p, at(p, "2026-11-30 00:00"), at(p, "2026-12-01 00:00"))) ==
               "06:30:00 on\n"
               "17:00:00 off\n");
    BOOST_TEST(!screen_wanted(p, at(p, "2026-11-30 18:00:01")).on);
    // No hours: always on, never switched.
    const Playlist always = load("[office]\nname = \"Dinsos\"\ntimezone = \"Asia/Jakarta\"\n"
                                 "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n" +
                                 activity("piket", "2026-11-30T18:00:00"));
    BOOST_TEST(screen_wanted(always, at(always, "2026-11-30 03:00")).on);
    BOOST_TEST(
        screen_changes(always, at(always, "2026-11-30 00:00"), at(always, "2026-12-01 00:00"))
            .empty());
}

BOOST_AUTO_TEST_SUITE_END()
