#include "asrun_recorder.hpp"
#include "asrun_report.hpp"
#include "i18n.hpp"
#include "playlist_files.hpp"
#include "playlist_history.hpp"

#include <glib.h>

#include <iostream>
#include <utility>

namespace tsr {

AsRunRecorder::AsRunRecorder(Options options, const TimeZone& zone)
    : options_(std::move(options)), zone_(zone),
      log_(std::make_unique<AsRunLog>(options_.folder, options_.asrun_file, zone_)),
      dedupe_(zone_) {}

AsRunRecorder::~AsRunRecorder() = default;

void AsRunRecorder::log(const AsRunRow& row) {
    if (options_.on_row) options_.on_row(row);
    namespace fs = std::filesystem;
    std::error_code ec;
    if (options_.rehearsal && options_.asrun_file.empty()) return; // a rehearsal is no proof
    // The folder's own log while the folder is away (moved, to be replaced): the rows wait,
    // since writing would create an empty folder at the path, in the way of the new one.
    if (options_.live_play && options_.asrun_file.empty() &&
        !fs::is_directory(options_.folder, ec)) {
        if (held_rows_.size() < 10000) held_rows_.push_back(row);
        return;
    }
    // Rows go to the file at the path: when the file open is no longer the one there (the
    // folder was replaced, the log moved away or deleted), open it again. The open file is
    // compared with the path at each row: an identity noted after the last row could miss a
    // move made just then, and the rows would follow the old folder for good. (A move between
    // this check and the write still sends that one row to the old folder; the next one goes
    // to the new.)
    if (!log_->open_file_at_path())
        log_ = std::make_unique<AsRunLog>(options_.folder, options_.asrun_file, zone_);
    std::vector<AsRunRow> rows = std::move(held_rows_);
    held_rows_.clear();
    rows.push_back(row);
    for (const AsRunRow& r : rows)
        if (!log_->append(r))
            g_printerr(_("tsr: could not write the as-run log %s (disk full or read-only?); "
                         "playout goes on\n"),
                       log_->current_path().c_str());
}

void AsRunRecorder::log_all(const std::vector<AsRunRow>& rows) {
    for (const AsRunRow& r : rows)
        if (dedupe_.first_time(r)) log(r);
}

void AsRunRecorder::hold(Branch b, std::uint64_t at, const AsRunRow& row) {
    log_all(gate_.hold(b, at, row));
    pump(b);
}

void AsRunRecorder::watch_outputs(GstElement* pipeline, const OutputSpec& out) {
    gate_.restart(); // a new pipeline: running time starts again
    const bool no_device = out.audio_sink == "fakesink" &&
                           (out.is_screen() || out.kind == OutputSpec::Kind::automatic);
    gate_.set_output(Branch::video, {out.has_video(), out.not_shown});
    gate_.set_output(Branch::audio, {true, !out.not_shown.empty() ? out.not_shown
                                           : no_device ? std::string(_("no sound device"))
                                                       : std::string()});
    for (Branch b : {Branch::video, Branch::audio}) {
        auto reach = std::make_shared<OutputReach>();
        reach->branch = b;
        const char* queue = b == Branch::video ? "vin" : "ain";
        if (b == Branch::video && !out.has_video()) continue;
        if (!watch_output(pipeline, queue, reach)) {
            // Nothing to watch: say so once and let rows through as the sources post them.
            std::cerr << "tsr: "
                      << i18n::format(_("cannot see what reaches the %s output; its as-run rows "
                                        "are written as made"),
                                      queue)
                      << "\n";
            log_all(gate_.reached(b, UINT64_MAX));
            reach->reached = UINT64_MAX;
        }
        reach_[b == Branch::video ? 0 : 1] = reach;
    }
}

void AsRunRecorder::pump(Branch b) {
    const std::shared_ptr<OutputReach>& reach = reach_[b == Branch::video ? 0 : 1];
    if (!reach) return;
    for (int i = 0; i < 4; ++i) {
        log_all(gate_.reached(b, reach->reached.load()));
        auto next = gate_.next_wanted(b);
        reach->wanted = next ? *next : UINT64_MAX;
        // The sink may have passed it between the two lines above.
        if (!next || reach->reached.load() <= *next) return;
    }
}

void AsRunRecorder::drop_waiting(const std::string& reason) {
    for (Branch b : {Branch::video, Branch::audio})
        pump(b);
    log_all(gate_.drop_all(reason));
    reach_[0].reset();
    reach_[1].reset();
}

std::string AsRunRecorder::hashes() const {
    return "playlist sha256 " +
           (playlist_sha_.empty() ? std::string(_("unreadable")) : playlist_sha_) +
           "; content sha256 " + content_sha_;
}

std::string AsRunRecorder::start_detail(const std::string& what) const {
    return what + "; " + clock_sync_text(clock_sync_) + "; " + hashes();
}

void AsRunRecorder::begin(const std::filesystem::path& playlist_file,
                          const std::string& content_sha, bool live,
                          ClockSyncWatch::Read read_clock) {
    real_minus_monotonic_ = g_get_real_time() - g_get_monotonic_time();
    if (!read_clock) read_clock = system_clock_sync;
    if (live) {
        clock_watch_.emplace(
            read_clock, [](const std::string& line) { std::cerr << line << "\n"; },
            [this](ClockSync now) {
                clock_sync_ = now;
                Instant t = Instant(Micros(g_get_real_time()));
                log({std::nullopt, t, "clock", "", clock_sync_text(now), "played"});
            });
        clock_watch_->start(); // the journal hears of an unsynchronised clock at once
        clock_sync_ = clock_watch_->state();
    } else {
        clock_sync_ = read_clock();
    }
    playlist_sha_ = playlist_sha(playlist_file);
    content_sha_ = content_sha;
    // Started again (a restart, a reboot): what today's log holds is not written twice.
    if (live && options_.asrun_file.empty()) {
        const std::string today = format_iso(zone_, Instant(Micros(g_get_real_time())));
        const FileBytes day = read_regular_file(
            options_.folder / "asrun" / (today.substr(0, 10) + ".csv"), 256u << 20);
        if (day.ok()) dedupe_.remember(parse_asrun_csv(day.bytes));
    }
}

std::string AsRunRecorder::playlist_sha(const std::filesystem::path& playlist_file) const {
    FileBytes read = read_regular_file(playlist_file, limits::max_playlist_bytes);
    if (!read.ok()) return "";
    std::string sha = text_sha256(read.bytes);
    // The playlist's own proof log keeps each playlist.toml it played, for the monthly
    // report's plan (playlist_history.hpp); a rehearsal's or --asrun log does not.
    if (options_.live_play && options_.asrun_file.empty()) {
        const std::string problem =
            keep_playlist_copy(playlist_copies_dir(options_.folder / "asrun"), sha, read.bytes);
        if (!problem.empty())
            std::cerr << "tsr play: "
                      << i18n::format(_("could not keep a copy of playlist.toml for the monthly "
                                        "report (%s); playout goes on"),
                                      problem)
                      << "\n";
    }
    return sha;
}

void AsRunRecorder::check_clock() {
    if (clock_watch_) clock_watch_->check();
}

bool AsRunRecorder::wall_clock_set() {
    const std::int64_t off = g_get_real_time() - g_get_monotonic_time();
    if (!wall_clock_was_set(real_minus_monotonic_, off)) return false;
    real_minus_monotonic_ = off;
    return true;
}

void AsRunRecorder::playlist_taken(const std::filesystem::path& playlist_file,
                                   const std::string& content_sha, Instant now) {
    // Which playlist plays from now on, as the start row says it (a row of its own).
    std::string sha = playlist_sha(playlist_file);
    if (sha == playlist_sha_ && content_sha == content_sha_) return;
    playlist_sha_ = std::move(sha);
    content_sha_ = content_sha;
    log({std::nullopt, now, "playlist", "", hashes(), "played"});
}

} // namespace tsr
