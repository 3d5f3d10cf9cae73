// Messages in the reader's language: which language the environment and the playlist ask
// for, and the loader's messages for a set of mistakes, word for word, in both languages.
#include "asrun_log.hpp"
#include "asrun_proof.hpp"
#include "i18n.hpp"
#include "loader_check.hpp"
#include "render/picture_check.hpp"
#include "report_writers.hpp"

#include <glib.h>

#include <map>

using namespace tsr;
using namespace tsr::test;

namespace {

using Vars = std::vector<std::pair<std::string, std::string>>;

/// Sets the locale variables for one test and puts them back after it.
struct Env {
    std::map<std::string, std::optional<std::string>> saved;
    explicit Env(const std::vector<std::pair<std::string, std::string>>& set) {
        for (const char* name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
            const char* v = g_getenv(name);
            saved[name] = v ? std::optional<std::string>(v) : std::nullopt;
            g_unsetenv(name);
        }
        for (auto& [k, v] : set)
            g_setenv(k.c_str(), v.c_str(), TRUE);
    }
    ~Env() {
        for (auto& [k, v] : saved)
            v ? (void)g_setenv(k.c_str(), v->c_str(), TRUE) : g_unsetenv(k.c_str());
    }
};

/// Messages in `language` for one test; English again after it.
struct Speaking {
    explicit Speaking(const std::string& language) { i18n::use_language(language); }
    ~Speaking() { i18n::use_language("en"); }
};

// One playlist with several mistakes, each of a different kind.
const std::string kMistakes = "[office]\n"                 // 1
                              "name = \"Dinas Sosial\"\n"  // 2
                              "timezone = \"UTC+7\"\n"     // 3
                              "[[activity]]\n"             // 4
                              "titel = \"Rapat\"\n"        // 5
                              "title = \"Rapat\"\n"        // 6
                              "start = \"25:00\"\n"        // 7
                              "repeat = \"weekly\"\n"      // 8
                              "progress = 140\n"           // 9
                              "[[slide]]\n"                // 10
                              "template = \"agendaa\"\n"   // 11
                              "duration = \"15 menit\"\n"; // 12

} // namespace

BOOST_AUTO_TEST_SUITE(i18n_messages)

BOOST_AUTO_TEST_CASE(the_environment_names_the_language) {
    {
        Env e(Vars{});
        BOOST_TEST(i18n::language_from_environment() == "en");
    }
    {
        Env e(Vars{{"LANG", "id_ID.UTF-8"}});
        BOOST_TEST(i18n::language_from_environment() == "id");
    }
    {
        Env e(Vars{{"LANGUAGE", "id"}});
        BOOST_TEST(i18n::language_from_environment() == "id");
    }
    {
        // LANGUAGE comes first, then LC_ALL over LANG, as for gettext.
        Env e(Vars{{"LANGUAGE", "en:id"}, {"LANG", "id_ID.UTF-8"}});
        BOOST_TEST(i18n::language_from_environment() == "en");
    }
    {
        Env e(Vars{{"LC_ALL", "en_US.UTF-8"}, {"LANG", "id_ID.UTF-8"}});
        BOOST_TEST(i18n::language_from_environment() == "en");
    }
    {
        Env e(Vars{{"LC_MESSAGES", "id_ID"}, {"LANG", "C.UTF-8"}});
        BOOST_TEST(i18n::language_from_environment() == "id");
    }
    {
        Env e(Vars{{"LANG", "ido_XX"}}); // Ido is not Indonesian
        BOOST_TEST(i18n::language_from_environment() == "en");
    }
}

BOOST_AUTO_TEST_CASE(the_playlist_names_its_language_even_when_broken) {
    TempPlaylist t;
    t.playlist("# language = \"en\"\n[office]\nname = \"X\"\n  language =  \"id\"  # ok\n"
               "start = 25:00\n");
    BOOST_TEST(i18n::playlist_language(t.dir()).value_or("-") == "id");
    BOOST_TEST(i18n::playlist_language(t.toml()).value_or("-") == "id");
    t.playlist("[display]\nlanguage = \"id\"\n[office]\nname = \"X\"\n");
    BOOST_TEST(!i18n::playlist_language(t.dir()));
    t.playlist("[office]\nlanguage = 'en'\n");
    BOOST_TEST(i18n::playlist_language(t.dir()).value_or("-") == "en");
    BOOST_TEST(!i18n::playlist_language(t.dir() / "missing"));
}

BOOST_AUTO_TEST_CASE(mistakes_in_english) {
    Speaking en("en");
    Checked c = check_text(kMistakes);
    std::vector<std::string> expect = {
        "playlist.toml:3:12: error: timezone: \"UTC+7\" is an offset, not a zone name (and TZ "
        "reads \"UTC+7\" as 7 hours behind UTC, the opposite of what it says); write "
        "\"Asia/Jakarta\" (WIB, UTC+7)",
        "playlist.toml:5:1: error: titel: is not a key of [[activity]]; did you mean title?",
        "playlist.toml:7:9: error: start: \"25:00\" is not a time; write it like 09:00:00",
        "playlist.toml:8:10: error: days: missing in [[activity]]; add days = [\"senin\", "
        "\"kamis\"] (which days of the week)",
        "playlist.toml:9:12: error: progress: 140 is out of range; write a number from 0 to 100",
        "playlist.toml:11:12: error: template: \"agendaa\" is not a template; did you mean "
        "\"agenda\"? Write agenda, deadlines, timeline, info, image, or the path of an .svg file "
        "in the playlist folder",
        "playlist.toml:12:12: error: duration: \"15 menit\" is not a duration; write it like "
        "\"90s\", \"15m\", \"2h\" or \"1h30m\""};
    BOOST_TEST(c.errors == expect, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(mistakes_in_indonesian) {
    Speaking id("id");
    Checked c = check_text(kMistakes);
    std::vector<std::string> expect = {
        "playlist.toml:3:12: error: timezone: \"UTC+7\" adalah selisih waktu, bukan nama zona "
        "(dan TZ membaca \"UTC+7\" sebagai 7 jam lebih lambat dari UTC, kebalikan dari yang "
        "tertulis); tulis \"Asia/Jakarta\" (WIB, UTC+7)",
        "playlist.toml:5:1: error: titel: bukan kunci [[activity]]; maksud Anda title?",
        "playlist.toml:7:9: error: start: \"25:00\" bukan jam; tulis seperti 09:00:00",
        "playlist.toml:8:10: error: days: tidak ada di [[activity]]; tambahkan days = "
        "[\"senin\", \"kamis\"] (hari apa saja dalam seminggu)",
        "playlist.toml:9:12: error: progress: 140 di luar rentang; tulis angka dari 0 sampai 100",
        "playlist.toml:11:12: error: template: \"agendaa\" bukan templat; maksud Anda "
        "\"agenda\"? Tulis agenda, deadlines, timeline, info, image, atau jalur sebuah berkas "
        ".svg di folder playlist",
        "playlist.toml:12:12: error: duration: \"15 menit\" bukan durasi; tulis seperti \"90s\", "
        "\"15m\", \"2h\" atau \"1h30m\""};
    BOOST_TEST(c.errors == expect, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(file_problems_in_indonesian) {
    Speaking id("id");
    TempPlaylist t;
    // An empty file: the probe's own (translated) words. Other formats are decided by
    // decoding (sound/audio_check.hpp), whose reasons are not translated yet.
    t.write("audio/lagu.m4a", "");
    t.playlist("[office]\nname = \"X\"\ntimezone = \"Asia/Jakarta\"\n[audio]\n"
               "chime = \"audio/lagu.m4a\"\nbackground = [\"audio/tidak-ada.m4a\"]\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n");
    Checked c = check(t);
    BOOST_REQUIRE_EQUAL(c.errors.size(), 2u);
    BOOST_TEST(c.errors[0] == "playlist.toml:5:9: error: chime: \"audio/lagu.m4a\" kosong");
    BOOST_TEST(c.errors[1] == "playlist.toml:6:15: error: background: \"audio/tidak-ada.m4a\" "
                              "tidak ada; tulis jalur yang relatif terhadap folder playlist (" +
                                  t.dir().string() + ")");
}

BOOST_AUTO_TEST_CASE(syntax_mistakes_in_indonesian) {
    Speaking id("id");
    const std::string head = "[office]\nname = \"X\"\ntimezone = \"Asia/Jakarta\"\n"
                             "[[slide]]\ntemplate = \"info\"\n";
    // The prefix and the key stay as they are; the words after them are Indonesian.
    expect_one_error(head + "duration = 15m\n",
                     "playlist.toml:6:12: error: duration: 15m adalah durasi; durasi berupa "
                     "teks: tulis di antara tanda kutip, seperti \"15m\"");
    expect_one_error(head + "duration = \"15s\"\n[[activity]]\ntitle = \"A\"\n"
                            "deadline = 2026-12-01T10:00:00\nprogress = 60%\n",
                     "playlist.toml:10:12: error: progress: 60% bukan angka; tulis tanpa %, "
                     "seperti 60");
    expect_one_error(head + "duration = \"15s\"\n[office]\nlogo = \"a.png\"\n",
                     "playlist.toml:7:1: error: office: [office] ditulis dua kali; letakkan "
                     "semua kuncinya di bawah [office] yang pertama");
}

// The checks added to the office hours, a picture and a spoken reminder: the same mistake in
// both languages, word for word.
BOOST_AUTO_TEST_CASE(more_check_mistakes_in_both_languages) {
    const std::string head = "[office]\nname = \"X\"\ntimezone = \"Asia/Jakarta\"\n"
                             "[[slide]]\ntemplate = \"info\"\nduration = \"15s\"\n";
    const std::string hours = head + "[display]\non = \"17:00-06:30\"\n";
    const std::string choice =
        head + "[display]\non = \"06:30-17:00\"\nreminders_outside = \"ya\"\n";
    {
        Speaking en("en");
        expect_one_error(hours, "playlist.toml:8:6: error: on: \"17:00-06:30\" ends before it "
                                "begins; write it like \"06:30-17:00\"");
        expect_one_error(choice, "playlist.toml:9:21: error: reminders_outside: \"ya\" is not a "
                                 "choice; write \"sound\" or \"wake\"");
    }
    {
        Speaking id("id");
        expect_one_error(hours, "playlist.toml:8:6: error: on: \"17:00-06:30\" berakhir sebelum "
                                "dimulai; tulis seperti \"06:30-17:00\"");
        expect_one_error(choice, "playlist.toml:9:21: error: reminders_outside: \"ya\" bukan "
                                 "pilihan yang tersedia; tulis \"sound\" atau \"wake\"");
    }
    // A picture that is text, checked without a playlist: the problem's own words.
    TempPlaylist t;
    const auto file = t.write("gambar.png", "bukan gambar, hanya teks\n");
    {
        Speaking en("en");
        PictureInfo info = check_picture(file, 1920, 1080);
        BOOST_REQUIRE_EQUAL(info.problems.size(), 1u);
        BOOST_TEST(info.problems[0].message ==
                   "is not a PNG, JPEG or SVG picture (it is text); save the picture as PNG or "
                   "JPEG");
    }
    {
        Speaking id("id");
        PictureInfo info = check_picture(file, 1920, 1080);
        BOOST_REQUIRE_EQUAL(info.problems.size(), 1u);
        BOOST_TEST(info.problems[0].message ==
                   "bukan gambar PNG, JPEG atau SVG (isinya teks); simpan gambarnya sebagai PNG "
                   "atau JPEG");
    }
}

// The as-run log's human parts follow the language; its machine parts (the day, "ok",
// "open", "ALTERED", "skipped: ") do not.
BOOST_AUTO_TEST_CASE(as_run_details_in_both_languages) {
    TempPlaylist t;
    TimeZone z = *TimeZone::named("Asia/Jakarta");
    {
        AsRunLog log(t.dir(), {}, z);
        auto at = [&](const char* s) { return *parse_local_datetime(z, s); };
        log.append(
            {at("2026-11-30 07:00"), at("2026-11-30 07:00"), "start", "", "tsr play", "played"});
        log.append(
            {at("2026-12-01 07:00"), at("2026-12-01 07:00"), "start", "", "tsr play", "played"});
    }
    const auto dir = t.dir() / "asrun";
    {
        Speaking en("en");
        auto days = verify_asrun_days(dir);
        BOOST_REQUIRE_EQUAL(days.size(), 2u);
        BOOST_TEST(days[1].status == "open");
        BOOST_TEST(days[1].why ==
                   "not sealed yet (sealed when the next day's first row is written)");
        BOOST_TEST(clock_sync_text(ClockSync::unsynchronised) == "clock NOT synchronised (NTP)");
    }
    std::filesystem::remove(dir / "2026-11-30.csv");
    {
        Speaking id("id");
        auto days = verify_asrun_days(dir);
        BOOST_REQUIRE_EQUAL(days.size(), 2u);
        BOOST_TEST(days[0].status == "ALTERED");
        BOOST_TEST(days[0].why == "log hari itu telah dihapus");
        BOOST_TEST(days[1].why ==
                   "belum disegel (disegel saat baris pertama hari berikutnya ditulis)");
        BOOST_TEST(clock_sync_text(ClockSync::unsynchronised) == "jam TIDAK tersinkron (NTP)");
        // Rows held for an output that takes nothing: the oldest is given up with its reason
        // after "skipped: ", which stays for the report to read.
        ProofGate gate;
        AsRunRow row{std::nullopt, std::nullopt, "reminder", "apel", "audio/a.m4a", "played"};
        std::vector<AsRunRow> out;
        for (std::size_t i = 0; i <= ProofGate::kMaxHeld; ++i)
            for (AsRunRow& r : gate.hold(Branch::audio, i, row))
                out.push_back(r);
        BOOST_REQUIRE_EQUAL(out.size(), 1u);
        BOOST_TEST(out[0].outcome == "skipped: keluaran mati (tidak ada yang diterimanya)");
    }
}

// The report's words come from the catalog, in the playlist's language; months and decimal
// marks from ICU's locale data (no id_ID locale is generated here: locale -a lists C and
// POSIX only).
BOOST_AUTO_TEST_CASE(report_headings_in_the_playlists_language) {
    struct Back {
        ~Back() { i18n::use_language("en"); }
    } back;
    const ReportLabels& id = report_labels("id");
    BOOST_TEST(std::string(id.title) == "Laporan Bukti Tayang");
    BOOST_TEST(std::string(id.screen_hours) == "Jam layar menyala");
    BOOST_TEST(month_name(id, ReportMonth{2026, 12}) == "Desember 2026");
    BOOST_TEST(month_name(id, ReportMonth{2027, 8}) == "Agustus 2027");
    const ReportLabels& en = report_labels("en");
    BOOST_TEST(std::string(en.title) == "Proof of Play Report");
    BOOST_TEST(std::string(en.sign_role) == "Head of Office");
    BOOST_TEST(month_name(en, ReportMonth{2026, 12}) == "December 2026");
    BOOST_TEST(decimal_text(en, 8.0) == "8.0");
    BOOST_TEST(i18n::language() == "en");
    BOOST_TEST(i18n::decimal("id", 8.0, 1) == "8,0");
    BOOST_TEST(i18n::decimal("id", 1234.55, 2) == "1.234,55");
    BOOST_TEST(i18n::decimal("en", 1234.55, 2) == "1,234.55");
    BOOST_TEST(i18n::month_year("id", 2027, 2) == "Februari 2027");
    BOOST_TEST(i18n::month_year("en", 2027, 5) == "May 2027");
    BOOST_TEST(decimal_text(id, 12.5) == "12,5");
}

// Days for people in the report (when it was made, the unsynchronised clock's rows): ICU's
// weekday and month words; the CSV keeps ISO.
BOOST_AUTO_TEST_CASE(report_days_in_the_playlists_language) {
    BOOST_TEST(i18n::day_date("id", 2026, 11, 30) == "Senin, 30 November 2026");
    BOOST_TEST(i18n::day_date("en", 2026, 11, 30) == "Monday, 30 November 2026");
    BOOST_TEST(i18n::day_date("id", 2027, 1, 1) == "Jumat, 1 Januari 2027");
    BOOST_TEST(i18n::day_date("en", 2028, 2, 29) == "Tuesday, 29 February 2028");
    const ReportLabels& id = report_labels("id");
    const ReportLabels& en = report_labels("en");
    BOOST_TEST(date_text(id, "2026-12-01") == "Selasa, 1 Desember 2026");
    BOOST_TEST(date_text(id, "2026-11-30T08:00:05+07:00") == "Senin, 30 November 2026 08:00:05");
    BOOST_TEST(date_text(en, "2026-11-30T08:00:05+07:00") == "Monday, 30 November 2026 08:00:05");
    BOOST_TEST(date_text(en, "2026-13-01") == "2026-13-01"); // not a date: as it is
    BOOST_TEST(date_text(en, "kemarin") == "kemarin");
}

BOOST_AUTO_TEST_SUITE_END()
