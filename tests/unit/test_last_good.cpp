// What `tsr play` keeps and watches of a playlist folder: the files a playlist uses, a
// fingerprint of their content (an unchanged reload is no reload), the last good copy kept
// on disk (and loadable like the folder itself), and the watch: only used files, settled
// but never postponed forever by a storm, and by path when the folder is replaced.
// The watch tests run a GLib main loop on the monotonic clock, never the time of day.
#include "playlist_loader.hpp"
#include "playlist_store.hpp"
#include "playlist_watch.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <functional>
#include <set>
#include <thread>

using namespace tsr;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const std::string kSvg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"36\">"
                         "<rect width=\"64\" height=\"36\" fill=\"#2e8b57\"/></svg>\n";

/// A playlist that uses a file of every kind that lives in its folder.
void write_full(const test::TempPlaylist& t) {
    t.tone("audio/chime.m4a", 880, 0.2);
    t.tone("audio/rapat.m4a", 440, 0.3);
    t.write("images/logo.svg", kSvg);
    t.write("slides/hijau.svg", kSvg);
    t.write("ticker.txt", "Selamat datang\n");
    t.write("catatan.txt", "not used by the playlist\n");
    t.playlist("[office]\n"
               "name = \"Dinsos\"\n"
               "timezone = \"Asia/Jakarta\"\n"
               "logo = \"images/logo.svg\"\n"
               "[ticker]\n"
               "file = \"ticker.txt\"\n"
               "[audio]\n"
               "chime = \"audio/chime.m4a\"\n"
               "[[activity]]\n"
               "id = \"rapat\"\n"
               "title = \"Rapat\"\n"
               "start = 09:00:00\n"
               "repeat = \"daily\"\n"
               "reminders = [{ before = \"5m\", audio = \"audio/rapat.m4a\" }]\n"
               "[[slide]]\n"
               "template = \"slides/hijau.svg\"\n"
               "duration = \"5s\"\n"
               "[[slide]]\n"
               "template = \"agenda\"\n"
               "duration = \"5s\"\n");
}

std::shared_ptr<const Playlist> load_ok(const fs::path& where) {
    LoadResult r = load_playlist(where, LoadOptions{std::nullopt, true});
    std::string problems;
    for (const Diagnostic& d : r.diagnostics.all())
        problems += format_diagnostic(d) + "\n";
    BOOST_TEST_REQUIRE(r.playlist.get() != nullptr, problems);
    return r.playlist;
}

std::vector<std::string> leftovers(const fs::path& folder) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(folder)) {
        std::string n = e.path().filename().string();
        if (n.rfind(".tsr-last-good.", 0) == 0) out.push_back(n);
    }
    return out;
}

/// Runs the default main context until `pred` holds or `timeout` passes.
bool spin_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > until) return false;
        g_main_context_iteration(nullptr, FALSE);
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

void spin_for(std::chrono::milliseconds d) {
    spin_until([] { return false; }, d);
}

struct Call {
    std::vector<std::string> names;
    bool replaced;
    std::chrono::steady_clock::time_point at;
};

} // namespace

BOOST_AUTO_TEST_SUITE(last_good)

BOOST_AUTO_TEST_CASE(the_files_a_playlist_uses_and_only_those) {
    test::TempPlaylist t;
    write_full(t);
    auto p = load_ok(t.dir());
    BOOST_TEST(playlist_uses(*p) ==
                   std::set<std::string>({"audio/chime.m4a", "audio/rapat.m4a", "images/logo.svg",
                                          "playlist.toml", "slides/hijau.svg", "ticker.txt"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_content_hash_follows_the_bytes_of_used_files_only) {
    test::TempPlaylist t;
    write_full(t);
    const std::string first = playlist_content_hash(*load_ok(t.dir()));
    BOOST_TEST(first.size() == 64u);
    // Same bytes written again (a save without a change, a touch): the same.
    t.write("ticker.txt", "Selamat datang\n");
    BOOST_TEST(playlist_content_hash(*load_ok(t.dir())) == first);
    // A file the playlist does not use: the same.
    t.write("catatan.txt", "changed\n");
    BOOST_TEST(playlist_content_hash(*load_ok(t.dir())) == first);
    // A used file: different, and back when undone.
    t.write("slides/hijau.svg", kSvg + "<!-- -->\n");
    const std::string second = playlist_content_hash(*load_ok(t.dir()));
    BOOST_TEST(second != first);
    t.write("slides/hijau.svg", kSvg);
    BOOST_TEST(playlist_content_hash(*load_ok(t.dir())) == first);
}

BOOST_AUTO_TEST_CASE(the_last_good_copy_holds_the_used_files_and_loads_like_the_folder) {
    test::TempPlaylist t;
    write_full(t);
    auto p = load_ok(t.dir());
    BOOST_TEST(save_last_good(*p, t.dir()) == "");
    const fs::path copy = last_good_dir(t.dir());
    BOOST_TEST(copy == t.dir() / ".tsr-last-good");
    BOOST_TEST(fs::exists(copy / "audio/rapat.m4a"));
    BOOST_TEST(!fs::exists(copy / "catatan.txt")); // not used
    BOOST_TEST(!fs::exists(copy / "asrun"));
    BOOST_TEST(leftovers(t.dir()).empty());
    // Paths in the copy are relative to it, so it loads as the same playlist.
    auto from_copy = load_ok(copy);
    BOOST_TEST(from_copy->folder == copy);
    BOOST_TEST(from_copy->ticker.file == copy / "ticker.txt");
    BOOST_TEST(playlist_content_hash(*from_copy) == playlist_content_hash(*p));

    // The next accepted playlist replaces the copy whole.
    t.write("ticker.txt", "Pengumuman baru\n");
    auto next = load_ok(t.dir());
    BOOST_TEST(save_last_good(*next, t.dir()) == "");
    auto again = load_ok(copy);
    BOOST_TEST(again->ticker.file_lines == std::vector<std::string>({"Pengumuman baru"}),
               boost::test_tools::per_element());
    BOOST_TEST(leftovers(t.dir()).empty());
    // Saving the playlist loaded from the copy itself does nothing.
    BOOST_TEST(save_last_good(*again, t.dir()) == "");
    BOOST_TEST(fs::exists(copy / "playlist.toml"));
}

BOOST_AUTO_TEST_CASE(a_copy_left_half_written_by_a_crash_is_thrown_away) {
    test::TempPlaylist t;
    write_full(t);
    t.write(".tsr-last-good.new-" + std::to_string(::getpid()) + "/playlist.toml", "[half");
    BOOST_TEST(save_last_good(*load_ok(t.dir()), t.dir()) == "");
    BOOST_TEST(leftovers(t.dir()).empty());
    BOOST_TEST(load_ok(last_good_dir(t.dir()))->office.name == "Dinsos");
}

BOOST_AUTO_TEST_CASE(a_folder_moved_away_is_never_made_again_by_the_copy) {
    test::TempDir root;
    const fs::path folder = root.path / "playlist";
    fs::create_directories(folder);
    std::ofstream(folder / "playlist.toml") << "[office]\nname = \"Dinsos\"\n"
                                               "[[slide]]\ntemplate = \"agenda\"\n"
                                               "duration = \"5s\"\n";
    auto p = load_ok(folder);
    fs::rename(folder, root.path / "away");
    // Made again, it would stand in the way of the folder a deploy moves into its place.
    BOOST_TEST(save_last_good(*p, folder).rfind("cannot write " + folder.string() + "/", 0) == 0u);
    BOOST_TEST(!fs::exists(folder));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(playlist_watch)

BOOST_AUTO_TEST_CASE(only_files_the_playlist_uses_call_back) {
    test::TempPlaylist t;
    write_full(t);
    std::vector<Call> calls;
    PlaylistWatch w(
        t.dir(), {},
        [&](const std::vector<std::string>& n, bool r) {
            calls.push_back({n, r, std::chrono::steady_clock::now()});
        },
        100ms, 1000ms, 100ms);
    const std::set<std::string> used = {"playlist.toml", "ticker.txt", "audio/rapat.m4a"};
    w.set_wanted([&](const std::string& rel) { return used.count(rel) > 0; });
    spin_for(200ms);
    // Unrelated files, editor temporaries and backups, the as-run log, the last good copy.
    t.write("catatan.txt", "x");
    t.write(".playlist.toml.swp", "x");
    t.write("playlist.toml~", "x");
    t.write("playlist.toml.bak", "x");
    t.write("4913", "x");
    t.write("asrun/2026-11-30.csv", "x");
    t.write(".tsr-last-good/playlist.toml", "x");
    t.write("audio/other.m4a", "x");
    spin_for(500ms);
    BOOST_TEST(calls.empty());
    // A used file in a subfolder, then playlist.toml saved as editors do (temp + rename).
    t.write("audio/rapat.m4a", "y");
    BOOST_REQUIRE(spin_until([&] { return !calls.empty(); }, 2000ms));
    BOOST_TEST(calls[0].names == std::vector<std::string>({"audio/rapat.m4a"}),
               boost::test_tools::per_element());
    BOOST_TEST(!calls[0].replaced);
    t.write(".playlist.toml.tmp", "z");
    fs::rename(t.dir() / ".playlist.toml.tmp", t.toml());
    BOOST_REQUIRE(spin_until([&] { return calls.size() == 2; }, 2000ms));
    BOOST_TEST(calls[1].names == std::vector<std::string>({"playlist.toml"}),
               boost::test_tools::per_element());
    spin_for(300ms);
    BOOST_TEST(calls.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_storm_of_edits_is_reported_at_most_max_wait_after_its_first) {
    test::TempPlaylist t;
    write_full(t);
    std::vector<Call> calls;
    PlaylistWatch w(
        t.dir(), {},
        [&](const std::vector<std::string>& n, bool r) {
            calls.push_back({n, r, std::chrono::steady_clock::now()});
        },
        300ms, 600ms, 100ms);
    spin_for(200ms);
    // An edit every 100 ms for 2 s: each one would postpone a plain 300 ms settle forever.
    const auto begun = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) {
        t.write("ticker.txt", "pesan " + std::to_string(i) + "\n");
        spin_for(100ms);
    }
    const std::size_t during = calls.size();
    BOOST_TEST_MESSAGE("calls during the 2 s storm: " << during);
    BOOST_TEST(during >= 2u);
    BOOST_REQUIRE(!calls.empty());
    BOOST_TEST((calls[0].at - begun < 1000ms));
    BOOST_TEST(calls[0].names == std::vector<std::string>({"ticker.txt"}),
               boost::test_tools::per_element());
    // After the storm, the last edit is reported too, once.
    BOOST_REQUIRE(spin_until([&] { return calls.size() > during; }, 2000ms));
    spin_for(400ms);
    BOOST_TEST(calls.size() == during + 1);
}

BOOST_AUTO_TEST_CASE(a_replaced_folder_is_watched_by_its_path) {
    test::TempDir root;
    const fs::path folder = root.path / "playlist";
    fs::create_directories(folder);
    { std::ofstream(folder / "playlist.toml") << "a"; }
    std::vector<Call> calls;
    PlaylistWatch w(
        folder, {},
        [&](const std::vector<std::string>& n, bool r) {
            calls.push_back({n, r, std::chrono::steady_clock::now()});
        },
        100ms, 1000ms, 100ms);
    spin_for(200ms);
    // The old folder away, a new one into its place (as `mv` does).
    fs::rename(folder, root.path / "playlist-old");
    spin_for(300ms);
    BOOST_TEST(calls.empty()); // nothing at the path: nothing to say
    // Edits of the old folder are no longer the playlist's.
    { std::ofstream(root.path / "playlist-old" / "playlist.toml") << "old"; }
    fs::create_directories(root.path / "new");
    { std::ofstream(root.path / "new" / "playlist.toml") << "b"; }
    fs::rename(root.path / "new", folder);
    BOOST_REQUIRE(spin_until([&] { return !calls.empty(); }, 2000ms));
    BOOST_TEST(calls[0].replaced);
    BOOST_TEST(calls[0].names.empty());
    // And the new folder is watched.
    { std::ofstream(folder / "playlist.toml") << "c"; }
    BOOST_REQUIRE(spin_until([&] { return calls.size() == 2; }, 2000ms));
    BOOST_TEST(!calls[1].replaced);
    BOOST_TEST(calls[1].names == std::vector<std::string>({"playlist.toml"}),
               boost::test_tools::per_element());
    BOOST_TEST(w.watched().front() == folder.string());
}

BOOST_AUTO_TEST_SUITE_END()
