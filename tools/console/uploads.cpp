#include "uploads.hpp"

#include "catalog.hpp"
#include "content_cache.hpp"
#include "i18n.hpp"
#include "mp4_probe.hpp"
#include "playlist_files.hpp"
#include "render/document_source.hpp"
#include "render/picture_check.hpp"
#include "sound/audio_check.hpp"
#include "text_checks.hpp"
#include "video/video_clip.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tsr::console {

namespace fs = std::filesystem;

namespace {

std::string lower_extension(std::string_view name) {
    std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return "";
    std::string ext(name.substr(dot));
    for (char& c : ext)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return ext;
}

/// `why` ends a message that begins with the quoted relative path.
UploadResult refused(const std::string& relative, const std::string& why, const std::string& lang) {
    return UploadResult{
        false, relative,
        i18n::format(tr(lang, N_("\"%s\" %s; not uploaded")), excerpt(relative), why)};
}

std::string with_errno(const std::string& lang, const char* msgid, int e) {
    return i18n::format(tr(lang, msgid), std::strerror(e));
}

} // namespace

std::string console_size_text(std::uintmax_t bytes, const std::string& lang) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return std::to_string(bytes / (1024 * 1024)) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
    return i18n::format(bytes == 1 ? tr(lang, N_("%s byte")) : tr(lang, N_("%s bytes")),
                        std::to_string(bytes));
}

std::uintmax_t upload_limit(std::string_view sub) {
    return sub == "video" || sub == "documents" ? max_video_upload_bytes : max_upload_bytes;
}

std::string upload_name_problem(std::string_view sub, std::string_view name,
                                const std::string& lang) {
    auto T = [&](const char* m) { return std::string(tr(lang, m)); };
    if (name.empty()) return T(N_("has no name"));
    if (name.size() > 80) return T(N_("is too long a name (at most 80 characters)"));
    if (name[0] == '.') return T(N_("starts with a dot; give it a plain name"));
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-' || c == ' ';
        if (!ok) return T(N_("may hold only letters a-z, digits, spaces and . _ - in its name"));
    }
    const std::string ext = lower_extension(name);
    if (sub == "audio") {
        // What the playlist's audio keys play (decided by decoding, sound/audio_check.hpp):
        // phone recordings and WhatsApp voice notes included.
        static const char* const kSounds[] = {".m4a", ".aac", ".mp3",  ".wav",
                                              ".ogg", ".oga", ".opus", ".flac"};
        if (std::find(std::begin(kSounds), std::end(kSounds), ext) == std::end(kSounds))
            return T(N_("is not a sound for audio/: upload an .m4a, .mp3, .wav, .ogg, .opus or "
                        ".flac file"));
    } else if (sub == "images") {
        if (ext != ".png" && ext != ".jpg" && ext != ".jpeg" && ext != ".svg")
            return T(N_("is not a picture for images/: upload a .png, .jpg or .svg file"));
    } else if (sub == "video") {
        // The playlist's video key takes what GStreamer opens; these are the containers a
        // phone or an editor writes. The content is probed either way.
        if (ext != ".mp4" && ext != ".m4v" && ext != ".mov" && ext != ".mkv" && ext != ".webm")
            return T(N_("is not a video for video/: upload an .mp4 file (H.264 video, AAC "
                        "sound)"));
    } else if (sub == "documents") {
        if (ext != ".pdf" && ext != ".pptx" && ext != ".ppt" && ext != ".odp")
            return T(N_("is not a document for documents/: upload a .pdf, .pptx, .ppt or .odp "
                        "file"));
    } else {
        return T(N_("goes to an unknown folder; choose audio, images, video or documents"));
    }
    return "";
}

UploadResult store_upload(const fs::path& folder, const std::string& sub, const std::string& name,
                          std::string_view bytes, int display_w, int display_h,
                          const std::string& lang) {
    auto T = [&](const char* m) { return std::string(tr(lang, m)); };
    const std::string relative = sub + "/" + name;
    if (std::string why = upload_name_problem(sub, name, lang); !why.empty())
        return refused(relative, why, lang);
    if (bytes.size() > upload_limit(sub))
        return refused(relative,
                       i18n::format(tr(lang, N_("is larger than %s, the most the console takes "
                                                "for %s/")),
                                    console_size_text(upload_limit(sub), lang), sub),
                       lang);
    if (bytes.empty()) return refused(relative, T(N_("is empty")), lang);
    // The folder: inside the playlist folder, a real folder (made when missing).
    ConfinedPath dir = confine_to_folder(folder, sub);
    if (dir.outside)
        return refused(relative, T(N_("would land outside the playlist folder")), lang);
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(folder / sub, ec))) {
        if (fs::exists(fs::symlink_status(folder / sub, ec)))
            return refused(
                relative,
                i18n::format(tr(lang, N_("cannot go into %s/, which is not a folder")), sub), lang);
        if (::mkdir((folder / sub).c_str(), 0775) != 0)
            return refused(relative, with_errno(lang, N_("could not make the folder (%s)"), errno),
                           lang);
    }
    ConfinedPath target = confine_to_folder(folder, relative);
    if (target.outside)
        return refused(relative, T(N_("would land outside the playlist folder")), lang);
    if (fs::exists(fs::symlink_status(folder / relative, ec)) &&
        !fs::is_regular_file(fs::symlink_status(folder / relative, ec)))
        return refused(relative, T(N_("would replace something that is not a plain file")), lang);

    const std::string ext = lower_extension(name);
    if (sub == "images") {
        PictureInfo info = check_picture_bytes(bytes, ext == ".svg", display_w, display_h);
        if (!info.ok()) {
            const PictureProblem& p = info.problems.front();
            std::string where =
                p.line > 0
                    ? " " + i18n::format(tr(lang, N_("(line %s, column %s)")), p.line, p.column)
                    : "";
            return refused(relative, p.message + where, lang);
        }
    }
    // Written beside its place, checked there (audio and video are probed from the file),
    // then renamed.
    std::string temp = (folder / sub / (".tsr-upload-XXXXXX" + ext)).string();
    int fd = ::mkstemps(temp.data(), int(ext.size()));
    if (fd < 0)
        return refused(relative, with_errno(lang, N_("could not be written (%s)"), errno), lang);
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += std::size_t(n);
    }
    bool written = done == bytes.size() && ::fchmod(fd, 0664) == 0 && ::fsync(fd) == 0;
    int saved = errno;
    ::close(fd);
    if (!written) {
        ::unlink(temp.c_str());
        return refused(relative, with_errno(lang, N_("could not be written (%s)"), saved), lang);
    }
    std::string why;
    if (sub == "audio") {
        AudioProbe probe = probe_playable_audio(temp, AudioUse::background);
        why = probe.ok ? length_problem(AudioUse::background, probe.length) : probe.problem;
        if (why.empty() && probe.has_video) why = T(N_("holds a video; upload the sound alone"));
    } else if (sub == "video") {
        VideoProbe probe = probe_video_clip(temp);
        if (!probe.ok) why = probe.problem;
    } else if (sub == "documents") {
        // Opened as a document slide opens it: a deck is converted now (LibreOffice, on this
        // worker) and cached by its content, so the playlist that names it loads at once.
        DocumentOptions options;
        options.cache_dir = content_cache_dir(folder, "documents");
        PreparedDocument doc = prepare_document(temp, options);
        if (doc.pdf.empty()) why = doc.problem;
    }
    if (!why.empty()) {
        ::unlink(temp.c_str());
        return refused(relative, why, lang);
    }
    if (::rename(temp.c_str(), (folder / relative).c_str()) != 0) {
        saved = errno;
        ::unlink(temp.c_str());
        return refused(relative, with_errno(lang, N_("could not be put in place (%s)"), saved),
                       lang);
    }
    return UploadResult{
        true, relative,
        i18n::format(tr(lang, N_("%s uploaded (%s); write its path in playlist.toml to use it")),
                     relative, console_size_text(bytes.size(), lang))};
}

std::vector<FolderFile> uploaded_files(const fs::path& folder) {
    std::vector<FolderFile> out;
    for (const char* sub : {"audio", "images", "video", "documents"}) {
        std::error_code ec;
        if (!fs::is_directory(fs::symlink_status(folder / sub, ec))) continue;
        for (fs::directory_iterator it(folder / sub, ec), end; !ec && it != end; it.increment(ec)) {
            if (out.size() >= 1000) break;
            const std::string name = it->path().filename().string();
            if (name.empty() || name[0] == '.') continue;
            std::error_code e2;
            if (!it->is_regular_file(e2) || it->is_symlink(e2)) continue;
            out.push_back({std::string(sub) + "/" + name, it->file_size(e2)});
        }
    }
    std::sort(out.begin(), out.end(),
              [](const FolderFile& a, const FolderFile& b) { return a.relative < b.relative; });
    return out;
}

} // namespace tsr::console
