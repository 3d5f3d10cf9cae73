// `tsr report -o FILE.pdf`: A4 pages drawn with cairo, text laid out by Pango (so Indonesian
// text, any UTF-8, wraps and shapes properly), ready to print and sign.
#include "i18n.hpp"
#include "report_writers.hpp"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <vector>

namespace tsr {

namespace {

constexpr double kPageW = 595.0, kPageH = 842.0; // A4 in points
constexpr double kMargin = 50.0;

class Page {
  public:
    explicit Page(cairo_t* cr) : cr_(cr) {}

    /// Text at x on the current line, `width` wide (wrapped); returns its height.
    double text(double x, double width, const std::string& s, const char* font = "Sans 9") {
        PangoLayout* layout = pango_cairo_create_layout(cr_);
        PangoFontDescription* fd = pango_font_description_from_string(font);
        pango_layout_set_font_description(layout, fd);
        pango_font_description_free(fd);
        pango_layout_set_width(layout, int(width * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_text(layout, s.c_str(), int(s.size()));
        int w = 0, h = 0;
        pango_layout_get_size(layout, &w, &h);
        cairo_move_to(cr_, x, y);
        cairo_set_source_rgb(cr_, 0, 0, 0);
        pango_cairo_show_layout(cr_, layout);
        g_object_unref(layout);
        return double(h) / PANGO_SCALE;
    }

    /// A row of cells at the given column edges; moves down by the tallest.
    void row(const std::vector<double>& cols, const std::vector<std::string>& cells,
             const char* font = "Sans 9") {
        need(16);
        double tallest = 0;
        for (std::size_t i = 0; i < cells.size() && i + 1 < cols.size(); ++i)
            tallest =
                std::max(tallest, text(cols[i] + 2, cols[i + 1] - cols[i] - 4, cells[i], font));
        cairo_set_line_width(cr_, 0.5);
        cairo_set_source_rgb(cr_, 0.6, 0.6, 0.6);
        cairo_move_to(cr_, cols.front(), y + tallest + 2);
        cairo_line_to(cr_, cols.back(), y + tallest + 2);
        cairo_stroke(cr_);
        y += tallest + 4;
    }

    void heading(const std::string& s) {
        need(60);
        y += 8;
        y += text(kMargin, kPageW - 2 * kMargin, s, "Sans Bold 12") + 4;
    }

    void line(const std::string& s, const char* font = "Sans 10") {
        need(16);
        y += text(kMargin, kPageW - 2 * kMargin, s, font) + 2;
    }

    /// A new page when fewer than `h` points are left.
    void need(double h) {
        if (y + h <= kPageH - kMargin) return;
        cairo_show_page(cr_);
        y = kMargin;
    }

    cairo_t* cr() { return cr_; }
    double y = kMargin;

  private:
    cairo_t* cr_;
};

void chart(Page& pg, const MonthReport& r, const ReportLabels& l) {
    int top = 1;
    for (const DayLine& d : r.days)
        top = std::max(top, d.scheduled);
    const double h = 120,
                 slot = (kPageW - 2 * kMargin) / double(std::max<std::size_t>(1, r.days.size()));
    pg.need(h + 40);
    cairo_t* cr = pg.cr();
    const double base = pg.y + h;
    for (std::size_t i = 0; i < r.days.size(); ++i) {
        const DayLine& d = r.days[i];
        double x = kMargin + double(i) * slot;
        double hs = h * d.scheduled / top, hp = h * d.played / top;
        cairo_set_source_rgb(cr, 0.69, 0.72, 0.76);
        cairo_rectangle(cr, x + 1, base - hs, slot / 2 - 1, hs);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.18, 0.55, 0.34);
        cairo_rectangle(cr, x + slot / 2, base - hp, slot / 2 - 1, hp);
        cairo_fill(cr);
        double saved = pg.y;
        pg.y = base + 2;
        pg.text(x, slot, std::to_string(unsigned(d.date.day())), "Sans 6");
        pg.y = saved;
    }
    pg.y = base + 14;
    pg.line(std::string("\u25A0 ") + l.scheduled + "   \u25A0 " + l.played + "  (" + l.totals +
                ": " + std::to_string(r.scheduled_total()) + " / " +
                std::to_string(r.played_total()) + ")",
            "Sans 8");
}

} // namespace

std::string write_report_pdf(const ReportContext& c, const std::filesystem::path& out) {
    const MonthReport& r = c.report;
    const ReportLabels& l = c.labels;
    cairo_surface_t* surface = cairo_pdf_surface_create(out.c_str(), kPageW, kPageH);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return i18n::format(_("cannot write %s"), out.string());
    }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                   (std::string(l.title) + " " + month_name(l, r.month)).c_str());
    cairo_t* cr = cairo_create(surface);
    Page pg(cr);
    pg.y += pg.text(kMargin, kPageW - 2 * kMargin, l.title, "Sans Bold 16") + 4;
    pg.line(r.office);
    pg.line(std::string(l.month_word) + ": " + month_name(l, r.month));
    pg.line(std::string(l.generated) + ": " + date_text(l, c.generated), "Sans 8");

    pg.heading(l.activities);
    // Numbers in columns; the reasons for skips on a line of their own below, full width.
    const std::vector<double> ac{kMargin, 185, 250, 305, 360, 415, 470, kPageW - kMargin};
    pg.row(ac, {l.activity, l.scheduled, l.played, l.skipped, l.deadlines, l.met, l.missed},
           "Sans Bold 7");
    for (const ActivityLine& a : r.activities) {
        pg.row(ac, {a.title, std::to_string(a.scheduled), std::to_string(a.played),
                    std::to_string(a.skipped), std::to_string(a.deadlines),
                    std::to_string(a.deadlines_met), std::to_string(a.deadlines_missed)});
        if (!a.skip_reasons.empty())
            pg.line(std::string("    ") + l.reasons + ": " + reasons_text(a), "Sans 7");
    }
    pg.row(ac,
           {l.totals, std::to_string(r.scheduled_total()), std::to_string(r.played_total()),
            std::to_string(r.scheduled_total() - r.played_total())},
           "Sans Bold 9");

    pg.heading(l.slides);
    const std::vector<double> sc{kMargin, 330, 420, kPageW - kMargin};
    pg.row(sc, {l.slide, l.planned_s, l.shown_s}, "Sans Bold 8");
    for (const SlideLine& s : r.slides)
        pg.row(sc, {slide_title(l, s), decimal_text(l, s.planned_s), decimal_text(l, s.shown_s)});

    pg.heading(l.screen);
    pg.line(std::string(l.screen_hours) + ": " + decimal_text(l, r.screen_on_s / 3600));
    pg.line(std::string(l.reloads_taken) + ": " + std::to_string(r.reloads_taken));
    pg.line(std::string(l.edits_refused) + ": " + std::to_string(r.edits_refused));
    if (r.clock_unsynchronised.empty())
        pg.line(l.clock_unsync_none);
    else {
        pg.line(std::string(l.clock_unsync) + ":");
        for (const std::string& t : r.clock_unsynchronised)
            pg.line("  " + date_text(l, t), "Sans 8");
    }
    if (r.unreadable_rows > 0)
        pg.line(std::string(l.unreadable_rows) + ": " + std::to_string(r.unreadable_rows));

    pg.heading(l.chart);
    chart(pg, r, l);

    // The sign-off block, on the right, kept whole on one page.
    pg.need(130);
    pg.y += 20;
    const double x = kPageW / 2 + 40, w = kPageW / 2 - 40 - kMargin;
    for (const char* s : {l.sign_place_date, l.sign_known, l.sign_role})
        pg.y += pg.text(x, w, s, "Sans 10") + 2;
    pg.y += 50;
    pg.y += pg.text(x, w, c.signer.empty() ? l.sign_name_blank : "(" + c.signer + ")", "Sans 10");
    pg.text(x, w, l.sign_nip, "Sans 10");

    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    return st == CAIRO_STATUS_SUCCESS ? ""
                                      : i18n::format(_("cannot write %s"), out.string()) + ": " +
                                            cairo_status_to_string(st);
}

} // namespace tsr
