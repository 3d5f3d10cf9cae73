#include "playlist_store.hpp"
#include "i18n.hpp"

#include "playlist_loader.hpp"

#include <glib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace tsr {

namespace fs = std::filesystem;

namespace {

/// `file` relative to `folder` ("audio/x.m4a"), or nullopt when it is not inside it.
std::optional<std::string> inside(const fs::path& folder, const fs::path& file) {
    if (file.empty()) return std::nullopt;
    auto rel_of = [](const fs::path& f, const fs::path& d) {
        fs::path rel = f.lexically_normal().lexically_relative(d.lexically_normal());
        return rel.empty() || *rel.begin() == ".." || rel == "." ? fs::path() : rel;
    };
    fs::path rel = rel_of(file, folder);
    if (rel.empty()) {
        // Paths resolved through symlinks (canonical) against a folder given through one.
        std::error_code ec1, ec2;
        fs::path cf = fs::weakly_canonical(file, ec1), cd = fs::weakly_canonical(folder, ec2);
        if (!ec1 && !ec2) rel = rel_of(cf, cd);
    }
    if (rel.empty()) return std::nullopt;
    return rel.generic_string();
}

/// Opens a regular file for reading without ever blocking (a FIFO fails); -1 when it cannot.
int open_regular(const fs::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

/// Calls `chunk` with the file's bytes, 64 KiB at a time; false when it cannot be read.
template <typename F> bool each_chunk(int fd, F&& chunk) {
    char buf[64 * 1024];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        if (!chunk(buf, std::size_t(n))) return false;
    }
}

bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= std::size_t(n);
    }
    return true;
}

/// Copies one file, synced; "" or why not.
std::string copy_synced(const fs::path& from, const fs::path& to) {
    int in = open_regular(from);
    if (in < 0) return i18n::format(_("cannot read %s"), from.string());
    int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        ::close(in);
        return i18n::format(_("cannot write %s (%s)"), to.string(), std::strerror(errno));
    }
    bool ok = each_chunk(in, [&](const char* d, std::size_t n) { return write_all(out, d, n); });
    ok = ok && ::fsync(out) == 0;
    ::close(in);
    ::close(out);
    return ok ? "" : i18n::format(_("cannot copy %s to %s"), from.string(), to.string());
}

void sync_dir(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

std::set<std::string> playlist_uses(const Playlist& p) {
    std::set<std::string> out;
    auto add = [&](const fs::path& f) {
        if (auto rel = inside(p.folder, f)) out.insert(*rel);
    };
    add(p.file);
    add(p.office.logo);
    add(p.ticker.file);
    add(p.audio.chime);
    for (const auto& b : p.audio.background)
        add(b);
    for (const Activity& a : p.activities)
        for (const Reminder& r : a.reminders)
            add(r.audio);
    for (const Slide& s : p.slides) {
        if (!s.builtin) add(s.template_path);
        add(s.image);
        add(s.video);
        add(s.document);
        add(s.document_pdf); // a conversion in the cache: the last good copy need not redo it
    }
    return out;
}

std::string playlist_content_hash(const Playlist& p) {
    GChecksum* sum = g_checksum_new(G_CHECKSUM_SHA256);
    for (const std::string& rel : playlist_uses(p)) {
        g_checksum_update(sum, reinterpret_cast<const guchar*>(rel.c_str()),
                          gssize(rel.size() + 1));
        int fd = open_regular(p.folder / rel);
        bool read = fd >= 0 && each_chunk(fd, [&](const char* d, std::size_t n) {
                        g_checksum_update(sum, reinterpret_cast<const guchar*>(d), gssize(n));
                        return true;
                    });
        if (fd >= 0) ::close(fd);
        // Unreadable differs from every content, and from empty.
        const char* mark = read ? "\1ok" : "\1unreadable";
        g_checksum_update(sum, reinterpret_cast<const guchar*>(mark), gssize(std::strlen(mark)));
    }
    std::string hex = g_checksum_get_string(sum);
    g_checksum_free(sum);
    return hex;
}

fs::path last_good_dir(const fs::path& folder) {
    return folder / ".tsr-last-good";
}

std::string save_last_good(const Playlist& p, const fs::path& folder) {
    const fs::path dir = last_good_dir(folder);
    std::error_code ec;
    if (fs::equivalent(p.folder, dir, ec)) return ""; // playing the copy itself
    // A fresh folder beside the copy; one left by a crash is thrown away first.
    const fs::path fresh = folder / (".tsr-last-good.new-" + std::to_string(::getpid()));
    fs::remove_all(fresh, ec);
    if (!fs::create_directory(fresh, ec))
        return i18n::format(_("cannot write %s (%s)"), fresh.string(), ec.message());
    for (const std::string& rel : playlist_uses(p)) {
        // Folders one at a time below `fresh`, never create_directories: the playlist folder
        // moved away meanwhile must not be made again at its path (in the way of the one a
        // deploy moves in).
        fs::path made = fresh;
        for (const auto& part : fs::path(rel).parent_path()) {
            made /= part;
            fs::create_directory(made, ec);
        }
        std::string problem = copy_synced(p.folder / rel, fresh / rel);
        if (!problem.empty()) {
            fs::remove_all(fresh, ec);
            return problem;
        }
    }
    sync_dir(fresh);
    if (fs::exists(dir, ec)) {
        // Swap the two folders in one step; where the file system cannot, two renames (a
        // crash between them leaves no copy, never a mixed one).
        if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0) {
            const fs::path old = folder / (".tsr-last-good.old-" + std::to_string(::getpid()));
            fs::remove_all(old, ec);
            fs::rename(dir, old, ec);
            if (!ec) fs::rename(fresh, dir, ec);
            if (ec) {
                std::string why = ec.message();
                if (!fs::exists(dir, ec)) fs::rename(old, dir, ec);
                fs::remove_all(fresh, ec);
                return i18n::format(_("cannot replace %s (%s)"), dir.string(), why);
            }
            fs::remove_all(old, ec);
        } else {
            fs::remove_all(fresh, ec); // now the old copy
        }
    } else {
        fs::rename(fresh, dir, ec);
        if (ec) {
            std::string why = ec.message();
            fs::remove_all(fresh, ec);
            return i18n::format(_("cannot write %s (%s)"), dir.string(), why);
        }
    }
    sync_dir(folder);
    return "";
}

} // namespace tsr
