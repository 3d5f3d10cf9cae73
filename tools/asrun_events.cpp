#include "asrun_events.hpp"

#include "schedule.hpp"
#include "text_checks.hpp"

#include <string>

namespace tsr {

namespace {

std::string field(const GstStructure* s, const char* name) {
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

/// "agenda: Agenda Hari Ini (2/3)": what was on screen, readable in a spreadsheet.
std::string slide_detail(const GstStructure* s, const Playlist& p) {
    std::string id = field(s, "id"), detail = field(s, "detail"), title = field(s, "title");
    if (detail.empty() && id.rfind("slide-", 0) == 0) {
        std::size_t n = std::stoul(id.substr(6));
        if (n >= 1 && n <= p.slides.size()) detail = p.slides[n - 1].template_name;
    }
    return title.empty() || title == detail ? detail : detail + ": " + title;
}

} // namespace

AsRunRow slide_on_screen_row(const Playlist& p, Instant at) {
    const std::string suffix = " (on screen at start)";
    if (auto r = reminder_slide_at(p, at)) {
        const Activity& a = *r->due.occurrence.activity;
        return AsRunRow{
            r->sound_start, at, "slide", "reminder-" + a.id, "reminder: " + a.title + suffix,
            "played"};
    }
    SlideShowing s = rotation_at(p, at);
    if (s.slide < 0)
        return AsRunRow{std::nullopt, at, "slide", "", "no slide may show now" + suffix, "played"};
    const Slide& slide = p.slides[std::size_t(s.slide)];
    std::string detail = slide.template_name;
    if (!slide.title.empty()) detail += ": " + slide.title;
    if (s.pages > 1) detail += " " + std::to_string(s.page + 1) + "/" + std::to_string(s.pages);
    return AsRunRow{s.began,         at,      "slide", "slide-" + std::to_string(s.slide + 1),
                    detail + suffix, "played"};
}

std::optional<AsRunRow> asrun_row_for(const GstStructure* s, const Playlist& p,
                                      std::optional<Instant> sim_start, Instant now) {
    std::string name = gst_structure_get_name(s);
    if (name == "tsr-cue") {
        if (field(s, "kind") != "slide") return std::nullopt;
        std::optional<Instant> due = time_field(s, "due", p);
        std::string detail = slide_detail(s, p);
        // While a reminder sounds its slide covers the rotation: say so, the log must not
        // claim a slide was seen when it was not (yet).
        if (due)
            if (auto r = reminder_slide_at(p, *due))
                detail += " (behind the reminder slide of " + r->due.occurrence.activity->id +
                          " until " + format_iso(p.zone, r->slide_end).substr(11, 8) + ")";
        return AsRunRow{due,     actual_of(s, sim_start, now), "slide", field(s, "id"), detail,
                        "played"};
    }
    if (name == "tsr-reminder") {
        std::string outcome = field(s, "outcome");
        bool played = outcome == "played";
        std::string audio = field(s, "audio");
        std::filesystem::path rel = std::filesystem::path(audio).lexically_relative(p.folder);
        std::string detail = rel.empty() || rel.string().rfind("..", 0) == 0 ? audio : rel.string();
        // A spoken reminder: its words, not the name of its file in the cache.
        if (std::string say = field(s, "say"); !say.empty()) detail = "say: " + excerpt(say, 60);
        std::string note = field(s, "note");
        if (!note.empty()) detail += " (" + note + ")";
        std::optional<Instant> actual;
        if (played) actual = time_field(s, "sound-start", p); // its first sample, to the sample
        return AsRunRow{time_field(s, "due", p), actual, "reminder",
                        field(s, "id"),          detail, outcome};
    }
    if (name == "tsr-timebase") {
        return AsRunRow{std::nullopt,
                        now,
                        "error",
                        "clock",
                        "the wall clock jumped; playout re-anchored to the new time of day",
                        "played"};
    }
    return std::nullopt;
}

} // namespace tsr
