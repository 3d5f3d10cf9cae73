// Every text a reader of `tsr report` sees, marked for gettext (po/id.po translates them).
#include "report_writers.hpp"

#include "console/catalog.hpp"
#include "i18n.hpp"

#include <cstdio>

namespace tsr {

namespace {

/// The labels in `language`, looked up in the catalog without touching the process's
/// language (the console writes reports on a worker thread).
ReportLabels labels_in(const char* language) {
    const std::string lang = language;
    auto in = [&lang](const char* msgid) { return console::tr(lang, msgid); };
    return ReportLabels{
        in(N_("Proof of Play Report")),
        in(N_("Month")),
        in(N_("Generated")),
        in(N_("Reminders and deadlines per activity")),
        in(N_("Slides: seconds planned and shown")),
        in(N_("Screen")),
        in(N_("Reminders per day: played against scheduled")),
        in(N_("Activity")),
        in(N_("Scheduled")),
        in(N_("Played")),
        in(N_("Skipped")),
        in(N_("Why skipped")),
        in(N_("Deadlines")),
        in(N_("Met")),
        in(N_("Missed")),
        in(N_("Slide")),
        in(N_("Planned (s)")),
        in(N_("Shown (s)")),
        in(N_("Screen hours on")),
        in(N_("Playlist edits taken")),
        in(N_("Edits refused")),
        in(N_("System clock not synchronised (NTP) at")),
        in(N_("System clock synchronised (NTP) throughout")),
        in(N_("Total")),
        in(N_("Day")),
        in(N_("Date: ____________________")),
        in(N_("Acknowledged,")),
        in(N_("Head of Office")),
        "(________________________)",
        in(N_("NIP.")),
        in(N_("Unreadable log rows")),
        in(N_("Reminder slides")),
        in(N_("%s of %s reminder played")),
        in(N_("%s of %s reminders played")),
        in(N_("write a file ending in .pdf, .html, .csv or .xlsx")),
        language,
    };
}

} // namespace

const ReportLabels& report_labels(const std::string& language) {
    static const ReportLabels indonesian = labels_in("id");
    static const ReportLabels english = labels_in("en");
    return language == "en" ? english : indonesian;
}

std::string month_name(const ReportLabels& l, ReportMonth m) {
    return i18n::month_year(l.language, m.year, m.month);
}

std::string date_text(const ReportLabels& l, std::string_view iso) {
    auto digits = [&](std::size_t at, std::size_t n, int* v) {
        if (iso.size() < at + n) return false;
        *v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (iso[i] < '0' || iso[i] > '9') return false;
            *v = *v * 10 + (iso[i] - '0');
        }
        return true;
    };
    int y = 0, m = 0, d = 0;
    if (!digits(0, 4, &y) || !digits(5, 2, &m) || !digits(8, 2, &d) || iso[4] != '-' ||
        iso[7] != '-' || m < 1 || m > 12 || d < 1 || d > 31)
        return std::string(iso);
    std::string out = i18n::day_date(l.language, y, unsigned(m), unsigned(d));
    // "2026-11-30T08:00:00+07:00": the time of day follows, as the log wrote it.
    if (iso.size() >= 19 && iso[10] == 'T') out += " " + std::string(iso.substr(11, 8));
    return out;
}

std::string one_decimal(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string decimal_text(const ReportLabels& l, double v) {
    return i18n::decimal(l.language, v, 1);
}

std::string slide_title(const ReportLabels& l, const SlideLine& s) {
    return s.id == "reminder" ? l.reminder_slides : s.title;
}

std::string reasons_text(const ActivityLine& a) {
    std::string out;
    for (const auto& [why, n] : a.skip_reasons)
        out += (out.empty() ? "" : "; ") + why + ": " + std::to_string(n);
    return out;
}

} // namespace tsr
