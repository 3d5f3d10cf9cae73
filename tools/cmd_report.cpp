// `tsr report PLAYLIST --month YYYY-MM -o FILE.pdf|.html|.csv|.xlsx [--signer NAME]`: the
// month's proof of play, to print and sign. `tsr report PLAYLIST --verify`: whether any
// sealed day of the as-run log was altered (exit 1 when one was).
#include "asrun_report.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "i18n.hpp"
#include "report_writers.hpp"
#include "text_checks.hpp"

#include <algorithm>
#include <iostream>

namespace tsr {

namespace {

const char* const kUsage = N_("tsr report PLAYLIST --month YYYY-MM -o FILE.pdf|.html|.csv|.xlsx "
                              "[--signer NAME]\n       tsr report PLAYLIST --verify");

std::string lower_extension(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

int verify(const Playlist& p) {
    const std::filesystem::path dir = p.folder / "asrun";
    auto checks = verify_asrun_days(dir);
    if (checks.empty()) {
        std::cout << dir.string() << ": " << _("no as-run days to check") << "\n";
        return cli::ok;
    }
    int altered = 0;
    for (const DayCheck& c : checks) {
        std::cout << c.day << " " << c.status;
        if (c.status != "ok") std::cout << ": " << c.why;
        std::cout << "\n";
        if (c.status == "ALTERED") ++altered;
    }
    std::cout << i18n::format(i18n::tr_n("%s day", "%s days", checks.size()), checks.size()) << ", "
              << i18n::format(_("%s altered"), altered) << "\n";
    return altered > 0 ? cli::bad_input : cli::ok;
}

} // namespace

int cmd_report(int argc, char** argv) {
    std::string error;
    auto args =
        cli::Args::parse(argc, argv, {"month", "output-file", "signer"}, {"verify"}, &error);
    if (!args) return cli::usage_error("report", error, _(kUsage));
    if (args->positional.size() != 1)
        return cli::usage_error("report", _("give one playlist folder or playlist.toml"),
                                _(kUsage));
    auto playlist = cli::load_or_report(args->positional[0], std::nullopt, false);
    if (!playlist) return cli::bad_input;
    if (args->has("verify")) return verify(*playlist);

    if (!args->has("month") || !args->has("output-file"))
        return cli::usage_error("report", _("--month and -o FILE are required (or --verify)"),
                                _(kUsage));
    auto month = parse_report_month(args->get("month"));
    if (!month)
        return cli::usage_error(
            "report",
            i18n::format(_("--month \"%s\" is not a month; write it like 2026-11"),
                         excerpt(args->get("month"))),
            _(kUsage));
    const std::filesystem::path out = args->get("output-file");
    const std::string ext = lower_extension(out);
    if (ext != ".pdf" && ext != ".html" && ext != ".csv" && ext != ".xlsx")
        return cli::usage_error("report",
                                i18n::format(_("-o \"%s\": write a file ending in .pdf, .html, "
                                               ".csv or .xlsx"),
                                             excerpt(out.string())),
                                _(kUsage));
    const std::string signer = args->get("signer");
    if (signer.size() > limits::max_name_chars)
        return cli::usage_error("report", _("--signer is longer than 200 characters"), _(kUsage));

    std::string said;
    std::string problem = write_month_report(*playlist, *month, out, signer, cli::now(), &said);
    if (!problem.empty()) {
        std::cerr << "tsr report: " << problem << "\n";
        return cli::runtime_failure;
    }
    std::cout << said << "\n";
    return cli::ok;
}

std::string write_month_report(const Playlist& playlist, ReportMonth month,
                               const std::filesystem::path& out, const std::string& signer,
                               Instant now, std::string* said) {
    std::string read_error;
    std::size_t bad_rows = 0;
    auto rows = read_asrun_month(playlist.folder / "asrun", month, &read_error, &bad_rows);
    if (!read_error.empty()) std::cerr << "tsr report: " << read_error << "\n";
    // Planned with the playlists that played (kept by tsr play), not only today's.
    const auto eras = playlist_eras(rows, playlist_copies_dir(playlist.folder / "asrun"));
    MonthReport report = build_month_report(playlist, month, rows, now, eras,
                                            !proof_log_before(playlist.folder / "asrun", month));
    report.unreadable_rows = int(bad_rows);
    const ReportLabels& labels = report_labels(playlist.office.language);
    ReportContext c{report, labels, format_iso(playlist.zone, now).substr(0, 10), signer};
    const std::string ext = lower_extension(out);
    std::string problem = ext == ".pdf"    ? write_report_pdf(c, out)
                          : ext == ".html" ? write_report_html(c, out)
                          : ext == ".csv"  ? write_report_csv(c, out)
                          : ext == ".xlsx" ? write_report_xlsx(c, out)
                                           : labels.write_a_report_file;
    if (problem.empty() && said)
        *said = out.string() + ": " + month_name(labels, month) + ", " +
                i18n::format(report.scheduled_total() == 1 ? labels.played_of_one
                                                           : labels.played_of_many,
                             report.played_total(), report.scheduled_total());
    return problem;
}

} // namespace tsr
