#include "reminder_audio.hpp"
#include "i18n.hpp"

#include "mp4_probe.hpp"
#include "schedule.hpp"

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>

namespace tsr {

namespace {

/// decodebin's GstAutoplugSelectResult (not in the installed headers).
enum AutoplugSelect { kAutoplugTry = 0, kAutoplugExpose = 1 };

struct GstObjectDeleter {
    void operator()(gpointer p) const {
        if (p) gst_object_unref(p);
    }
};
template <class T> using GstPtr = std::unique_ptr<T, GstObjectDeleter>;

std::string seconds_text(double s) {
    return length_text(Micros(std::int64_t(s * 1e6)));
}

/// Shared between the calling thread and the decoding pipeline's streaming threads.
struct Decode {
    GstElement* pipeline = nullptr;     // owned by the caller
    GstElement* audio_in = nullptr;     // head of the audio branch
    const char* wanted = "audio/x-raw"; // what it takes: decoded audio, or AAC (direct route)
    std::size_t max_frames = 0;

    std::mutex mutex; // guards everything below
    std::vector<std::int16_t> samples;
    bool audio_linked = false;
    bool too_long = false;
    bool no_more_pads = false;
    std::string unsupported; // caps of an audio stream nothing could decode
};

GstFlowReturn on_new_sample(GstAppSink* sink, gpointer data) {
    auto* d = static_cast<Decode*>(data);
    GstSample* sample = gst_app_sink_pull_sample(sink);
    if (!sample) return GST_FLOW_EOS;
    GstBuffer* buf = gst_sample_get_buffer(sample);
    GstFlowReturn ret = GST_FLOW_OK;
    GstMapInfo map;
    if (buf && gst_buffer_map(buf, &map, GST_MAP_READ)) {
        std::lock_guard lock(d->mutex);
        std::size_t n = map.size / sizeof(std::int16_t);
        std::size_t old = d->samples.size();
        d->samples.resize(old + n);
        std::memcpy(d->samples.data() + old, map.data, n * sizeof(std::int16_t));
        gst_buffer_unmap(buf, &map);
        if (d->samples.size() / kSoundChannels > d->max_frames) {
            d->too_long = true;
            ret = GST_FLOW_EOS;
        }
    }
    gst_sample_unref(sample);
    return ret;
}

/// Video, image and subtitle streams are exposed undecoded (and then dropped): only the audio
/// track of a file with a video track is decoded.
gint on_autoplug_select(GstElement*, GstPad*, GstCaps*, GstElementFactory* factory, gpointer) {
    const char* klass = gst_element_factory_get_metadata(factory, GST_ELEMENT_METADATA_KLASS);
    if (klass && (std::strstr(klass, "Video") || std::strstr(klass, "Image") ||
                  std::strstr(klass, "Subtitle")))
        return kAutoplugExpose;
    return kAutoplugTry;
}

void link_to_fakesink(Decode* d, GstPad* pad) {
    GstElement* sink = gst_element_factory_make("fakesink", nullptr);
    if (!sink) return;
    g_object_set(sink, "sync", FALSE, "async", FALSE, nullptr);
    gst_bin_add(GST_BIN(d->pipeline), sink);
    gst_element_sync_state_with_parent(sink);
    GstPtr<GstPad> sinkpad(gst_element_get_static_pad(sink, "sink"));
    gst_pad_link(pad, sinkpad.get());
}

void on_pad_added(GstElement*, GstPad* pad, gpointer data) {
    auto* d = static_cast<Decode*>(data);
    GstCaps* caps = gst_pad_get_current_caps(pad);
    if (!caps) caps = gst_pad_query_caps(pad, nullptr);
    std::string name;
    std::string text;
    if (caps && !gst_caps_is_empty(caps) && !gst_caps_is_any(caps)) {
        name = gst_structure_get_name(gst_caps_get_structure(caps, 0));
        gchar* t = gst_caps_to_string(caps);
        text = t;
        g_free(t);
    }
    if (caps) gst_caps_unref(caps);

    bool take = false;
    {
        std::lock_guard lock(d->mutex);
        if (name == d->wanted && !d->audio_linked) {
            d->audio_linked = true;
            take = true;
        } else if (name.rfind("audio/", 0) == 0 && name != d->wanted && d->unsupported.empty()) {
            d->unsupported = text;
        }
    }
    if (take) {
        GstPtr<GstPad> sinkpad(gst_element_get_static_pad(d->audio_in, "sink"));
        if (gst_pad_link(pad, sinkpad.get()) == GST_PAD_LINK_OK) return;
        std::lock_guard lock(d->mutex);
        d->audio_linked = false;
    }
    // Anything else (video, a second audio track, an undecodable stream) is dropped.
    link_to_fakesink(d, pad);
}

void on_no_more_pads(GstElement*, gpointer data) {
    auto* d = static_cast<Decode*>(data);
    std::lock_guard lock(d->mutex);
    d->no_more_pads = true;
}

void on_unknown_type(GstElement*, GstPad*, GstCaps* caps, gpointer data) {
    auto* d = static_cast<Decode*>(data);
    if (!caps || gst_caps_is_empty(caps)) return;
    const char* name = gst_structure_get_name(gst_caps_get_structure(caps, 0));
    if (!g_str_has_prefix(name, "audio/")) return;
    gchar* t = gst_caps_to_string(caps);
    std::lock_guard lock(d->mutex);
    if (d->unsupported.empty()) d->unsupported = t;
    g_free(t);
}

std::string error_text(const std::filesystem::path& file, GError* err) {
    const std::string f = file.string();
    const std::string what = err && err->message ? err->message : _("unknown error");
    if (err && err->domain == GST_STREAM_ERROR) {
        switch (err->code) {
        case GST_STREAM_ERROR_TYPE_NOT_FOUND:
        case GST_STREAM_ERROR_WRONG_TYPE:
            return i18n::format(_("%s: not an audio file (its content is no media format "
                                  "GStreamer knows); use a sound file: %s"),
                                f, kSoundFormats);
        case GST_STREAM_ERROR_CODEC_NOT_FOUND:
            return i18n::format(_("%s: no decoder for this file's format (%s); use a sound "
                                  "file: %s"),
                                f, what, kSoundFormats);
        case GST_STREAM_ERROR_DEMUX:
        case GST_STREAM_ERROR_DECODE:
        case GST_STREAM_ERROR_FORMAT:
            return i18n::format(_("%s: the file is damaged or truncated (%s); export or copy it "
                                  "again"),
                                f, what);
        default:
            break;
        }
    }
    if (err && err->domain == GST_CORE_ERROR && err->code == GST_CORE_ERROR_MISSING_PLUGIN)
        return i18n::format(_("%s: no decoder for this file's format (%s); use a sound file: %s"),
                            f, what, kSoundFormats);
    if (err && err->domain == GST_RESOURCE_ERROR)
        return i18n::format(_("%s: cannot be read (%s)"), f, what);
    return i18n::format(_("%s: cannot be decoded (%s)"), f, what);
}

/// Which pipeline decodes a file.
enum class Route {
    decodebin, ///< filesrc ! decodebin ! ...: anything GStreamer knows
    mp4,       ///< filesrc ! qtdemux ! AAC decoder ! ...
    adts,      ///< filesrc ! aacparse ! AAC decoder ! ...
};

/// The direct routes save decodebin's typefinding, its parser and its multiqueue thread (over a
/// third of the CPU a reminder's decode costs: 7.7 instead of 12.4 ms for a 10 s file). Only for
/// files the probe vouches for as plain AAC audio; the rest, and whatever a direct route fails on,
/// go through decodebin, whose errors are the ones people see.
Route route_of(const std::filesystem::path& file, const AudioProbe& probe) {
    if (!probe.ok || probe.has_video) return Route::decodebin;
    unsigned char head[8] = {};
    std::ifstream in(file, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(head), sizeof head)) return Route::decodebin;
    if (std::memcmp(head + 4, "ftyp", 4) == 0) return Route::mp4;
    if (head[0] == 0xFF && (head[1] & 0xF6) == 0xF0) return Route::adts; // no ID3 tag in front
    return Route::decodebin;
}

/// The AAC decoder decodebin would pick: the highest ranked one it may autoplug (rank at least
/// marginal, so that a decoder taken out of autoplugging stays out). Null when there is none.
GstElement* make_aac_decoder(Route route) {
    GList* all = gst_element_factory_list_get_elements(
        GST_ELEMENT_FACTORY_TYPE_DECODER | GST_ELEMENT_FACTORY_TYPE_MEDIA_AUDIO, GST_RANK_MARGINAL);
    GstCaps* caps =
        gst_caps_new_simple("audio/mpeg", "mpegversion", G_TYPE_INT, 4, "stream-format",
                            G_TYPE_STRING, route == Route::adts ? "adts" : "raw", nullptr);
    GList* fit = gst_element_factory_list_filter(all, caps, GST_PAD_SINK, FALSE);
    gst_caps_unref(caps);
    gst_plugin_feature_list_free(all);
    fit = g_list_sort(fit, gst_plugin_feature_rank_compare_func);
    GstElement* dec =
        fit ? gst_element_factory_create(GST_ELEMENT_FACTORY(fit->data), nullptr) : nullptr;
    gst_plugin_feature_list_free(fit);
    return dec;
}

/// One decode through `route`. `route_failed`: a direct route could not decode the file (a
/// stream error, no AAC track it could link); decodebin is then tried. Outcomes that do not
/// depend on the route (too long, truncated, stalled, timed out, cancelled) are final.
/// `probed`: the file's length as the check measured it, 0 if unknown (when known, the
/// container's length is not asked again: the check's verdict on it stands). `file_fault`: a
/// failure that is the file's (not a timeout, a cancel, an unreadable drive or missing elements).
DecodeResult run_decode(const std::filesystem::path& file, const DecodeOptions& options,
                        Route route, Micros probed, bool& route_failed, bool& file_fault) {
    DecodeResult result;
    const std::string f = file.string();
    route_failed = false;
    file_fault = false;
    const Micros limit = options.max_length.value_or(max_length_of(options.use));
    const bool direct = route != Route::decodebin;

    GstElement* pipeline = gst_pipeline_new("tsr-decode");
    GstElement* src = gst_element_factory_make("filesrc", nullptr);
    GstElement* demux = gst_element_factory_make(route == Route::decodebin ? "decodebin"
                                                 : route == Route::mp4     ? "qtdemux"
                                                                           : "aacparse",
                                                 nullptr);
    GstElement* dec = direct ? make_aac_decoder(route) : nullptr;
    GstElement* conv = gst_element_factory_make("audioconvert", nullptr);
    GstElement* res = gst_element_factory_make("audioresample", nullptr);
    GstElement* filter = gst_element_factory_make("capsfilter", nullptr);
    GstElement* sink = gst_element_factory_make("appsink", nullptr);
    if (!pipeline || !src || !demux || (direct && !dec) || !conv || !res || !filter || !sink) {
        for (GstElement* e : {pipeline, src, demux, dec, conv, res, filter, sink})
            if (e) gst_object_unref(e);
        if (direct) { // decodebin may still find a way (and says why when it cannot)
            route_failed = true;
            return result;
        }
        result.error = i18n::format(_("%s: cannot decode audio: GStreamer elements are missing "
                                      "(install gstreamer1.0-plugins-base and "
                                      "gstreamer1.0-libav)"),
                                    f);
        return result;
    }
    GstPtr<GstElement> owner(pipeline);
    gst_bin_add_many(GST_BIN(pipeline), src, demux, conv, res, filter, sink, nullptr);
    if (dec) gst_bin_add(GST_BIN(pipeline), dec);
    g_object_set(src, "location", f.c_str(), nullptr);
    // No dither when the decoder's float becomes S16: a quarter of the decode's CPU for noise
    // far under the AAC coding noise; without it a sound also decodes to the same samples
    // every time.
    g_object_set(conv, "dithering", 0 /* GST_AUDIO_DITHER_NONE */, nullptr);
    GstCaps* caps = gst_caps_new_simple(
        "audio/x-raw", "format", G_TYPE_STRING, "S16LE", "rate", G_TYPE_INT, kSoundRate, "channels",
        G_TYPE_INT, kSoundChannels, "layout", G_TYPE_STRING, "interleaved", nullptr);
    g_object_set(filter, "caps", caps, nullptr);
    gst_caps_unref(caps);
    g_object_set(sink, "sync", FALSE, nullptr);
    gst_element_link(src, demux);
    gst_element_link_many(conv, res, filter, sink, nullptr);

    Decode d;
    d.pipeline = pipeline;
    d.audio_in = direct ? dec : conv;
    d.wanted = direct ? "audio/mpeg" : "audio/x-raw";
    d.max_frames = std::size_t((limit + kDecodeSlack).count()) * kSoundRate / 1000000;
    if (route == Route::adts) {
        gst_element_link_many(demux, dec, conv, nullptr);
        d.audio_linked = true;
    } else if (route == Route::mp4) {
        gst_element_link(dec, conv);
    }

    GstAppSinkCallbacks callbacks{};
    callbacks.new_sample = on_new_sample;
    gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, &d, nullptr);
    if (route != Route::adts) {
        g_signal_connect(demux, "pad-added", G_CALLBACK(on_pad_added), &d);
        g_signal_connect(demux, "no-more-pads", G_CALLBACK(on_no_more_pads), &d);
    }
    if (route == Route::decodebin) {
        g_signal_connect(demux, "autoplug-select", G_CALLBACK(on_autoplug_select), &d);
        g_signal_connect(demux, "unknown-type", G_CALLBACK(on_unknown_type), &d);
    }

    auto too_long_text = [&](std::optional<Micros> length) {
        return f + " " + too_long_problem(options.use, length, limit);
    };
    auto container_duration = [&]() -> gint64 {
        gint64 dur = -1;
        if (!gst_element_query_duration(pipeline, GST_FORMAT_TIME, &dur)) return -1;
        return dur;
    };

    GstPtr<GstBus> bus(gst_element_get_bus(pipeline));
    std::string error;
    bool not_file = false; // the failure is the drive's, the clock's or the caller's
    bool eos = false;
    if (gst_element_set_state(pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
        // The error itself is on the bus; read it below.
    }
    const auto deadline = std::chrono::steady_clock::now() + options.timeout;
    auto last_progress = std::chrono::steady_clock::now();
    std::size_t last_count = 0;
    while (error.empty() && !eos && !route_failed) {
        {
            std::lock_guard lock(d.mutex);
            if (d.samples.size() != last_count) {
                last_count = d.samples.size();
                last_progress = std::chrono::steady_clock::now();
            }
        }
        if (std::chrono::steady_clock::now() - last_progress >= options.stall_timeout) {
            error = i18n::format(_("%s: the file is damaged or truncated (decoding stopped after "
                                   "%s without an error); export or copy it again"),
                                 f, seconds_text(double(last_count / kSoundChannels) / kSoundRate));
            break;
        }
        if (options.cancel && options.cancel->load()) {
            error = i18n::format(_("%s: decoding cancelled"), f);
            not_file = true;
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            error = i18n::format(_("%s: decoding did not finish within %s (is the file on a slow "
                                   "or dead drive?)"),
                                 f, seconds_text(double(options.timeout.count()) / 1000));
            not_file = true;
            break;
        }
        {
            // Every stream is exposed and none is audio we can decode: the audio branch would
            // wait for ever, so stop here (the reason is worked out below).
            std::unique_lock lock(d.mutex);
            if (d.no_more_pads && !d.audio_linked) {
                lock.unlock();
                if (direct) {
                    route_failed = true;
                    break;
                }
                // A demuxer that found nothing playable posts its error right after: prefer it.
                if (GstMessage* m = gst_bus_timed_pop_filtered(bus.get(), 200 * GST_MSECOND,
                                                               GST_MESSAGE_ERROR)) {
                    GError* err = nullptr;
                    gst_message_parse_error(m, &err, nullptr);
                    error = error_text(file, err);
                    g_clear_error(&err);
                    gst_message_unref(m);
                }
                break;
            }
        }
        GstMessage* msg = gst_bus_timed_pop_filtered(
            bus.get(), 50 * GST_MSECOND,
            GstMessageType(GST_MESSAGE_ERROR | GST_MESSAGE_EOS | GST_MESSAGE_ASYNC_DONE |
                           GST_MESSAGE_DURATION_CHANGED));
        if (!msg) continue;
        last_progress = std::chrono::steady_clock::now();
        switch (GST_MESSAGE_TYPE(msg)) {
        case GST_MESSAGE_ERROR: {
            GError* err = nullptr;
            gchar* dbg = nullptr;
            gst_message_parse_error(msg, &err, &dbg);
            if (err && err->domain == GST_RESOURCE_ERROR) not_file = true;
            {
                std::lock_guard lock(d.mutex);
                if (d.too_long)
                    error = too_long_text(std::nullopt);
                else if (direct)
                    route_failed = true;
                else if (!d.unsupported.empty())
                    error = i18n::format(_("%s: no decoder for its audio (%s); use a sound "
                                           "file: %s"),
                                         f, d.unsupported, kSoundFormats);
            }
            if (error.empty() && !route_failed) error = error_text(file, err);
            g_clear_error(&err);
            g_free(dbg);
            break;
        }
        case GST_MESSAGE_EOS:
            eos = true;
            break;
        default: {
            gint64 dur = probed > Micros(0) ? -1 : container_duration();
            if (dur > 0 && dur > limit.count() * 1000) error = too_long_text(Micros(dur / 1000));
            break;
        }
        }
        gst_message_unref(msg);
    }
    const gint64 duration = eos ? container_duration() : -1;
    gst_element_set_state(pipeline, GST_STATE_NULL);
    if (route_failed) return result;

    std::lock_guard lock(d.mutex);
    if (error.empty() && d.too_long) error = too_long_text(std::nullopt);
    if (error.empty() && !d.audio_linked) {
        if (direct) {
            route_failed = true;
            return result;
        }
        if (!d.unsupported.empty() && options.use == AudioUse::clip)
            // A video's sound track: the advice is the video's, not a sound file's.
            error = i18n::format(_("%s: no decoder for its sound (%s); %s"), f, d.unsupported,
                                 _("save it as MP4 (H.264 video, AAC sound) again"));
        else if (!d.unsupported.empty())
            error = i18n::format(_("%s: no decoder for its audio (%s); use a sound file: %s"), f,
                                 d.unsupported, kSoundFormats);
        else
            error =
                i18n::format(_("%s: has no audio track; use a sound file: %s"), f, kSoundFormats);
    }
    if (error.empty()) {
        const double decoded = double(d.samples.size() / kSoundChannels) / kSoundRate;
        // A file cut short in its data decodes up to the cut and then ends: compare with the
        // length the check measured, or else the one the container announces (250 ms of slack
        // for encoder padding).
        const double announced =
            probed > Micros(0) ? double(probed.count()) / 1e6 : double(duration) / 1e9;
        if (announced > 0 && decoded + 0.25 < announced)
            // The check read a whole container: then the sound inside it is damaged (it cannot
            // be cut short), which only a decode can tell.
            error = probed > Micros(0)
                        ? i18n::format(_("%s is damaged: only %s of its %s could be decoded; "
                                         "export or copy it again"),
                                       f, seconds_text(decoded), seconds_text(announced))
                        : i18n::format(_("%s: the file is truncated (only %s of %s could be "
                                         "decoded); copy it again"),
                                       f, seconds_text(decoded), seconds_text(announced));
    }
    if (!error.empty()) {
        file_fault = !not_file;
        result.error = std::move(error);
        return result;
    }
    auto sound = std::make_shared<DecodedSound>();
    sound->samples = std::move(d.samples);
    result.sound = std::move(sound);
    return result;
}

} // namespace

DecodeResult decode_reminder_audio(const std::filesystem::path& file,
                                   const DecodeOptions& options) {
    DecodeResult result;
    const std::string f = file.string();
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        result.error = i18n::format(_("%s: file not found"), f);
        return result;
    }
    if (!std::filesystem::is_regular_file(file, ec)) {
        result.error = i18n::format(_("%s: not a file"), f);
        return result;
    }
    if (std::filesystem::file_size(file, ec) == 0) {
        result.error = i18n::format(_("%s: the file is empty"), f);
        return result;
    }
    // The check's verdict first: a file it would refuse for its length is refused in the
    // same words, without decoding it.
    const AudioProbe probe = probe_mpeg4_audio(file);
    const Micros limit = options.max_length.value_or(max_length_of(options.use));
    if (probe.ok && probe.length > limit) {
        result.error = f + " " + too_long_problem(options.use, probe.length, limit);
        return result;
    }
    if (!gst_is_initialized()) gst_init(nullptr, nullptr);

    const Micros probed = probe.ok ? probe.length : Micros(0);
    bool route_failed = false, file_fault = false;
    if (options.direct) {
        const Route route = route_of(file, probe);
        if (route != Route::decodebin) {
            result = run_decode(file, options, route, probed, route_failed, file_fault);
            if (!route_failed) return result;
        }
    }
    result = run_decode(file, options, Route::decodebin, probed, route_failed, file_fault);
    // A damaged MPEG-4 file: the reason people read is the check's, not the demuxer's guess.
    // Other formats are decided by this decode (the check runs it too: audio_check.hpp).
    if (!result.ok() && file_fault && !probe.ok && !probe.other_format)
        result.error = f + " " + probe.problem;
    // Another format that does not decode: the same words as the check (audio_check.hpp).
    if (!result.ok() && file_fault && probe.other_format && result.error.rfind(f + ": ", 0) == 0)
        result.error =
            i18n::format(_("%s cannot be played: %s"), f, result.error.substr(f.size() + 2));
    return result;
}

// ---------------------------------------------------------------------------------------------

ReminderSoundBank::ReminderSoundBank(DecodeOptions options, SoundHorizon horizon)
    : options_(options), horizon_(horizon) {
    options_.cancel = &cancel_;
}

ReminderSoundBank::~ReminderSoundBank() {
    stop();
}

std::vector<std::filesystem::path> ReminderSoundBank::files_of(const Playlist& p) {
    std::vector<std::filesystem::path> out;
    std::set<std::filesystem::path> seen;
    auto add = [&](const std::filesystem::path& f) {
        if (!f.empty() && seen.insert(f).second) out.push_back(f);
    };
    add(p.audio.chime);
    for (const Activity& a : p.activities)
        for (const Reminder& r : a.reminders)
            add(r.audio);
    for (const auto& b : p.audio.background)
        add(b);
    for (const Slide& s : p.slides)
        if (s.video_sound) add(s.video);
    return out;
}

std::optional<ReminderSoundBank::Stamp>
ReminderSoundBank::stamp_of(const std::filesystem::path& file) {
    std::error_code ec, ec2;
    Stamp s{std::filesystem::file_size(file, ec), std::filesystem::last_write_time(file, ec2)};
    if (ec || ec2) return std::nullopt;
    return s;
}

void ReminderSoundBank::queue_locked(const std::filesystem::path& f) {
    if (f.empty() || entries_.count(f)) return;
    entries_[f].state = State::pending;
    queue_.push_back(f);
}

void ReminderSoundBank::start(const std::vector<std::filesystem::path>& files) {
    {
        std::lock_guard lock(mutex_);
        for (const auto& f : files)
            queue_locked(f);
        if (queue_.empty()) return;
        if (!worker_.joinable()) {
            // One worker until stop(): it sleeps when there is nothing to do, so a horizon
            // step that queues a file costs no new thread.
            stopping_ = false;
            cancel_ = false;
            running_ = true;
            worker_ = std::thread([this] { run_guarded(); });
        }
    }
    work_.notify_one();
}

void ReminderSoundBank::follow(const Playlist& p, Instant now) {
    if (followed_ && now >= step_from_ && now < step_to_) return;
    followed_ = true;
    step_from_ = now;
    step_to_ = now + horizon_.step;

    // Queue order: the chime (every reminder's first sound), reminder audio soonest first,
    // then the background (it only loops under the reminders).
    std::vector<std::filesystem::path> wanted;
    std::set<std::filesystem::path> keep;
    auto want = [&](const std::filesystem::path& f) {
        if (!f.empty() && keep.insert(f).second) wanted.push_back(f);
    };
    want(p.audio.chime);
    const Instant queue_to = now + horizon_.ahead;
    std::vector<std::filesystem::path> later;
    for (const ReminderPlay& r : reminder_program(p, now - horizon_.behind, now + horizon_.keep)) {
        if (!r.due.reminder) continue;
        if (r.sound_start >= now && r.sound_start < queue_to)
            want(r.due.reminder->audio);
        else
            later.push_back(r.due.reminder->audio); // kept if decoded, not queued yet
    }
    for (const auto& b : p.audio.background)
        want(b);
    // Clips with a sound track: the one playing now (or soon) first, as they come.
    for (const ClipShowing& c : clip_showings(p, now, now + horizon_.clip_keep)) {
        if (!c.what->video_sound) continue;
        if (c.from < now + horizon_.clip_ahead)
            want(c.what->video);
        else
            later.push_back(c.what->video);
    }
    keep.insert(later.begin(), later.end());
    {
        std::lock_guard lock(mutex_);
        // Each file's use, for its length limit: the chime's is the strictest.
        uses_.clear();
        for (const auto& b : p.audio.background)
            uses_[b] = AudioUse::background;
        for (const Activity& a : p.activities)
            for (const Reminder& r : a.reminders)
                uses_[r.audio] = AudioUse::reminder;
        for (const Slide& s : p.slides)
            if (s.video_sound) uses_[s.video] = AudioUse::clip;
        if (!p.audio.chime.empty()) uses_[p.audio.chime] = AudioUse::chime;
        // A file that failed and has changed since (caught half copied, then finished; a
        // missing one put in place) is decoded again, not left failed for hours.
        for (auto it = entries_.begin(); it != entries_.end();) {
            bool changed = false;
            if (it->second.state == State::failed) {
                auto st = stamps_.find(it->first);
                changed = st == stamps_.end() ? stamp_of(it->first).has_value()
                                              : stamp_of(it->first) != st->second;
            }
            if (changed) {
                stamps_.erase(it->first);
                it = entries_.erase(it);
            } else {
                ++it;
            }
        }
        // Dropped: settled sounds nothing needs within the horizon (a reminder mixing one
        // holds its own reference), and queued files no longer needed.
        for (auto it = entries_.begin(); it != entries_.end();) {
            if (keep.count(it->first) || it->second.state == State::pending) {
                ++it;
                continue;
            }
            stamps_.erase(it->first);
            it = entries_.erase(it);
        }
        for (auto it = queue_.begin(); it != queue_.end();) {
            if (keep.count(*it)) {
                ++it;
                continue;
            }
            entries_.erase(*it);
            it = queue_.erase(it);
        }
    }
    start(wanted);
}

void ReminderSoundBank::adopt(const ReminderSoundBank& old) {
    std::vector<std::pair<std::filesystem::path, Entry>> ready;
    std::map<std::filesystem::path, Stamp> stamps;
    {
        std::lock_guard lock(old.mutex_);
        for (const auto& [f, e] : old.entries_) {
            auto st = old.stamps_.find(f);
            if (e.state == State::ready && st != old.stamps_.end()) {
                ready.emplace_back(f, e);
                stamps.emplace(f, st->second);
            }
        }
    }
    // Outside any lock: a file edited since it was decoded is decoded again.
    std::erase_if(ready, [&](const auto& fe) { return stamp_of(fe.first) != stamps.at(fe.first); });
    std::lock_guard lock(mutex_);
    for (auto& [f, e] : ready) {
        if (entries_.count(f)) continue;
        stamps_[f] = stamps.at(f);
        entries_[f] = std::move(e);
    }
}

void ReminderSoundBank::stop() {
    std::thread t;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        cancel_ = true;
        t = std::move(worker_);
    }
    settled_.notify_all();
    work_.notify_all();
    if (t.joinable()) t.join();
    std::lock_guard lock(mutex_);
    // Files never reached are forgotten, so that a later start() queues them again.
    for (const auto& f : queue_)
        entries_.erase(f);
    queue_.clear();
    for (auto it = entries_.begin(); it != entries_.end();)
        it = it->second.state == State::pending ? entries_.erase(it) : std::next(it);
}

void ReminderSoundBank::cancel() {
    std::map<std::filesystem::path, Entry> dropped;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        dropped_ = true;
        cancel_ = true;
        queue_.clear();
        dropped.swap(entries_); // freed below, outside the lock; shared sounds live on
        stamps_.clear();
    }
    settled_.notify_all();
    work_.notify_all();
}

bool ReminderSoundBank::finished() const {
    std::lock_guard lock(mutex_);
    return !running_;
}

void ReminderSoundBank::run_guarded() {
    std::string why;
    try {
        run();
    } catch (const std::exception& e) {
        why = e.what();
    } catch (...) {
        why = _("unknown failure");
    }
    std::vector<std::pair<std::filesystem::path, Entry>> failed;
    {
        std::lock_guard lock(mutex_);
        running_ = false;
        if (!why.empty()) {
            // No worker any more: what waits must not wait for ever.
            for (auto& [f, e] : entries_)
                if (e.state == State::pending) {
                    e.state = State::failed;
                    e.error = i18n::format(_("the decoder stopped: %s"), why);
                    failed.emplace_back(f, e);
                }
            queue_.clear();
        }
        if (stopping_) failed.clear(); // cancelled: nobody to tell
    }
    settled_.notify_all();
    try {
        for (const auto& [f, e] : failed)
            if (observer_) observer_(f, e);
    } catch (...) {
    }
}

ReminderSoundBank::Entry ReminderSoundBank::lookup(const std::filesystem::path& file) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(file);
    return it == entries_.end() ? Entry{} : it->second;
}

bool ReminderSoundBank::idle() const {
    std::lock_guard lock(mutex_);
    return std::none_of(entries_.begin(), entries_.end(),
                        [](const auto& e) { return e.second.state == State::pending; });
}

std::size_t ReminderSoundBank::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

std::size_t ReminderSoundBank::decodes() const {
    std::lock_guard lock(mutex_);
    return decodes_;
}

void ReminderSoundBank::run() {
    DecodeOptions options = options_;
    for (;;) {
        std::filesystem::path file;
        {
            std::unique_lock lock(mutex_);
            work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            file = queue_.front();
            queue_.pop_front();
            auto use = uses_.find(file);
            options.use = use == uses_.end() ? AudioUse::reminder : use->second;
        }
        const std::optional<Stamp> stamp = stamp_of(file); // before: an edit during it shows
        DecodeResult r = decode_reminder_audio(file, options);
        Entry settled;
        {
            std::lock_guard lock(mutex_);
            if (stopping_ && (!r.ok() || dropped_)) return; // cancelled: forgotten
            ++decodes_;
            Entry& e = entries_[file];
            e.state = r.ok() ? State::ready : State::failed;
            if (stamp)
                stamps_[file] = *stamp;
            else
                stamps_.erase(file);
            e.sound = std::move(r.sound);
            e.error = std::move(r.error);
            settled = e;
        }
        settled_.notify_all();
        if (observer_) observer_(file, settled);
    }
}

} // namespace tsr
