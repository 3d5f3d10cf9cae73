// The typed playlist: what staff wrote in playlist.toml, checked and with paths resolved.
// Built by load_playlist() (playlist_loader.hpp); read-only afterwards and shared whole.
#pragma once

#include "civil_time.hpp"
#include "diagnostics.hpp"
#include "office_hours.hpp"
#include "quiet_hours.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tsr {

/// The ranges that make sense for an office, checked at load; each message says its range.
/// Inside them no time computation can overflow, and the cost of check and timeline grows
/// with the playlist, never with the size of a value.
namespace limits {
inline constexpr int first_year = 2000; ///< dates before are typos (0226 for 2026)
inline constexpr int last_year = 2100;
inline constexpr Seconds max_reminder_before = std::chrono::days(60);
inline constexpr Seconds max_slide_duration = std::chrono::hours(24);
/// From an activity's start to its end or deadline.
inline constexpr Seconds max_activity_span = std::chrono::days(366);
inline constexpr std::size_t max_activities = 5000;
inline constexpr std::size_t max_slides = 500;
inline constexpr std::size_t max_reminders = 20;    ///< per activity
inline constexpr std::size_t max_list = 100;        ///< ticker messages, background music
inline constexpr std::size_t max_name_chars = 200;  ///< titles, places, names
inline constexpr std::size_t max_text_chars = 4000; ///< slide text, ticker messages
inline constexpr std::size_t max_id_chars = 64;
inline constexpr std::uintmax_t max_playlist_bytes = 1024 * 1024;
inline constexpr std::size_t max_line_chars = 4000;
inline constexpr std::size_t max_key_parts = 16; ///< a.b.c in keys and [table.names]
} // namespace limits

/// A set of weekdays, Monday = index 0.
using WeekdaySet = std::array<bool, 7>;

/// A one-off item has a date; a recurring one only a time of day (the date comes from the
/// repeat rule).
struct When {
    std::optional<Date> date;
    Seconds time_of_day{0};
    SourcePos pos;
};

struct Reminder {
    Seconds before{0};
    std::optional<Seconds> at;   ///< "on the day `before` counts back to, at this time"
    std::filesystem::path audio; ///< absolute
    bool chime = true;
    Micros audio_length{0}; ///< measured at load (MPEG-4 probed, other formats decoded)
    /// `say`: the words spoken (as read aloud), empty for a recording. `audio` is then the
    /// synthesized WAV in the playlist's cache (engine/speech/speech_synth.hpp).
    std::string say;
    int say_repeat = 1; ///< `repeat`: how many times the words are said, 1..3
    SourcePos pos;
};

enum class Repeat { once, daily, weekdays, weekly, monthly };

struct Activity {
    std::string id;
    std::string title;
    std::optional<When> start;
    std::optional<When> end;
    std::optional<When> deadline;
    std::string place;
    std::string pic;
    std::optional<int> progress;
    Repeat repeat = Repeat::once;
    WeekdaySet days{};         ///< weekly
    unsigned day_of_month = 0; ///< monthly, 1..31 (clamped to short months)
    std::optional<Date> from;
    std::optional<Date> until;
    std::vector<Reminder> reminders;
    SourcePos pos;
};

struct Slide {
    std::string template_name; ///< "agenda", ... or the path as written
    bool builtin = true;
    std::filesystem::path template_path; ///< absolute path of the SVG template
    Seconds duration{0};
    std::string title;
    std::string text;
    std::filesystem::path image; ///< absolute, or empty
    /// `video`: a clip (absolute), or empty. It shows once a round for `video_length`, fitted
    /// above the ticker band on the office background (template_name "video"; no duration).
    std::filesystem::path video;
    Micros video_length{0}; ///< probed at load (video/video_clip.hpp); 0 when files unchecked
    /// The clip has a sound track (probed at load): tsrremindersrc mixes it into the show's
    /// audio while the clip plays (sound/reminder_mix.hpp).
    bool video_sound = false;
    std::optional<Date> from;
    std::optional<Date> until;
    std::optional<WeekdaySet> days;
    std::optional<std::pair<Seconds, Seconds>> hours; ///< [begin, end) time of day
    int rows_per_page = 0; ///< templates with a tsr:repeat group: rows a page
    /// `document`: a PDF, PowerPoint or OpenDocument file (absolute), or empty. Each page in
    /// `document_pages` is a slide of `duration` in the rotation (template_name "document").
    std::filesystem::path document;
    /// The PDF whose pages show: the document itself, or its conversion in the playlist's
    /// cache (render/document_source.hpp).
    std::filesystem::path document_pdf;
    std::vector<int> document_pages; ///< `pages`, 0-based, in the order shown; all by default
    SourcePos pos;
};

struct Office {
    std::string name;
    std::string timezone; ///< IANA name as written; empty: the system's
    std::string language = "id";
    std::filesystem::path logo;
};

/// What the public screen shows of a deadline that has passed unfinished ([display] overdue):
///   hide  - nothing (the default: no "terlambat 6 hari" in red in front of citizens); a
///           recurring deadline shows its next occurrence instead;
///   staff - one-off deadlines stay listed, in neutral words ("lewat tenggat" / "past due")
///           and not marked late; a recurring one shows its next occurrence;
///   show  - every overdue deadline for a week, marked late (red in the built-in templates),
///           with "terlambat N hari" / "N days late".
enum class Overdue { hide, staff, show };

struct Display {
    int width = 1920;
    int height = 1080;
    int framerate = 30;
    /// The least time a reminder's slide stays up, however short its sound (a 0.2 s clip
    /// must not flash its slide for six frames); the next reminder's sound still takes over
    /// at once. `reminder_slide_min = "8s"` in [display], 0s..10m.
    Seconds reminder_slide_min{8};
    Overdue overdue = Overdue::hide;
    /// `on`, `days`, `off`, `reminders_outside` in [display]: when the TV is on. nullopt:
    /// always (office_hours.hpp).
    std::optional<OfficeHours> hours{};
};

struct TickerSettings {
    double speed = 120.0; ///< pixels per second
    std::vector<std::string> messages;
    std::filesystem::path file; ///< absolute, or empty
    /// The file's messages, read and decoded at load (engine/ticker_file.hpp): the ticker
    /// never reads the file itself; a changed file is a reload.
    std::vector<std::string> file_lines;
    bool agenda = false;
};

struct AudioSettings {
    std::filesystem::path chime; ///< absolute, or empty
    Micros chime_length{0};
    std::vector<std::filesystem::path> background;
    double duck = 0.2;
    double volume = 1.0;
    /// `quiet`: when reminders wait and the music is muted (quiet_hours.hpp); no overlaps.
    std::vector<QuietWindow> quiet;
};

struct Playlist {
    std::filesystem::path folder; ///< absolute
    std::filesystem::path file;   ///< absolute path of playlist.toml
    Office office;
    Display display;
    TickerSettings ticker;
    AudioSettings audio;
    std::vector<Activity> activities;
    std::vector<Slide> slides;
    /// Resolved once at load; every time computation goes through it.
    TimeZone zone = TimeZone::fixed(Seconds(7 * 3600));
};

} // namespace tsr
