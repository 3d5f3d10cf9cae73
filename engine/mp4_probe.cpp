#include "mp4_probe.hpp"

#include "i18n.hpp"
#include "text_checks.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <vector>

namespace tsr {

Micros max_length_of(AudioUse use) {
    switch (use) {
    case AudioUse::chime:
        return kMaxChimeLength;
    case AudioUse::background:
        return kMaxBackgroundLength;
    case AudioUse::clip:
        return kMaxClipSoundLength;
    case AudioUse::reminder:
        break;
    }
    return kMaxReminderLength;
}

std::string length_text(Micros length) {
    const double s = double(length.count()) / 1e6;
    char buf[64];
    if (s >= 60)
        std::snprintf(buf, sizeof buf, _("%d min %02d s"), int(s) / 60, int(s) % 60);
    else
        std::snprintf(buf, sizeof buf, _("%.2f s"), s);
    return buf;
}

std::string too_long_problem(AudioUse use, std::optional<Micros> length, Micros limit) {
    const char* what = use == AudioUse::chime        ? _("the chime")
                       : use == AudioUse::background ? _("a background song")
                       : use == AudioUse::clip       ? _("a video")
                                                     : _("a reminder");
    const char* fix = use == AudioUse::background
                          ? _("split it into shorter songs (each is held decoded in memory)")
                      : use == AudioUse::clip ? _("shorten the video")
                                              : _("shorten the recording");
    return i18n::format(_("is too long (%s); %s may last at most %s; %s"),
                        length ? length_text(*length)
                               : i18n::format(_("over %s"), length_text(limit)),
                        what, length_text(limit), fix);
}

std::string length_problem(AudioUse use, Micros length) {
    const Micros limit = max_length_of(use);
    return length > limit ? too_long_problem(use, length, limit) : std::string();
}

namespace {

// Reminder files are small; refuse to read absurd ones whole (they fail the length check
// later anyway, in the decoder, with a clearer message).
constexpr std::uintmax_t kMaxProbeBytes = 256u * 1024 * 1024;

std::uint32_t be32(const unsigned char* p) {
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}
std::uint64_t be64(const unsigned char* p) {
    return std::uint64_t(be32(p)) << 32 | be32(p + 4);
}
unsigned be16(const unsigned char* p) {
    return unsigned(p[0]) << 8 | p[1];
}

struct Box {
    std::string type;
    std::size_t body = 0; ///< offset of the body
    std::size_t end = 0;  ///< offset after the box
};

/// The boxes directly inside [begin, end). Sets `cut` when a box runs past `end`.
std::vector<Box> boxes(const std::vector<unsigned char>& d, std::size_t begin, std::size_t end,
                       bool& cut) {
    std::vector<Box> out;
    std::size_t at = begin;
    while (at + 8 <= end) {
        std::uint64_t size = be32(&d[at]);
        std::size_t header = 8;
        if (size == 1) {
            if (at + 16 > end) {
                cut = true;
                break;
            }
            size = be64(&d[at + 8]);
            header = 16;
        } else if (size == 0) {
            size = end - at; // to the end of the file
        }
        if (size < header) return out; // damaged: stop here
        Box b{std::string(reinterpret_cast<const char*>(&d[at + 4]), 4), at + header, 0};
        if (size > end - at) {
            cut = true;
            b.end = end;
            out.push_back(b);
            break;
        }
        b.end = at + std::size_t(size);
        out.push_back(b);
        at = b.end;
    }
    return out;
}

const Box* find(const std::vector<Box>& list, const char* type) {
    for (const Box& b : list)
        if (b.type == type) return &b;
    return nullptr;
}

/// The presented length from a track's edit list (one edit that plays the media), if any.
std::optional<Micros> edit_list_length(const std::vector<unsigned char>& d,
                                       const std::vector<Box>& trak_children,
                                       std::uint64_t movie_timescale, bool& cut) {
    const Box* edts = find(trak_children, "edts");
    if (!edts || movie_timescale == 0) return std::nullopt;
    std::vector<Box> edts_children = boxes(d, edts->body, edts->end, cut);
    const Box* elst = find(edts_children, "elst");
    if (!elst || elst->body + 8 > elst->end) return std::nullopt;
    unsigned version = d[elst->body];
    std::uint32_t entries = be32(&d[elst->body + 4]);
    std::size_t entry_size = version == 1 ? 20 : 12;
    if (entries != 1 || elst->body + 8 + entry_size > elst->end) return std::nullopt;
    const unsigned char* e = &d[elst->body + 8];
    std::uint64_t segment = version == 1 ? be64(e) : be32(e);
    if (segment == 0) return std::nullopt;
    return Micros(std::int64_t(segment * 1000000 / movie_timescale));
}

/// The objectTypeIndication of an 'mp4a' sample entry's decoder config (esds): 0x40 is
/// MPEG-4 audio (AAC), 0x66-0x68 MPEG-2 AAC, 0x69/0x6B MP3. Nullopt when it cannot be read
/// (then the entry is taken for AAC, as players do).
std::optional<unsigned> mp4a_object_type(const std::vector<unsigned char>& d, std::size_t entry,
                                         std::size_t entry_end) {
    if (entry + 36 > entry_end) return std::nullopt;
    // Sound sample entry: 8 header, 8 reserved/index, then version 0 (20 more bytes), or
    // QuickTime's version 1 (+16) or 2 (+36) before the child boxes.
    unsigned version = be16(&d[entry + 16]);
    std::size_t children = entry + (version == 1 ? 52 : version == 2 ? 72 : 36);
    if (children > entry_end) return std::nullopt;
    bool cut = false;
    std::vector<Box> list = boxes(d, children, entry_end, cut);
    const Box* esds = find(list, "esds");
    std::vector<Box> wave_list;
    if (!esds) {
        if (const Box* wave = find(list, "wave")) {
            wave_list = boxes(d, wave->body, wave->end, cut);
            esds = find(wave_list, "esds");
        }
    }
    if (!esds) return std::nullopt;
    std::size_t at = esds->body + 4; // full box
    auto descriptor = [&](unsigned tag) -> bool {
        if (at >= esds->end || d[at] != tag) return false;
        ++at;
        for (int i = 0; i < 4 && at < esds->end; ++i)
            if (!(d[at++] & 0x80)) break;
        return at < esds->end;
    };
    if (!descriptor(0x03) || at + 3 > esds->end) return std::nullopt;
    unsigned flags = d[at + 2];
    at += 3;
    if (flags & 0x80) at += 2;
    if ((flags & 0x40) && at < esds->end) at += 1 + d[at];
    if (flags & 0x20) at += 2;
    if (!descriptor(0x04)) return std::nullopt;
    return d[at];
}

/// The length of a fragmented MP4's track `track_id`: the sample durations of its fragments
/// (moof/traf/trun), in the track's `timescale`. Nullopt when the file has no fragments.
std::optional<Micros> fragments_length(const std::vector<unsigned char>& d,
                                       const std::vector<Box>& top, std::uint32_t track_id,
                                       std::uint32_t trex_duration, std::uint64_t timescale,
                                       bool& cut) {
    if (timescale == 0) return std::nullopt;
    bool any = false;
    std::uint64_t total = 0;
    for (const Box& moof : top) {
        if (moof.type != "moof") continue;
        any = true;
        for (const Box& traf : boxes(d, moof.body, moof.end, cut)) {
            if (traf.type != "traf") continue;
            std::vector<Box> traf_children = boxes(d, traf.body, traf.end, cut);
            const Box* tfhd = find(traf_children, "tfhd");
            if (!tfhd || tfhd->body + 8 > tfhd->end) continue;
            std::uint32_t tf_flags = be32(&d[tfhd->body]) & 0xFFFFFF;
            if (be32(&d[tfhd->body + 4]) != track_id) continue;
            std::size_t at = tfhd->body + 8;
            if (tf_flags & 0x01) at += 8;
            if (tf_flags & 0x02) at += 4;
            std::uint32_t default_duration = trex_duration;
            if ((tf_flags & 0x08) && at + 4 <= tfhd->end) default_duration = be32(&d[at]);
            for (const Box& trun : traf_children) {
                if (trun.type != "trun" || trun.body + 8 > trun.end) continue;
                std::uint32_t flags = be32(&d[trun.body]) & 0xFFFFFF;
                std::uint32_t count = be32(&d[trun.body + 4]);
                std::size_t p = trun.body + 8;
                if (flags & 0x01) p += 4;
                if (flags & 0x04) p += 4;
                if (!(flags & 0x100)) {
                    total += std::uint64_t(count) * default_duration;
                    continue;
                }
                std::size_t stride =
                    4 * (1 + !!(flags & 0x200) + !!(flags & 0x400) + !!(flags & 0x800));
                for (std::uint32_t i = 0; i < count && p + 4 <= trun.end; ++i, p += stride)
                    total += be32(&d[p]);
            }
        }
    }
    if (!any) return std::nullopt;
    return Micros(std::int64_t(total * 1000000 / timescale));
}

/// Walks a (non-fragmented) track's sample table: every sample must lie inside the file, and
/// none may be all zeros (an encoder never writes one; a copy that stopped on a USB stick leaves
/// them, and the decoder then drops that stretch of sound). "" when sound, else the problem.
std::string samples_problem(const std::vector<unsigned char>& d, const std::vector<Box>& stbl) {
    const Box* stsz = find(stbl, "stsz");
    const Box* stsc = find(stbl, "stsc");
    const Box* stco = find(stbl, "stco");
    const Box* co64 = find(stbl, "co64");
    if (!stco) stco = co64;
    if (!stsz || !stsc || !stco || stsz->body + 12 > stsz->end || stsc->body + 8 > stsc->end ||
        stco->body + 8 > stco->end)
        return {};
    const std::uint32_t fixed = be32(&d[stsz->body + 4]);
    const std::uint32_t samples = be32(&d[stsz->body + 8]);
    if (fixed == 0 && stsz->body + 12 + std::uint64_t(samples) * 4 > stsz->end)
        return N_("is damaged: its index is cut short");
    const std::size_t entry = co64 && stco == co64 ? 8 : 4;
    const std::uint32_t chunks = be32(&d[stco->body + 4]);
    const std::uint32_t runs = be32(&d[stsc->body + 4]);
    if (stco->body + 8 + std::uint64_t(chunks) * entry > stco->end ||
        stsc->body + 8 + std::uint64_t(runs) * 12 > stsc->end)
        return N_("is damaged: its index is cut short");
    std::uint32_t sample = 0;
    for (std::uint32_t run = 0; run < runs && sample < samples; ++run) {
        const unsigned char* e = &d[stsc->body + 8 + std::size_t(run) * 12];
        const std::uint32_t first = be32(e), per_chunk = be32(e + 4);
        const std::uint32_t last =
            run + 1 < runs ? be32(e + 12) - 1 : chunks; // chunks of this run: [first, last]
        for (std::uint32_t c = first; c >= 1 && c <= last && c <= chunks && sample < samples; ++c) {
            const unsigned char* o = &d[stco->body + 8 + std::size_t(c - 1) * entry];
            std::uint64_t at = entry == 8 ? be64(o) : be32(o);
            for (std::uint32_t i = 0; i < per_chunk && sample < samples; ++i, ++sample) {
                const std::uint64_t size =
                    fixed ? fixed : be32(&d[stsz->body + 12 + std::size_t(sample) * 4]);
                if (at + size > d.size())
                    return N_("is cut short: the file ends before its sound does (copy it again)");
                if (size >= 4 && std::all_of(d.begin() + std::ptrdiff_t(at),
                                             d.begin() + std::ptrdiff_t(at + size),
                                             [](unsigned char b) { return b == 0; }))
                    return _("is damaged: part of its sound is only zeros (a copy that did not "
                             "finish?); export or copy it again");
                at += size;
            }
        }
    }
    return {};
}

std::string not_mpeg4_kind(const std::vector<unsigned char>& d) {
    auto starts = [&](const char* magic) {
        std::size_t n = std::strlen(magic);
        return d.size() >= n && std::memcmp(d.data(), magic, n) == 0;
    };
    if (d.empty()) return "is empty";
    if (starts("ID3") || (d.size() > 1 && d[0] == 0xFF && (d[1] & 0xE6) == 0xE2))
        return N_("is an MP3 file, not MPEG-4 audio");
    if (starts("RIFF")) return N_("is a WAV file, not MPEG-4 audio");
    if (starts("OggS")) return N_("is an Ogg file, not MPEG-4 audio");
    if (starts("fLaC")) return N_("is a FLAC file, not MPEG-4 audio");
    if (starts("\x1a\x45\xdf\xa3")) return N_("is a Matroska/WebM file, not MPEG-4 audio");
    return N_("is not MPEG-4 audio");
}

AudioProbe probe_adts(const std::vector<unsigned char>& d) {
    static const int rates[] = {96000, 88200, 64000, 48000, 44100, 32000, 24000,
                                22050, 16000, 12000, 11025, 8000,  7350};
    AudioProbe r;
    std::size_t at = 0;
    // Skip an ID3 tag some encoders put in front of ADTS.
    if (d.size() > 10 && std::memcmp(d.data(), "ID3", 3) == 0)
        at = 10 + ((d[6] & 0x7F) << 21 | (d[7] & 0x7F) << 14 | (d[8] & 0x7F) << 7 | (d[9] & 0x7F));
    std::uint64_t frames = 0;
    int rate = 0;
    while (at + 7 <= d.size()) {
        if (d[at] != 0xFF || (d[at + 1] & 0xF6) != 0xF0) break;
        int idx = (d[at + 2] >> 2) & 0x0F;
        if (idx > 12) break;
        rate = rates[idx];
        std::size_t len = (std::size_t(d[at + 3] & 0x03) << 11) | (std::size_t(d[at + 4]) << 3) |
                          (d[at + 5] >> 5);
        if (len < 7) break;
        if (at + len > d.size()) {
            r.problem = N_("is cut short: its last AAC frame is incomplete");
            return r;
        }
        frames += 1 + (d[at + 6] & 0x03);
        at += len;
    }
    if (frames == 0 || at < d.size()) {
        r.problem =
            frames == 0 ? not_mpeg4_kind(d) : N_("is damaged: not every frame is AAC audio");
        r.other_format = frames == 0 && !d.empty();
        return r;
    }
    r.ok = true;
    r.length = Micros(std::int64_t(frames * 1024 * 1000000 / std::uint64_t(rate)));
    return r;
}

} // namespace

AudioProbe probe_mpeg4_audio(const std::filesystem::path& file) {
    AudioProbe r;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        r.problem = std::filesystem::exists(file, ec) ? N_("is not a file") : "does not exist";
        return r;
    }
    auto size = std::filesystem::file_size(file, ec);
    if (ec || size > kMaxProbeBytes) {
        r.problem = ec ? "cannot be read" : N_("is too big for a reminder (over 256 MiB)");
        return r;
    }
    std::ifstream in(file, std::ios::binary);
    std::vector<unsigned char> d(size);
    if (!in.read(reinterpret_cast<char*>(d.data()), std::streamsize(size))) {
        r.problem = "cannot be read";
        return r;
    }
    if (d.size() >= 2 && d[0] == 0xFF && (d[1] & 0xF6) == 0xF0) return probe_adts(d);
    if (d.size() < 8 || std::memcmp(&d[4], "ftyp", 4) != 0) {
        if (d.size() > 10 && std::memcmp(d.data(), "ID3", 3) == 0) {
            AudioProbe adts = probe_adts(d);
            if (adts.ok) return adts;
        }
        r.problem = not_mpeg4_kind(d);
        r.other_format = !d.empty();
        return r;
    }
    bool cut = false;
    auto top = boxes(d, 0, d.size(), cut);
    const Box* moov = find(top, "moov");
    if (!moov || moov->end > d.size()) {
        r.problem = cut ? N_("is cut short: the file ends before its index (copy it again)")
                        : _("is damaged: an MPEG-4 file without its index (moov)");
        return r;
    }
    bool inner_cut = false;
    bool found_audio = false;
    std::vector<Box> moov_children = boxes(d, moov->body, moov->end, inner_cut);
    std::uint64_t movie_timescale = 0;
    if (const Box* mvhd = find(moov_children, "mvhd"); mvhd && mvhd->body + 16 <= mvhd->end)
        movie_timescale = be32(&d[mvhd->body + (d[mvhd->body] == 1 ? 20 : 12)]);
    for (const Box& trak : moov_children) {
        if (trak.type != "trak") continue;
        auto trak_children = boxes(d, trak.body, trak.end, inner_cut);
        const Box* mdia = find(trak_children, "mdia");
        if (!mdia) continue;
        auto mdia_children = boxes(d, mdia->body, mdia->end, inner_cut);
        const Box* hdlr = find(mdia_children, "hdlr");
        const Box* mdhd = find(mdia_children, "mdhd");
        if (!hdlr || hdlr->body + 12 > hdlr->end) continue;
        std::string handler(reinterpret_cast<const char*>(&d[hdlr->body + 8]), 4);
        if (handler == "vide") r.has_video = true;
        if (handler != "soun" || found_audio) continue;
        // The sample description must say AAC ('mp4a'); other codecs in MP4 (ALAC, AC-3,
        // Opus) are refused here rather than failing at the reminder's moment.
        const Box* minf = find(mdia_children, "minf");
        std::vector<Box> minf_children, stbl_children; // find() points into these: keep them
        if (minf) minf_children = boxes(d, minf->body, minf->end, inner_cut);
        const Box* stbl = find(minf_children, "stbl");
        if (stbl) stbl_children = boxes(d, stbl->body, stbl->end, inner_cut);
        const Box* stsd = find(stbl_children, "stsd");
        if (!stsd || stsd->body + 16 > stsd->end) continue;
        std::string codec(reinterpret_cast<const char*>(&d[stsd->body + 12]), 4);
        if (codec != "mp4a") {
            r.problem = i18n::format(_("holds '%s' audio; reminders must be AAC (MPEG-4 audio)"),
                                     excerpt(codec, 8));
            r.other_format = true;
            return r;
        }
        // 'mp4a' may also carry MP3 (or other MPEG audio): the decoder config says which.
        std::size_t entry_end = std::min(stsd->end, stsd->body + 8 + be32(&d[stsd->body + 8]));
        if (auto type = mp4a_object_type(d, stsd->body + 8, entry_end);
            type && *type != 0x40 && (*type < 0x66 || *type > 0x68)) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", *type);
            r.problem = *type == 0x69 || *type == 0x6B
                            ? std::string(_("holds MP3 audio in an MPEG-4 file; reminders must "
                                            "be AAC (MPEG-4 audio)"))
                            : i18n::format(_("holds audio of type %s in an MPEG-4 file; "
                                             "reminders must be AAC (MPEG-4 audio)"),
                                           hex);
            r.other_format = true;
            return r;
        }
        if (mdhd && mdhd->body + 24 <= mdhd->end) {
            unsigned version = d[mdhd->body];
            std::uint64_t timescale = 0, duration = 0;
            if (version == 1 && mdhd->body + 36 <= mdhd->end) {
                timescale = be32(&d[mdhd->body + 20]);
                duration = be64(&d[mdhd->body + 24]);
            } else {
                timescale = be32(&d[mdhd->body + 12]);
                duration = be32(&d[mdhd->body + 16]);
            }
            if (timescale > 0) r.length = Micros(std::int64_t(duration * 1000000 / timescale));
        }
        // An edit list says how much of the media is presented: the encoder's priming
        // samples are cut off. Its durations are in the movie's timescale (mvhd).
        if (auto presented = edit_list_length(d, trak_children, movie_timescale, inner_cut))
            r.length = *presented;
        // A fragmented file (moov + moof...) announces no length up front: add the fragments.
        if (const Box* mvex = find(moov_children, "mvex"); mvex && mdhd) {
            const Box* tkhd = find(trak_children, "tkhd");
            std::uint32_t track_id = 0, trex_duration = 0;
            if (tkhd && tkhd->body + 24 <= tkhd->end)
                track_id = be32(&d[tkhd->body + (d[tkhd->body] == 1 ? 20 : 12)]);
            for (const Box& trex : boxes(d, mvex->body, mvex->end, inner_cut))
                if (trex.type == "trex" && trex.body + 16 <= trex.end &&
                    be32(&d[trex.body + 4]) == track_id)
                    trex_duration = be32(&d[trex.body + 12]);
            std::uint64_t timescale = 0;
            if (mdhd->body + 24 <= mdhd->end)
                timescale = be32(&d[mdhd->body + (d[mdhd->body] == 1 ? 20 : 12)]);
            if (auto frag = fragments_length(d, top, track_id, trex_duration, timescale, cut))
                r.length = std::max(r.length, *frag);
        }
        if (std::string damage = samples_problem(d, stbl_children); !damage.empty()) {
            r.problem = damage;
            return r;
        }
        found_audio = true;
    }
    if (!found_audio) {
        r.problem = r.has_video ? N_("has no sound track (it is a video without audio)")
                                : _("has no AAC sound track");
        return r;
    }
    if (inner_cut) {
        r.problem = N_("is damaged: its index is cut short");
        return r;
    }
    const Box* mdat = find(top, "mdat");
    if (cut || !mdat) {
        r.problem = N_("is cut short: the file ends before its sound does (copy it again)");
        return r;
    }
    r.ok = true;
    return r;
}

} // namespace tsr
