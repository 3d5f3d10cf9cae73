// `tsr report -o FILE.xlsx`: the report as a workbook through libxlsxwriter (a well-kept C
// library for the format; no hand-made zip or XML): a sheet per table and a column chart of
// the days.
#include "i18n.hpp"
#include "report_writers.hpp"

#include <xlsxwriter.h>

namespace tsr {

std::string write_report_xlsx(const ReportContext& c, const std::filesystem::path& out) {
    const MonthReport& r = c.report;
    const ReportLabels& l = c.labels;
    lxw_workbook* wb = workbook_new(out.c_str());
    if (!wb) return i18n::format(_("cannot write %s"), out.string());
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    auto str = [](lxw_worksheet* ws, int row, int col, const std::string& s,
                  lxw_format* f = nullptr) {
        worksheet_write_string(ws, lxw_row_t(row), lxw_col_t(col), s.c_str(), f);
    };
    auto num = [](lxw_worksheet* ws, int row, int col, double v) {
        worksheet_write_number(ws, lxw_row_t(row), lxw_col_t(col), v, nullptr);
    };

    // Sheet 1: the activities, the screen and the sign-off.
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Laporan");
    worksheet_set_column(ws, 0, 0, 34, nullptr);
    worksheet_set_column(ws, 1, 7, 12, nullptr);
    worksheet_set_column(ws, 4, 4, 40, nullptr);
    int row = 0;
    str(ws, row++, 0, l.title, bold);
    str(ws, row++, 0, r.office);
    str(ws, row++, 0, std::string(l.month_word) + ": " + month_name(l, r.month));
    str(ws, row++, 0, std::string(l.generated) + ": " + date_text(l, c.generated));
    ++row;
    str(ws, row++, 0, l.activities, bold);
    const char* heads[] = {l.activity, l.scheduled, l.played, l.skipped,
                           l.reasons,  l.deadlines, l.met,    l.missed};
    for (int i = 0; i < 8; ++i)
        str(ws, row, i, heads[i], bold);
    ++row;
    for (const ActivityLine& a : r.activities) {
        str(ws, row, 0, a.title);
        num(ws, row, 1, a.scheduled);
        num(ws, row, 2, a.played);
        num(ws, row, 3, a.skipped);
        str(ws, row, 4, reasons_text(a));
        num(ws, row, 5, a.deadlines);
        num(ws, row, 6, a.deadlines_met);
        num(ws, row, 7, a.deadlines_missed);
        ++row;
    }
    str(ws, row, 0, l.totals, bold);
    num(ws, row, 1, r.scheduled_total());
    num(ws, row, 2, r.played_total());
    num(ws, row, 3, r.scheduled_total() - r.played_total());
    row += 2;
    str(ws, row++, 0, l.screen, bold);
    str(ws, row, 0, l.screen_hours);
    num(ws, row++, 1, double(long(r.screen_on_s / 360)) / 10);
    str(ws, row, 0, l.reloads_taken);
    num(ws, row++, 1, r.reloads_taken);
    str(ws, row, 0, l.edits_refused);
    num(ws, row++, 1, r.edits_refused);
    if (r.clock_unsynchronised.empty()) {
        str(ws, row++, 0, l.clock_unsync_none);
    } else {
        str(ws, row++, 0, l.clock_unsync);
        for (const std::string& t : r.clock_unsynchronised)
            str(ws, row++, 1, date_text(l, t));
    }
    row += 2;
    str(ws, row++, 4, l.sign_place_date);
    str(ws, row++, 4, l.sign_known);
    str(ws, row++, 4, l.sign_role);
    row += 3;
    str(ws, row++, 4, c.signer.empty() ? l.sign_name_blank : "(" + c.signer + ")");
    str(ws, row++, 4, l.sign_nip);

    // Sheet 2: slides.
    lxw_worksheet* ss = workbook_add_worksheet(wb, "Slide");
    worksheet_set_column(ss, 0, 0, 34, nullptr);
    worksheet_set_column(ss, 1, 2, 20, nullptr);
    str(ss, 0, 0, l.slide, bold);
    str(ss, 0, 1, l.planned_s, bold);
    str(ss, 0, 2, l.shown_s, bold);
    for (std::size_t i = 0; i < r.slides.size(); ++i) {
        str(ss, int(i) + 1, 0, slide_title(l, r.slides[i]));
        num(ss, int(i) + 1, 1, r.slides[i].planned_s);
        num(ss, int(i) + 1, 2, r.slides[i].shown_s);
    }

    // Sheet 3: days, with the chart.
    lxw_worksheet* ds = workbook_add_worksheet(wb, "Harian");
    worksheet_set_column(ds, 0, 2, 14, nullptr);
    str(ds, 0, 0, l.day, bold);
    str(ds, 0, 1, l.scheduled, bold);
    str(ds, 0, 2, l.played, bold);
    for (std::size_t i = 0; i < r.days.size(); ++i) {
        num(ds, int(i) + 1, 0, unsigned(r.days[i].date.day()));
        num(ds, int(i) + 1, 1, r.days[i].scheduled);
        num(ds, int(i) + 1, 2, r.days[i].played);
    }
    if (!r.days.empty()) {
        lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_COLUMN);
        chart_title_set_name(chart, l.chart);
        const auto last = lxw_row_t(r.days.size());
        for (lxw_col_t col : {lxw_col_t(1), lxw_col_t(2)}) {
            lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
            chart_series_set_categories(s, "Harian", 1, 0, last, 0);
            chart_series_set_values(s, "Harian", 1, col, last, col);
            chart_series_set_name(s, col == 1 ? l.scheduled : l.played);
        }
        worksheet_insert_chart(ds, 1, 4, chart);
    }
    lxw_error e = workbook_close(wb);
    return e == LXW_NO_ERROR
               ? ""
               : i18n::format(_("cannot write %s"), out.string()) + ": " + lxw_strerror(e);
}

} // namespace tsr
