// `tsr play` as the office PC runs it: live, until stopped; the as-run log it writes; stopping
// on SIGTERM; reloading on SIGHUP and on edits (good, bad, fixed) while it plays; rebuilding
// after a failing output with a growing wait; `auto` on a machine without a screen; and the
// fullscreen picture itself in a real X server (Xvfb), read back from the root window.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <poll.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace tsr::test;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A process started in the background (tsr play, Xvfb), with its output in files.
class Child {
  public:
    /// `env`: variables to set (value) or unset (nullopt) for the child.
    Child(const std::vector<std::string>& argv, const fs::path& logs,
          const std::map<std::string, std::optional<std::string>>& env = {},
          const fs::path& cwd = {})
        : out_(logs / "stdout.txt"), err_(logs / "stderr.txt") {
        static int n = 0;
        out_ = logs / ("stdout-" + std::to_string(++n) + ".txt");
        err_ = logs / ("stderr-" + std::to_string(n) + ".txt");
        pid_ = fork();
        if (pid_ == 0) {
            if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
            for (const auto& [k, v] : env) {
                if (v)
                    setenv(k.c_str(), v->c_str(), 1);
                else
                    unsetenv(k.c_str());
            }
            int o = open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            int e = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(o, 1);
            dup2(e, 2);
            std::vector<char*> args;
            for (const std::string& a : argv)
                args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            execvp(args[0], args.data());
            _exit(127);
        }
    }
    ~Child() {
        if (running()) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    void signal(int sig) const { kill(pid_, sig); }
    bool running() {
        if (status_) return false;
        int st = 0;
        if (waitpid(pid_, &st, WNOHANG) == pid_) {
            status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            return false;
        }
        return true;
    }
    /// The exit status, or -1 when it did not end within `timeout`.
    int wait(std::chrono::milliseconds timeout) {
        auto until = Clock::now() + timeout;
        while (running() && Clock::now() < until)
            std::this_thread::sleep_for(5ms);
        return status_ ? *status_ : -1;
    }
    std::string out() const { return slurp(out_); }
    std::string err() const { return slurp(err_); }

  private:
    pid_t pid_ = -1;
    fs::path out_, err_;
    std::optional<int> status_;
};

struct Row {
    std::string scheduled, actual, kind, id, detail, outcome;
};

/// The as-run log (CSV with quoted fields), without its header.
std::vector<Row> read_rows(const fs::path& csv) {
    std::vector<Row> rows;
    std::string text = slurp(csv);
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    auto end_row = [&] {
        fields.push_back(field);
        field.clear();
        if (fields.size() == 6 && fields[0] != "scheduled")
            rows.push_back({fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]});
        fields.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                field += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                field += c;
        } else if (c == '"')
            quoted = true;
        else if (c == ',')
            fields.push_back(field), field.clear();
        else if (c == '\n')
            end_row();
        else if (c != '\r')
            field += c;
    }
    return rows; // a row still being written (no newline yet) is left out
}

std::vector<Row> of_kind(const std::vector<Row>& rows, const std::string& kind) {
    std::vector<Row> out;
    for (const Row& r : rows)
        if (r.kind == kind) out.push_back(r);
    return out;
}

/// Seconds since the start of the day of an ISO time "2026-11-30T08:45:00.123456+07:00".
double seconds_of_day(const std::string& iso) {
    BOOST_REQUIRE(iso.size() >= 19);
    double s = std::stoi(iso.substr(11, 2)) * 3600 + std::stoi(iso.substr(14, 2)) * 60 +
               std::stoi(iso.substr(17, 2));
    if (iso.size() > 19 && iso[19] == '.') {
        std::size_t end = iso.find_first_of("+-Z", 20);
        s += std::stod("0" + iso.substr(19, end - 19));
    }
    return s;
}

/// Polls `pred` every 10 ms until it holds or `timeout` passes.
bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
    auto until = Clock::now() + timeout;
    while (!pred()) {
        if (Clock::now() > until) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

/// A small playlist that plays anywhere: two slides of 2 s on a green SVG template of its
/// own, 640x360 at 10 frames a second (cheap), a ticker file. Line 16 holds the second
/// slide's duration: the tests break it there.
const char* const kGreen = "#2e8b57";
std::string playlist_toml(const std::string& second_duration = "2s",
                          const std::string& title = "Dua") {
    return "[office]\n"                    // 1
           "name = \"Dinsos\"\n"           // 2
           "timezone = \"Asia/Jakarta\"\n" // 3
           "[display]\n"                   // 4
           "width = 640\n"                 // 5
           "height = 360\n"                // 6
           "framerate = 10\n"              // 7
           "[ticker]\n"                    // 8
           "file = \"ticker.txt\"\n"       // 9
           "[[slide]]\n"                   // 10
           "template = \"hijau.svg\"\n"    // 11
           "duration = \"2s\"\n"           // 12
           "title = \"Satu\"\n"            // 13
           "[[slide]]\n"                   // 14
           "template = \"hijau.svg\"\n"    // 15
           "duration = \"" +
           second_duration +
           "\"\n" // 16
           "title = \"" +
           title + "\"\n"; // 17
}

/// The slides' own template: one color over the whole slide, and the title.
std::string slide_template(const std::string& fill = kGreen) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"360\" "
           "viewBox=\"0 0 640 360\"><rect x=\"0\" y=\"0\" width=\"640\" height=\"360\" "
           "fill=\"" +
           fill +
           "\"/><text x=\"20\" y=\"60\" font-family=\"DejaVu Sans\" font-size=\"40\" "
           "fill=\"#ffffff\">{{slide.title}}</text></svg>\n";
}

void write_playlist(const TempPlaylist& t) {
    t.write("hijau.svg", slide_template());
    t.write("ticker.txt", "Selamat datang\n");
    t.playlist(playlist_toml());
}

/// Logs and as-run files live beside the playlist folder, not in it (the folder is watched).
struct PlayFixture {
    TempPlaylist t;
    TempPlaylist logs;
    fs::path asrun = logs.dir() / "asrun.csv";
    PlayFixture() { write_playlist(t); }
    std::vector<Row> rows() const { return read_rows(asrun); }
    bool has_row(const std::function<bool(const Row&)>& pred) const {
        for (const Row& r : rows())
            if (pred(r)) return true;
        return false;
    }
    /// `tsr play` of the fixture's playlist to no screen, logging to `asrun`.
    std::vector<std::string> play_command() const {
        return {tsr_exe(), "play", t.dir().string(), "--output", "null", "--asrun", asrun.string()};
    }
    /// Waits until the as-run log has a row of `kind`.
    bool wait_for_row(const std::string& kind, std::chrono::milliseconds timeout) const {
        return wait_until([&] { return has_row([&](const Row& r) { return r.kind == kind; }); },
                          timeout);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(play)

BOOST_FIXTURE_TEST_CASE(null_output_logs_start_and_stop_and_sigterm_stops_within_a_second,
                        PlayFixture) {
    Child p(play_command(), logs.dir());
    // Playing: the start row, then a slide change (every 2 s).
    BOOST_REQUIRE(wait_for_row("slide", 5s));
    BOOST_TEST(p.running());
    auto sent = Clock::now();
    p.signal(SIGTERM);
    int status = p.wait(3s);
    const double latency = ms_since(sent);
    BOOST_TEST_MESSAGE("SIGTERM to exit: " << latency << " ms");
    BOOST_TEST(status == 0);
    BOOST_TEST(latency < 1000.0);
    auto rows = this->rows();
    BOOST_REQUIRE(rows.size() >= 3u);
    BOOST_TEST(rows.front().kind == "start");
    BOOST_TEST(rows.front().detail.rfind("play to null (nothing shown); clock ", 0) == 0u);
    BOOST_TEST(rows.back().kind == "stop");
    BOOST_TEST(rows.back().detail == "stopped by a signal");
    BOOST_TEST(rows.back().outcome == "played");
    BOOST_TEST(of_kind(rows, "error").empty());
    BOOST_TEST(p.out().find("tsr play: output null") != std::string::npos);
}

// Two players on one folder would write every row twice into the same log: the second is
// refused, and the first plays on.
BOOST_FIXTURE_TEST_CASE(a_second_player_on_the_same_folder_is_refused, PlayFixture) {
    Child p(play_command(), logs.dir());
    BOOST_REQUIRE(wait_for_row("start", 5s));
    RunResult second = run({tsr_exe(), "play", t.dir().string(), "--output", "null", "--asrun",
                            (logs.dir() / "kedua.csv").string()});
    BOOST_TEST(second.status == 3);
    BOOST_TEST(second.err == "tsr play: another tsr play is already playing " + t.dir().string() +
                                 "; two would write every as-run row twice. Stop the other one "
                                 "first (sudo systemctl stop tsr, or Ctrl+C where it runs)\n",
               second.err);
    BOOST_TEST(!fs::exists(logs.dir() / "kedua.csv"));
    BOOST_TEST(p.running());
    p.signal(SIGTERM);
    BOOST_TEST(p.wait(3s) == 0);
    // Once it stopped, the folder is free again.
    RunResult after = run({tsr_exe(), "play", t.dir().string(), "--output", "null", "--duration",
                           "1s", "--asrun", (logs.dir() / "kedua.csv").string()});
    BOOST_TEST(after.status == 0, after.err);
}

BOOST_FIXTURE_TEST_CASE(duration_ends_the_playout, PlayFixture) {
    auto begun = Clock::now();
    RunResult r = run({tsr_exe(), "play", t.dir().string(), "--output", "null", "--duration", "2s",
                       "--asrun", asrun.string()});
    const double took = ms_since(begun);
    BOOST_TEST(r.status == 0);
    BOOST_TEST(took > 1900.0);
    BOOST_TEST(took < 5000.0);
    auto rows = this->rows();
    BOOST_REQUIRE(rows.size() >= 2u);
    BOOST_TEST(rows.front().kind == "start");
    BOOST_TEST(rows.back().kind == "stop");
    BOOST_TEST(rows.back().detail == "duration reached");
    const double span = seconds_of_day(rows.back().actual) - seconds_of_day(rows.front().actual);
    BOOST_TEST(span > 1.9);
    BOOST_TEST(span < 3.0);
}

BOOST_FIXTURE_TEST_CASE(sighup_reloads_only_what_changed_and_a_storm_of_them_is_coalesced,
                        PlayFixture) {
    Child p(play_command(), logs.dir());
    BOOST_REQUIRE(wait_for_row("start", 5s));
    std::this_thread::sleep_for(300ms);
    // Nothing changed: said on the console, no row.
    p.signal(SIGHUP);
    BOOST_REQUIRE(wait_until(
        [&] {
            return p.err().find("tsr play: playlist.toml (SIGHUP): nothing changed") !=
                   std::string::npos;
        },
        3s));
    // 200 of them: coalesced, and nothing changed either.
    for (int i = 0; i < 200; ++i)
        p.signal(SIGHUP);
    std::this_thread::sleep_for(1500ms);
    BOOST_TEST(of_kind(rows(), "reload").empty());
    BOOST_TEST(p.running()); // SIGHUP reloads; it never stops the playout
    // An edit and a SIGHUP at once: one row (the watch's reload then finds nothing new).
    t.playlist(playlist_toml("2s", "Dua Baru"));
    p.signal(SIGHUP);
    BOOST_REQUIRE(wait_until([&] { return of_kind(rows(), "reload").size() == 1; }, 3s));
    std::this_thread::sleep_for(1500ms);
    auto reloads = of_kind(rows(), "reload");
    BOOST_TEST(reloads.size() == 1u);
    BOOST_TEST(reloads[0].detail == "playlist.toml (SIGHUP)");
    BOOST_TEST(reloads[0].outcome == "played");
    p.signal(SIGTERM);
    BOOST_TEST(p.wait(3s) == 0);
    BOOST_TEST(rows().back().kind == "stop");
}

BOOST_FIXTURE_TEST_CASE(files_the_playlist_does_not_use_make_no_reload, PlayFixture) {
    Child p(play_command(), logs.dir());
    BOOST_REQUIRE(wait_for_row("start", 5s));
    // Notes, backups, office lock files, a copy, a new folder with a file, editor swap files.
    t.write("catatan.txt", "rapat besok\n");
    t.write("playlist.toml.bak", playlist_toml());
    t.write(".~lock.playlist.toml#", "x");
    t.write("Salinan ticker.txt", "x");
    t.write("arsip/2025/playlist.toml", playlist_toml());
    t.write(".hijau.svg.swp", "x");
    t.write("hijau.svg~", "x");
    std::this_thread::sleep_for(2000ms);
    BOOST_TEST(of_kind(rows(), "reload").empty(), slurp(asrun));
    // A file it uses: one row.
    t.write("hijau.svg", slide_template("#b22222"));
    BOOST_REQUIRE(wait_until([&] { return of_kind(rows(), "reload").size() == 1; }, 3s));
    BOOST_TEST(of_kind(rows(), "reload")[0].detail == "hijau.svg");
    BOOST_TEST(of_kind(rows(), "reload")[0].outcome == "played");
    // Written again with the same bytes: no row.
    t.write("hijau.svg", slide_template("#b22222"));
    std::this_thread::sleep_for(1500ms);
    BOOST_TEST(of_kind(rows(), "reload").size() == 1u);
    p.signal(SIGTERM);
    BOOST_TEST(p.wait(3s) == 0);
}

BOOST_FIXTURE_TEST_CASE(a_storm_of_edits_is_played_within_seconds_and_ends_on_the_last,
                        PlayFixture) {
    Child p(play_command(), logs.dir());
    BOOST_REQUIRE(wait_for_row("start", 5s));
    // An edit every 100 ms for 6 s: a settle delay that every edit postpones would never play.
    auto begun = Clock::now();
    std::optional<double> first_reload_ms;
    for (int i = 0; i < 60; ++i) {
        // Saved whole each time (temporary + rename, as editors and sync tools do): a reload
        // at the bounded wait may fall in the middle of a plain rewrite and refuse half a file.
        t.write(".playlist.toml.tmp", playlist_toml("2s", "Badai " + std::to_string(i)));
        fs::rename(t.dir() / ".playlist.toml.tmp", t.toml());
        std::this_thread::sleep_for(100ms);
        if (!first_reload_ms && !of_kind(rows(), "reload").empty())
            first_reload_ms = ms_since(begun);
    }
    BOOST_REQUIRE(first_reload_ms.has_value());
    BOOST_TEST_MESSAGE("storm start to first reload row: " << *first_reload_ms << " ms");
    BOOST_TEST(*first_reload_ms < 3500.0);
    const std::size_t during = of_kind(rows(), "reload").size();
    BOOST_TEST(during >= 2u);
    BOOST_TEST(during <= 5u); // about one every 2 s, not one an edit
    // The last edit is taken: its title comes on screen.
    BOOST_TEST(wait_until(
                   [&] {
                       for (const Row& r : of_kind(rows(), "slide"))
                           if (r.detail.find("Badai 59") != std::string::npos) return true;
                       return false;
                   },
                   8s),
               slurp(asrun));
    for (const Row& r : of_kind(rows(), "reload"))
        BOOST_TEST(r.outcome == "played");
    p.signal(SIGTERM);
    BOOST_TEST(p.wait(3s) == 0);
}

BOOST_FIXTURE_TEST_CASE(a_restart_with_a_refused_edit_on_disk_plays_the_last_good_copy,
                        PlayFixture) {
    // A run accepts the playlist and keeps a copy of it.
    {
        Child p(play_command(), logs.dir());
        BOOST_REQUIRE(wait_for_row("start", 5s));
        // Kept beside the playout, by a thread of its own: within a moment.
        BOOST_TEST(wait_until(
            [&] { return slurp(t.dir() / ".tsr-last-good" / "playlist.toml") == playlist_toml(); },
            3s));
        BOOST_TEST(slurp(t.dir() / ".tsr-last-good" / "hijau.svg") == slide_template());
        BOOST_TEST(slurp(t.dir() / ".tsr-last-good" / "ticker.txt") == "Selamat datang\n");
        p.signal(SIGTERM);
        BOOST_REQUIRE(p.wait(3s) == 0);
    }
    // A bad edit lands while it is stopped (a reboot, systemctl restart).
    t.playlist(playlist_toml("2 detik"));
    fs::remove(asrun);
    Child p(play_command(), logs.dir());
    BOOST_REQUIRE_MESSAGE(wait_until([&] { return of_kind(rows(), "slide").size() >= 2; }, 6s),
                          p.err());
    BOOST_TEST(p.running());
    const std::string err = p.err();
    BOOST_TEST(err.find(t.toml().string() + ":16:12: error: duration: \"2 detik\"") == 0u, err);
    BOOST_TEST(err.find("tsr play: " + t.toml().string() +
                        " was not accepted (1 error, above); playing the last good playlist "
                        "instead, kept ") != std::string::npos,
               err);
    auto rows = this->rows();
    BOOST_REQUIRE(rows.size() >= 3u);
    BOOST_TEST(rows[0].kind == "start");
    // The refusal is said at the start; the slide once its first frame reached the output.
    BOOST_TEST(rows[1].kind == "reload");
    BOOST_TEST(rows[2].kind == "slide");
    BOOST_TEST(rows[1].detail == "playlist.toml");
    const std::string expected =
        "skipped: playlist.toml:16:12: error: duration: \"2 detik\" is not a duration; write it "
        "like \"90s\", \"15m\", \"2h\" or \"1h30m\" (1 error; playing the last good playlist, "
        "kept ";
    BOOST_TEST(rows[1].outcome.rfind(expected, 0) == 0u, rows[1].outcome);
    BOOST_TEST(rows[1].outcome.back() == ')');
    BOOST_TEST(rows[1].actual == rows[0].actual);
    // Still refused: an unrelated change while the edit is refused adds no row.
    t.write("catatan.txt", "x");
    std::this_thread::sleep_for(1500ms);
    BOOST_TEST(of_kind(this->rows(), "reload").size() == 1u);
    // The fix is taken, and becomes the last good copy.
    t.playlist(playlist_toml("2s", "Dua Baru"));
    BOOST_REQUIRE(wait_until([&] { return of_kind(this->rows(), "reload").size() == 2; }, 4s));
    BOOST_TEST(of_kind(this->rows(), "reload")[1].detail == "playlist.toml");
    BOOST_TEST(of_kind(this->rows(), "reload")[1].outcome == "played");
    BOOST_TEST(wait_until(
        [&] {
            return slurp(t.dir() / ".tsr-last-good" / "playlist.toml") ==
                   playlist_toml("2s", "Dua Baru");
        },
        3s));
    BOOST_TEST(of_kind(this->rows(), "error").empty());
    p.signal(SIGTERM);
    BOOST_TEST(p.wait(3s) == 0);
}

BOOST_FIXTURE_TEST_CASE(a_ticker_file_replaced_by_a_pipe_is_refused_and_sigterm_still_stops,
                        PlayFixture) {
    Child p(play_command(), logs.dir());
    BOOST_REQUIRE(wait_for_row("slide", 5s));
    fs::remove(t.dir() / "ticker.txt");
    BOOST_REQUIRE(mkfifo((t.dir() / "ticker.txt").c_str(), 0644) == 0);
    BOOST_REQUIRE_MESSAGE(wait_until([&] { return !of_kind(rows(), "reload").empty(); }, 3s),
                          p.err());
    Row refused = of_kind(rows(), "reload")[0];
    BOOST_TEST(refused.detail == "ticker.txt");
    BOOST_TEST(
        refused.outcome.rfind("skipped: playlist.toml:9:8: error: file: \"ticker.txt\" ", 0) == 0u,
        refused.outcome);
    // Slides go on: nothing waits on the pipe.
    const double refused_at = seconds_of_day(refused.actual);
    BOOST_TEST(wait_until(
        [&] {
            for (const Row& r : of_kind(rows(), "slide"))
                if (seconds_of_day(r.actual) > refused_at) return true;
            return false;
        },
        4s));
    // A Windows-1252 file in its place: taken (check says the same, test_ticker_file).
    fs::remove(t.dir() / "ticker.txt");
    t.write("ticker.txt", "Biaya Rp 0 \x96 gratis\r\n");
    BOOST_REQUIRE(wait_until([&] { return of_kind(rows(), "reload").size() == 2; }, 3s));
    BOOST_TEST(of_kind(rows(), "reload")[1].outcome == "played");
    BOOST_TEST(run({tsr_exe(), "check", t.dir().string()}).status == 0);
    // A pipe again, then SIGTERM: stops at once.
    fs::remove(t.dir() / "ticker.txt");
    BOOST_REQUIRE(mkfifo((t.dir() / "ticker.txt").c_str(), 0644) == 0);
    BOOST_REQUIRE(wait_until([&] { return of_kind(rows(), "reload").size() == 3; }, 3s));
    auto sent = Clock::now();
    p.signal(SIGTERM);
    BOOST_TEST(p.wait(3s) == 0);
    BOOST_TEST(ms_since(sent) < 1000.0);
    BOOST_TEST(rows().back().kind == "stop");
}

// A first PowerPoint conversion can take a minute (LibreOffice on a slow PC): the edit is
// loaded beside the live playlist, so rows, SIGHUP and SIGTERM are answered meanwhile.
BOOST_FIXTURE_TEST_CASE(a_slow_conversion_on_reload_never_holds_up_rows_or_sigterm, PlayFixture) {
    // A LibreOffice that takes 8 s and then fails: found on PATH, as the real one is.
    TempPlaylist bin;
    const fs::path marker = logs.dir() / "soffice-started";
    const fs::path soffice =
        bin.write("soffice", "#!/bin/sh\ntouch '" + marker.string() + "'\nsleep 8\nexit 1\n");
    fs::permissions(soffice, fs::perms::owner_all);
    Child p(play_command(), logs.dir(),
            {{"PATH", bin.dir().string() + ":" + std::string(getenv("PATH"))}});
    BOOST_REQUIRE(wait_for_row("slide", 5s));
    t.write("materi/deck.pptx", "PK\x03\x04 not really a deck");
    t.playlist(playlist_toml() + "[[slide]]\ndocument = \"materi/deck.pptx\"\nduration = "
                                 "\"2s\"\n");
    BOOST_REQUIRE_MESSAGE(wait_until([&] { return fs::exists(marker); }, 5s), p.err());
    const auto converting = Clock::now();
    // Slide rows go on being written while it converts (each is written on the main loop).
    const std::size_t slides = of_kind(rows(), "slide").size();
    BOOST_TEST(wait_until([&] { return of_kind(rows(), "slide").size() > slides; }, 4s));
    BOOST_TEST(of_kind(rows(), "reload").empty()); // still converting
    auto sent = Clock::now();
    p.signal(SIGTERM);
    BOOST_TEST(p.wait(3s) == 0);
    BOOST_TEST(ms_since(sent) < 1000.0);
    BOOST_TEST(ms_since(converting) < 7000.0); // stopped before the conversion ended
    BOOST_TEST(rows().back().kind == "stop");
}

BOOST_FIXTURE_TEST_CASE(good_edit_bad_edit_and_fix_while_playing, PlayFixture) {
    Child p(play_command(), logs.dir());
    BOOST_REQUIRE(wait_for_row("slide", 5s));

    // 1. A good edit: taken, one reload row.
    auto edited = Clock::now();
    t.playlist(playlist_toml("2s", "Dua Baru"));
    BOOST_REQUIRE(wait_until([&] { return of_kind(rows(), "reload").size() == 1; }, 3s));
    BOOST_TEST_MESSAGE("good edit to reload row: " << ms_since(edited) << " ms");
    BOOST_TEST(ms_since(edited) < 1500.0);
    Row good = of_kind(rows(), "reload")[0];
    BOOST_TEST(good.detail == "playlist.toml");
    BOOST_TEST(good.outcome == "played");

    // 2. A bad edit: refused with the place of the problem; the old playlist plays on.
    t.playlist(playlist_toml("2 detik", "Dua Baru"));
    BOOST_REQUIRE(wait_until([&] { return of_kind(rows(), "reload").size() == 2; }, 3s));
    Row bad = of_kind(rows(), "reload")[1];
    BOOST_TEST(bad.detail == "playlist.toml");
    BOOST_TEST(
        bad.outcome ==
        "skipped: playlist.toml:16:12: error: duration: \"2 detik\" is not a duration; write it "
        "like \"90s\", \"15m\", \"2h\" or \"1h30m\" (1 error; the last good playlist plays on)");
    BOOST_TEST(p.err().find(t.toml().string() + ":16:12: error: duration: \"2 detik\"") !=
               std::string::npos);
    // Slides still change after the refused edit: the playout never stopped.
    const double refused_at = seconds_of_day(bad.actual);
    BOOST_TEST(wait_until(
        [&] {
            for (const Row& r : of_kind(rows(), "slide"))
                if (seconds_of_day(r.actual) > refused_at) return true;
            return false;
        },
        4s));
    BOOST_TEST(p.running());
    BOOST_TEST(of_kind(rows(), "error").empty());

    // 3. The fix, saved the way editors do (a temporary file renamed over the playlist).
    t.write(".playlist.toml.tmp", playlist_toml("3s", "Dua Baru"));
    fs::rename(t.dir() / ".playlist.toml.tmp", t.toml());
    BOOST_REQUIRE(wait_until([&] { return of_kind(rows(), "reload").size() == 3; }, 3s));
    Row fix = of_kind(rows(), "reload")[2];
    BOOST_TEST(fix.detail == "playlist.toml");
    BOOST_TEST(fix.outcome == "played");

    // 4. The ticker file: a reload too (the ticker shows what the reload read).
    t.write("ticker.txt", "Pengumuman baru\n");
    BOOST_REQUIRE(wait_until([&] { return of_kind(rows(), "reload").size() == 4; }, 3s));
    BOOST_TEST(of_kind(rows(), "reload")[3].detail == "ticker.txt");
    BOOST_TEST(of_kind(rows(), "reload")[3].outcome == "played");

    p.signal(SIGTERM);
    BOOST_TEST(p.wait(3s) == 0);
    BOOST_TEST(rows().back().kind == "stop");
    BOOST_TEST(of_kind(rows(), "start").size() == 1u); // never restarted
}

BOOST_FIXTURE_TEST_CASE(an_unsynchronised_clock_is_said_in_the_journal_in_both_languages,
                        PlayFixture) {
    // The kernel's NTP state of a clock nobody synchronises, through a preloaded adjtimex
    // (tests/e2e/clock_unsynchronised.cpp): tsr reads it as on the office PC.
    const char* shim = std::getenv("TSR_TEST_CLOCK_UNSYNCHRONISED");
    BOOST_REQUIRE(shim && *shim);
    const char* asan = std::getenv("ASAN_OPTIONS");
    const std::string asan_options =
        std::string(asan ? asan : "") + (asan && *asan ? ":" : "") + "verify_asan_link_order=0";
    // The journal's line, and the state in the start row's detail, in each language.
    const std::map<std::string, std::pair<std::string, std::string>> expected{
        {"en",
         {"tsr play: clock NOT synchronised (NTP): the as-run log's times and the reminders "
          "follow a clock nobody checks; see that the PC reaches an NTP server (timedatectl "
          "status)",
          "; clock NOT synchronised (NTP); "}},
        {"id",
         {"tsr play: jam TIDAK tersinkron (NTP): waktu di log bukti dan pengingat mengikuti "
          "jam yang tidak diperiksa siapa pun; pastikan PC terhubung ke server NTP "
          "(timedatectl status)",
          "; jam TIDAK tersinkron (NTP); "}}};
    for (const auto& [language, said_as] : expected) {
        const auto& [line, in_row] = said_as;
        fs::remove(asrun);
        RunResult r = run({"env", "LD_PRELOAD=" + std::string(shim), "ASAN_OPTIONS=" + asan_options,
                           "LANGUAGE=" + language, tsr_exe(), "play", t.dir().string(), "--output",
                           "null", "--duration", "1s", "--asrun", asrun.string()});
        BOOST_TEST_CONTEXT(language) {
            BOOST_TEST(r.status == 0);
            const auto said = lines(r.err);
            BOOST_TEST_INFO(r.err);
            BOOST_TEST(std::count(said.begin(), said.end(), line) == 1);
            // The start row says it too.
            auto rows = this->rows();
            BOOST_REQUIRE(!rows.empty());
            BOOST_TEST_INFO(rows.front().detail);
            BOOST_TEST(rows.front().detail.find(in_row) != std::string::npos);
        }
    }
}

BOOST_FIXTURE_TEST_CASE(a_bad_playlist_at_start_is_refused_with_exit_1, PlayFixture) {
    t.playlist(playlist_toml("2 detik"));
    RunResult r = run({tsr_exe(), "play", t.dir().string(), "--output", "null", "--duration", "1s",
                       "--asrun", asrun.string()});
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.err.find(t.toml().string() + ":16:12: error:") == 0u);
    BOOST_TEST(!fs::exists(asrun));
}

BOOST_FIXTURE_TEST_CASE(command_line_mistakes_exit_2, PlayFixture) {
    BOOST_TEST(run({tsr_exe(), "play"}).status == 2);
    BOOST_TEST(run({tsr_exe(), "play", t.dir().string(), "--output", "hdmi"}).status == 2);
    BOOST_TEST(run({tsr_exe(), "play", t.dir().string(), "--output", "file:x.avi"}).status == 2);
    BOOST_TEST(run({tsr_exe(), "play", t.dir().string(), "--duration", "sebentar"}).status == 2);
}

BOOST_FIXTURE_TEST_CASE(an_output_that_keeps_failing_is_retried_with_a_growing_wait, PlayFixture) {
    // No such folder: every attempt to open the recording fails.
    RunResult r =
        run({tsr_exe(), "play", t.dir().string(), "--output", "file:/nonexistent-tsr-dir/x.mkv",
             "--duration", "8s", "--asrun", asrun.string()});
    BOOST_TEST(r.status == 0); // it kept trying until told to stop
    auto rows = this->rows();
    auto errors = of_kind(rows, "error");
    // Failures at about 0, 1, 3 and 7 s: waits of 1, 2 and 4 s, never a tight loop.
    BOOST_REQUIRE(errors.size() >= 3u);
    BOOST_TEST(errors.size() <= 5u);
    BOOST_TEST(errors[0].outcome == "skipped: output restarted in 1 s");
    BOOST_TEST(errors[1].outcome == "skipped: output restarted in 2 s");
    BOOST_TEST(errors[2].outcome == "skipped: output restarted in 4 s");
    BOOST_TEST(errors[0].id == "fileout");
    BOOST_TEST(errors[0].detail.find("nonexistent-tsr-dir") != std::string::npos);
    const double gap1 = seconds_of_day(errors[1].actual) - seconds_of_day(errors[0].actual);
    const double gap2 = seconds_of_day(errors[2].actual) - seconds_of_day(errors[1].actual);
    BOOST_TEST_MESSAGE("gaps between failures: " << gap1 << " s, " << gap2 << " s");
    BOOST_TEST(gap1 > 0.9);
    BOOST_TEST(gap1 < 2.0); // the first retry comes within 2 s
    BOOST_TEST(gap2 > 1.9);
    BOOST_TEST(gap2 < 3.0);
    BOOST_TEST(rows.back().kind == "stop");
    BOOST_TEST(r.err.find("starting the output again in 1 s") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(an_output_failing_while_playing_is_rebuilt_and_goes_on, PlayFixture) {
    // The recording goes to /dev/full: opening works, the first write fails (disk full). The
    // rebuilt output goes on in a new part beside it, x-2.mkv, which works.
    fs::create_symlink("/dev/full", logs.dir() / "x.mkv");
    RunResult r = run({tsr_exe(), "play", t.dir().string(), "--output",
                       "file:" + (logs.dir() / "x.mkv").string(), "--duration", "5s", "--asrun",
                       asrun.string()});
    BOOST_TEST(r.status == 0);
    auto rows = this->rows();
    auto errors = of_kind(rows, "error");
    // The disk-full failure, then the rebuilt output plays. (Under heavy load a second,
    // unrelated failure of the rebuilt output has been seen, once: x264enc "Can not initialize
    // x264 encoder"; it is retried like any other, so allow one more.)
    BOOST_REQUIRE_MESSAGE(errors.size() == 1u || errors.size() == 2u, slurp(asrun) << r.err);
    BOOST_TEST(errors[0].id == "fileout");
    BOOST_TEST(errors[0].detail == "No space left on the resource");
    BOOST_TEST(errors[0].outcome == "skipped: output restarted in 1 s");
    auto starts = of_kind(rows, "start");
    BOOST_REQUIRE_MESSAGE(starts.size() == 2u, slurp(asrun) << r.err);
    BOOST_TEST(starts[1].detail.find("resumed after an error") == 0u);
    const double back_after =
        seconds_of_day(starts[1].actual) - seconds_of_day(errors.back().actual);
    BOOST_TEST_MESSAGE("failure to playing again: " << back_after << " s");
    BOOST_TEST(back_after < (errors.size() == 1u ? 2.0 : 3.0));
    // Slides went on being logged after the recovery, and the new part holds a recording.
    bool slide_after = false;
    for (const Row& s : of_kind(rows, "slide"))
        if (seconds_of_day(s.actual) > seconds_of_day(starts[1].actual)) slide_after = true;
    BOOST_TEST(slide_after);
    fs::path part = logs.dir() / ("x-" + std::to_string(errors.size() + 1) + ".mkv");
    BOOST_REQUIRE(fs::exists(part));
    std::string head = slurp(part).substr(0, 4);
    BOOST_TEST(head == std::string("\x1a\x45\xdf\xa3")); // EBML: a Matroska file
    BOOST_TEST(fs::file_size(part) > 10000u);
    BOOST_TEST(rows.back().kind == "stop");
}

BOOST_FIXTURE_TEST_CASE(an_output_rebuilt_after_a_bad_edit_plays_the_last_good_playlist,
                        PlayFixture) {
    // The recording's folder is missing at first: the output fails and is retried. Meanwhile
    // a bad edit lands on disk (refused). Then the folder appears: the rebuilt elements must
    // take the last good playlist the player published, not the broken file.
    fs::path dir = logs.dir() / "later";
    Child p({tsr_exe(), "play", t.dir().string(), "--output", "file:" + (dir / "x.mkv").string(),
             "--asrun", asrun.string()},
            logs.dir());
    BOOST_REQUIRE(wait_until([&] { return !of_kind(rows(), "error").empty(); }, 5s));
    t.playlist(playlist_toml("2 detik"));
    BOOST_REQUIRE_MESSAGE(wait_until([&] { return !of_kind(rows(), "reload").empty(); }, 3s),
                          slurp(asrun) << p.err());
    BOOST_TEST(of_kind(rows(), "reload")[0].outcome.find("skipped: playlist.toml:16:12:") == 0u);
    fs::create_directories(dir);
    BOOST_REQUIRE(wait_until([&] { return of_kind(rows(), "start").size() == 2; }, 6s));
    BOOST_TEST(of_kind(rows(), "start")[1].detail.find("resumed after an error") == 0u);
    const std::size_t errors = of_kind(rows(), "error").size();
    // Playing on: a slide change after the resume, and no new error.
    const double resumed = seconds_of_day(of_kind(rows(), "start")[1].actual);
    BOOST_TEST(wait_until(
        [&] {
            for (const Row& r : of_kind(rows(), "slide"))
                if (seconds_of_day(r.actual) > resumed) return true;
            return false;
        },
        4s));
    BOOST_TEST(of_kind(rows(), "error").size() == errors);
    BOOST_TEST(p.running());
    p.signal(SIGTERM);
    BOOST_TEST(p.wait(3s) == 0);
    BOOST_TEST(p.err().find("The playlist has errors") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(auto_without_a_screen_plays_to_nothing_and_says_so, PlayFixture,
                        *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
                            return boost::test_tools::assertion_result(!fs::exists("/dev/dri"));
                        })) {
    Child p({tsr_exe(), "play", t.dir().string(), "--duration", "3s", "--asrun", asrun.string()},
            logs.dir(), {{"DISPLAY", std::nullopt}, {"WAYLAND_DISPLAY", std::nullopt}}, logs.dir());
    BOOST_REQUIRE(p.wait(10s) == 0);
    std::string out = p.out();
    BOOST_TEST(out.find("tsr play: output null (nothing shown): no screen found (") == 0u, out);
    BOOST_TEST(out.find("): playing to nothing, the as-run log goes on (record on purpose with "
                        "--output file:PATH)\n") != std::string::npos);
    // No recording grows on the disk (it was 13-19 GB a day).
    for (const auto& e : fs::directory_iterator(logs.dir()))
        BOOST_TEST(e.path().filename().string().rfind("tsr-playout-", 0) != 0u, e.path());
    auto rows = this->rows();
    BOOST_REQUIRE(!rows.empty());
    BOOST_TEST(rows.front().detail.rfind("play to null (nothing shown); clock ", 0) == 0u,
               rows.front().detail);
    // Nobody saw or heard it: the proof says so, row by row.
    BOOST_REQUIRE(!of_kind(rows, "slide").empty());
    for (const Row& r : of_kind(rows, "slide"))
        BOOST_TEST(r.outcome == "skipped: no screen found: played to nothing", r.outcome);
    BOOST_TEST(rows.back().kind == "stop");
}

// tsr play --output kms holds the DRM card for kms-dpms (tools/kms_screen.hpp): `auto` tries it
// after CEC. Here there is no card, so the row says why, and the show goes on.
BOOST_FIXTURE_TEST_CASE(kms_output_tries_kms_dpms_after_cec_and_says_why_it_cannot, PlayFixture,
                        *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
                            std::error_code ec;
                            bool cec = false;
                            for (auto it = fs::directory_iterator("/dev", ec);
                                 !ec && it != fs::directory_iterator(); it.increment(ec))
                                cec = cec || it->path().filename().string().rfind("cec", 0) == 0;
                            return boost::test_tools::assertion_result(!fs::exists("/dev/dri") &&
                                                                       !cec);
                        })) {
    // The TV is meant to be on all day (whatever the time now): one change, at start.
    std::string toml = playlist_toml();
    toml.replace(toml.find("framerate = 10\n"), 15, "framerate = 10\non = \"00:00-24:00\"\n");
    t.playlist(toml);
    // No USB CEC adapter either (a fake cec-client first on PATH).
    const fs::path bin = logs.dir() / "bin";
    fs::create_directories(bin);
    std::ofstream(bin / "cec-client") << "#!/bin/sh\nprintf 'Found devices: NONE\\n'\n";
    fs::permissions(bin / "cec-client", fs::perms::owner_all);
    const char* path = std::getenv("PATH");
    Child p({tsr_exe(), "play", t.dir().string(), "--output", "kms", "--duration", "3s", "--asrun",
             asrun.string()},
            logs.dir(),
            {{"DISPLAY", std::nullopt},
             {"TSR_TV_POWER", std::nullopt},
             {"PATH", bin.string() + ":" + (path ? path : "/usr/bin")}});
    BOOST_REQUIRE(p.wait(15s) == 0);
    auto power = of_kind(rows(), "power");
    BOOST_REQUIRE_EQUAL(power.size(), 1u);
    BOOST_TEST(power[0].detail ==
               "on (office hours 00:00-24:00, at start): none, no method worked (hdmi-cec-usb: no "
               "USB CEC adapter found; kms-dpms: no DRM device (/dev/dri does not exist))");
    BOOST_TEST(power[0].outcome == "skipped: the TV could not be switched");
    BOOST_TEST(rows().back().kind == "stop");
}

namespace {

/// Every row of the as-run files in `folder`/asrun, oldest file first.
std::vector<Row> folder_rows(const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(folder / "asrun", ec))
        if (e.path().extension() == ".csv") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Row> out;
    for (const fs::path& f : files)
        for (Row& r : read_rows(f))
            out.push_back(std::move(r));
    return out;
}

void copy_playlist(const fs::path& to, const std::string& title) {
    fs::create_directories(to);
    std::ofstream(to / "hijau.svg") << slide_template();
    std::ofstream(to / "ticker.txt") << "Selamat datang\n";
    std::ofstream(to / "playlist.toml") << playlist_toml("2s", title);
}

} // namespace

BOOST_FIXTURE_TEST_CASE(a_replaced_folder_is_watched_again_and_its_as_run_log_follows,
                        PlayFixture) {
    // The as-run log inside the folder (the default), as on the office PC.
    const fs::path folder = logs.dir() / "kantor";
    copy_playlist(folder, "Lama");
    Child p({tsr_exe(), "play", folder.string(), "--output", "null"}, logs.dir());
    BOOST_REQUIRE_MESSAGE(
        wait_until([&] { return !of_kind(folder_rows(folder), "slide").empty(); }, 5s), p.err());
    BOOST_REQUIRE(
        wait_until([&] { return fs::exists(folder / ".tsr-last-good/playlist.toml"); }, 3s));
    // The folder moved away and a new one moved into its place (a deploy with mv).
    copy_playlist(logs.dir() / "kantor-baru", "Baru");
    fs::rename(folder, logs.dir() / "kantor-lama");
    fs::rename(logs.dir() / "kantor-baru", folder);
    BOOST_REQUIRE_MESSAGE(
        wait_until([&] { return !of_kind(folder_rows(folder), "reload").empty(); }, 8s),
        "running " << p.running() << " status " << p.wait(0ms) << " stderr: " << p.err()
                   << " old rows: " << folder_rows(logs.dir() / "kantor-lama").size()
                   << " new rows: " << folder_rows(folder).size() << " out: " << p.out());
    Row replaced = of_kind(folder_rows(folder), "reload")[0];
    BOOST_TEST(replaced.detail == "the playlist folder was replaced");
    BOOST_TEST(replaced.outcome == "played");
    // Edits of the new folder are taken, and logged in it.
    std::ofstream(folder / "ticker.txt") << "Pengumuman baru\n";
    BOOST_REQUIRE(
        wait_until([&] { return of_kind(folder_rows(folder), "reload").size() == 2; }, 3s));
    BOOST_TEST(of_kind(folder_rows(folder), "reload")[1].detail == "ticker.txt");
    // The new title comes on screen.
    BOOST_TEST(wait_until(
        [&] {
            for (const Row& r : of_kind(folder_rows(folder), "slide"))
                if (r.detail.find("Baru") != std::string::npos) return true;
            return false;
        },
        5s));
    p.signal(SIGTERM);
    BOOST_TEST(p.wait(3s) == 0);
    BOOST_TEST(folder_rows(folder).back().kind == "stop");
    // The old folder's log got nothing after the move: no reload, no stop.
    auto old_rows = folder_rows(logs.dir() / "kantor-lama");
    BOOST_TEST(!old_rows.empty());
    BOOST_TEST(of_kind(old_rows, "reload").empty());
    BOOST_TEST(of_kind(old_rows, "stop").empty());
    // Each playlist.toml that played is kept for the monthly report, named by its SHA-256
    // as the start and playlist rows give it.
    for (const fs::path& f : {logs.dir() / "kantor-lama", folder}) {
        RunResult sum = run({"sha256sum", (f / "playlist.toml").string()});
        BOOST_REQUIRE(sum.status == 0);
        const fs::path copy = f / "asrun" / "playlists" / (sum.out.substr(0, 64) + ".toml");
        BOOST_TEST(slurp(copy) == slurp(f / "playlist.toml"), copy);
    }
}

namespace {

/// A screenshot read from an XWD file (xwd -root): 24/32-bit TrueColor only.
struct Shot {
    int width = 0, height = 0;
    std::string pixels;
    std::uint32_t bpl = 0, red_mask = 0, green_mask = 0, blue_mask = 0;
    bool msb = false;

    static std::optional<Shot> read(const fs::path& file) {
        std::string d = slurp(file);
        if (d.size() < 100) return std::nullopt;
        auto u32 = [&](std::size_t i) {
            auto b = reinterpret_cast<const unsigned char*>(d.data()) + i * 4;
            return std::uint32_t(b[0]) << 24 | std::uint32_t(b[1]) << 16 |
                   std::uint32_t(b[2]) << 8 | b[3];
        };
        Shot s;
        std::uint32_t header = u32(0), bpp = u32(11), ncolors = u32(19);
        s.width = int(u32(4));
        s.height = int(u32(5));
        s.msb = u32(7) == 1;
        s.bpl = u32(12);
        s.red_mask = u32(14);
        s.green_mask = u32(15);
        s.blue_mask = u32(16);
        if (bpp != 32) return std::nullopt;
        std::size_t off = header + std::size_t(ncolors) * 12;
        if (d.size() < off + std::size_t(s.bpl) * std::size_t(s.height)) return std::nullopt;
        s.pixels = d.substr(off);
        return s;
    }
    std::array<int, 3> rgb(int x, int y) const {
        auto b = reinterpret_cast<const unsigned char*>(pixels.data()) + std::size_t(y) * bpl +
                 std::size_t(x) * 4;
        std::uint32_t v = msb ? (std::uint32_t(b[0]) << 24 | std::uint32_t(b[1]) << 16 |
                                 std::uint32_t(b[2]) << 8 | b[3])
                              : (std::uint32_t(b[3]) << 24 | std::uint32_t(b[2]) << 16 |
                                 std::uint32_t(b[1]) << 8 | b[0]);
        auto channel = [&](std::uint32_t mask) {
            int shift = 0;
            while (mask && !(mask & 1))
                mask >>= 1, ++shift;
            return int((v >> shift) & mask);
        };
        return {channel(red_mask), channel(green_mask), channel(blue_mask)};
    }
};

bool near(std::array<int, 3> c, std::array<int, 3> want) {
    for (int i = 0; i < 3; ++i)
        if (std::abs(c[i] - want[i]) > 12) return false;
    return true;
}

} // namespace

BOOST_FIXTURE_TEST_CASE(fullscreen_in_an_x_server_shows_the_slide_over_the_whole_screen,
                        PlayFixture) {
    // Xvfb picks a free display itself and writes its number to the pipe (-displayfd): no
    // race with other tests starting X servers at the same time.
    int fds[2];
    BOOST_REQUIRE(pipe(fds) == 0);
    Child xvfb({"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0", "1280x720x24",
                "-nolisten", "tcp"},
               logs.dir());
    close(fds[1]);
    std::string number;
    pollfd pfd{fds[0], POLLIN, 0};
    for (auto until = Clock::now() + 10s;
         Clock::now() < until && number.find('\n') == std::string::npos;) {
        if (poll(&pfd, 1, 100) <= 0) continue;
        char buf[16];
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n <= 0) break;
        number.append(buf, std::size_t(n));
    }
    close(fds[0]);
    BOOST_REQUIRE_MESSAGE(number.find('\n') != std::string::npos,
                          "Xvfb did not start: " << xvfb.err());
    const std::string name = ":" + number.substr(0, number.find('\n'));

    Child p({tsr_exe(), "play", t.dir().string(), "--output", "fullscreen", "--duration", "8s",
             "--asrun", asrun.string()},
            logs.dir(), {{"DISPLAY", name}});
    // Playing (the start row, a slide change at the next even second), then the screenshot.
    BOOST_REQUIRE(wait_for_row("start", 5s));
    std::this_thread::sleep_for(2000ms);
    BOOST_REQUIRE(p.running());
    auto screenshot = [&](const std::string& file) {
        fs::path shot_file = logs.dir() / file;
        RunResult x =
            run({"xwd", "-root", "-silent", "-display", name, "-out", shot_file.string()});
        BOOST_TEST_REQUIRE(x.status == 0, x.err);
        auto shot = Shot::read(shot_file);
        BOOST_TEST_REQUIRE(shot.has_value());
        BOOST_TEST(shot->width == 1280);
        BOOST_TEST(shot->height == 720);
        return *shot;
    };
    /// Of a grid over the screen above the ticker band, the share of pixels that are `color`.
    auto share = [](const Shot& shot, std::array<int, 3> color) {
        int sampled = 0, matching = 0;
        for (int y = 10; y < 640; y += 20)
            for (int x = 10; x < 1280; x += 20) {
                ++sampled;
                if (near(shot.rgb(x, y), color)) ++matching;
            }
        return double(matching) / sampled;
    };
    const std::array<int, 3> green{0x2e, 0x8b, 0x57}, red{0xb2, 0x22, 0x22};
    Shot first = screenshot("shot1.xwd");

    // Hot reload on the screen: the template turns red, saved the way `sed -i` does (a
    // temporary file renamed over it). The slides take the published playlist between frames.
    t.write("sedT3mp", slide_template("#b22222"));
    fs::rename(t.dir() / "sedT3mp", t.dir() / "hijau.svg");
    BOOST_REQUIRE(wait_until([&] { return !of_kind(rows(), "reload").empty(); }, 3s));
    // Live, the new picture is rendered by the worker while the old one shows, and the slides
    // go to the screen a third of a second a buffer: it shows within about a second.
    std::optional<Shot> second;
    const bool turned_red = wait_until(
        [&] {
            second = screenshot("shot2.xwd");
            return share(*second, red) > 0.9;
        },
        2500ms);
    BOOST_REQUIRE(p.running());
    BOOST_TEST(p.wait(6s) == 0, p.err());
    BOOST_TEST(p.err().find("X error") == std::string::npos);

    // The slide's green over the screen (the title text aside): the 640x360 show scaled up to
    // the whole 1280x720 screen, not drawn small in a corner.
    BOOST_TEST_MESSAGE("green before the edit: " << share(first, green));
    BOOST_TEST(share(first, green) > 0.9);
    for (auto [x, y] : {std::pair{4, 4}, {1275, 4}, {1275, 600}, {640, 360}, {4, 600}})
        BOOST_TEST(near(first.rgb(x, y), green), "pixel " << x << "," << y);
    // The ticker band at the bottom is there too (dark, not green).
    BOOST_TEST(!near(first.rgb(640, 705), green));
    BOOST_TEST_MESSAGE("red after the edit: " << share(*second, red));
    BOOST_TEST(turned_red);

    auto rows = this->rows();
    BOOST_REQUIRE(!rows.empty());
    BOOST_TEST(rows.front().detail.rfind("play to fullscreen; clock ", 0) == 0u);
    auto reloads = of_kind(rows, "reload");
    BOOST_REQUIRE(reloads.size() == 1u);
    BOOST_TEST(reloads[0].detail == "hijau.svg");
    BOOST_TEST(reloads[0].outcome == "played");
    BOOST_TEST(of_kind(rows, "start").size() == 1u); // taken while playing, no restart
    BOOST_TEST(rows.back().kind == "stop");
    BOOST_TEST(of_kind(rows, "error").empty());
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

/// A recording into a named pipe that this test reads or stops reading: stopped, the pipe
/// fills, the recording's writes block and no new frame reaches `fileout` (a frozen output).
struct FrozenPipe {
    fs::path path;
    int fd = -1;
    std::vector<char> buf = std::vector<char>(1 << 16);
    explicit FrozenPipe(const fs::path& p) : path(p) {
        BOOST_REQUIRE(mkfifo(p.c_str(), 0600) == 0);
        fd = open(p.c_str(), O_RDONLY | O_NONBLOCK); // before tsr opens it to write
        BOOST_REQUIRE(fd >= 0);
    }
    ~FrozenPipe() { close(fd); }
    void drain() {
        while (read(fd, buf.data(), buf.size()) > 0) {
        }
    }
    /// Reads for `how_long`, as a recording's reader would.
    void read_for(std::chrono::milliseconds how_long) {
        auto t0 = Clock::now();
        while (Clock::now() - t0 < how_long) {
            drain();
            std::this_thread::sleep_for(20ms);
        }
    }
};

const std::string kStall = "watchdog: no new frame reached fileout for 5 s";

} // namespace

BOOST_FIXTURE_TEST_CASE(a_frozen_output_is_rebuilt_by_the_watchdog, PlayFixture) {
    FrozenPipe pipe(logs.dir() / "x.mkv");
    Child p({tsr_exe(), "play", t.dir().string(), "--output", "file:" + pipe.path.string(),
             "--duration", "40s", "--asrun", asrun.string()},
            logs.dir());
    pipe.read_for(3s);
    BOOST_REQUIRE_MESSAGE(!of_kind(rows(), "slide").empty(), p.err());
    // Stop reading: within the stall bound (5 s) after the pipe is full, the watchdog says so.
    const auto frozen = Clock::now();
    BOOST_REQUIRE_MESSAGE(
        wait_until([&] { return p.err().find("tsr play: " + kStall) != std::string::npos; }, 15s),
        p.err());
    const double seen_after = ms_since(frozen) / 1000;
    BOOST_TEST_MESSAGE("stall reported " << seen_after << " s after the reader stopped");
    BOOST_TEST(seen_after >= 5.0);
    // Reading again lets the blocked write return: the teardown ends, the output is rebuilt
    // (in a new part, x-2.mkv) and plays.
    BOOST_REQUIRE_MESSAGE(wait_until(
                              [&] {
                                  pipe.drain();
                                  return of_kind(rows(), "start").size() == 2u;
                              },
                              8s),
                          slurp(asrun) << p.err());
    auto errors = of_kind(rows(), "error");
    BOOST_REQUIRE_EQUAL(errors.size(), 1u);
    BOOST_TEST(errors[0].id == "watchdog");
    BOOST_TEST(errors[0].detail == "no new frame reached fileout for 5 s");
    BOOST_TEST(errors[0].outcome == "skipped: output restarted in 1 s");
    auto starts = of_kind(rows(), "start");
    BOOST_TEST(starts[1].detail.find("resumed after an error") == 0u);
    BOOST_TEST(fs::exists(logs.dir() / "x-2.mkv"));
    BOOST_TEST(p.running());
    p.signal(SIGTERM);
    BOOST_TEST(p.wait(5s) == 0);
}

BOOST_FIXTURE_TEST_CASE(a_teardown_that_hangs_ends_the_process_for_systemd_to_restart,
                        PlayFixture) {
    FrozenPipe pipe(logs.dir() / "x.mkv");
    Child p({tsr_exe(), "play", t.dir().string(), "--output", "file:" + pipe.path.string(),
             "--duration", "60s", "--asrun", asrun.string()},
            logs.dir());
    pipe.read_for(3s);
    // Never read again: the write never returns, so neither does the teardown.
    BOOST_REQUIRE_MESSAGE(
        wait_until([&] { return p.err().find("tsr play: " + kStall) != std::string::npos; }, 15s),
        p.err());
    const auto stalled = Clock::now();
    const int status = p.wait(15s);
    const double exited_after = ms_since(stalled) / 1000;
    BOOST_TEST_MESSAGE("exited " << exited_after << " s after the stall");
    BOOST_TEST(status == 3);
    BOOST_TEST(exited_after >= 9.5);
    BOOST_TEST(exited_after < 12.0);
    BOOST_TEST(p.err().find("tsr play: stopping the pipeline hung for more than 10 s; exiting so "
                            "that the service is started again\n") != std::string::npos);
    // The error row was written before the teardown.
    auto errors = of_kind(rows(), "error");
    BOOST_REQUIRE_EQUAL(errors.size(), 1u);
    BOOST_TEST(errors[0].detail == "no new frame reached fileout for 5 s");
}
