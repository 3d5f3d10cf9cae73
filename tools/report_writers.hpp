// The writers of `tsr report`: one MonthReport (engine/asrun_report.hpp) as PDF (cairo +
// pango), HTML (one self-contained file), CSV or XLSX (libxlsxwriter). Every text a reader
// sees comes from ReportLabels or gettext, in the playlist's language.
#pragma once

#include "asrun_report.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace tsr {

struct ReportLabels {
    const char* title;      ///< "Laporan Bukti Tayang"
    const char* month_word; ///< "Bulan"
    const char* generated;  ///< "Dibuat"
    const char* activities; ///< section headings
    const char* slides;
    const char* screen;
    const char* chart;
    const char* activity; ///< column heads
    const char* scheduled;
    const char* played;
    const char* skipped;
    const char* reasons;
    const char* deadlines;
    const char* met;
    const char* missed;
    const char* slide;
    const char* planned_s;
    const char* shown_s;
    const char* screen_hours; ///< summary lines
    const char* reloads_taken;
    const char* edits_refused;
    const char* clock_unsync;
    const char* clock_unsync_none;
    const char* totals;
    const char* day;
    const char* sign_place_date; ///< "Tanjungbalai, ____________"
    const char* sign_known;      ///< "Mengetahui,"
    const char* sign_role;       ///< "Kepala Dinas"
    const char* sign_name_blank; ///< the name line
    const char* sign_nip;        ///< "NIP."
    const char* unreadable_rows;
    const char* reminder_slides; ///< the line of all reminder slides together
    const char* played_of_one;   ///< "%s of %s reminder played" (one scheduled)
    const char* played_of_many;  ///< "%s of %s reminders played"
    const char* write_a_report_file;
    const char* language; ///< "id" or "en"
};

/// The labels in `language` ("en": English; "id" and anything else: Indonesian, the
/// playlist's default), from the message catalog (console/catalog.hpp: read per language, so
/// thread-safe and whatever language the process speaks). Valid for the program's life.
const ReportLabels& report_labels(const std::string& language);

/// "Desember 2026" / "December 2026" in the labels' language (ICU's month names).
std::string month_name(const ReportLabels& l, ReportMonth m);

struct ReportContext {
    const MonthReport& report;
    const ReportLabels& labels;
    std::string generated; ///< when, local ISO date
    std::string signer;    ///< name on the sign-off line; empty: a blank line to write on
};

/// Each returns an empty string on success, else what went wrong (for "tsr report: ...").
std::string write_report_csv(const ReportContext& c, const std::filesystem::path& out);
std::string write_report_html(const ReportContext& c, const std::filesystem::path& out);
std::string write_report_pdf(const ReportContext& c, const std::filesystem::path& out);
std::string write_report_xlsx(const ReportContext& c, const std::filesystem::path& out);

/// `tsr report`: reads the month's as-run days of the playlist's folder, builds the report and
/// writes it to `out`, the format by its extension (.pdf, .html, .csv, .xlsx). "" on success
/// (`said`, may be null: "FILE: November 2026, 3 of 4 reminders played"), else why not.
/// Blocking (disk, PDF layout): the console calls it on a worker thread. Thread-safe.
std::string write_month_report(const Playlist& playlist, ReportMonth month,
                               const std::filesystem::path& out, const std::string& signer,
                               Instant now, std::string* said);

/// A local ISO date ("2026-11-30") or date-time ("2026-11-30T08:00:00+07:00") for people in
/// the labels' language: "Senin, 30 November 2026 08:00:00" (i18n::day_date); anything else
/// as it is.
std::string date_text(const ReportLabels& l, std::string_view iso);
/// "1.5": one decimal with a dot, for the CSV (a comma there would split the column).
std::string one_decimal(double v);
/// One decimal in the labels' language, for people: "1,5" (id), "1.5" (en), from ICU.
std::string decimal_text(const ReportLabels& l, double v);
/// A slide line's name: its title, or the labels' name for the reminder slides.
std::string slide_title(const ReportLabels& l, const SlideLine& s);
/// "a: 2, b: 1": a line's skip reasons.
std::string reasons_text(const ActivityLine& a);

} // namespace tsr
