// The fuzz target of the playlist loader and the schedule: one input is one playlist.toml.
// Built two ways (fuzz/meson.build): with clang and libFuzzer (-Dfuzz=true, tools/fuzz),
// and with the project's compiler behind replay_main.cpp, so that every kept input
// (fuzz/corpus, fuzz/regressions) stays a test.
//
// Nothing here reads the real clock: "now" and the schedule's windows are fixed instants.
#include "playlist_loader.hpp"
#include "schedule.hpp"

#include <glib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

// Monday 30 November 2026, 08:00 WIB: the instant every input is loaded and scheduled at.
const tsr::Instant kNow = tsr::Instant(sys_days(2026y / November / 30) + 1h);

// Names the seed playlists (demo and tests) give their audio; each gets the one real tone,
// so that seeds are accepted with check_files on and mutations reach the schedule.
const char* const kAudioNames[] = {
    "audio/chime.m4a",
    "audio/musik.m4a",
    "audio/apel-10-menit.m4a",
    "audio/apel-mulai.m4a",
    "audio/rapat-15-menit.m4a",
    "audio/rapat-mulai.m4a",
    "audio/bansos-30-menit.m4a",
    "audio/dtks-10-menit.m4a",
    "audio/tutup-15-menit.m4a",
    "audio/laporan-besok.m4a",
    "audio/laporan-2-jam.m4a",
    "audio/spj-besok.m4a",
    "audio/rapat.m4a",
    "audio/pagi.m4a",
    "audio/bg.m4a",
    "audio/ok.m4a",
    "audio/mulai.m4a",
    "chime.m4a",
    "pagi.m4a",
    "sore.m4a",
    "a.m4a",
    "b.m4a",
    "bg.m4a",
    "voice.m4a",
};

const char kLogo[] = R"(<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">)"
                     R"(<rect width="64" height="64" fill="#0a5"/></svg>)";

bool run_ffmpeg_tone(const fs::path& out) {
    // Half a second of 440 Hz, AAC in MPEG-4, as tests/support makes its tones.
    const char* argv[] = {
        "ffmpeg",    "-nostdin", "-y",
        "-loglevel", "error",    "-f",
        "lavfi",     "-i",       "sine=frequency=440:sample_rate=48000:duration=0.5",
        "-c:a",      "aac",      "-b:a",
        "64k",       "-ac",      "1",
        out.c_str(), nullptr};
    gint status = 0;
    GError* err = nullptr;
    gboolean ok = g_spawn_sync(nullptr, const_cast<gchar**>(argv), nullptr, G_SPAWN_SEARCH_PATH,
                               nullptr, nullptr, nullptr, nullptr, &status, &err);
    if (err) {
        std::fprintf(stderr, "playlist fuzzer: ffmpeg: %s\n", err->message);
        g_error_free(err);
    }
    return ok && g_spawn_check_wait_status(status, nullptr);
}

/// The playlist folder: made once per process and reused for every input, removed at exit.
struct Folder {
    fs::path dir;

    Folder() {
        // The default timezone is the machine's: pin it so that results never depend on it.
        setenv("TZ", "UTC", 1);
        gchar* made = g_dir_make_tmp("tsr-fuzz-XXXXXX", nullptr);
        if (!made) std::abort();
        dir = made;
        g_free(made);
        fs::create_directories(dir / "audio");
        fs::create_directories(dir / "images");
        fs::create_directories(dir / "templates");

        // tools/fuzz makes the tone once for all processes (TSR_FUZZ_TONE); otherwise
        // (the replay test) this process makes it.
        fs::path tone = dir / "audio" / "tone.m4a";
        const char* given = std::getenv("TSR_FUZZ_TONE");
        std::error_code ec;
        if (given && *given && fs::is_regular_file(given, ec))
            fs::copy_file(given, tone, fs::copy_options::overwrite_existing);
        else if (!run_ffmpeg_tone(tone)) {
            std::fprintf(stderr, "playlist fuzzer: could not make %s with ffmpeg\n", tone.c_str());
            std::abort();
        }
        for (const char* name : kAudioNames)
            fs::copy_file(tone, dir / name, fs::copy_options::overwrite_existing);

        std::ofstream(dir / "images" / "logo.svg") << kLogo;
        std::ofstream(dir / "logo.svg") << kLogo;
        std::ofstream(dir / "ticker.txt") << "Baris satu\nBaris dua\n";
        // Own templates: copies of the built-in ones, with and without a tsr:repeat group.
        for (const char* t : {"agenda", "info"}) {
            fs::path from = tsr::builtin_templates_dir() / (std::string(t) + ".svg");
            if (fs::is_regular_file(from, ec)) {
                fs::copy_file(from, dir / "templates" / (std::string(t) + "-kantor.svg"),
                              fs::copy_options::overwrite_existing);
                fs::copy_file(from, dir / (std::string(t) + "-kantor.svg"),
                              fs::copy_options::overwrite_existing);
            }
        }
    }
    ~Folder() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

const Folder& folder() {
    static const Folder f;
    return f;
}

void schedule(const tsr::Playlist& p) {
    // What the TV and `tsr timeline` ask: 3 days of cues, a week of queued reminders.
    auto cues = tsr::cues(p, kNow, kNow + days(3));
    auto program = tsr::reminder_program(p, kNow, kNow + days(7));
    // Keep the results observable so that nothing is optimised away.
    volatile std::size_t sink = cues.size() + program.size();
    (void)sink;
}

} // namespace

namespace {

const fs::path& write_input(const std::uint8_t* data, std::size_t size) {
    const Folder& f = folder();
    std::ofstream out(f.dir / "playlist.toml", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    return f.dir;
}

} // namespace

std::string playlist_fuzz_refusal(const std::uint8_t* data, std::size_t size) {
    tsr::LoadResult r = tsr::load_playlist(write_input(data, size), tsr::LoadOptions{kNow, true});
    if (r.playlist) return {};
    std::string why;
    for (const tsr::Diagnostic& d : r.diagnostics.all())
        why += tsr::format_diagnostic(d) + "\n";
    return why.empty() ? "refused without a message\n" : why;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fs::path& dir = write_input(data, size);
    tsr::LoadResult r = tsr::load_playlist(dir, tsr::LoadOptions{kNow, true});
    // A playlist refused only for its files (names the folder lacks) still has a schedule:
    // load it again without looking into files, as the schedule tests do.
    if (!r.playlist) r = tsr::load_playlist(dir, tsr::LoadOptions{kNow, false});
    if (r.playlist) schedule(*r.playlist);
    return 0;
}
