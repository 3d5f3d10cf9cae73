// The office console: a web server inside `tsr play`, on the GLib main loop that already runs
// the playout (libsoup 3). Pages (all need a login except /login and /static/):
//   GET  /             Now: the screen (a PNG from the output's last frame, /screen.png,
//                      refreshed every 3 s), the system clock's NTP state, the slide on
//                      screen, the next reminders, the last reload and the last change
//                      (/now/status)
//   GET  /schedule     today and the next 7 days: reminders, starts, deadlines (the timeline)
//   GET  /edit         playlist.toml with line numbers; editors change it
//   POST /check        body: the playlist text; JSON of the problems `tsr check` finds
//   POST /save         the same, then replaces playlist.toml when it has no errors (editors)
//   GET  /files        the files in audio/ and images/; POST /files uploads one (editors;
//                      multipart/form-data, uploads.hpp)
//   GET  /proof[?day=YYYY-MM-DD], /proof.csv[?day=...]   the as-run log of a day, the month
//                      reports and whether a sealed day was altered (tsr report --verify)
//   GET  /proof/report?month=YYYY-MM&format=pdf|html|csv|xlsx   the month's report (tsr
//                      report), made on a worker thread
//   GET  /announce     the announcement form; POST /announce (editors; multipart/form-data:
//                      text, seconds, optional recording) shows and sounds it at once
//   POST /login, /logout
// Security: Argon2id passwords (users.hpp); an HttpOnly, SameSite=Strict session cookie
// (Secure with TLS); a CSRF token checked on every POST but /login (403 without it); roles
// checked here (a viewer's change: 403); login attempts rate-limited per address (429);
// request bodies over 1 MiB (an upload or an announcement: 32 MiB) refused (413) before they
// are read. Password checks, playlist checks, saves, uploads, an announcement's voice and
// sound, month reports and the sealed-day check run on worker threads: the main loop (and so
// the playout's bus and as-run log) never waits on them. Pages are in Indonesian or English
// per request (catalog.hpp).
#pragma once

#include "announcement.hpp"
#include "asrun_log.hpp"
#include "asrun_proof.hpp"
#include "asrun_report.hpp"
#include "playlist.hpp"

#include <gst/gst.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace tsr::console {

struct ConsoleOptions {
    std::string address = "127.0.0.1"; ///< to listen on (an IPv4 or IPv6 address)
    int port = 0;
    std::filesystem::path users_file;
    std::filesystem::path tls_certificate; ///< PEM; with tls_key: HTTPS
    std::filesystem::path tls_key;
};

/// What the console needs of the running playout (tools/playout.hpp), as plain functions.
struct PlayoutLink {
    std::function<std::shared_ptr<const Playlist>()> playlist; ///< the one on screen
    std::function<void(const AsRunRow&)> log;                  ///< append an as-run row
    std::function<void(const std::string&)> reload;            ///< reload soon, with a reason
    /// Shows and sounds an announcement now (Playout::announce); on the main loop.
    std::function<void(std::shared_ptr<const Announcement>)> announce;
    /// Writes the month's proof report to `out` (tsr report: .pdf .html .csv .xlsx); "" or
    /// why not. Blocking: called on a worker thread.
    std::function<std::string(const Playlist&, ReportMonth, const std::filesystem::path&)> report;
    std::filesystem::path playlist_file; ///< absolute playlist.toml
    std::filesystem::path asrun_file;    ///< tsr play --asrun; empty: asrun/DAY.csv in the folder
    /// The system clock's NTP state (the Now page says it); empty: not shown.
    std::function<ClockSync()> clock_sync;
};

/// Parses `[ADDR:]PORT` ("8080", "0.0.0.0:8080", "[::]:8080"). False with `error` set.
bool parse_listen(const std::string& text, std::string* address, int* port, std::string* error);

class Console {
  public:
    /// Listens and serves on the thread-default main context. nullptr with `error` set when it
    /// cannot: no users (says how to add one), the users file unreadable, the address in use,
    /// the certificate unreadable.
    static std::unique_ptr<Console> start(const ConsoleOptions& options, PlayoutLink link,
                                          std::string* error);
    ~Console();
    Console(const Console&) = delete;
    Console& operator=(const Console&) = delete;

    /// Called by the playout for each new pipeline: the composed video's pad (frame_tap.hpp).
    void attach_show(GstPad* pad);
    /// Called by the playout for every as-run row it writes (the last reload, the last edit).
    void on_row(const AsRunRow& row);
    /// "http://127.0.0.1:8080/"
    std::string url() const;

    struct State;

  private:
    explicit Console(std::shared_ptr<State> state);
    std::shared_ptr<State> state_;
};

} // namespace tsr::console
