// Looks inside an audio file to tell whether it really is MPEG-4 audio (AAC in an MP4/M4A
// container, or raw ADTS .aac), and how long it plays. Pure C++: the playlist check must
// not trust the extension, and must not need a media framework to say "this is an MP3".
#pragma once

#include "civil_time.hpp"

#include <filesystem>
#include <string>

namespace tsr {

struct AudioProbe {
    bool ok = false;
    Micros length{0};    ///< playing length (the container's, which covers decoder priming)
    std::string problem; ///< when !ok: "is an MP3 file, not MPEG-4 audio", ...
    bool has_video = false;
};

AudioProbe probe_mpeg4_audio(const std::filesystem::path& file);

} // namespace tsr
