// SVG templates: filling `{{fields}}`, repeating activity rows, fitting text to its box, and
// checking a template (own templates of a playlist are untrusted input).
//
// The template language (namespace xmlns:tsr="urn:tsr:template:1"), see spec/playlist.md
// "Own templates":
//
//   Fields, in text and in attribute values: {{office.name}} {{office.logo}} (a data: URI,
//   for an <image> href; empty without a logo) {{today}} {{now}} {{month}} {{slide.title}}
//   {{slide.text}} {{slide.image}} (data: URI) {{page}} ("1/3") {{empty}} (what an empty
//   list says) {{reminder.label}} {{reminder.title}} {{reminder.time}} {{reminder.place}}
//   {{reminder.pic}} {{reminder.countdown}}; only inside a tsr:repeat group:
//   {{activity.title}} {{activity.time}} {{activity.date}} {{activity.place}} {{activity.pic}}
//   {{activity.countdown}} {{activity.progress}} ("40%", empty without progress)
//   {{activity.deadline}}. Spaces inside the braces are allowed: {{ today }}.
//   Values are inserted as text, so the serializer escapes < & > " for us.
//   Unknown fields are errors of template_problems() (the loader refuses the playlist, with
//   the line); when a template is filled anyway they render empty.
//
//   tsr:repeat="activity"   on a group: cloned once per row of the page, clone i wrapped in
//                           <g transform="translate(0, i * row-height)">;
//   tsr:rows="6"            rows a page (1..100, required with tsr:repeat);
//   tsr:row-height="112"    user units between rows (required with tsr:repeat).
//   tsr:if="COND"           keep the element only when COND holds, "not-COND" for the opposite.
//                           Anywhere: empty (no rows at all), paged (more than one page), logo,
//                           image, title, text, reminder, place and pic (of the reminder; in a
//                           row, of the row's activity). In a row also: late, done, now,
//                           progress, deadline, odd, even (first row is odd).
//                           Several, separated by spaces, must all hold: "not-late not-done".
//   tsr:progress-bar="600"  in a row, on a rect: width = 600 * progress / 100 (0 without one).
//   tsr:width="1800"        on a <text>: the box width. Too long text is shrunk (down to
//                           tsr:min-scale, default 0.6, of its font size), then cut with "…".
//   tsr:lines="10"          with tsr:width: wrap into at most this many lines (default 1),
//                           tsr:line-height (default 1.25) times the font size apart.
//   tsr:timeline="month"    on a group with tsr:width and tsr:height: the month's calendar
//                           (one row per activity, a mark per day it happens, a line at now)
//                           is generated into it.
//
// Safety: files over 2 MiB, DTDs with entity declarations, nesting deeper than 64 elements,
// more than 20000 elements, <use> references that expand to more than 100000 elements (or
// nest deeper than 128, or loop), more than 32 elements with filters, width/height/viewBox
// beyond 20000 user units, and references to anything but "#fragment" or "data:" URIs are
// refused. libxml2 parses with XML_PARSE_NONET, without entity substitution nor DTD loading;
// librsvg then gets the filled SVG without a DTD and without a base file (so it resolves
// nothing but #ids and data: URIs itself either).
#pragma once

#include "civil_time.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace tsr {

/// A template that cannot be used (does not parse, unsafe, wrong tsr: attributes).
class TemplateError : public std::runtime_error {
  public:
    TemplateError(int line, const std::string& message, int column = 0)
        : std::runtime_error(message), line_(line), column_(column) {}
    int line() const { return line_; }
    int column() const { return column_; } ///< 1-based, in characters; 0 when not known

  private:
    int line_;
    int column_;
};

/// Maximum size of a template file, and of an image file embedded into a slide.
constexpr std::uintmax_t max_template_bytes = 2 * 1024 * 1024;
constexpr std::uintmax_t max_image_bytes = 32 * 1024 * 1024;

struct FontSpec {
    std::string family = "DejaVu Sans"; ///< a Pango family list, "DejaVu Sans, sans-serif"
    double size = 16;                   ///< px (user units)
    int weight = 400;
    bool italic = false;
};

/// Width in px of one line of text, measured with Pango the way librsvg lays it out (no
/// hinting, unrounded glyph positions).
double measure_text_width(const std::string& text, const FontSpec& font);

/// How a value fits the first <text tsr:width> box of a template that shows {{field}}.
struct FieldFit {
    bool found = false;         ///< the template has such a box
    bool cut = false;           ///< the value will be cut with "…" (even at the smallest size)
    std::size_t fits_chars = 0; ///< when cut: about how many characters of it fit
};
/// Measures with the same code and fonts as rendering (fit_text); other fields of the box
/// count as empty. A template that cannot be read or parsed gives found == false.
FieldFit field_fit(const std::filesystem::path& svg, const std::string& field,
                   const std::string& value);

/// A warning for a slide's key (title, text) whose value will be cut.
struct FitWarning {
    std::string key;     ///< "title" or "text"
    std::string message; ///< "\"Rapat ...\" is too long for the agenda title box and will be
                         ///< cut with \"…\"; shorten it to about 38 characters"
};
/// The loader's hook: warnings for a slide's title and text against its template's boxes
/// ({{slide.title}}, {{slide.text}}). `box_name` names the template in the message ("agenda",
/// "slides/own.svg").
std::vector<FitWarning> slide_text_warnings(const std::filesystem::path& svg,
                                            const std::string& box_name, const std::string& title,
                                            const std::string& text);

/// Text fitted into a box: what fit_text() decided.
struct FittedText {
    std::vector<std::string> lines;
    double font_size = 0;
    bool shrunk = false;
    bool cut = false; ///< ends with "…"
};

/// Fits text into `width` px and at most `max_lines` lines: the largest font size between
/// min_scale * font.size and font.size (in 4% steps) at which it fits, else the smallest
/// size with the text cut at the last line with an ellipsis. Every line measures <= width.
/// With max_lines == 1 newlines become spaces; with more, newlines start a new line.
FittedText fit_text(const std::string& text, const FontSpec& font, double width, int max_lines,
                    double min_scale = 0.6);

/// One row of a tsr:repeat group.
struct TemplateRow {
    std::map<std::string, std::string> fields; ///< "activity.title" -> "Rapat ..."
    std::set<std::string> flags;               ///< "late", "done", ... (see above)
    std::optional<double> progress;            ///< 0..100
};

/// The month calendar for a tsr:timeline="month" group.
struct TimelineRow {
    std::string title;
    std::set<unsigned> days;          ///< days of the month (1..31) the activity happens
    std::set<unsigned> deadline_days; ///< days with a deadline of it
    bool late = false;                ///< a deadline passed unfinished
};
struct TimelineData {
    std::string lang = "id";
    Date month{};                  ///< any day of the month shown
    double now_day = 0;            ///< day of month + fraction of the day (30.5 = noon on the
                                   ///< 30th); 0: no marker
    std::vector<TimelineRow> rows; ///< in order of first appearance
};

struct TemplateValues {
    std::map<std::string, std::string> fields; ///< "today" -> "Senin, 30 November 2026"
    std::set<std::string> flags;               ///< "logo", "empty", ...
    std::vector<TemplateRow> rows;             ///< all rows; `page` chooses which show
    int page = 0;
    std::optional<TimelineData> timeline;
};

/// Every field name a template may use (without braces), and the conditions of tsr:if.
const std::vector<std::string>& template_field_names();
const std::vector<std::string>& template_condition_names();

/// Fills a template. Throws TemplateError when the template is not usable. Fields not in
/// `values` render empty. The result is plain SVG (no DTD) for librsvg.
std::string fill_template(const std::string& svg_text, const TemplateValues& values);
/// Reads the file (refusing one over max_template_bytes) and fills it.
std::string fill_template_file(const std::filesystem::path& svg, const TemplateValues& values);

/// Rows a page of the template's first tsr:repeat group; 0 when it has none (or the file
/// cannot be read: template_problems() says why).
int template_rows_per_page(const std::filesystem::path& svg);

/// A problem of a template, for the loader's diagnostics ("file:line: error: message").
struct TemplateProblem {
    int line = 0; ///< 1-based, 0 for the whole file
    std::string message;
    int column = 0; ///< 1-based, in characters (where the element's "<" is); 0 when not known
};

/// Everything wrong with a template, in document order; empty when it is usable. Messages:
///   "cannot read the template: ..." / "the template is larger than 2 MiB"
///   "broken SVG: <what is wrong, in plain words>; open it in Inkscape and save it again"
///   "entity declarations (<!ENTITY) are not allowed in a template"
///   "the document type (<!DOCTYPE) refers to the file \"x\"; delete the <!DOCTYPE ...> line"
///   "the root element is <x>, not <svg>"
///   "elements nested deeper than 64" / "more than 20000 elements"
///   "<use> references multiply to more than 100000 elements" / "a <use> refers to itself"
///   "<use> references nested deeper than 128"
///   "more than 32 elements with filters (too slow to render)"
///   "width=\"...\" is too large (at most 20000)" (also height, viewBox)
///   "external reference \"...\": embed the image (Inkscape: Extensions > Images > Embed
///    Images) or use #ids"
///   "unknown field {{x}}; known fields: ..."
///   "{{activity.title}} is only filled inside a group with tsr:repeat=\"activity\""
///   "tsr:repeat=\"x\": only \"activity\" can repeat"
///   "tsr:rows must be a whole number 1..100" / "tsr:row-height must be a positive number"
///   "tsr:if=\"x\": unknown condition; known: ..." / "tsr:width must be a positive number"
///   "tsr:lines must be a whole number 1..100" / "tsr:timeline=\"x\": only \"month\""
std::vector<TemplateProblem> template_problems(const std::filesystem::path& svg);
/// The same for SVG text in memory.
std::vector<TemplateProblem> template_text_problems(const std::string& svg_text);

/// Problems of an SVG used as a picture (a slide's image, the office logo): the safety rules
/// of templates (size, entities, document type, nesting, element count, <use> expansion,
/// filters, width/height/viewBox, external references, xi:include), without the template
/// language (fields and tsr: attributes are not looked at). Messages say "SVG picture" where
/// template_problems() says "template". Empty when it may be drawn.
std::vector<TemplateProblem> svg_picture_problems(const std::string& svg_text);

/// The SVG picture as librsvg gets it: checked as above, then written out again by libxml2
/// without its document type, so that librsvg never sees a DTD or an entity. Throws
/// TemplateError (the first problem) when it breaks a rule.
std::string clean_svg_picture(const std::string& svg_text);

/// "data:image/png;base64,...", by the file's contents (PNG, JPEG, GIF, WebP, SVG), the file
/// as it is (no size check, no scaling). Slides use picture_data_uri (picture_check.hpp).
/// Throws TemplateError for an unreadable, unknown or too large file.
std::string image_data_uri(const std::filesystem::path& file);

} // namespace tsr
