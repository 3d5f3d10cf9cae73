#include "tsr_messages.hpp"

namespace tsr {

namespace {

gint64 ns_of(Instant t) {
    return gint64(std::chrono::duration_cast<Nanos>(t.time_since_epoch()).count());
}

Instant instant_of(gint64 ns) {
    return Instant(std::chrono::duration_cast<Micros>(Nanos(ns)));
}

std::string text(const GstStructure* s, const char* name) {
    const char* v = gst_structure_get_string(s, name);
    return v ? v : "";
}

bool get_instant(const GstStructure* s, const char* name, Instant* out) {
    gint64 ns = 0;
    if (!gst_structure_get_int64(s, name, &ns)) return false;
    *out = instant_of(ns);
    return true;
}

bool get_running(const GstStructure* s, Nanos* out) {
    guint64 ns = 0;
    if (!gst_structure_get_uint64(s, "running-time", &ns)) return false;
    *out = Nanos(std::int64_t(ns));
    return true;
}

GstMessage* element_message(GstObject* src, GstStructure* s) {
    return gst_message_new_element(src, s);
}

} // namespace

GstMessage* make_cue_message(GstObject* src, const TimeZone& zone, const CueMessage& m) {
    return element_message(
        src,
        gst_structure_new("tsr-cue", "id", G_TYPE_STRING, m.id.c_str(), "kind", G_TYPE_STRING,
                          m.kind.c_str(), "due", G_TYPE_STRING, format_iso(zone, m.due).c_str(),
                          "due-ns", G_TYPE_INT64, ns_of(m.due), "running-time", G_TYPE_UINT64,
                          guint64(m.running_time.count()), "title", G_TYPE_STRING, m.title.c_str(),
                          "detail", G_TYPE_STRING, m.detail.c_str(), nullptr));
}

GstMessage* make_reminder_message(GstObject* src, const TimeZone& zone, const ReminderMessage& m) {
    return element_message(
        src,
        gst_structure_new(
            "tsr-reminder", "id", G_TYPE_STRING, m.id.c_str(), "title", G_TYPE_STRING,
            m.title.c_str(), "audio", G_TYPE_STRING, m.audio.c_str(), "due", G_TYPE_STRING,
            format_iso(zone, m.due).c_str(), "due-ns", G_TYPE_INT64, ns_of(m.due), "sound-start",
            G_TYPE_STRING, format_iso(zone, m.sound_start).c_str(), "sound-start-ns", G_TYPE_INT64,
            ns_of(m.sound_start), "running-time", G_TYPE_UINT64, guint64(m.running_time.count()),
            "outcome", G_TYPE_STRING, m.outcome.c_str(), "note", G_TYPE_STRING, m.note.c_str(),
            "say", G_TYPE_STRING, m.say.c_str(), nullptr));
}

GstMessage* make_timebase_message(GstObject* src, const TimeZone& zone, const TimebaseMessage& m) {
    return element_message(
        src, gst_structure_new(
                 "tsr-timebase", "running-time", G_TYPE_UINT64, guint64(m.running_time.count()),
                 "old-wall", G_TYPE_STRING, format_iso(zone, m.old_wall).c_str(), "old-wall-ns",
                 G_TYPE_INT64, ns_of(m.old_wall), "new-wall", G_TYPE_STRING,
                 format_iso(zone, m.new_wall).c_str(), "new-wall-ns", G_TYPE_INT64,
                 ns_of(m.new_wall), "jump", G_TYPE_INT64, gint64(m.jump().count()), nullptr));
}

GstMessage* make_sound_message(GstObject* src, const SoundMessage& m) {
    return element_message(src,
                           gst_structure_new("tsr-sound", "file", G_TYPE_STRING, m.file.c_str(),
                                             "outcome", G_TYPE_STRING, m.outcome.c_str(), "length",
                                             G_TYPE_UINT64, guint64(m.length.count()), nullptr));
}

GstMessage* make_clock_message(GstObject* src, const TimeZone& zone, const ClockMessage& m) {
    return element_message(src,
                           gst_structure_new("tsr-clock", "running-time", G_TYPE_UINT64,
                                             guint64(m.running_time.count()), "minute",
                                             G_TYPE_STRING, format_iso(zone, m.minute).c_str(),
                                             "minute-ns", G_TYPE_INT64, ns_of(m.minute), nullptr));
}

std::optional<CueMessage> parse_cue_message(const GstStructure* s) {
    if (!s || !gst_structure_has_name(s, "tsr-cue")) return std::nullopt;
    CueMessage m;
    if (!get_instant(s, "due-ns", &m.due) || !get_running(s, &m.running_time)) return std::nullopt;
    m.id = text(s, "id");
    m.kind = text(s, "kind");
    m.title = text(s, "title");
    m.detail = text(s, "detail");
    return m;
}

std::optional<ReminderMessage> parse_reminder_message(const GstStructure* s) {
    if (!s || !gst_structure_has_name(s, "tsr-reminder")) return std::nullopt;
    ReminderMessage m;
    if (!get_instant(s, "due-ns", &m.due) || !get_instant(s, "sound-start-ns", &m.sound_start) ||
        !get_running(s, &m.running_time))
        return std::nullopt;
    m.id = text(s, "id");
    m.title = text(s, "title");
    m.audio = text(s, "audio");
    m.outcome = text(s, "outcome");
    m.note = text(s, "note");
    m.say = text(s, "say");
    return m;
}

std::optional<TimebaseMessage> parse_timebase_message(const GstStructure* s) {
    if (!s || !gst_structure_has_name(s, "tsr-timebase")) return std::nullopt;
    TimebaseMessage m;
    if (!get_running(s, &m.running_time) || !get_instant(s, "old-wall-ns", &m.old_wall) ||
        !get_instant(s, "new-wall-ns", &m.new_wall))
        return std::nullopt;
    return m;
}

std::optional<SoundMessage> parse_sound_message(const GstStructure* s) {
    if (!s || !gst_structure_has_name(s, "tsr-sound")) return std::nullopt;
    SoundMessage m;
    guint64 length = 0;
    if (!gst_structure_get_uint64(s, "length", &length)) return std::nullopt;
    m.file = text(s, "file");
    m.outcome = text(s, "outcome");
    m.length = Nanos(std::int64_t(length));
    return m;
}

std::optional<ClockMessage> parse_clock_message(const GstStructure* s) {
    if (!s || !gst_structure_has_name(s, "tsr-clock")) return std::nullopt;
    ClockMessage m;
    if (!get_running(s, &m.running_time) || !get_instant(s, "minute-ns", &m.minute))
        return std::nullopt;
    return m;
}

} // namespace tsr
