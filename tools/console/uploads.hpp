// Files uploaded in the console into the playlist folder: sounds into audio/, pictures into
// images/. Nothing lands outside the folder: the name is a plain file name (no path, letters,
// digits, . _ - and a space, at most 80 characters, not starting with a dot), its folder one
// of the two, and both are confined with confine_to_folder. The content is checked by the
// rules the playlist's check applies (an .m4a must be MPEG-4 audio of at most 10 minutes,
// probe_mpeg4_audio; a .png/.jpg/.jpeg/.svg must pass check_picture_bytes) before it is
// renamed into place from a temporary file beside it. At most max_upload_bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tsr::console {

inline constexpr std::uintmax_t max_upload_bytes = 32 * 1024 * 1024;

/// Empty when `name` may be uploaded into `sub` ("audio" or "images"); else the reason, to
/// follow the quoted name ("is not a sound for audio/: upload an .m4a file (AAC)").
std::string upload_name_problem(std::string_view sub, std::string_view name);

struct UploadResult {
    bool ok = false;
    std::string relative; ///< "images/poster.png"
    std::string message;  ///< what happened, for people
};

/// Checks and stores `bytes` as FOLDER/SUB/NAME (replacing a file of that name). `display_w`
/// x `display_h`: the screen's size, for the pictures' advice. Safe on a worker thread.
UploadResult store_upload(const std::filesystem::path& folder, const std::string& sub,
                          const std::string& name, const std::string& bytes, int display_w,
                          int display_h);

struct FolderFile {
    std::string relative; ///< "audio/chime.m4a"
    std::uintmax_t bytes = 0;
};
/// The regular files in FOLDER/audio and FOLDER/images (not below), by name; at most 1000.
std::vector<FolderFile> uploaded_files(const std::filesystem::path& folder);

} // namespace tsr::console
