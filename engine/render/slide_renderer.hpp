// What the screen's slide layer shows at an instant, rendered once per change ("Render once,
// push often"): the rotation's slide, or the reminder slide while a reminder sounds.
#pragma once

#include "civil_time.hpp"
#include "playlist.hpp"
#include "render/svg_template.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace tsr {

/// Identity of what the slide layer shows; when it is equal, the picture is equal (so an
/// element re-renders only when it changes).
struct SlideContentKey {
    int slide = -1; ///< index into Playlist::slides; -1 with an empty reminder_id: nothing to show
    int page = 0;
    std::string reminder_id; ///< activity id of the sounding reminder; empty: the rotation
    Instant reminder_due{};
    long long minute = 0; ///< minutes since the Unix epoch (UTC): the clock on the slide
    /// An announcement from the console (engine/announcement.hpp) shows over everything:
    /// its id (0: none) and words. The slide layer sets them; key_at never does.
    std::uint64_t announcement_id = 0;
    std::string announcement;
    /// A video slide: when this showing of the clip began in the rotation (its frame at t is
    /// the clip's at t - video_began); zero for every other slide.
    Instant video_began{};
    bool operator==(const SlideContentKey&) const = default;
};

struct SlideFrame {
    int width = 0, height = 0, stride = 0;
    /// premultiplied BGRA (cairo ARGB32, little-endian), stride*height bytes
    std::vector<std::uint8_t> bgra;
};

/// Renders SVG text with librsvg (no base file: only #ids and data: URIs resolve) scaled to
/// width x height (aspect kept, centred). Throws TemplateError when librsvg refuses it.
SlideFrame render_svg(const std::string& svg, int width, int height);

/// The last resort when even the office slide cannot be drawn: the templates' navy with the
/// office's name and the clock in white. Never shows an error text: the public screen is no
/// place for one.
SlideFrame fallback_frame(int width, int height, const std::string& office_name,
                          const std::string& clock);

/// Where a video slide's clip is fitted (aspect kept, centred): the whole width, above the
/// ticker band, as document pages.
struct VideoArea {
    int width = 0, height = 0;
};
VideoArea video_area(const Display& d);

/// The content of the slide layer. Everything it shows is a function of the key: the time
/// on the slide is the start of key.minute, so equal keys render identical bytes.
///
/// What each built-in template gets:
///   agenda     rows = occurrences_on_day: time "09.00-10.30" ("s.d. 16.00" for a deadline
///              alone), countdown to the start ("sekarang" while it runs, "selesai" after
///              its end), flags now/done/late; paged by the template's tsr:rows.
///   deadlines  deadlines of occurrences due within the next 30 days, soonest first; time
///              is "15 Des 16.00"; countdown "H-3". Those passed and not at 100% follow
///              [display] overdue (playlist.hpp): hide (the default) leaves them out, staff
///              lists one-offs as "lewat tenggat" without the late flag, show lists them for
///              7 days with flag late and "terlambat 2 hari". Under hide and staff a recurring
///              deadline shows its next occurrence instead.
///   timeline   the month of the key: one row per activity id (first appearance order), a
///              bar per run of consecutive days it happens, a diamond on deadline days, a
///              line at now.
///   info       slide.title and slide.text.
///   image      slide.image as a data: URI (PNG, JPEG or SVG, by picture_data_uri: checked,
///              decoded at the display size, turned upright by EXIF); a video slide shows
///              the template without an image (the video itself plays on another layer).
///   reminder   the sounding reminder's activity: title, time, place, pic, countdown.
///   announce   an announcement (key.announcement_id): slide.title "PENGUMUMAN" or
///              "ANNOUNCEMENT", slide.text its words; header, clock and date as others.
///   video      (no template) the office background; the slide layer draws the clip's frame
///              on it, fitted into video_area().
/// An own template (an .svg of the playlist) gets every field: agenda rows for a tsr:repeat
/// group and the month for a tsr:timeline group.
class SlideRenderer {
  public:
    explicit SlideRenderer(std::shared_ptr<const Playlist> playlist);

    /// What shows at t: a reminder's slide from its sound's start to its slide_end (at least
    /// display.reminder_slide_min; reminder_slide_at), else the rotation (rotation_at).
    SlideContentKey key_at(Instant t) const;

    /// Renders the key's content at the display size. Never throws. When the slide cannot be
    /// drawn (template, picture or librsvg error) it draws the office slide instead (the
    /// office's name and the clock, as when nothing may show; fallback_frame() if even that
    /// fails) and sets *error to the reason: one line of at most about 200 characters, for
    /// the as-run row's "skipped: REASON" and the operator's log, never for the screen
    /// ("own.svg:3:10: entity declarations ...", "photo.jpg is a GIF picture; ..."). *error
    /// is left empty when the slide was drawn as asked.
    SlideFrame render(const SlideContentKey& key, Instant t, std::string* error = nullptr) const;

    /// The filled SVG text (for tests and `tsr render --svg`). Throws TemplateError.
    std::string filled_svg(const SlideContentKey& key, Instant t) const;

    /// The values filled into the key's template (for tests).
    TemplateValues values_for(const SlideContentKey& key) const;

    /// The template file the key uses.
    std::filesystem::path template_for(const SlideContentKey& key) const;

  private:
    /// What shows (slide, page or reminder) over [from, until): the rotation's answer holds
    /// until its next change or the next reminder, whichever is first.
    struct Showing {
        Instant from{};
        Instant until{};
        int slide = -1;
        int page = 0;
        std::string reminder_id;
        Instant reminder_due{};
        Instant began{}; ///< when the rotation's slide (page) came on screen
    };
    Showing showing_at(Instant t) const;

    std::shared_ptr<const Playlist> playlist_;
    std::string logo_uri_; ///< office.logo as a data: URI, or empty
    /// A slide image as a data: URI, decoded at display size, for the slide's path.
    std::string image_uri(const std::filesystem::path& image) const;
    // Decoding a photo costs far more than drawing the slide, and the clock redraws the slide
    // every minute: the last few decoded pictures are kept.
    mutable std::mutex pictures_mutex_;
    mutable std::map<std::filesystem::path, std::string> pictures_;
    // key_at is asked every frame; the schedule walks every activity to answer, so the last
    // answer is kept for as long as it holds (a slide's duration, typically).
    mutable std::mutex showing_mutex_;
    mutable std::optional<Showing> showing_;
};

} // namespace tsr
