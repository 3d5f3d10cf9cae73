// `tsr report -o FILE.html`: one self-contained page (styles inline, the chart as inline SVG),
// printable from a browser.
#include "i18n.hpp"
#include "report_writers.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace tsr {

namespace {

std::string esc(const std::string& s) {
    std::string o;
    for (char c : s) {
        switch (c) {
        case '&':
            o += "&amp;";
            break;
        case '<':
            o += "&lt;";
            break;
        case '>':
            o += "&gt;";
            break;
        case '"':
            o += "&quot;";
            break;
        default:
            o += c;
        }
    }
    return o;
}

std::string td(const std::string& s) {
    return "<td>" + esc(s) + "</td>";
}

std::string th(const std::string& s) {
    return "<th>" + esc(s) + "</th>";
}

/// Per day: a grey bar for scheduled, a green bar for played, the day's number below.
std::string chart_svg(const MonthReport& r) {
    int top = 1;
    for (const DayLine& d : r.days)
        top = std::max(top, d.scheduled);
    const int w = 22, h = 160, n = int(r.days.size());
    std::ostringstream o;
    o << "<svg xmlns='http://www.w3.org/2000/svg' width='" << n * w + 10 << "' height='" << h + 20
      << "'>";
    for (int i = 0; i < n; ++i) {
        const DayLine& d = r.days[std::size_t(i)];
        int hs = d.scheduled * h / top, hp = d.played * h / top;
        o << "<rect x='" << i * w + 2 << "' y='" << h - hs << "' width='9' height='" << hs
          << "' fill='#b0b7c3'/>";
        o << "<rect x='" << i * w + 11 << "' y='" << h - hp << "' width='9' height='" << hp
          << "' fill='#2e8b57'/>";
        o << "<text x='" << i * w + 11 << "' y='" << h + 14
          << "' font-size='10' text-anchor='middle'>" << unsigned(d.date.day()) << "</text>";
    }
    o << "</svg>";
    return o.str();
}

} // namespace

std::string write_report_html(const ReportContext& c, const std::filesystem::path& out) {
    const MonthReport& r = c.report;
    const ReportLabels& l = c.labels;
    std::ostringstream o;
    o << "<!DOCTYPE html><html lang='" << esc(r.language) << "'><head><meta charset='utf-8'>"
      << "<title>" << esc(l.title) << " " << esc(month_name(l, r.month)) << "</title><style>"
      << "body{font-family:sans-serif;margin:2em;color:#111}table{border-collapse:collapse;"
      << "margin:.5em 0 1.5em}td,th{border:1px solid #999;padding:3px 8px;text-align:left}"
      << "td.n{text-align:right}.sign{margin-top:3em;margin-left:60%}</style></head><body>";
    o << "<h1>" << esc(l.title) << "</h1><p>" << esc(r.office) << "<br>" << esc(l.month_word)
      << ": " << esc(month_name(l, r.month)) << "<br>" << esc(l.generated) << ": "
      << esc(date_text(l, c.generated)) << "</p>";
    o << "<h2>" << esc(l.activities) << "</h2><table><tr>" << th(l.activity) << th(l.scheduled)
      << th(l.played) << th(l.skipped) << th(l.reasons) << th(l.deadlines) << th(l.met)
      << th(l.missed) << "</tr>";
    for (const ActivityLine& a : r.activities)
        o << "<tr>" << td(a.title) << "<td class=n>" << a.scheduled << "</td><td class=n>"
          << a.played << "</td><td class=n>" << a.skipped << "</td>" << td(reasons_text(a))
          << "<td class=n>" << a.deadlines << "</td><td class=n>" << a.deadlines_met
          << "</td><td class=n>" << a.deadlines_missed << "</td></tr>";
    o << "<tr>" << th(l.totals) << "<th>" << r.scheduled_total() << "</th><th>" << r.played_total()
      << "</th><th>" << r.scheduled_total() - r.played_total()
      << "</th><th></th><th></th><th></th><th></th></tr></table>";
    o << "<h2>" << esc(l.slides) << "</h2><table><tr>" << th(l.slide) << th(l.planned_s)
      << th(l.shown_s) << "</tr>";
    for (const SlideLine& s : r.slides)
        o << "<tr>" << td(slide_title(l, s)) << "<td class=n>" << decimal_text(l, s.planned_s)
          << "</td><td class=n>" << decimal_text(l, s.shown_s) << "</td></tr>";
    o << "</table><h2>" << esc(l.screen) << "</h2><table>";
    o << "<tr>" << td(l.screen_hours) << "<td class=n>" << decimal_text(l, r.screen_on_s / 3600)
      << "</td></tr><tr>" << td(l.reloads_taken) << "<td class=n>" << r.reloads_taken
      << "</td></tr><tr>" << td(l.edits_refused) << "<td class=n>" << r.edits_refused
      << "</td></tr></table><p>";
    if (r.clock_unsynchronised.empty()) {
        o << esc(l.clock_unsync_none);
    } else {
        o << esc(l.clock_unsync) << ":";
        for (const std::string& t : r.clock_unsynchronised)
            o << "<br>" << esc(date_text(l, t));
    }
    o << "</p><h2>" << esc(l.chart) << "</h2>" << chart_svg(r);
    o << "<div class=sign><p>" << esc(l.sign_place_date) << "<br>" << esc(l.sign_known) << "<br>"
      << esc(l.sign_role) << "</p><br><br><br><p>"
      << esc(c.signer.empty() ? l.sign_name_blank : "(" + c.signer + ")") << "<br>"
      << esc(l.sign_nip) << "</p></div></body></html>\n";
    std::ofstream f(out, std::ios::binary | std::ios::trunc);
    f << o.str();
    f.flush();
    return f ? "" : i18n::format(_("cannot write %s"), out.string());
}

} // namespace tsr
