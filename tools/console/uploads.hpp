// Files uploaded in the console into the playlist folder: sounds into audio/, pictures into
// images/, video clips into video/. Nothing lands outside the folder: the name is a plain file
// name (no path, letters, digits, . _ - and a space, at most 80 characters, not starting with
// a dot), its folder one of the three, and both are confined with confine_to_folder. The
// content is checked by the rules the playlist's check applies (an .m4a must be MPEG-4 audio
// of at most 10 minutes, probe_mpeg4_audio; a .png/.jpg/.jpeg/.svg must pass
// check_picture_bytes; a video must open as the slide layer opens it, probe_video_clip) before
// it is renamed into place from a temporary file beside it. Messages are in the console's
// language (catalog.hpp); the checks' own reasons come from the engine in tsr's language.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tsr::console {

/// Sounds and pictures: at most 32 MiB.
inline constexpr std::uintmax_t max_upload_bytes = 32 * 1024 * 1024;
/// Videos: the playlist takes clips up to kMaxVideoBytes (2 GiB), but the console's web server
/// (libsoup) holds a request's whole body in memory while it is read, so the console takes
/// less; larger clips are copied into video/ by hand (docs/console.md).
inline constexpr std::uintmax_t max_video_upload_bytes = 200 * 1024 * 1024;

/// The largest upload `sub` takes ("video", "documents": max_video_upload_bytes; else
/// max_upload_bytes).
std::uintmax_t upload_limit(std::string_view sub);

/// Empty when `name` may be uploaded into `sub` ("audio", "images" or "video"); else the
/// reason in `lang` ("id" or "en"), to follow the quoted name ("is not a sound for audio/:
/// upload an .m4a file (AAC)").
std::string upload_name_problem(std::string_view sub, std::string_view name,
                                const std::string& lang = "en");

struct UploadResult {
    bool ok = false;
    std::string relative; ///< "images/poster.png"
    std::string message;  ///< what happened, for people, in the console's language
};

/// Checks and stores `bytes` as FOLDER/SUB/NAME (replacing a file of that name). `display_w`
/// x `display_h`: the screen's size, for the pictures' advice. `lang`: the console's language
/// ("id" or "en"). Safe on a worker thread; a video's check may take up to
/// kVideoOpenTimeout.
UploadResult store_upload(const std::filesystem::path& folder, const std::string& sub,
                          const std::string& name, std::string_view bytes, int display_w,
                          int display_h, const std::string& lang = "en");

struct FolderFile {
    std::string relative; ///< "audio/chime.m4a"
    std::uintmax_t bytes = 0;
};
/// The regular files in FOLDER/audio, FOLDER/images, FOLDER/video and FOLDER/documents (not
/// below), by name; at most 1000.
std::vector<FolderFile> uploaded_files(const std::filesystem::path& folder);

/// `bytes` for people in `lang`: "32 MiB", "12 KiB", "517 bytes" / "517 byte".
std::string console_size_text(std::uintmax_t bytes, const std::string& lang);

} // namespace tsr::console
