#include "asrun_events.hpp"

#include "i18n.hpp"

#include "schedule.hpp"
#include "text_checks.hpp"
#include "tsr_messages.hpp"

#include <string>

namespace tsr {

namespace {

std::string field(const GstStructure* s, const char* name) {
    if (!gst_structure_has_field_typed(s, name, G_TYPE_STRING)) return "";
    const char* v = gst_structure_get_string(s, name);
    return v ? v : "";
}

std::optional<Instant> time_field(const GstStructure* s, const char* name, const Playlist& p) {
    return parse_local_datetime(p.zone, field(s, name));
}

Instant actual_of(const GstStructure* s, std::optional<Instant> sim_start, Instant now) {
    guint64 rt = 0;
    if (sim_start && gst_structure_get_uint64(s, "running-time", &rt))
        return *sim_start + Micros(std::int64_t(rt / 1000));
    return now;
}

} // namespace

namespace {

/// The row of what the slide layer shows at `at` (the reminder slide or the rotation's).
AsRunRow slide_row_at(const Playlist& p, Instant at, const std::string& suffix) {
    if (auto r = reminder_slide_at(p, at)) {
        const Activity& a = *r->due.occurrence.activity;
        return AsRunRow{
            r->sound_start, at, "slide", "reminder-" + a.id, _("reminder: ") + a.title + suffix,
            "played"};
    }
    SlideShowing s = rotation_at(p, at);
    if (s.slide < 0)
        return AsRunRow{std::nullopt, at, "slide", "", _("no slide may show now") + suffix,
                        "played"};
    const Slide& slide = p.slides[std::size_t(s.slide)];
    std::string detail = slide.template_name;
    if (!slide.title.empty())
        detail += ": " + slide.title;
    else if (!slide.video.empty())
        detail += ": " + slide.video.filename().string(); // the clip
    if (s.pages > 1) detail += " " + std::to_string(s.page + 1) + "/" + std::to_string(s.pages);
    const std::string id = "slide-" + std::to_string(s.slide + 1);
    // Scheduled: when the rotation changed to it. That is later than the loop position says
    // when the slide's hours began mid-turn: the schedule's own cue tells.
    Instant scheduled = s.began;
    for (const Cue& c : cues(p, s.began, at + Micros(1), CueKinds{true, false, false, false}))
        if (c.id == id) scheduled = c.time;
    return AsRunRow{scheduled, at, "slide", id, detail + suffix, "played"};
}

} // namespace

std::optional<AsRunRow> asrun_row_for(const GstStructure* s, const Playlist& p,
                                      std::optional<Instant> sim_start, Instant now) {
    std::string name = gst_structure_get_name(s);
    if (name == "tsr-slide") {
        // What the slide layer made: the wall time of its first frame is when it shows.
        std::optional<Instant> wall = time_field(s, "wall", p);
        if (!wall) return std::nullopt;
        gboolean first = FALSE;
        gst_structure_get_boolean(s, "first", &first);
        if (std::string by = field(s, "announced-by"); !by.empty()) {
            // An announcement from the console (engine/announcement.hpp): who, and what.
            AsRunRow row{time_field(s, "announcement-from", p),
                         sim_start ? actual_of(s, sim_start, now) : *wall,
                         "announce",
                         by,
                         field(s, "announcement"),
                         "played"};
            if (std::string outcome = field(s, "outcome"); !outcome.empty()) row.outcome = outcome;
            // Shown again by a rebuilt output, as a slide is: the same announcement, said so.
            if (first) row.detail += " " + std::string(_("(on screen at start)"));
            return row;
        }
        AsRunRow row =
            slide_row_at(p, *wall, first ? " " + std::string(_("(on screen at start)")) : "");
        row.actual = sim_start ? actual_of(s, sim_start, now) : *wall;
        std::string outcome = field(s, "outcome");
        if (!outcome.empty()) row.outcome = outcome;
        return row;
    }
    if (auto reminder = parse_reminder_message(s)) {
        std::string outcome = reminder->outcome;
        bool played = outcome == "played";
        std::string audio = reminder->audio;
        std::filesystem::path rel = std::filesystem::path(audio).lexically_relative(p.folder);
        std::string detail = rel.empty() || rel.string().rfind("..", 0) == 0 ? audio : rel.string();
        // A spoken reminder: its words, not the name of its file in the cache.
        if (!reminder->say.empty()) detail = _("say: ") + excerpt(reminder->say, 60);
        std::string note = reminder->note;
        if (!note.empty()) detail += " (" + note + ")";
        std::optional<Instant> actual;
        if (played) actual = reminder->sound_start; // its first sample, to the sample
        return AsRunRow{reminder->due, actual, "reminder", reminder->id, detail, outcome};
    }
    if (auto sound = parse_sound_message(s)) {
        // A video's sound track that cannot be played: the clip plays without it. (A reminder's
        // audio is told by its own row, skipped; a background song only in the journal.)
        const std::string failed = "failed: ";
        if (sound->outcome.rfind(failed, 0) != 0) return std::nullopt;
        for (std::size_t i = 0; i < p.slides.size(); ++i) {
            const Slide& slide = p.slides[i];
            if (!slide.video_sound || slide.video.string() != sound->file) continue;
            return AsRunRow{std::nullopt,
                            sim_start ? *sim_start : now,
                            "sound",
                            "slide-" + std::to_string(i + 1),
                            slide.template_name + ": " + slide.video.filename().string(),
                            "skipped: " + i18n::format(_("the video plays without its sound: %s"),
                                                       sound->outcome.substr(failed.size()))};
        }
        return std::nullopt;
    }
    if (parse_timebase_message(s)) {
        return AsRunRow{std::nullopt,
                        now,
                        "error",
                        "clock",
                        _("the wall clock jumped; playout re-anchored to the new time of day"),
                        "played"};
    }
    return std::nullopt;
}

std::optional<std::pair<Branch, std::uint64_t>> proof_position(const GstStructure* s) {
    std::string name = gst_structure_get_name(s);
    guint64 rt = 0;
    if (!gst_structure_get_uint64(s, "running-time", &rt)) return std::nullopt;
    if (name == "tsr-slide") return std::pair{Branch::video, std::uint64_t(rt)};
    if (name == "tsr-reminder") return std::pair{Branch::audio, std::uint64_t(rt)};
    return std::nullopt;
}

namespace {

bool is_output_element(GstElement* e) {
    const gchar* klass =
        gst_element_class_get_metadata(GST_ELEMENT_GET_CLASS(e), GST_ELEMENT_METADATA_KLASS);
    std::string k = klass ? klass : "";
    return GST_OBJECT_FLAG_IS_SET(e, GST_ELEMENT_FLAG_SINK) ||
           k.find("Sink") != std::string::npos || k.find("Encoder") != std::string::npos ||
           k.find("Muxer") != std::string::npos;
}

GstPadProbeReturn on_buffer(GstPad* pad, GstPadProbeInfo* info, gpointer data) {
    OutputReach* reach = static_cast<std::shared_ptr<OutputReach>*>(data)->get();
    GstBuffer* buf = GST_PAD_PROBE_INFO_BUFFER(info);
    if (!buf || !GST_BUFFER_PTS_IS_VALID(buf)) return GST_PAD_PROBE_OK;
    // Running time of the buffer in its segment (segments start at 0 here; stay exact anyway).
    GstClockTime pts = GST_BUFFER_PTS(buf);
    GstEvent* seg_event = gst_pad_get_sticky_event(pad, GST_EVENT_SEGMENT, 0);
    if (seg_event) {
        const GstSegment* seg = nullptr;
        gst_event_parse_segment(seg_event, &seg);
        guint64 rt = gst_segment_to_running_time(seg, GST_FORMAT_TIME, pts);
        if (GST_CLOCK_TIME_IS_VALID(rt)) pts = rt;
        gst_event_unref(seg_event);
    }
    const std::uint64_t end =
        pts + (GST_BUFFER_DURATION_IS_VALID(buf) ? GST_BUFFER_DURATION(buf) : 1);
    std::uint64_t old = reach->reached.load();
    while (end > old && !reach->reached.compare_exchange_weak(old, end)) {
    }
    std::uint64_t wanted = reach->wanted.load();
    if (end > wanted && reach->wanted.compare_exchange_strong(wanted, UINT64_MAX)) {
        GstStructure* st =
            gst_structure_new("tsr-reached", "branch", G_TYPE_STRING,
                              reach->branch == Branch::video ? "video" : "audio", nullptr);
        gst_element_post_message(reach->pipeline,
                                 gst_message_new_application(GST_OBJECT(reach->pipeline), st));
    }
    return GST_PAD_PROBE_OK;
}

} // namespace

bool watch_output(GstElement* pipeline, const char* queue_name, std::shared_ptr<OutputReach> reach,
                  std::string* probed) {
    GstElement* e = gst_bin_get_by_name(GST_BIN(pipeline), queue_name);
    if (!e) return false;
    // Follow the stream downstream, at most a few elements (caps filters, converters).
    for (int steps = 0; steps < 16; ++steps) {
        GstPad* src = gst_element_get_static_pad(e, "src");
        gst_object_unref(e);
        e = nullptr;
        if (!src) return false;
        GstPad* sink_pad = gst_pad_get_peer(src);
        gst_object_unref(src);
        if (!sink_pad) return false;
        GstElement* next = gst_pad_get_parent_element(sink_pad);
        if (!next) {
            gst_object_unref(sink_pad);
            return false;
        }
        if (is_output_element(next)) {
            if (probed) *probed = GST_OBJECT_NAME(next);
            reach->pipeline = pipeline;
            auto* held = new std::shared_ptr<OutputReach>(std::move(reach));
            gst_pad_add_probe(sink_pad, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, held, [](gpointer p) {
                delete static_cast<std::shared_ptr<OutputReach>*>(p);
            });
            gst_object_unref(sink_pad);
            gst_object_unref(next);
            return true;
        }
        gst_object_unref(sink_pad);
        e = next;
    }
    if (e) gst_object_unref(e);
    return false;
}

} // namespace tsr
