// Shared by every test executable: temporary playlist folders with real files in them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tsr::test {

/// A fresh temporary directory, removed with everything in it at the end of the test.
struct TempDir {
    std::filesystem::path path;
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

/// Runs ffmpeg with `args` (after -nostdin -y -loglevel error); throws with ffmpeg's message
/// when it fails, which fails the test.
void ffmpeg(const std::vector<std::string>& args);

/// An H.264 MP4 clip made with ffmpeg: each colour (0xRRGGBB) fills the whole picture for one
/// second, in order, at `fps` frames a second (a keyframe every 3 s, so a seek decodes from an
/// earlier keyframe); with `sound`, an AAC 440 Hz tone as long. Returns `file`.
std::filesystem::path colour_clip(const std::filesystem::path& file,
                                  const std::vector<std::uint32_t>& colours, int fps = 10,
                                  bool sound = true, int width = 160, int height = 120);

/// A playlist folder in a fresh temporary directory, removed at the end of the test.
class TempPlaylist {
  public:
    TempPlaylist() = default;
    TempPlaylist(const TempPlaylist&) = delete;
    TempPlaylist& operator=(const TempPlaylist&) = delete;

    const std::filesystem::path& dir() const { return tmp_.path; }
    std::filesystem::path toml() const { return dir() / "playlist.toml"; }
    /// Writes a file (creating folders); `name` relative to the playlist folder.
    std::filesystem::path write(const std::string& name, const std::string& content) const;
    /// Writes playlist.toml.
    void playlist(const std::string& content) const { write("playlist.toml", content); }
    /// A real AAC .m4a tone: `freq` Hz for `seconds`, 48 kHz mono (made with ffmpeg).
    std::filesystem::path tone(const std::string& name, int freq, double seconds) const;

  private:
    TempDir tmp_;
};

/// Runs a command; returns its exit status and what it printed on stdout and stderr.
struct RunResult {
    int status = -1;
    std::string out;
    std::string err;
};
RunResult run(const std::vector<std::string>& argv);

/// The source tree root and the built tsr command (set by tests/meson.build).
std::filesystem::path source_root();
std::string tsr_exe();

/// Whether this machine has a /dev/cec* (an HDMI-CEC device): tsr's `auto` TV switching then
/// picks cec-ctl, so tests of the other methods skip.
bool has_cec_device();

/// Lines of a text.
std::vector<std::string> lines(const std::string& text);

/// A PCM S16 WAV as wavenc writes it: samples interleaved. rate 0 when the file is not a
/// RIFF WAV or has no fmt chunk.
struct Wav {
    int rate = 0;
    int channels = 0;
    std::vector<std::int16_t> samples;
};

/// Reads `p` (finds the "fmt " and "data" chunks).
Wav read_wav(const std::filesystem::path& p);

} // namespace tsr::test
