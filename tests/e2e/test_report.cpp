// `tsr report`: the month's report read back from the PDF (pdftotext), the other formats, and
// --verify catching a row edited after its day was sealed.
#include "asrun_log.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using namespace tsr::test;
namespace fs = std::filesystem;

namespace {

const char* const kPlaylist = R"(
[office]
name = "Dinas Sosial Kota Tanjungbalai"
timezone = "Asia/Jakarta"
language = "id"

[[slide]]
template = "info"
duration = "30m"
title = "Layanan"

[[activity]]
id = "apel"
title = "Apel Pagi"
repeat = "weekdays"
start = 07:30:00
reminders = [ { before = "0m", audio = "audio/a.m4a" } ]
)";

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Two days of the TV's log: Monday 30 Nov played, Tuesday 1 Dec without sound. Writing the
/// Tuesday row seals Monday. `in_service_before`: a day of October before them, so that the
/// whole of November is planned (TSR was in service); without it the plan starts at the log's
/// first row.
void write_log(const TempPlaylist& t, bool in_service_before = true) {
    tsr::TimeZone z = *tsr::TimeZone::named("Asia/Jakarta");
    tsr::AsRunLog log(t.dir(), {}, z);
    auto at = [&](const char* s) { return *tsr::parse_local_datetime(z, s); };
    if (in_service_before) {
        log.append({at("2026-10-30 07:00"), at("2026-10-30 07:00"), "start", "",
                    "tsr play; clock synchronised (NTP); playlist sha256 00", "played"});
        log.append(
            {std::nullopt, at("2026-10-30 15:00"), "stop", "", "stopped by a signal", "played"});
    }
    log.append({at("2026-11-30 07:00"), at("2026-11-30 07:00"), "start", "",
                "tsr play; clock NOT synchronised (NTP); playlist sha256 00", "played"});
    log.append({at("2026-11-30 07:00"), at("2026-11-30 07:00"), "slide", "slide-1",
                "info: Layanan (on screen at start)", "played"});
    log.append({at("2026-11-30 07:30"), at("2026-11-30 07:30"), "reminder", "apel", "audio/a.m4a",
                "played"});
    log.append({std::nullopt, at("2026-11-30 15:00"), "stop", "", "stopped by a signal", "played"});
    log.append({at("2026-12-01 07:00"), at("2026-12-01 07:00"), "start", "",
                "tsr play; clock synchronised (NTP); playlist sha256 00", "played"});
}

} // namespace

BOOST_AUTO_TEST_SUITE(report)

BOOST_AUTO_TEST_CASE(the_pdf_reads_back_with_the_numbers_and_the_sign_off) {
    TempPlaylist t;
    t.tone("audio/a.m4a", 440, 0.3);
    t.playlist(kPlaylist);
    write_log(t);
    const fs::path pdf = t.dir() / "laporan.pdf";
    RunResult r = run({tsr_exe(), "report", t.dir().string(), "--month", "2026-11", "-o",
                       pdf.string(), "--signer", "Drs. Budi Santoso"});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    // November 2026 has 21 weekdays: 21 reminders scheduled, 1 played. The playlist says
    // language = "id": the report and what the command says are Indonesian.
    BOOST_TEST(r.out == pdf.string() + ": November 2026, 1 dari 21 pengingat diputar\n");
    RunResult text = run({"pdftotext", "-layout", pdf.string(), "-"});
    BOOST_REQUIRE_MESSAGE(text.status == 0, text.err);
    const std::string& s = text.out;
    for (const char* want :
         {"Laporan Bukti Tayang", "Dinas Sosial Kota Tanjungbalai", "Bulan: November 2026",
          "Apel Pagi", "tidak ada di log (penayangan tidak berjalan): 20", "Jam layar menyala: 8,0",
          "Senin, 30 November 2026 07:00:00", "Mengetahui,", "Kepala Dinas", "(Drs. Budi Santoso)"})
        BOOST_TEST(s.find(want) != std::string::npos, want << "\n" << s);
    // The activity's line: 21 scheduled, 1 played, 20 skipped.
    bool line = false;
    for (const std::string& l : lines(s))
        if (l.find("Apel Pagi") != std::string::npos && l.find(" 21 ") != std::string::npos &&
            l.find(" 1 ") != std::string::npos && l.find(" 20 ") != std::string::npos)
            line = true;
    BOOST_TEST(line, s);
}

BOOST_AUTO_TEST_CASE(html_csv_and_xlsx_too) {
    TempPlaylist t;
    t.tone("audio/a.m4a", 440, 0.3);
    t.playlist(kPlaylist);
    write_log(t);
    for (const char* ext : {"html", "csv", "xlsx"}) {
        const fs::path out = t.dir() / (std::string("laporan.") + ext);
        RunResult r =
            run({tsr_exe(), "report", t.dir().string(), "--month", "2026-11", "-o", out.string()});
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
        const std::string body = slurp(out);
        if (std::string(ext) == "xlsx") {
            BOOST_TEST(body.compare(0, 4, "PK\x03\x04") == 0); // a zip, as xlsx is
            continue;
        }
        BOOST_TEST(body.find("Apel Pagi") != std::string::npos, ext);
        if (std::string(ext) == "csv") {
            BOOST_TEST(body.find("Apel Pagi,apel,21,1,20,") != std::string::npos, body);
            BOOST_TEST(body.find("Senin") == std::string::npos); // machine columns stay ISO
        } else {
            BOOST_TEST(body.find("<svg") != std::string::npos); // the chart, inline
            // The unsynchronised clock's row, a day for people (ICU's words).
            BOOST_TEST(body.find("<br>Senin, 30 November 2026 07:00:00</p>") != std::string::npos,
                       body);
        }
    }
    RunResult bad =
        run({tsr_exe(), "report", t.dir().string(), "--month", "November", "-o", "x.pdf"});
    BOOST_TEST(bad.status == 2);
    BOOST_TEST(lines(bad.err).at(0) ==
               "tsr report: --month \"November\" bukan bulan; tulis seperti 2026-11");
    BOOST_TEST(lines(bad.err).at(1) ==
               "cara pakai: tsr report PLAYLIST --month TTTT-BB -o BERKAS.pdf|.html|.csv|.xlsx "
               "[--signer NAMA]");
}

// language = "en": the same report in English, its months and numbers included; the CSV's
// machine parts (the activity id) stay as they are.
BOOST_AUTO_TEST_CASE(an_english_playlist_gets_an_english_report) {
    TempPlaylist t;
    t.tone("audio/a.m4a", 440, 0.3);
    std::string english = kPlaylist;
    english.replace(english.find("language = \"id\""), 15, "language = \"en\"");
    t.playlist(english);
    write_log(t);
    const fs::path csv = t.dir() / "report.csv";
    RunResult r =
        run({tsr_exe(), "report", t.dir().string(), "--month", "2026-11", "-o", csv.string()});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(r.out == csv.string() + ": November 2026, 1 of 21 reminders played\n");
    const std::vector<std::string> rows = lines(slurp(csv));
    BOOST_TEST(rows.at(0) == "Proof of Play Report,Dinas Sosial Kota Tanjungbalai,November 2026");
    const std::string body = slurp(csv);
    BOOST_TEST(body.find("Apel Pagi,apel,21,1,20,not in the log (playout was not running): 20,") !=
                   std::string::npos,
               body);
    const fs::path html = t.dir() / "report.html";
    RunResult h =
        run({tsr_exe(), "report", t.dir().string(), "--month", "2026-11", "-o", html.string()});
    BOOST_REQUIRE_MESSAGE(h.status == 0, h.err);
    BOOST_TEST(slurp(html).find("<br>Monday, 30 November 2026 07:00:00</p>") != std::string::npos,
               slurp(html));
    RunResult bad =
        run({tsr_exe(), "report", t.dir().string(), "--month", "November", "-o", "x.pdf"});
    BOOST_TEST(bad.status == 2);
    BOOST_TEST(lines(bad.err).at(0) ==
               "tsr report: --month \"November\" is not a month; write it like 2026-11");
    BOOST_TEST(lines(bad.err).at(1) ==
               "usage: tsr report PLAYLIST --month YYYY-MM -o FILE.pdf|.html|.csv|.xlsx "
               "[--signer NAME]");
    // Indonesian when the reader's locale is, even for an English playlist's command line.
    RunResult bad_id = run({"env", "LANGUAGE=id", tsr_exe(), "report", t.dir().string(), "--month",
                            "November", "-o", "x.pdf"});
    BOOST_TEST(lines(bad_id.err).at(0) ==
               "tsr report: --month \"November\" bukan bulan; tulis seperti 2026-11");
}

BOOST_AUTO_TEST_CASE(verify_catches_an_edited_row_and_names_the_day) {
    TempPlaylist t;
    t.tone("audio/a.m4a", 440, 0.3);
    t.playlist(kPlaylist);
    write_log(t, false);
    RunResult ok = run({tsr_exe(), "report", t.dir().string(), "--verify"});
    BOOST_TEST(ok.status == 0, ok.out << ok.err);
    // "ok", "open" and "ALTERED" stay as they are (scripts read them); the rest is Indonesian.
    BOOST_TEST(ok.out == "2026-11-30 ok\n2026-12-01 open: belum disegel (disegel saat baris "
                         "pertama hari berikutnya ditulis)\n2 hari, 0 diubah\n");

    const fs::path day = t.dir() / "asrun" / "2026-11-30.csv";
    std::string text = slurp(day);
    auto at = text.find("stopped by a signal");
    BOOST_REQUIRE(at != std::string::npos);
    text.replace(at, 19, "stopped by a signaL");
    std::ofstream(day, std::ios::binary) << text;
    RunResult altered = run({tsr_exe(), "report", t.dir().string(), "--verify"});
    BOOST_TEST(altered.status == 1);
    BOOST_TEST(lines(altered.out).at(0) ==
               "2026-11-30 ALTERED: baris-barisnya diubah setelah hari itu disegel");
    BOOST_TEST(lines(altered.out).back() == "2 hari, 1 diubah");
}

// The office began with TSR on Monday 30 November: nothing is planned before its first row,
// and nothing after now (a month still to come has nothing due yet).
BOOST_AUTO_TEST_CASE(the_plan_runs_from_the_logs_first_row_until_now) {
    TempPlaylist t;
    t.tone("audio/a.m4a", 440, 0.3);
    t.playlist(kPlaylist);
    write_log(t, false);
    const fs::path csv = t.dir() / "laporan.csv";
    RunResult r =
        run({tsr_exe(), "report", t.dir().string(), "--month", "2026-11", "-o", csv.string()});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(r.out == csv.string() + ": November 2026, 1 dari 1 pengingat diputar\n");
    BOOST_TEST(slurp(csv).find("Apel Pagi,apel,1,1,0,") != std::string::npos, slurp(csv));
    // A month after today's date, whatever the date is: nothing due yet, nothing missed.
    r = run({tsr_exe(), "report", t.dir().string(), "--month", "2099-01", "-o", csv.string()});
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
    BOOST_TEST(r.out == csv.string() + ": Januari 2099, 0 dari 0 pengingat diputar\n");
}

BOOST_AUTO_TEST_SUITE_END()
