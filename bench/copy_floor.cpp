// The floor: what one new full frame costs at the least, one memcpy of a BGRx frame.
//   copy_floor [WIDTH HEIGHT [FRAMES]]   (default 1920 1080 900)
// Prints CPU ms per frame (process CPU time, user+sys) for three cases:
//   warm    memcpy into the same destination every frame (the floor the goals are measured by)
//   pool8   memcpy into one of 8 destinations in turn (out of cache, like a buffer pool)
//   fresh   memcpy into newly mapped (untouched, page-faulting) memory every frame, what a
//           pipeline without a buffer pool pays (mmap/munmap: malloc would hand back the
//           pages it just freed, already faulted in)
//   fill    memset of one frame (a source drawing a solid background)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <sys/mman.h>
#include <vector>

namespace {

double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

volatile unsigned char sink;

/// Tells the compiler that the memory behind p is read and written here, so that no copy is
/// optimised away (a malloc/memcpy/free with one byte read could otherwise vanish).
inline void escape(void* p) {
    asm volatile("" : : "g"(p) : "memory");
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t w = argc > 2 ? std::strtoul(argv[1], nullptr, 10) : 1920;
    const std::size_t h = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 1080;
    const int frames = argc > 3 ? std::atoi(argv[3]) : 900;
    const std::size_t size = w * h * 4;

    std::vector<unsigned char> src(size), dst(size);
    for (std::size_t i = 0; i < size; ++i)
        src[i] = static_cast<unsigned char>(i * 7);
    std::memcpy(dst.data(), src.data(), size); // fault the pages in

    double t0 = cpu_ms();
    for (int f = 0; f < frames; ++f) {
        src[std::size_t(f) % size] = static_cast<unsigned char>(f); // keep the copy honest
        std::memcpy(dst.data(), src.data(), size);
        escape(dst.data());
        sink = dst[std::size_t(f * 4099) % size];
    }
    const double warm = (cpu_ms() - t0) / frames;

    t0 = cpu_ms();
    for (int f = 0; f < frames; ++f) {
        void* mem = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mem == MAP_FAILED) return 1;
        auto* fresh = static_cast<unsigned char*>(mem);
        escape(fresh);
        std::memcpy(fresh, src.data(), size);
        escape(fresh);
        sink = fresh[std::size_t(f * 4099) % size];
        munmap(mem, size);
    }
    const double fresh = (cpu_ms() - t0) / frames;

    // Destinations in rotation, as from a buffer pool feeding a queue: 8 frames, more than a
    // 32 MiB L3 holds at 1080p, so each copy goes out to memory.
    std::vector<std::vector<unsigned char>> ring(8, std::vector<unsigned char>(size, 1));
    t0 = cpu_ms();
    for (int f = 0; f < frames; ++f) {
        auto& d = ring[std::size_t(f) % ring.size()];
        std::memcpy(d.data(), src.data(), size);
        escape(d.data());
        sink = d[std::size_t(f * 4099) % size];
    }
    const double pooled = (cpu_ms() - t0) / frames;

    t0 = cpu_ms();
    for (int f = 0; f < frames; ++f) {
        std::memset(dst.data(), f & 0xff, size);
        escape(dst.data());
        sink = dst[std::size_t(f * 4099) % size];
    }
    const double fill = (cpu_ms() - t0) / frames;

    std::printf(
        "copy_floor %zux%zu frames=%d warm_ms=%.3f pool8_ms=%.3f fresh_ms=%.3f fill_ms=%.3f\n", w,
        h, frames, warm, pooled, fresh, fill);
    return 0;
}
