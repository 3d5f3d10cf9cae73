#include "playlist_files.hpp"

#include "i18n.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tsr {

namespace fs = std::filesystem;

namespace {

const char* const kOutside = N_("is outside the playlist folder; copy the file into the folder "
                                "and write its path relative to it");

/// True when `inner` is `outer` or lies below it (both canonical).
bool is_within(const fs::path& outer, const fs::path& inner) {
    auto o = outer.begin(), i = inner.begin();
    for (; o != outer.end(); ++o, ++i)
        if (i == inner.end() || *o != *i) return false;
    return true;
}

} // namespace

ConfinedPath confine_to_folder(const fs::path& folder, std::string_view written) {
    ConfinedPath out;
    std::error_code ec;
    fs::path root = fs::canonical(folder, ec);
    if (ec) root = fs::absolute(folder, ec).lexically_normal();
    fs::path asked = fs::path(written).is_absolute() ? fs::path(written) : root / fs::path(written);
    // The lexical form first: "../x" is refused whether or not x exists, so that nothing is
    // said about what lies outside.
    if (!is_within(root, asked.lexically_normal())) {
        out.problem = kOutside;
        out.outside = true;
        return out;
    }
    fs::path real = fs::weakly_canonical(asked, ec);
    if (ec || !is_within(root, real)) {
        out.problem = kOutside;
        out.outside = true;
        return out;
    }
    if (fs::path(written).is_absolute()) {
        out.problem = N_("is an absolute path; write it relative to the playlist folder, as %s, "
                         "so that it still works when the folder is copied elsewhere");
        out.relative = asked.lexically_normal().lexically_relative(root).generic_string();
        out.outside = true;
        return out;
    }
    struct stat st {};
    if (::stat(real.c_str(), &st) != 0) {
        out.problem =
            errno == EACCES ? N_("cannot be read; check its permissions") : N_("does not exist");
        return out;
    }
    if (S_ISDIR(st.st_mode)) {
        out.problem = N_("is a folder, not a file");
        return out;
    }
    if (!S_ISREG(st.st_mode)) {
        out.problem =
            N_("is not a regular file (a pipe, a device or a socket); save a real file there");
        return out;
    }
    out.path = real;
    return out;
}

FileBytes read_regular_file(const fs::path& path, std::uintmax_t max_bytes, bool empty_ok) {
    FileBytes out;
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        out.problem = errno == ENOENT   ? N_("does not exist")
                      : errno == EACCES ? N_("cannot be read; check its permissions")
                                        : N_("cannot be opened");
        return out;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        out.problem = S_ISDIR(st.st_mode)
                          ? N_("is a folder, not a file")
                          : N_("is not a regular file (a pipe, a device or a socket); save a "
                               "real file there");
        return out;
    }
    auto too_large = [&] {
        out.bytes.clear();
        out.problem = i18n::format(_("is larger than %s; this is not a file TSR reads"),
                                   size_text(max_bytes));
    };
    if (std::uintmax_t(st.st_size) > max_bytes) {
        ::close(fd);
        too_large();
        return out;
    }
    // Read until end of file, but never past the bound: the file may grow while it is read.
    out.bytes.resize(std::size_t(st.st_size) + 1);
    std::size_t have = 0;
    for (;;) {
        if (have == out.bytes.size()) {
            if (have > max_bytes) break;
            out.bytes.resize(std::min<std::uintmax_t>(max_bytes + 1, have * 2 + 4096));
        }
        ssize_t n = ::read(fd, out.bytes.data() + have, out.bytes.size() - have);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            out.bytes.clear();
            out.problem = N_("cannot be read");
            return out;
        }
        if (n == 0) break;
        have += std::size_t(n);
    }
    ::close(fd);
    if (have > max_bytes) {
        too_large();
        return out;
    }
    out.bytes.resize(have);
    if (have == 0 && !empty_ok) out.problem = N_("is empty");
    return out;
}

std::string size_text(std::uintmax_t bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return std::to_string(bytes / (1024 * 1024)) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

} // namespace tsr
