// Every text a reader of `tsr report` sees, in English and Indonesian (one place to translate).
#include "report_writers.hpp"

#include <cstdio>

namespace tsr {

namespace {

const ReportLabels kIndonesian{
    "Laporan Bukti Tayang",
    "Bulan",
    "Dibuat",
    "Pengingat dan tenggat per kegiatan",
    "Slide: detik direncanakan dan ditayangkan",
    "Layar",
    "Pengingat per hari: diputar dibanding dijadwalkan",
    "Kegiatan",
    "Dijadwalkan",
    "Diputar",
    "Dilewati",
    "Alasan dilewati",
    "Tenggat",
    "Tercapai",
    "Terlewat",
    "Slide",
    "Direncanakan (detik)",
    "Ditayangkan (detik)",
    "Jam layar menyala",
    "Perubahan playlist diterima",
    "Suntingan ditolak",
    "Jam sistem tidak tersinkron (NTP) pada",
    "Jam sistem selalu tersinkron (NTP)",
    "Jumlah",
    "Tanggal",
    "Tanggal: ____________________",
    "Mengetahui,",
    "Kepala Dinas",
    "(________________________)",
    "NIP.",
    "Baris log yang tidak terbaca",
    "Slide pengingat",
};

const ReportLabels kEnglish{
    "Proof of Play Report",
    "Month",
    "Generated",
    "Reminders and deadlines per activity",
    "Slides: seconds planned and shown",
    "Screen",
    "Reminders per day: played against scheduled",
    "Activity",
    "Scheduled",
    "Played",
    "Skipped",
    "Why skipped",
    "Deadlines",
    "Met",
    "Missed",
    "Slide",
    "Planned (s)",
    "Shown (s)",
    "Screen hours on",
    "Playlist edits taken",
    "Edits refused",
    "System clock not synchronised (NTP) at",
    "System clock synchronised (NTP) throughout",
    "Total",
    "Day",
    "Date: ____________________",
    "Acknowledged,",
    "Head of Office",
    "(________________________)",
    "NIP.",
    "Unreadable log rows",
    "Reminder slides",
};

const char* const kMonthsId[] = {"Januari",   "Februari", "Maret",    "April",
                                 "Mei",       "Juni",     "Juli",     "Agustus",
                                 "September", "Oktober",  "November", "Desember"};
const char* const kMonthsEn[] = {"January",   "February", "March",    "April",
                                 "May",       "June",     "July",     "August",
                                 "September", "October",  "November", "December"};

} // namespace

const ReportLabels& report_labels(const std::string& language) {
    return language == "en" ? kEnglish : kIndonesian;
}

std::string month_name(const ReportLabels& l, ReportMonth m) {
    const char* const* names = &l == &kEnglish ? kMonthsEn : kMonthsId;
    return std::string(names[(m.month - 1) % 12]) + " " + std::to_string(m.year);
}

std::string one_decimal(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
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
