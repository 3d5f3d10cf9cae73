#include "asrun_events.hpp"

#include "schedule.hpp"
#include "text_checks.hpp"
#include "tsr_messages.hpp"

#include <string>

namespace tsr {

namespace {

Instant actual_of(Nanos running_time, std::optional<Instant> sim_start, Instant now) {
    if (sim_start) return *sim_start + std::chrono::duration_cast<Micros>(running_time);
    return now;
}

/// "agenda: Agenda Hari Ini (2/3)": what was on screen, readable in a spreadsheet.
std::string slide_detail(const CueMessage& cue, const Playlist& p) {
    std::string id = cue.id, detail = cue.detail, title = cue.title;
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
    if (auto cue = parse_cue_message(s)) {
        if (cue->kind != "slide") return std::nullopt;
        std::optional<Instant> due = cue->due;
        std::string detail = slide_detail(*cue, p);
        // While a reminder sounds its slide covers the rotation: say so, the log must not
        // claim a slide was seen when it was not (yet).
        if (due)
            if (auto r = reminder_slide_at(p, *due))
                detail += " (behind the reminder slide of " + r->due.occurrence.activity->id +
                          " until " + format_iso(p.zone, r->slide_end).substr(11, 8) + ")";
        return AsRunRow{
            due, actual_of(cue->running_time, sim_start, now), "slide", cue->id, detail, "played"};
    }
    if (auto reminder = parse_reminder_message(s)) {
        std::string outcome = reminder->outcome;
        bool played = outcome == "played";
        std::string audio = reminder->audio;
        std::filesystem::path rel = std::filesystem::path(audio).lexically_relative(p.folder);
        std::string detail = rel.empty() || rel.string().rfind("..", 0) == 0 ? audio : rel.string();
        // A spoken reminder: its words, not the name of its file in the cache.
        if (!reminder->say.empty()) detail = "say: " + excerpt(reminder->say, 60);
        std::string note = reminder->note;
        if (!note.empty()) detail += " (" + note + ")";
        std::optional<Instant> actual;
        if (played) actual = reminder->sound_start; // its first sample, to the sample
        return AsRunRow{reminder->due, actual, "reminder", reminder->id, detail, outcome};
    }
    if (parse_timebase_message(s)) {
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
