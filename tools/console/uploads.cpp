#include "uploads.hpp"

#include "mp4_probe.hpp"
#include "playlist_files.hpp"
#include "render/picture_check.hpp"
#include "text_checks.hpp"

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

UploadResult refused(const std::string& relative, const std::string& why) {
    return UploadResult{false, relative, "\"" + excerpt(relative) + "\" " + why + "; not uploaded"};
}

} // namespace

std::string upload_name_problem(std::string_view sub, std::string_view name) {
    if (name.empty()) return "has no name";
    if (name.size() > 80) return "is too long a name (at most 80 characters)";
    if (name[0] == '.') return "starts with a dot; give it a plain name";
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-' || c == ' ';
        if (!ok) return "may hold only letters a-z, digits, spaces and . _ - in its name";
    }
    const std::string ext = lower_extension(name);
    if (sub == "audio") {
        if (ext != ".m4a") return "is not a sound for audio/: upload an .m4a file (AAC)";
    } else if (sub == "images") {
        if (ext != ".png" && ext != ".jpg" && ext != ".jpeg" && ext != ".svg")
            return "is not a picture for images/: upload a .png, .jpg or .svg file";
    } else {
        return "goes to an unknown folder; choose audio or images";
    }
    return "";
}

UploadResult store_upload(const fs::path& folder, const std::string& sub, const std::string& name,
                          const std::string& bytes, int display_w, int display_h) {
    const std::string relative = sub + "/" + name;
    if (std::string why = upload_name_problem(sub, name); !why.empty())
        return refused(relative, why);
    if (bytes.size() > max_upload_bytes)
        return refused(relative, "is larger than " + size_text(max_upload_bytes));
    if (bytes.empty()) return refused(relative, "is empty");
    // The folder: inside the playlist folder, a real folder (made when missing).
    ConfinedPath dir = confine_to_folder(folder, sub);
    if (dir.outside) return refused(relative, "would land outside the playlist folder");
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(folder / sub, ec))) {
        if (fs::exists(fs::symlink_status(folder / sub, ec)))
            return refused(relative, "cannot go into " + sub + "/, which is not a folder");
        if (::mkdir((folder / sub).c_str(), 0775) != 0)
            return refused(relative,
                           std::string("could not make the folder (") + std::strerror(errno) + ")");
    }
    ConfinedPath target = confine_to_folder(folder, relative);
    if (target.outside) return refused(relative, "would land outside the playlist folder");
    if (fs::exists(fs::symlink_status(folder / relative, ec)) &&
        !fs::is_regular_file(fs::symlink_status(folder / relative, ec)))
        return refused(relative, "would replace something that is not a plain file");

    const std::string ext = lower_extension(name);
    if (sub == "images") {
        PictureInfo info = check_picture_bytes(bytes, ext == ".svg", display_w, display_h);
        if (!info.ok()) {
            const PictureProblem& p = info.problems.front();
            std::string where = p.line > 0 ? " (line " + std::to_string(p.line) + ", column " +
                                                 std::to_string(p.column) + ")"
                                           : "";
            return refused(relative, p.message + where);
        }
    }
    // Written beside its place, checked there (audio is probed from the file), then renamed.
    std::string temp = (folder / sub / (".tsr-upload-XXXXXX" + ext)).string();
    int fd = ::mkstemps(temp.data(), int(ext.size()));
    if (fd < 0)
        return refused(relative,
                       std::string("could not be written (") + std::strerror(errno) + ")");
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
        return refused(relative,
                       std::string("could not be written (") + std::strerror(saved) + ")");
    }
    if (sub == "audio") {
        AudioProbe probe = probe_mpeg4_audio(temp);
        std::string why =
            probe.ok ? length_problem(AudioUse::background, probe.length) : probe.problem;
        if (why.empty() && probe.has_video) why = "holds a video; upload the sound alone";
        if (!why.empty()) {
            ::unlink(temp.c_str());
            return refused(relative, why);
        }
    }
    if (::rename(temp.c_str(), (folder / relative).c_str()) != 0) {
        saved = errno;
        ::unlink(temp.c_str());
        return refused(relative,
                       std::string("could not be put in place (") + std::strerror(saved) + ")");
    }
    return UploadResult{true, relative,
                        relative + " uploaded (" + size_text(bytes.size()) +
                            "); write its path in playlist.toml to use it"};
}

std::vector<FolderFile> uploaded_files(const fs::path& folder) {
    std::vector<FolderFile> out;
    for (const char* sub : {"audio", "images"}) {
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
