// Replays inputs through the fuzz target without libFuzzer:
//   playlist-replay [--seeds DIR] PATH...
// Each file (a PATH, or the files of a folder PATH, sorted by name) is run once through
// LLVMFuzzerTestOneInput; a crash or a sanitizer report fails the run, and the file being
// replayed is printed first so that the log names it. The seeds of --seeds DIR must also be
// accepted with their files checked: a seed the loader refuses fuzzes only the refusal.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
/// Empty when the input is accepted with files checked; else the loader's messages.
std::string playlist_fuzz_refusal(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

namespace {

struct Input {
    fs::path file;
    bool seed = false;
};

bool add(const fs::path& arg, bool seed, std::vector<Input>& inputs) {
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
        std::vector<fs::path> in_dir;
        for (const auto& e : fs::directory_iterator(arg))
            if (e.is_regular_file() && e.path().filename().string().front() != '.')
                in_dir.push_back(e.path());
        std::sort(in_dir.begin(), in_dir.end());
        for (const fs::path& f : in_dir)
            inputs.push_back({f, seed});
        return true;
    }
    if (fs::is_regular_file(arg, ec)) {
        inputs.push_back({arg, seed});
        return true;
    }
    std::fprintf(stderr, "%s: not a file or folder\n", arg.c_str());
    return false;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<Input> inputs;
    for (int i = 1; i < argc; ++i) {
        bool seed = std::strcmp(argv[i], "--seeds") == 0;
        if (seed && ++i == argc) {
            std::fprintf(stderr, "--seeds needs a folder\n");
            return 2;
        }
        if (!add(argv[i], seed, inputs)) return 2;
    }
    int refused = 0;
    for (const Input& in : inputs) {
        std::printf("replaying %s\n", in.file.c_str());
        std::fflush(stdout);
        std::ifstream s(in.file, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(s)), std::istreambuf_iterator<char>());
        const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
        LLVMFuzzerTestOneInput(data, bytes.size());
        if (in.seed) {
            std::string why = playlist_fuzz_refusal(data, bytes.size());
            if (!why.empty()) {
                std::printf("%s: the seed is not accepted:\n%s", in.file.c_str(), why.c_str());
                ++refused;
            }
        }
    }
    std::printf("%zu inputs replayed, %d seeds refused\n", inputs.size(), refused);
    return inputs.empty() || refused ? 1 : 0;
}
