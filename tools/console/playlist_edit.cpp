#include "playlist_edit.hpp"

#include "catalog.hpp"
#include "i18n.hpp"
#include "playlist.hpp"
#include "playlist_files.hpp"
#include "playlist_loader.hpp"

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace tsr::console {

namespace fs = std::filesystem;

namespace {

std::mutex save_mutex;

/// A temporary .toml in the playlist's folder holding `text`; empty path with `error` set
/// when it cannot be written.
fs::path write_temp(const fs::path& playlist_file, const std::string& text, std::string* error,
                    const std::string& lang) {
    std::string name = (playlist_file.parent_path() / ".tsr-console-XXXXXX.toml").string();
    int fd = ::mkstemps(name.data(), 5);
    if (fd < 0) {
        *error = i18n::format(tr(lang, N_("could not write in the playlist folder (%s)")),
                              std::strerror(errno));
        return {};
    }
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += std::size_t(n);
    }
    struct stat st {};
    // The saved file keeps the permissions staff gave it (group-writable for the editors).
    if (::stat(playlist_file.c_str(), &st) == 0) ::fchmod(fd, st.st_mode & 07777);
    bool ok = done == text.size() && ::fsync(fd) == 0;
    int saved = errno;
    ::close(fd);
    if (!ok) {
        ::unlink(name.c_str());
        *error = i18n::format(tr(lang, N_("could not write in the playlist folder (%s)")),
                              std::strerror(saved));
        return {};
    }
    return name;
}

EditResult judge(const fs::path& playlist_file, const fs::path& temp, Instant now,
                 const std::string& lang) {
    EditResult r;
    LoadResult loaded = load_playlist(temp, LoadOptions{now, true});
    const fs::path folder = playlist_file.parent_path();
    std::size_t errors = 0, warnings = 0;
    for (Diagnostic d : loaded.diagnostics.sorted()) {
        // The temporary file is playlist.toml to whoever reads this; other files by their
        // name in the folder.
        if (d.file == temp)
            d.file = playlist_file.filename();
        else if (auto rel = d.file.lexically_relative(folder); !rel.empty() && *rel.begin() != "..")
            d.file = rel;
        const bool error = d.severity == Severity::error;
        (error ? errors : warnings)++;
        if (r.problems.size() < 200)
            r.problems.push_back({d.pos.line, d.pos.column, error, format_diagnostic(d)});
    }
    r.ok = loaded.playlist != nullptr;
    // The plural entries `tsr check` prints its count with (po/id.po).
    auto count = [&](std::size_t n, const char* one, const char* many) {
        return i18n::format(tr_n(lang, one, many, n), n);
    };
    const std::string w = count(warnings, "%s warning", "%s warnings");
    r.summary = r.ok ? i18n::format(tr(lang, N_("ok: %s")), w)
                     : count(errors, "%s error", "%s errors") + ", " + w;
    return r;
}

EditResult failed(const std::string& why) {
    EditResult r;
    r.problems.push_back({0, 0, true, why});
    r.summary = why;
    return r;
}

} // namespace

std::string file_fingerprint(const fs::path& file) {
    FileBytes b = read_regular_file(file, limits::max_playlist_bytes);
    if (!b.ok()) return "";
    unsigned char h[32];
    crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(b.bytes.data()),
                       b.bytes.size(), nullptr, 0);
    char hex[sizeof h * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    return hex;
}

EditResult check_edit(const fs::path& playlist_file, const std::string& text, Instant now,
                      const std::string& lang) {
    std::string error;
    fs::path temp = write_temp(playlist_file, text, &error, lang);
    if (temp.empty()) return failed(error);
    EditResult r = judge(playlist_file, temp, now, lang);
    ::unlink(temp.c_str());
    return r;
}

EditResult save_edit(const fs::path& playlist_file, const std::string& text, Instant now,
                     const std::string& base, const std::string& lang) {
    std::lock_guard lock(save_mutex);
    if (!base.empty() && file_fingerprint(playlist_file) != base) {
        EditResult r;
        r.conflict = true;
        r.summary = i18n::format(tr(lang, N_("%s was changed by someone else since you opened "
                                             "it; copy your changes, reload the page and make "
                                             "them again. Not saved")),
                                 playlist_file.filename().string());
        return r;
    }
    std::string error;
    fs::path temp = write_temp(playlist_file, text, &error, lang);
    if (temp.empty()) return failed(i18n::format(tr(lang, N_("%s; not saved")), error));
    EditResult r = judge(playlist_file, temp, now, lang);
    if (!r.ok) {
        ::unlink(temp.c_str());
        r.summary = i18n::format(
            tr(lang, N_("%s; not saved: the playlist on screen stays as it was")), r.summary);
        return r;
    }
    if (::rename(temp.c_str(), playlist_file.c_str()) != 0) {
        int e = errno;
        ::unlink(temp.c_str());
        r.ok = false;
        r.summary = i18n::format(tr(lang, N_("could not replace the playlist (%s); not saved")),
                                 std::strerror(e));
        return r;
    }
    int dfd = ::open(playlist_file.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    r.saved = true;
    r.base = file_fingerprint(playlist_file);
    r.summary =
        i18n::format(tr(lang, N_("saved; %s; the screen takes it within seconds")), r.summary);
    return r;
}

} // namespace tsr::console
