#include "video/video_clip.hpp"

#include "i18n.hpp"
#include "mp4_probe.hpp"

#include <gst/app/gstappsink.h>
#include <gst/pbutils/missing-plugins.h>
#include <gst/video/video.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>
#include <tuple>

namespace tsr {

// A clip's sound is as long as the clip (the sound bank's limit for it).
static_assert(kMaxClipSoundLength == kMaxVideoLength);

namespace fs = std::filesystem;

namespace {

/// Sequential playout asks every frame; a jump further than this is sought, not decoded to.
constexpr Micros kSeekAhead{std::chrono::seconds(2)};
/// How long a frame the caller waits for may take to decode before the clip is given up.
constexpr std::chrono::seconds kFrameTimeout{20};

bool starts_with(const char* s, const char* prefix) {
    return s && std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}

const char* const kSaveAs = N_("save it as MP4 (H.264 video, AAC sound) again");

/// `what`: decodebin's name of the missing element ("H.264 (High Profile) decoder").
std::string no_decoder(const std::string& what) {
    return i18n::format(_("cannot be played: the %s is not installed (install "
                          "gstreamer1.0-libav), or %s"),
                        what, _(kSaveAs));
}

} // namespace

VideoFrame::VideoFrame(GstSample* sample, Micros pts) : sample_(sample), pts_(pts) {
    GstVideoInfo info;
    GstBuffer* buffer = gst_sample_get_buffer(sample_);
    if (!buffer || !gst_video_info_from_caps(&info, gst_sample_get_caps(sample_)) ||
        !gst_buffer_map(buffer, &map_, GST_MAP_READ)) {
        gst_sample_unref(sample_);
        throw std::runtime_error(_("a decoded video frame cannot be read"));
    }
    width_ = GST_VIDEO_INFO_WIDTH(&info);
    height_ = GST_VIDEO_INFO_HEIGHT(&info);
    stride_ = GST_VIDEO_INFO_PLANE_STRIDE(&info, 0);
    std::size_t offset = 0;
    if (GstVideoMeta* meta = gst_buffer_get_video_meta(buffer)) {
        stride_ = meta->stride[0];
        offset = meta->offset[0];
    }
    data_ = map_.data + offset;
    if (width_ <= 0 || height_ <= 0 || stride_ < width_ * 4 ||
        offset + std::size_t(stride_) * std::size_t(height_ - 1) + std::size_t(width_) * 4 >
            map_.size) {
        gst_buffer_unmap(buffer, &map_);
        gst_sample_unref(sample_);
        throw std::runtime_error(_("a decoded video frame is smaller than its caps say"));
    }
}

VideoFrame::~VideoFrame() {
    gst_buffer_unmap(gst_sample_get_buffer(sample_), &map_);
    gst_sample_unref(sample_);
}

struct VideoClip::Impl {
    GstElement* pipeline = nullptr;
    GstElement* appsink = nullptr;
    GstElement* capsfilter = nullptr;
    GstPad* video_in = nullptr; ///< videoconvert's sink pad (owned ref)
    GstBus* bus = nullptr;
    int area_w = 0, area_h = 0;
    // Set on the pipeline's threads (pad-added, no-more-pads).
    std::mutex mutex;
    bool video_linked = false;
    bool audio_seen = false;
    std::atomic<bool> no_more_pads{false};
    // The caller's.
    std::vector<std::string> missing; ///< decoders decodebin did not find
    std::shared_ptr<const VideoFrame> current, pending;
    Micros last_asked{0};
    bool eos = false;

    ~Impl() {
        if (pipeline) {
            gst_element_set_state(pipeline, GST_STATE_NULL);
            gst_object_unref(pipeline);
        }
        if (video_in) gst_object_unref(video_in);
        if (bus) gst_object_unref(bus);
    }

    /// Frames fitted into the area: the display size after the pixel aspect, scaled to fit.
    void fit_to(const GstVideoInfo& in) {
        const double par = GST_VIDEO_INFO_PAR_D(&in) > 0 && GST_VIDEO_INFO_PAR_N(&in) > 0
                               ? double(GST_VIDEO_INFO_PAR_N(&in)) / GST_VIDEO_INFO_PAR_D(&in)
                               : 1.0;
        const double dw = GST_VIDEO_INFO_WIDTH(&in) * par, dh = GST_VIDEO_INFO_HEIGHT(&in);
        if (dw <= 0 || dh <= 0) return;
        const double scale = std::min(area_w / dw, area_h / dh);
        // Even sizes: some converters want them; never wider or taller than the area.
        const int w = std::clamp(int(std::lround(dw * scale)) & ~1, 2, area_w);
        const int h = std::clamp(int(std::lround(dh * scale)) & ~1, 2, area_h);
        GstCaps* caps = gst_caps_new_simple("video/x-raw", "format", G_TYPE_STRING, "BGRA", "width",
                                            G_TYPE_INT, w, "height", G_TYPE_INT, h,
                                            "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, nullptr);
        g_object_set(capsfilter, "caps", caps, nullptr);
        gst_caps_unref(caps);
    }
};

namespace {

void on_pad_added(GstElement*, GstPad* pad, gpointer data) {
    auto* d = static_cast<VideoClip::Impl*>(data);
    GstCaps* caps = gst_pad_get_current_caps(pad);
    if (!caps) caps = gst_pad_query_caps(pad, nullptr);
    const char* name = caps && !gst_caps_is_empty(caps)
                           ? gst_structure_get_name(gst_caps_get_structure(caps, 0))
                           : "";
    const bool raw_video = starts_with(name, "video/x-raw");
    const bool raw_audio = starts_with(name, "audio/x-raw");
    if (caps) gst_caps_unref(caps);
    {
        std::lock_guard lock(d->mutex);
        if (raw_audio) d->audio_seen = true;
        if (raw_video && !d->video_linked) {
            if (gst_pad_link(pad, d->video_in) == GST_PAD_LINK_OK) d->video_linked = true;
            return;
        }
    }
    // Sound (not played here), a second video track, subtitles: drained, never prerolled.
    GstElement* sink = gst_element_factory_make("fakesink", nullptr);
    if (!sink) return;
    g_object_set(sink, "sync", FALSE, "async", FALSE, nullptr);
    gst_bin_add(GST_BIN(d->pipeline), sink);
    gst_element_sync_state_with_parent(sink);
    GstPad* in = gst_element_get_static_pad(sink, "sink");
    gst_pad_link(pad, in);
    gst_object_unref(in);
}

void on_no_more_pads(GstElement*, gpointer data) {
    static_cast<VideoClip::Impl*>(data)->no_more_pads = true;
}

/// The size the clip shows at is known once its caps reach videoscale (after videoflip turned
/// a phone's portrait video upright).
GstPadProbeReturn on_scale_caps(GstPad*, GstPadProbeInfo* info, gpointer data) {
    GstEvent* event = GST_PAD_PROBE_INFO_EVENT(info);
    if (event && GST_EVENT_TYPE(event) == GST_EVENT_CAPS) {
        GstCaps* caps = nullptr;
        gst_event_parse_caps(event, &caps);
        GstVideoInfo in;
        if (caps && gst_video_info_from_caps(&in, caps))
            static_cast<VideoClip::Impl*>(data)->fit_to(in);
    }
    return GST_PAD_PROBE_OK;
}

} // namespace

VideoClip::VideoClip(const fs::path& file, int area_width, int area_height)
    : impl_(std::make_unique<Impl>()) {
    if (!gst_is_initialized()) gst_init(nullptr, nullptr);
    Impl& d = *impl_;
    d.area_w = std::max(2, area_width);
    d.area_h = std::max(2, area_height);
    GstElement* src = gst_element_factory_make("filesrc", nullptr);
    GstElement* decode = gst_element_factory_make("decodebin", nullptr);
    GstElement* convert = gst_element_factory_make("videoconvert", nullptr);
    GstElement* flip = gst_element_factory_make("videoflip", nullptr);
    GstElement* scale = gst_element_factory_make("videoscale", nullptr);
    d.capsfilter = gst_element_factory_make("capsfilter", nullptr);
    d.appsink = gst_element_factory_make("appsink", nullptr);
    GstElement* all[] = {src, decode, convert, flip, scale, d.capsfilter, d.appsink};
    if (std::any_of(std::begin(all), std::end(all), [](GstElement* e) { return !e; })) {
        for (GstElement* e : all)
            if (e) gst_object_unref(gst_object_ref_sink(e));
        fail(_("cannot be played: GStreamer's decodebin, videoconvert, videoflip, videoscale or "
               "appsink is missing; install gstreamer1.0-plugins-base and -good"));
        return;
    }
    d.pipeline = gst_pipeline_new("tsr-video-clip");
    gst_bin_add_many(GST_BIN(d.pipeline), src, decode, convert, flip, scale, d.capsfilter,
                     d.appsink, nullptr);
    g_object_set(src, "location", file.c_str(), nullptr);
    // Upright as the phone that filmed it meant (its orientation tag).
    gst_util_set_object_arg(G_OBJECT(flip), "video-direction", "auto");
    // Decoded as fast as pulled, a few frames ahead; the caller times the frames.
    g_object_set(d.appsink, "sync", FALSE, "max-buffers", 3u, "drop", FALSE, "enable-last-sample",
                 FALSE, nullptr);
    GstCaps* bgra = gst_caps_from_string("video/x-raw,format=BGRA,pixel-aspect-ratio=1/1");
    g_object_set(d.capsfilter, "caps", bgra, nullptr);
    gst_caps_unref(bgra);
    d.video_in = gst_element_get_static_pad(convert, "sink");
    GstPad* scale_in = gst_element_get_static_pad(scale, "sink");
    gst_pad_add_probe(scale_in, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_scale_caps, &d, nullptr);
    gst_object_unref(scale_in);
    if (!gst_element_link(src, decode) ||
        !gst_element_link_many(convert, flip, scale, d.capsfilter, d.appsink, nullptr)) {
        fail(_("cannot be played: the video pipeline could not be linked"));
        return;
    }
    g_signal_connect(decode, "pad-added", G_CALLBACK(on_pad_added), &d);
    g_signal_connect(decode, "no-more-pads", G_CALLBACK(on_no_more_pads), &d);
    d.bus = gst_element_get_bus(d.pipeline);
    if (gst_element_set_state(d.pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
        poll(); // the error on the bus says why
}

VideoClip::~VideoClip() = default;

void VideoClip::fail(std::string problem) {
    if (state_ == State::failed) return;
    state_ = State::failed;
    problem_ = std::move(problem);
}

void VideoClip::on_message(GstMessage* msg) {
    Impl& d = *impl_;
    switch (GST_MESSAGE_TYPE(msg)) {
    case GST_MESSAGE_ELEMENT:
        if (gst_is_missing_plugin_message(msg)) {
            gchar* what = gst_missing_plugin_message_get_description(msg);
            if (what && d.missing.size() < 8) d.missing.emplace_back(what);
            g_free(what);
        }
        break;
    case GST_MESSAGE_ASYNC_DONE:
        if (state_ == State::opening) on_ready();
        break;
    case GST_MESSAGE_EOS:
        d.eos = true;
        break;
    case GST_MESSAGE_ERROR: {
        GError* err = nullptr;
        gst_message_parse_error(msg, &err, nullptr);
        std::string why = err && err->message ? err->message : _("unknown error");
        if (err && err->domain == GST_STREAM_ERROR && err->code == GST_STREAM_ERROR_TYPE_NOT_FOUND)
            fail(i18n::format(_("is not a video file (its content is not one); %s"), _(kSaveAs)));
        else if (!d.missing.empty())
            fail(no_decoder(d.missing.front()));
        else if (err && err->domain == GST_RESOURCE_ERROR)
            fail(i18n::format(_("cannot be read (%s)"), why));
        else
            fail(i18n::format(_("cannot be played (%s); %s"), why, _(kSaveAs)));
        g_clear_error(&err);
        break;
    }
    default:
        break;
    }
}

void VideoClip::on_ready() {
    Impl& d = *impl_;
    gint64 ns = -1;
    if (!gst_element_query_duration(d.pipeline, GST_FORMAT_TIME, &ns) || ns <= 0) {
        fail(i18n::format(_("has no length (a still picture?); use image = for a picture, or %s"),
                          _(kSaveAs)));
        return;
    }
    length_ = Micros(ns / 1000);
    {
        std::lock_guard lock(d.mutex);
        has_audio_ = d.audio_seen;
    }
    state_ = State::ready;
    gst_element_set_state(d.pipeline, GST_STATE_PLAYING);
}

VideoClip::State VideoClip::poll() {
    Impl& d = *impl_;
    if (!d.bus) return state_;
    while (GstMessage* msg = gst_bus_pop(d.bus)) {
        on_message(msg);
        gst_message_unref(msg);
    }
    if (state_ == State::opening && d.no_more_pads) {
        std::lock_guard lock(d.mutex);
        if (!d.video_linked) {
            if (!d.missing.empty())
                fail(no_decoder(d.missing.front()));
            else if (d.audio_seen)
                fail(_("has no video stream (it is a sound only); use it as a reminder's audio "
                       "or [audio] background"));
            else
                fail(i18n::format(_("has no video stream; %s"), _(kSaveAs)));
        }
    }
    return state_;
}

VideoClip::State VideoClip::wait_open(std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (poll() == State::opening) {
        if (std::chrono::steady_clock::now() >= until) {
            fail(i18n::format(_("could not be read within %s s; copy it to the PC again"),
                              timeout.count() / 1000));
            break;
        }
        if (GstMessage* msg = gst_bus_timed_pop(impl_->bus, 50 * GST_MSECOND)) {
            on_message(msg);
            gst_message_unref(msg);
        }
    }
    return state_;
}

std::shared_ptr<const VideoFrame> VideoClip::frame_at(Micros offset, bool wait) {
    Impl& d = *impl_;
    if (state_ == State::opening && (wait ? wait_open() : poll()) != State::ready) return nullptr;
    if (state_ == State::failed) return d.current; // the last frame holds
    const bool back = offset < d.last_asked;
    const bool jump = offset > d.last_asked + kSeekAhead;
    // Live, a decoder that fell behind (a loaded PC) is sent to the instant instead of
    // showing the clip later and later; the frame it had stays up meanwhile.
    const bool lagging =
        !wait && !d.eos && !d.pending && d.current && offset - d.current->pts() > kSeekAhead;
    d.last_asked = offset;
    if (back || jump || lagging) {
        if (!lagging) d.current.reset();
        d.pending.reset();
        d.eos = false;
        const gint64 ns = std::max<gint64>(0, gint64(offset.count()) * 1000);
        gst_element_seek(d.pipeline, 1.0, GST_FORMAT_TIME,
                         GstSeekFlags(GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE),
                         GST_SEEK_TYPE_SET, ns, GST_SEEK_TYPE_NONE, -1);
    }
    auto* sink = GST_APP_SINK(d.appsink);
    const auto started = std::chrono::steady_clock::now();
    for (;;) {
        if (d.pending && d.pending->pts() <= offset) {
            d.current = std::move(d.pending);
            continue;
        }
        if (d.pending || d.eos) break;
        GstSample* sample = gst_app_sink_try_pull_sample(sink, wait ? 100 * GST_MSECOND : 0);
        if (!sample) {
            if (gst_app_sink_is_eos(sink)) {
                d.eos = true;
                break;
            }
            poll();
            if (!wait || state_ == State::failed) break;
            if (std::chrono::steady_clock::now() - started > kFrameTimeout) {
                fail(i18n::format(_("stopped decoding; %s"), _(kSaveAs)));
                break;
            }
            continue;
        }
        GstBuffer* buffer = gst_sample_get_buffer(sample);
        GstClockTime pts = buffer ? GST_BUFFER_PTS(buffer) : GST_CLOCK_TIME_NONE;
        if (const GstSegment* seg = gst_sample_get_segment(sample);
            seg && GST_CLOCK_TIME_IS_VALID(pts)) {
            guint64 st = gst_segment_to_stream_time(seg, GST_FORMAT_TIME, pts);
            if (GST_CLOCK_TIME_IS_VALID(st)) pts = st;
        }
        const Micros at{GST_CLOCK_TIME_IS_VALID(pts) ? gint64(pts / 1000) : offset.count()};
        try {
            d.pending = std::make_shared<const VideoFrame>(sample, at);
        } catch (const std::exception&) {
            fail(_("cannot be played: a decoded frame cannot be read"));
            break;
        }
    }
    // Before the first timestamp (a clip starting a little late): its first frame.
    return d.current ? d.current : d.pending;
}

namespace {

struct ProbeKey {
    fs::path file;
    std::uintmax_t size;
    fs::file_time_type mtime;
    auto operator<=>(const ProbeKey&) const = default;
};

std::mutex& memo_mutex() {
    static std::mutex m;
    return m;
}
std::map<ProbeKey, VideoProbe>& memo() {
    static std::map<ProbeKey, VideoProbe> m;
    return m;
}

/// "1,5 GB" (id), "1.5 GB" (en).
std::string gigabytes_text(std::uintmax_t bytes) {
    return i18n::decimal(i18n::language(), double(bytes) / 1e9, 1) + " GB";
}

} // namespace

VideoProbe probe_video_clip(const fs::path& file) {
    VideoProbe r;
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(file, ec);
    if (ec) {
        r.problem = i18n::format(_("cannot be read (%s)"), ec.message());
        return r;
    }
    if (size > kMaxVideoBytes) {
        r.problem = i18n::format(_("is too large (%s); a video may take at most %s; export it at "
                                   "a lower quality or shorter"),
                                 gigabytes_text(size), gigabytes_text(kMaxVideoBytes));
        return r;
    }
    const ProbeKey key{file, size, fs::last_write_time(file, ec)};
    {
        std::lock_guard lock(memo_mutex());
        if (auto it = memo().find(key); it != memo().end()) return it->second;
    }
    try {
        VideoClip clip(file, 320, 180);
        if (clip.wait_open() != VideoClip::State::ready) {
            r.problem = clip.problem();
        } else if (clip.length() > kMaxVideoLength) {
            r.problem = i18n::format(_("is too long (%s); a video may last at most %s in the "
                                       "rotation; shorten it or split it into parts"),
                                     length_text(clip.length()), length_text(kMaxVideoLength));
        } else if (!clip.frame_at(Micros(0), true)) {
            r.problem = clip.problem().empty()
                            ? i18n::format(_("has no picture that decodes; %s"), _(kSaveAs))
                            : clip.problem();
        } else {
            r.ok = true;
            r.length = clip.length();
            r.has_audio = clip.has_audio();
        }
    } catch (const std::exception& e) {
        r.problem = i18n::format(_("cannot be played (%s)"), e.what());
    }
    std::lock_guard lock(memo_mutex());
    if (memo().size() >= 500) memo().clear();
    memo().emplace(key, r);
    return r;
}

} // namespace tsr
