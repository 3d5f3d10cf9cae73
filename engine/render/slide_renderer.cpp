#include "render/slide_renderer.hpp"
#include "i18n.hpp"

#include "playlist_loader.hpp"
#include "render/document_render.hpp"
#include "render/picture_check.hpp"
#include "render/ticker_strip.hpp"
#include "render/words.hpp"
#include "schedule.hpp"
#include "text_checks.hpp"

#include <cairo.h>
#include <gio/gio.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

namespace tsr {

using namespace std::chrono;

namespace {

bool english(const Playlist& p) {
    return p.office.language == "en";
}

template <class T> using GPtr = std::unique_ptr<T, void (*)(gpointer)>;

SlideFrame frame_from_surface(cairo_surface_t* surface) {
    cairo_surface_flush(surface);
    SlideFrame f;
    f.width = cairo_image_surface_get_width(surface);
    f.height = cairo_image_surface_get_height(surface);
    f.stride = cairo_image_surface_get_stride(surface);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    f.bgra.assign(data, data + static_cast<size_t>(f.stride) * static_cast<size_t>(f.height));
    return f;
}

std::string short_date_time(const Playlist& p, Instant t) {
    Date d = local_date(p.zone, t);
    std::string m = month_name(p.office.language, static_cast<unsigned>(d.month()));
    return std::to_string(static_cast<unsigned>(d.day())) + " " + m.substr(0, 3) + " " +
           format_time_of_day(p.office.language, local_time_of_day(p.zone, t));
}

std::string progress_text(const Activity& a) {
    return a.progress ? std::to_string(*a.progress) + "%" : std::string();
}

bool finished(const Activity& a) {
    return a.progress && *a.progress >= 100;
}

bool overdue(const Occurrence& o, Instant now) {
    return o.deadline && *o.deadline < now && !finished(*o.activity);
}

/// "lewat tenggat" / "past due": an overdue deadline in [display] overdue = "staff" words.
std::string past_due_text(const Playlist& p) {
    return english(p) ? "past due" : "lewat tenggat";
}

/// The fields and flags every row has, from its activity.
TemplateRow base_row(const Occurrence& o) {
    const Activity& a = *o.activity;
    TemplateRow row;
    row.fields["activity.title"] = a.title;
    row.fields["activity.place"] = a.place;
    row.fields["activity.pic"] = a.pic;
    row.fields["activity.progress"] = progress_text(a);
    if (a.progress) {
        row.progress = *a.progress;
        row.flags.insert("progress");
    }
    if (!a.place.empty()) row.flags.insert("place");
    if (!a.pic.empty()) row.flags.insert("pic");
    if (o.deadline) row.flags.insert("deadline");
    return row;
}

std::vector<TemplateRow> agenda_rows(const Playlist& p, Instant now) {
    const std::string& lang = p.office.language;
    const bool en = english(p);
    std::vector<TemplateRow> rows;
    const Overdue shown_overdue = p.display.overdue;
    for (const Occurrence& o : occurrences_on_day(p, now)) {
        // A deadline alone that has passed is not the public's business unless asked for.
        if (!o.start && overdue(o, now) && shown_overdue == Overdue::hide) continue;
        TemplateRow row = base_row(o);
        row.fields["activity.date"] = format_long_date(lang, o.date);
        if (o.deadline) row.fields["activity.deadline"] = short_date_time(p, *o.deadline);
        if (o.start) {
            std::optional<Seconds> end;
            if (o.end) end = local_time_of_day(p.zone, *o.end);
            row.fields["activity.time"] =
                earlier_start_day(lang, local_date(p.zone, *o.start), local_date(p.zone, now)) +
                format_time_range(lang, local_time_of_day(p.zone, *o.start), end);
        } else {
            row.fields["activity.time"] =
                (en ? "by " : "s.d. ") +
                format_time_of_day(lang, local_time_of_day(p.zone, *o.deadline));
        }
        Instant anchor = o.anchor();
        if (o.start && o.end && now >= *o.end) {
            row.fields["activity.countdown"] = en ? "done" : "selesai";
            row.flags.insert("done");
        } else if (o.start && now >= *o.start) {
            row.fields["activity.countdown"] = en ? "now" : "sekarang";
            row.flags.insert("now");
        } else {
            row.fields["activity.countdown"] = format_countdown(lang, now, anchor, p.zone);
        }
        if (overdue(o, now) && shown_overdue == Overdue::show) {
            row.flags.insert("late");
            if (!o.start)
                row.fields["activity.countdown"] = format_countdown(lang, now, *o.deadline, p.zone);
        } else if (overdue(o, now) && !o.start) {
            row.fields["activity.countdown"] = past_due_text(p);
        }
        if (finished(*o.activity)) row.flags.insert("done");
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<TemplateRow> deadline_rows(const Playlist& p, Instant now) {
    const std::string& lang = p.office.language;
    // Anchors (starts) come before deadlines: look back far enough to find the start of
    // anything whose deadline is still in the window.
    std::vector<Occurrence> all = occurrences(p, now - days(120), now + days(31));
    std::vector<Occurrence> due;
    const Overdue shown_overdue = p.display.overdue;
    std::set<const Activity*> rolled; // recurring, an overdue occurrence left out
    for (const Occurrence& o : all) {
        if (!o.deadline) continue;
        if (*o.deadline >= now + days(30) || *o.deadline < now - days(7)) continue;
        if (*o.deadline < now && finished(*o.activity)) continue;
        if (overdue(o, now) && shown_overdue != Overdue::show) {
            if (o.activity->repeat != Repeat::once) rolled.insert(o.activity);
            if (shown_overdue == Overdue::hide || o.activity->repeat != Repeat::once) continue;
        }
        due.push_back(o);
    }
    // A recurring deadline rolls to its next occurrence, even one just past the 30 days.
    for (const Activity* a : rolled) {
        auto listed = std::find_if(due.begin(), due.end(), [&](const Occurrence& o) {
            return o.activity == a && *o.deadline >= now;
        });
        if (listed != due.end()) continue;
        auto next = std::find_if(all.begin(), all.end(), [&](const Occurrence& o) {
            return o.activity == a && o.deadline && *o.deadline >= now;
        });
        if (next != all.end()) due.push_back(*next);
    }
    std::stable_sort(due.begin(), due.end(), [](const Occurrence& a, const Occurrence& b) {
        return *a.deadline < *b.deadline;
    });
    std::vector<TemplateRow> rows;
    for (const Occurrence& o : due) {
        TemplateRow row = base_row(o);
        row.fields["activity.date"] = format_long_date(lang, local_date(p.zone, *o.deadline));
        row.fields["activity.time"] = short_date_time(p, *o.deadline);
        row.fields["activity.deadline"] = short_date_time(p, *o.deadline);
        row.fields["activity.countdown"] = format_countdown(lang, now, *o.deadline, p.zone);
        if (*o.deadline < now && shown_overdue == Overdue::show) row.flags.insert("late");
        if (*o.deadline < now && shown_overdue == Overdue::staff)
            row.fields["activity.countdown"] = past_due_text(p);
        if (finished(*o.activity)) row.flags.insert("done");
        if (calendar_days_between(now, *o.deadline, p.zone) == 0) row.flags.insert("now");
        rows.push_back(std::move(row));
    }
    return rows;
}

TimelineData timeline_data(const Playlist& p, Instant now) {
    TimelineData tl;
    tl.lang = p.office.language;
    Date today = local_date(p.zone, now);
    tl.month = today;
    Date first{today.year(), today.month(), day{1}};
    Date next =
        sys_days(year_month_day_last{today.year(), month_day_last{today.month()}}) + days(1);
    Instant from = at_local(p.zone, first, Seconds(0));
    Instant to = at_local(p.zone, next, Seconds(0));
    tl.now_day = static_cast<unsigned>(today.day()) +
                 static_cast<double>(local_time_of_day(p.zone, now).count()) / 86400.0;
    std::map<std::string, size_t> index;
    auto row_of = [&](const Activity& a) -> TimelineRow& {
        auto [it, inserted] = index.emplace(a.id, tl.rows.size());
        if (inserted) tl.rows.push_back(TimelineRow{a.title, {}, {}, false});
        return tl.rows[it->second];
    };
    auto day_in_month = [&](Instant t) -> std::optional<unsigned> {
        if (t < from || t >= to) return std::nullopt;
        return static_cast<unsigned>(local_date(p.zone, t).day());
    };
    for (const Occurrence& o : occurrences(p, from - days(120), to)) {
        const Activity& a = *o.activity;
        if (o.start) {
            Instant s = *o.start;
            Instant e = o.end ? std::max(*o.end - Micros(1), s) : s;
            if (e >= from && s < to) {
                TimelineRow& r = row_of(a);
                Date d0 = local_date(p.zone, std::max(s, from));
                Date d1 = local_date(p.zone, std::min(e, to - Micros(1)));
                for (sys_days d = d0; d <= sys_days(d1); d += days(1))
                    r.days.insert(static_cast<unsigned>(Date(d).day()));
            }
        }
        if (o.deadline)
            if (auto d = day_in_month(*o.deadline)) {
                TimelineRow& r = row_of(a);
                r.deadline_days.insert(*d);
                if (overdue(o, now) && p.display.overdue == Overdue::show) r.late = true;
            }
    }
    return tl;
}

std::optional<ReminderDue> find_reminder(const Playlist& p, const SlideContentKey& key) {
    for (const ReminderDue& r : reminders_due(p, key.reminder_due, key.reminder_due + Micros(1)))
        if (r.occurrence.activity && r.occurrence.activity->id == key.reminder_id) return r;
    return std::nullopt;
}

} // namespace

SlideFrame render_svg(const std::string& svg, int width, int height) {
    if (width <= 0 || height <= 0 || width > 8192 || height > 8192)
        throw TemplateError(0,
                            i18n::format(_("display size %sx%s is out of range"), width, height));
    GPtr<GInputStream> stream(
        g_memory_input_stream_new_from_data(svg.data(), static_cast<gssize>(svg.size()), nullptr),
        g_object_unref);
    GError* err = nullptr;
    RsvgHandle* raw = rsvg_handle_new_from_stream_sync(stream.get(), nullptr,
                                                       RSVG_HANDLE_FLAGS_NONE, nullptr, &err);
    if (!raw) {
        std::string msg = err ? err->message : _("unknown error");
        if (err) g_error_free(err);
        throw TemplateError(0, i18n::format(_("librsvg cannot load the slide: %s"), msg));
    }
    GPtr<RsvgHandle> handle(raw, g_object_unref);
    rsvg_handle_set_dpi(handle.get(), 96);
    std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)> surface(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height), cairo_surface_destroy);
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw TemplateError(0, _("cannot make a surface for the slide"));
    std::unique_ptr<cairo_t, void (*)(cairo_t*)> cr(cairo_create(surface.get()), cairo_destroy);
    RsvgRectangle viewport{0, 0, static_cast<double>(width), static_cast<double>(height)};
    if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &err)) {
        std::string msg = err ? err->message : _("unknown error");
        if (err) g_error_free(err);
        throw TemplateError(0, i18n::format(_("librsvg cannot render the slide: %s"), msg));
    }
    cr.reset();
    return frame_from_surface(surface.get());
}

SlideFrame fallback_frame(int width, int height, const std::string& office_name,
                          const std::string& clock) {
    width = std::clamp(width, 16, 8192);
    height = std::clamp(height, 16, 8192);
    std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)> surface(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height), cairo_surface_destroy);
    std::unique_ptr<cairo_t, void (*)(cairo_t*)> cr(cairo_create(surface.get()), cairo_destroy);
    cairo_set_source_rgb(cr.get(), 0x0b / 255.0, 0x1f / 255.0, 0x3a / 255.0);
    cairo_paint(cr.get());
    // Two centred lines: the office's name, and below it the clock.
    double y = height * 0.38;
    for (const auto& [text, size] :
         {std::pair{office_name, height / 18.0}, {clock, height / 12.0}}) {
        GPtr<PangoLayout> layout(pango_cairo_create_layout(cr.get()), g_object_unref);
        PangoFontDescription* d = pango_font_description_from_string("DejaVu Sans Bold");
        pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
        pango_layout_set_font_description(layout.get(), d);
        pango_font_description_free(d);
        pango_layout_set_width(layout.get(), static_cast<int>(width * 0.9 * PANGO_SCALE));
        pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
        pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
        std::string line = text.substr(0, 200);
        pango_layout_set_text(layout.get(), line.c_str(), static_cast<int>(line.size()));
        int lw = 0, lh = 0;
        pango_layout_get_pixel_size(layout.get(), &lw, &lh);
        cairo_set_source_rgb(cr.get(), 1, 1, 1);
        cairo_move_to(cr.get(), width * 0.05, y);
        pango_cairo_show_layout(cr.get(), layout.get());
        y += lh * 1.2;
    }
    cr.reset();
    return frame_from_surface(surface.get());
}

SlideRenderer::SlideRenderer(std::shared_ptr<const Playlist> playlist)
    : playlist_(std::move(playlist)) {
    if (playlist_ && !playlist_->office.logo.empty()) {
        try {
            // The logo shows small in a corner: half the display's height is plenty.
            int side = std::max(16, playlist_->display.height / 2);
            logo_uri_ = picture_data_uri(playlist_->office.logo, side, side);
        } catch (const TemplateError&) {
            logo_uri_.clear(); // the loader reports a bad logo; the slides show none
        }
    }
}

SlideRenderer::Showing SlideRenderer::showing_at(Instant t) const {
    const Playlist& p = *playlist_;
    if (auto r = reminder_slide_at(p, t)) {
        // Its slide stays up to slide_end (a readable minimum), cut short only by the next
        // reminder's sound, whose slide then takes over.
        return {r->sound_start,
                r->slide_end,
                -1,
                0,
                r->due.occurrence.activity ? r->due.occurrence.activity->id : "",
                r->due.due,
                {}};
    }
    SlideShowing s = rotation_at(p, t);
    Instant until = s.ends;
    for (const ReminderPlay& r : reminder_program(p, t, until)) {
        until = std::min(until, r.sound_start);
        break; // the program is in time order: the first is the next
    }
    return {t, until, s.slide, s.slide >= 0 ? s.page : 0, "", {}, s.began};
}

SlideContentKey SlideRenderer::key_at(Instant t) const {
    SlideContentKey key;
    key.minute = floor<minutes>(t).time_since_epoch().count();
    if (!playlist_) return key;
    Showing now;
    {
        std::lock_guard lock(showing_mutex_);
        if (showing_ && showing_->from <= t && t < showing_->until) now = *showing_;
    }
    if (now.until <= t) { // not cached: ask the schedule
        now = showing_at(t);
        std::lock_guard lock(showing_mutex_);
        showing_ = now;
    }
    key.reminder_id = now.reminder_id;
    key.reminder_due = now.reminder_due;
    key.slide = now.reminder_id.empty() ? now.slide : -1;
    key.page = now.reminder_id.empty() ? now.page : 0;
    if (key.slide >= 0 && !playlist_->slides[std::size_t(key.slide)].video.empty())
        key.video_began = now.began;
    return key;
}

std::filesystem::path SlideRenderer::template_for(const SlideContentKey& key) const {
    const Playlist& p = *playlist_;
    if (key.announcement_id != 0) return builtin_templates_dir() / "announce.svg";
    if (!key.reminder_id.empty()) return builtin_templates_dir() / "reminder.svg";
    if (key.slide < 0 || key.slide >= static_cast<int>(p.slides.size()))
        return builtin_templates_dir() / "info.svg";
    const Slide& s = p.slides[static_cast<size_t>(key.slide)];
    if (!s.template_path.empty()) return s.template_path;
    return builtin_templates_dir() / (s.template_name + ".svg");
}

TemplateValues SlideRenderer::values_for(const SlideContentKey& key) const {
    const Playlist& p = *playlist_;
    const std::string& lang = p.office.language;
    const bool en = english(p);
    const Instant now{minutes(key.minute)};
    TemplateValues v;
    auto& f = v.fields;
    f["office.name"] = p.office.name;
    f["office.logo"] = logo_uri_;
    if (!logo_uri_.empty()) v.flags.insert("logo");
    Date today = local_date(p.zone, now);
    f["today"] = format_long_date(lang, today);
    f["now"] = format_clock(lang, local_time_of_day(p.zone, now), p.zone.abbreviation_at(now));
    f["month"] = format_month_year(lang, today);
    f["page"] = "1/1";

    if (key.announcement_id != 0) {
        f["slide.title"] = en ? "ANNOUNCEMENT" : "PENGUMUMAN";
        f["slide.text"] = key.announcement;
        v.flags.insert("title");
        v.flags.insert("text");
        return v;
    }
    if (!key.reminder_id.empty()) {
        v.flags.insert("reminder");
        f["reminder.label"] = en ? "REMINDER" : "PENGINGAT";
        if (auto r = find_reminder(p, key)) {
            const Occurrence& o = r->occurrence;
            const Activity& a = *o.activity;
            f["reminder.title"] = a.title;
            f["reminder.place"] = a.place;
            f["reminder.pic"] = a.pic;
            std::string when;
            if (o.start) {
                std::optional<Seconds> end;
                if (o.end) end = local_time_of_day(p.zone, *o.end);
                when = format_time_range(lang, local_time_of_day(p.zone, *o.start), end);
            } else {
                when = (en ? "by " : "s.d. ") +
                       format_time_of_day(lang, local_time_of_day(p.zone, *o.deadline));
            }
            Date d = local_date(p.zone, o.anchor());
            if (d != today) when = format_long_date(lang, d) + ", " + when;
            f["reminder.time"] = when;
            f["reminder.countdown"] = format_countdown(lang, now, o.anchor(), p.zone);
            if (!a.place.empty()) v.flags.insert("place");
            if (!a.pic.empty()) v.flags.insert("pic");
        }
        return v;
    }

    if (key.slide < 0 || key.slide >= static_cast<int>(p.slides.size())) {
        // Nothing may show now: the office's name and the clock.
        f["slide.title"] = p.office.name;
        v.flags.insert("title");
        return v;
    }
    const Slide& s = p.slides[static_cast<size_t>(key.slide)];
    const std::string& kind = s.builtin ? s.template_name : std::string();
    std::string title = s.title;
    if (kind == "agenda" || !s.builtin) {
        v.rows = agenda_rows(p, now);
        if (title.empty() && kind == "agenda") title = en ? "Today's Agenda" : "Agenda Hari Ini";
        f["empty"] = en ? "No activities today" : "Tidak ada kegiatan hari ini";
    } else if (kind == "deadlines") {
        v.rows = deadline_rows(p, now);
        if (title.empty()) title = en ? "Deadlines" : "Tenggat Waktu";
        f["empty"] =
            en ? "No deadlines in the next 30 days" : "Tidak ada tenggat dalam 30 hari ke depan";
    }
    if (kind == "timeline" || !s.builtin) {
        v.timeline = timeline_data(p, now);
        if (title.empty() && kind == "timeline")
            title = (en ? "Schedule " : "Jadwal Kegiatan ") + f["month"];
    }
    if (kind == "image" && !s.image.empty()) {
        f["slide.image"] = image_uri(s.image);
        v.flags.insert("image");
    }
    f["slide.title"] = title;
    f["slide.text"] = s.text;
    if (!title.empty()) v.flags.insert("title");
    if (!s.text.empty()) v.flags.insert("text");
    if (v.rows.empty()) v.flags.insert("empty");
    // Agenda rows are paged by the rotation (schedule.hpp agenda_page_count counts today's
    // occurrences); deadlines show their first page, the soonest.
    int per_page =
        s.rows_per_page > 0 ? s.rows_per_page : template_rows_per_page(template_for(key));
    if (per_page > 0 && kind != "deadlines") {
        int pages = std::max<int>(1, static_cast<int>((v.rows.size() + per_page - 1) / per_page));
        v.page = std::clamp(key.page, 0, pages - 1);
        f["page"] = std::to_string(v.page + 1) + "/" + std::to_string(pages);
        if (pages > 1) v.flags.insert("paged");
    }
    return v;
}

std::string SlideRenderer::filled_svg(const SlideContentKey& key, Instant) const {
    if (!playlist_) throw TemplateError(0, _("no playlist"));
    return fill_template_file(template_for(key), values_for(key));
}

std::string SlideRenderer::image_uri(const std::filesystem::path& image) const {
    {
        std::lock_guard lock(pictures_mutex_);
        if (auto it = pictures_.find(image); it != pictures_.end()) return it->second;
    }
    // Decoded outside the lock (it takes long); two renderers racing decode it twice.
    std::string uri = picture_data_uri(image, playlist_->display.width, playlist_->display.height);
    std::lock_guard lock(pictures_mutex_);
    if (pictures_.size() >= 8) pictures_.clear();
    pictures_[image] = uri;
    return uri;
}

VideoArea video_area(const Display& d) {
    return {d.width, std::max(2, d.height - ticker_height(d.height))};
}

SlideFrame SlideRenderer::render(const SlideContentKey& key, Instant t, std::string* error) const {
    int w = playlist_ ? playlist_->display.width : 1920;
    int h = playlist_ ? playlist_->display.height : 1080;
    std::string why;
    if (error) error->clear();
    try {
        if (playlist_ && key.reminder_id.empty() && key.slide >= 0 &&
            std::size_t(key.slide) < playlist_->slides.size()) {
            const Slide& s = playlist_->slides[std::size_t(key.slide)];
            if (!s.video.empty()) return office_background(w, h); // the clip is drawn on it
            if (!s.document_pdf.empty() && std::size_t(key.page) < s.document_pages.size())
                // Fitted above the ticker band, which covers the bottom of the screen.
                return render_document_page(s.document_pdf, s.document_pages[std::size_t(key.page)],
                                            w, h, h - ticker_height(h));
        }
        return render_svg(filled_svg(key, t), w, h);
    } catch (const PictureError& e) {
        why = e.what(); // names the picture itself
    } catch (const TemplateError& e) {
        std::string where = playlist_ ? template_for(key).filename().string() : std::string();
        if (e.line() > 0)
            where += ":" + std::to_string(e.line()) +
                     (e.column() > 0 ? ":" + std::to_string(e.column()) : "");
        why = where + (where.empty() ? "" : ": ") + e.what();
    } catch (const std::exception& e) {
        why = e.what();
    } catch (...) {
        why = "unknown error";
    }
    // One line, bounded: the reason goes into logs and the as-run row, not onto the screen.
    why = excerpt(why, 200);
    if (error) *error = why;
    SlideFrame frame;
    std::string name = playlist_ ? playlist_->office.name : std::string();
    std::string clock;
    try {
        if (!playlist_) throw TemplateError(0, _("no playlist"));
        // The office slide, as when nothing may show: header, name and clock.
        SlideContentKey office;
        office.minute = key.minute;
        const Playlist& p = *playlist_;
        const Instant now{minutes(key.minute)};
        clock = format_clock(p.office.language, local_time_of_day(p.zone, now),
                             p.zone.abbreviation_at(now));
        frame = render_svg(
            fill_template_file(builtin_templates_dir() / "info.svg", values_for(office)), w, h);
    } catch (...) {
        frame = fallback_frame(w, h, name, clock);
    }
    return frame;
}

} // namespace tsr
