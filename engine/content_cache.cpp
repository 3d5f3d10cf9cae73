#include "content_cache.hpp"
#include "i18n.hpp"

#include <glib.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace tsr {

namespace fs = std::filesystem;

namespace {

bool writable_dir(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    return fs::is_directory(dir, ec) && ::access(dir.c_str(), W_OK) == 0;
}

/// `dir` made (or, when ours, widened) to the permission bits `mode`. The creator's umask
/// must not decide them: staff running `tsr check` (umask 022) would otherwise leave a cache
/// the service (user tsr, same group) cannot write, and the reverse.
void open_as(const fs::path& dir, mode_t mode) {
    if (::mkdir(dir.c_str(), 0700) == 0) {
        ::chmod(dir.c_str(), mode);
        return;
    }
    struct stat st {};
    if (errno == EEXIST && ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) &&
        st.st_uid == ::geteuid() && (st.st_mode & mode) != mode)
        ::chmod(dir.c_str(), (st.st_mode & 07777) | mode);
}

} // namespace

fs::path content_cache_dir(const fs::path& folder, std::string_view kind) {
    fs::path cache = folder / ".tsr-cache";
    fs::path in_folder = cache / std::string(kind);
    // As open as the playlist folder (/srv/tsr/playlist is 2775 tsr:tsr: group-writable,
    // setgid so that the files stay in the group).
    struct stat st {};
    if (::stat(folder.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        const mode_t mode = st.st_mode & (S_ISGID | S_IRWXU | S_IRWXG | S_IRWXO);
        open_as(cache, mode);
        open_as(in_folder, mode);
    }
    if (writable_dir(in_folder)) return in_folder;
    fs::path user = fs::path(g_get_user_cache_dir()) / "tsr" / std::string(kind);
    if (writable_dir(user)) return user;
    return {};
}

std::string content_hash(std::string_view data) {
    gchar* hex = g_compute_checksum_for_data(
        G_CHECKSUM_SHA256, reinterpret_cast<const guchar*>(data.data()), data.size());
    std::string out = hex ? hex : "";
    g_free(hex);
    return out;
}

std::string file_content_hash(const fs::path& file, std::uintmax_t max_bytes) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return "";
    GChecksum* sum = g_checksum_new(G_CHECKSUM_SHA256);
    char buf[64 * 1024];
    std::uintmax_t total = 0;
    bool ok = true;
    while (in) {
        in.read(buf, sizeof buf);
        const std::streamsize got = in.gcount();
        if (got <= 0) break;
        total += std::uintmax_t(got);
        if (total > max_bytes) {
            ok = false;
            break;
        }
        g_checksum_update(sum, reinterpret_cast<const guchar*>(buf), gsize(got));
    }
    if (in.bad()) ok = false;
    std::string out = ok ? g_checksum_get_string(sum) : "";
    g_checksum_free(sum);
    return out;
}

std::string write_file_atomically(const fs::path& to, std::string_view data) {
    const fs::path tmp = to.string() + ".tmp-" + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return i18n::format(_("cannot write %s (%s)"), tmp.string(), std::strerror(errno));
    const char* p = data.data();
    std::size_t left = data.size();
    bool ok = true;
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = false;
            break;
        }
        p += n;
        left -= std::size_t(n);
    }
    ok = ::close(fd) == 0 && ok;
    std::error_code ec;
    if (ok) fs::rename(tmp, to, ec);
    if (!ok || ec) {
        fs::remove(tmp, ec);
        return i18n::format(_("cannot write %s"), to.string());
    }
    return "";
}

} // namespace tsr
