// `tsr report -o FILE.csv`: the report's tables one after another, for a spreadsheet.
#include "i18n.hpp"
#include "report_writers.hpp"

#include <fstream>

namespace tsr {

std::string write_report_csv(const ReportContext& c, const std::filesystem::path& out) {
    const MonthReport& r = c.report;
    const ReportLabels& l = c.labels;
    auto f = [](const std::string& s) { return AsRunLog::csv_field(s); };
    std::ofstream o(out, std::ios::binary | std::ios::trunc);
    if (!o) return i18n::format(_("cannot write %s"), out.string());
    o << f(l.title) << "," << f(r.office) << "," << f(month_name(l, r.month)) << "\n\n";
    o << f(l.activity) << ",id," << f(l.scheduled) << "," << f(l.played) << "," << f(l.skipped)
      << "," << f(l.reasons) << "," << f(l.deadlines) << "," << f(l.met) << "," << f(l.missed)
      << "\n";
    for (const ActivityLine& a : r.activities)
        o << f(a.title) << "," << f(a.id) << "," << a.scheduled << "," << a.played << ","
          << a.skipped << "," << f(reasons_text(a)) << "," << a.deadlines << "," << a.deadlines_met
          << "," << a.deadlines_missed << "\n";
    o << "\n" << f(l.slide) << ",id," << f(l.planned_s) << "," << f(l.shown_s) << "\n";
    for (const SlideLine& s : r.slides)
        o << f(slide_title(l, s)) << "," << f(s.id) << "," << one_decimal(s.planned_s) << ","
          << one_decimal(s.shown_s) << "\n";
    o << "\n" << f(l.day) << "," << f(l.scheduled) << "," << f(l.played) << "\n";
    for (const DayLine& d : r.days) {
        char date[16];
        std::snprintf(date, sizeof date, "%04d-%02u-%02u", int(d.date.year()),
                      unsigned(d.date.month()), unsigned(d.date.day()));
        o << date << "," << d.scheduled << "," << d.played << "\n";
    }
    o << f(l.totals) << "," << r.scheduled_total() << "," << r.played_total() << "\n\n";
    o << f(l.screen_hours) << "," << one_decimal(r.screen_on_s / 3600) << "\n";
    o << f(l.reloads_taken) << "," << r.reloads_taken << "\n";
    o << f(l.edits_refused) << "," << r.edits_refused << "\n";
    o << f(l.clock_unsync) << "," << r.clock_unsynchronised.size() << "\n";
    o.flush();
    return o ? "" : i18n::format(_("cannot write %s"), out.string());
}

} // namespace tsr
