#include "test_support.hpp"

#include <glib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace tsr::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
    GError* err = nullptr;
    gchar* d = g_dir_make_tmp("tsr-test-XXXXXX", &err);
    if (!d) throw std::runtime_error(err ? err->message : "g_dir_make_tmp failed");
    path = d;
    g_free(d);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
}

void ffmpeg(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"ffmpeg", "-nostdin", "-y", "-loglevel", "error"};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult r = run(argv);
    if (r.status != 0) throw std::runtime_error("ffmpeg failed: " + r.err);
}

fs::path colour_clip(const fs::path& file, const std::vector<std::uint32_t>& colours, int fps,
                     bool sound, int width, int height) {
    fs::create_directories(file.parent_path());
    std::vector<std::string> args;
    std::string graph;
    char colour[16];
    for (std::size_t i = 0; i < colours.size(); ++i) {
        std::snprintf(colour, sizeof colour, "0x%06X", unsigned(colours[i]));
        args.insert(args.end(),
                    {"-f", "lavfi", "-i",
                     std::string("color=c=") + colour + ":s=" + std::to_string(width) + "x" +
                         std::to_string(height) + ":r=" + std::to_string(fps) + ":d=1"});
        graph += "[" + std::to_string(i) + ":v]";
    }
    graph += "concat=n=" + std::to_string(colours.size()) + ":v=1:a=0[v]";
    if (sound)
        args.insert(args.end(), {"-f", "lavfi", "-i",
                                 "sine=frequency=440:sample_rate=48000:duration=" +
                                     std::to_string(colours.size())});
    args.insert(args.end(), {"-filter_complex", graph, "-map", "[v]"});
    if (sound)
        args.insert(args.end(),
                    {"-map", std::to_string(colours.size()) + ":a", "-c:a", "aac", "-b:a", "64k"});
    args.insert(args.end(), {"-c:v", "libx264", "-pix_fmt", "yuv420p", "-g",
                             std::to_string(3 * fps), "-threads", "1", file.string()});
    ffmpeg(args);
    return file;
}

fs::path TempPlaylist::write(const std::string& name, const std::string& content) const {
    fs::path p = dir() / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
}

fs::path TempPlaylist::tone(const std::string& name, int freq, double seconds) const {
    fs::path p = dir() / name;
    fs::create_directories(p.parent_path());
    // Encoding is the slow part of most loader tests: each tone is made once per test
    // program and copied (the container follows the extension, so that is part of the key).
    static TempDir made;
    std::ostringstream key;
    key << freq << "-" << seconds << p.extension().string();
    fs::path cached = made.path / key.str();
    if (!fs::exists(cached)) {
        std::ostringstream src;
        src << "sine=frequency=" << freq << ":sample_rate=48000:duration=" << seconds;
        ffmpeg({"-f", "lavfi", "-i", src.str(), "-c:a", "aac", "-b:a", "64k", "-ac", "1",
                cached.string()});
    }
    fs::copy_file(cached, p, fs::copy_options::overwrite_existing);
    return p;
}

RunResult run(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    gchar *out = nullptr, *err = nullptr;
    gint status = 0;
    GError* error = nullptr;
    RunResult r;
    if (!g_spawn_sync(nullptr, args.data(), nullptr, G_SPAWN_SEARCH_PATH, nullptr, nullptr, &out,
                      &err, &status, &error)) {
        r.err = error ? error->message : "spawn failed";
        if (error) g_error_free(error);
        return r;
    }
    r.out = out ? out : "";
    r.err = err ? err : "";
    g_free(out);
    g_free(err);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

fs::path source_root() {
    const char* s = g_getenv("TSR_SOURCE_ROOT");
    return s ? fs::path(s) : fs::current_path();
}

std::string tsr_exe() {
    const char* s = g_getenv("TSR_EXE");
    return s ? s : "tsr";
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string l; std::getline(ss, l);)
        out.push_back(l);
    return out;
}

Wav read_wav(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::string d((std::istreambuf_iterator<char>(in)), {});
    Wav w;
    if (d.size() <= 44 || d.compare(0, 4, "RIFF") != 0) return w;
    std::size_t at = 12;
    while (at + 8 <= d.size()) {
        std::string id = d.substr(at, 4);
        std::uint32_t size;
        std::memcpy(&size, &d[at + 4], 4);
        if (id == "fmt " && at + 16 <= d.size()) {
            std::uint16_t ch;
            std::uint32_t rate;
            std::memcpy(&ch, &d[at + 10], 2);
            std::memcpy(&rate, &d[at + 12], 4);
            w.channels = ch;
            w.rate = int(rate);
        } else if (id == "data") {
            std::size_t n = std::min<std::size_t>(size, d.size() - at - 8) / 2;
            w.samples.resize(n);
            std::memcpy(w.samples.data(), &d[at + 8], n * 2);
            break;
        }
        at += 8 + std::size_t(size) + (size & 1);
    }
    return w;
}

bool has_cec_device() {
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/dev", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        if (it->path().filename().string().rfind("cec", 0) == 0) return true;
    return false;
}

} // namespace tsr::test
