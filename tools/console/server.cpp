#include "server.hpp"

#include "catalog.hpp"
#include "content_cache.hpp"
#include "frame_tap.hpp"
#include "i18n.hpp"
#include "pages.hpp"
#include "playlist_edit.hpp"
#include "playlist_files.hpp"
#include "quiet_hours.hpp"
#include "rate_limit.hpp"
#include "schedule.hpp"
#include "sessions.hpp"
#include "text_checks.hpp"
#include "uploads.hpp"
#include "users.hpp"

#include <libsoup/soup.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sys/stat.h>
#include <thread>

namespace tsr::console {

namespace fs = std::filesystem;

namespace {

constexpr goffset kMaxBody = 1024 * 1024 + 4096; // a playlist (1 MiB) and some slack
constexpr int kMaxJobs = 4;                      // worker threads at once (64 MiB a login)
constexpr std::size_t kMaxRowsShown = 5000;
constexpr std::size_t kMaxCues = 2000;
constexpr std::uintmax_t kMaxAsRunBytes = 64 * 1024 * 1024;
constexpr std::size_t kMaxField = 4096;                      // a form field (the words: 600)
constexpr std::uintmax_t kMaxReportBytes = 64 * 1024 * 1024; // a month's report file
/// The announcement's slide and sound start this long after it is handed over, so that the
/// slide's worker and the audio (buffered ahead) both have it before it is due.
constexpr Micros kAnnounceLead{500'000};

double now_s() {
    return double(g_get_monotonic_time()) / 1e6;
}
Instant wall_now() {
    return Instant(Micros(g_get_real_time()));
}

std::string shown_time(const TimeZone& z, Instant t) {
    std::string iso = format_iso(z, t);
    return iso.substr(0, 10) + " " + iso.substr(11, 8);
}

void security_headers(SoupServerMessage* msg) {
    SoupMessageHeaders* h = soup_server_message_get_response_headers(msg);
    soup_message_headers_replace(h, "Cache-Control", "no-store");
    soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
    soup_message_headers_replace(h, "X-Frame-Options", "DENY");
    soup_message_headers_replace(h, "Referrer-Policy", "no-referrer");
    soup_message_headers_replace(h, "Content-Security-Policy",
                                 "default-src 'self'; img-src 'self'; style-src 'self'; "
                                 "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
                                 "form-action 'self'; base-uri 'none'");
}

void respond(SoupServerMessage* msg, guint status, const char* type, const std::string& body) {
    security_headers(msg);
    soup_server_message_set_status(msg, status, nullptr);
    soup_server_message_set_response(msg, type, SOUP_MEMORY_COPY, body.data(), body.size());
}

void respond_html(SoupServerMessage* msg, guint status, const std::string& body) {
    respond(msg, status, "text/html; charset=utf-8", body);
}

void respond_json(SoupServerMessage* msg, guint status, const std::string& body) {
    respond(msg, status, "application/json; charset=utf-8", body);
}

void redirect(SoupServerMessage* msg, const char* to) {
    security_headers(msg);
    soup_server_message_set_redirect(msg, SOUP_STATUS_SEE_OTHER, to);
}

std::string body_of(SoupServerMessage* msg) {
    SoupMessageBody* b = soup_server_message_get_request_body(msg);
    if (!b || !b->data) return "";
    return std::string(b->data, std::size_t(b->length));
}

/// The form fields of an application/x-www-form-urlencoded body.
std::map<std::string, std::string> form_of(SoupServerMessage* msg) {
    std::map<std::string, std::string> out;
    std::string body = body_of(msg);
    GHashTable* t = soup_form_decode(body.c_str());
    if (!t) return out;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, &k, &v))
        out[static_cast<const char*>(k)] = static_cast<const char*>(v);
    g_hash_table_destroy(t);
    return out;
}

/// The fields and the one file of a multipart/form-data body (at most 8 parts). The file's
/// bytes stay in the part libsoup cut from the body (a video may be 200 MiB: not copied).
struct Upload {
    std::map<std::string, std::string> fields;
    std::string file_name;
    std::shared_ptr<GBytes> file;
    bool has_file = false;
    std::string_view file_bytes() const {
        gsize n = 0;
        auto* data = file ? static_cast<const char*>(g_bytes_get_data(file.get(), &n)) : nullptr;
        return data ? std::string_view(data, n) : std::string_view();
    }
};
Upload multipart_of(SoupServerMessage* msg) {
    Upload out;
    GBytes* body = soup_message_body_flatten(soup_server_message_get_request_body(msg));
    SoupMultipart* mp =
        soup_multipart_new_from_message(soup_server_message_get_request_headers(msg), body);
    for (int i = 0; mp && i < soup_multipart_get_length(mp) && i < 8; ++i) {
        SoupMessageHeaders* h = nullptr;
        GBytes* part = nullptr;
        if (!soup_multipart_get_part(mp, i, &h, &part)) continue;
        char* disposition = nullptr;
        GHashTable* params = nullptr;
        if (!soup_message_headers_get_content_disposition(h, &disposition, &params)) continue;
        auto* name = static_cast<const char*>(g_hash_table_lookup(params, "name"));
        auto* file = static_cast<const char*>(g_hash_table_lookup(params, "filename"));
        gsize n = 0;
        auto* data = static_cast<const char*>(g_bytes_get_data(part, &n));
        if (name && file && std::string(name) == "file") {
            out.has_file = true;
            out.file_name = file;
            out.file.reset(g_bytes_ref(part), g_bytes_unref);
        } else if (name && n <= kMaxField) {
            out.fields[name] = std::string(data ? data : "", data ? n : 0);
        }
        g_free(disposition);
        g_hash_table_destroy(params);
    }
    if (mp) soup_multipart_free(mp);
    g_bytes_unref(body);
    return out;
}

std::string query_of(GHashTable* query, const char* key) {
    if (!query) return "";
    auto* v = static_cast<const char*>(g_hash_table_lookup(query, key));
    return v ? v : "";
}

/// The value of cookie `name` in a Cookie header ("a=1; tsr_session=...").
std::string cookie_of(SoupServerMessage* msg, std::string_view name) {
    const char* header =
        soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "Cookie");
    if (!header) return "";
    std::string_view all(header);
    while (!all.empty()) {
        std::size_t semi = all.find(';');
        std::string_view part = all.substr(0, semi);
        all = semi == std::string_view::npos ? std::string_view{} : all.substr(semi + 1);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        if (part.size() > name.size() && part.substr(0, name.size()) == name &&
            part[name.size()] == '=')
            return std::string(part.substr(name.size() + 1, 64));
    }
    return "";
}

std::string edit_json(const EditResult& r) {
    std::string out = "{\"ok\":" + std::string(r.ok ? "true" : "false") +
                      ",\"saved\":" + (r.saved ? "true" : "false") +
                      ",\"summary\":" + json(r.summary) + ",\"base\":" + json(r.base) +
                      ",\"problems\":[";
    for (std::size_t i = 0; i < r.problems.size(); ++i) {
        const EditProblem& p = r.problems[i];
        out += std::string(i ? "," : "") + "{\"line\":" + std::to_string(p.line) +
               ",\"column\":" + std::to_string(p.column) +
               ",\"severity\":" + (p.error ? "\"error\"" : "\"warning\"") +
               ",\"text\":" + json(p.text) + "}";
    }
    return out + "]}";
}

} // namespace

struct Console::State : std::enable_shared_from_this<Console::State> {
    ConsoleOptions options;
    PlayoutLink link;
    SoupServer* server = nullptr;
    FrameTap tap;
    Sessions sessions;
    LoginRateLimit logins;
    std::vector<User> users;
    struct stat users_stat {};
    std::string dummy_hash; ///< verified when the name is unknown: the same time either way
    std::optional<AsRunRow> last_reload, last_edit;
    std::shared_ptr<const Playlist> language_playlist; ///< written_language is of this one
    std::string written_language;
    std::uint64_t announcements = 0; ///< made so far: the next one's id
    std::shared_ptr<const Announcement> last_announcement;
    int jobs = 0;
    int verifying = 0; ///< password checks under way

    ~State() {
        if (server) {
            soup_server_disconnect(server);
            g_object_unref(server);
        }
    }

    /// Reads the users file again when it changed (tsr user while playing); sessions of
    /// users removed or with a new password end.
    void refresh_users() {
        struct stat st {};
        if (::stat(options.users_file.c_str(), &st) != 0) st = {};
        if (st.st_ino == users_stat.st_ino && st.st_size == users_stat.st_size &&
            st.st_mtim.tv_sec == users_stat.st_mtim.tv_sec &&
            st.st_mtim.tv_nsec == users_stat.st_mtim.tv_nsec)
            return;
        std::string error;
        auto fresh = read_users(options.users_file, &error);
        if (!fresh) {
            std::cerr << "tsr console: " << error << "; the users read before stay\n";
            return;
        }
        users_stat = st;
        for (const User& old : users) {
            bool same = false;
            for (const User& u : *fresh)
                same = same || (u.name == old.name && u.hash == old.hash && u.role == old.role);
            if (!same) sessions.close_user(old.name);
        }
        users = std::move(*fresh);
    }

    const User* user_named(const std::string& name) const {
        for (const User& u : users)
            if (u.name == name) return &u;
        return nullptr;
    }

    using Finish = std::function<void(State&, SoupServerMessage*)>;

    /// Runs `work` on a worker thread with the request paused, then its Finish on the main
    /// loop. Workers touch no State: they get copies.
    void offload(SoupServerMessage* msg, std::function<Finish()> work) {
        if (jobs >= kMaxJobs) {
            soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                         "Retry-After", "1");
            respond(msg, 503, "text/plain; charset=utf-8",
                    std::string(tr(language_of(msg), N_("busy; try again in a second"))) + "\n");
            return;
        }
        ++jobs;
        soup_server_message_pause(msg);
        g_object_ref(msg);
        struct Job {
            std::weak_ptr<State> state;
            SoupServerMessage* msg;
            Finish finish;
        };
        const char* failed = tr(language_of(msg), N_("failed: %s"));
        std::thread([weak = weak_from_this(), msg, work = std::move(work), failed] {
            Finish finish;
            try {
                finish = work();
            } catch (const std::exception& e) {
                std::string what = i18n::format(failed, e.what()) + "\n";
                finish = [what](State&, SoupServerMessage* m) {
                    respond(m, 500, "text/plain; charset=utf-8", what);
                };
            }
            g_idle_add_full(
                G_PRIORITY_DEFAULT,
                [](gpointer p) -> gboolean {
                    auto* job = static_cast<Job*>(p);
                    if (auto s = job->state.lock()) {
                        --s->jobs;
                        job->finish(*s, job->msg);
                        soup_server_message_unpause(job->msg);
                    }
                    return G_SOURCE_REMOVE;
                },
                new Job{weak, msg, std::move(finish)},
                [](gpointer p) {
                    auto* job = static_cast<Job*>(p);
                    g_object_unref(job->msg);
                    delete job;
                });
        }).detach();
    }

    // --- pages ---

    /// The console's language for this request (catalog.hpp): the playlist's language as
    /// written in its file (i18n::playlist_language, the rule tsr's own messages follow: a
    /// playlist without `language` gets English messages), or the browser's.
    std::string language_of(SoupServerMessage* msg) {
        auto p = link.playlist();
        if (p != language_playlist) {
            language_playlist = p;
            written_language = p ? i18n::playlist_language(p->file).value_or("") : "";
        }
        return console_language(
            written_language, soup_message_headers_get_one(
                                  soup_server_message_get_request_headers(msg), "Accept-Language"));
    }

    std::string office() const {
        auto p = link.playlist();
        return p && !p->office.name.empty() ? p->office.name : "TSR";
    }

    std::string status_fragment(const std::string& lang) const {
        auto T = [&](const char* m) { return std::string(tr(lang, m)); };
        auto p = link.playlist();
        if (!p) return "<p>" + T(N_("no playlist")) + "</p>";
        const Instant now = wall_now();
        std::string out = "<p>" + T(N_("Now:")) + " <b id=\"clock\">" +
                          html(shown_time(p->zone, now)) + "</b> " +
                          html(p->zone.abbreviation_at(now)) + "</p>";
        if (link.clock_sync) out += clock_sync_html(link.clock_sync(), lang);
        SlideShowing s = rotation_at(*p, now);
        out += "<p>" + T(N_("On screen:")) + " <b id=\"slide\">";
        if (last_announcement && last_announcement->showing_at(now)) {
            out += T(N_("announcement")) + ": " + html(excerpt(last_announcement->text, 80));
        } else if (auto r = reminder_slide_at(*p, now)) {
            out += T(N_("reminder")) + ": " + html(r->due.occurrence.activity->title);
        } else if (s.slide >= 0) {
            const Slide& sl = p->slides[std::size_t(s.slide)];
            out += T(N_("slide")) + " " + std::to_string(s.slide + 1) + ", " +
                   html(sl.template_name) + (sl.title.empty() ? "" : ": " + html(sl.title));
        } else {
            out += T(N_("no slide may show now"));
        }
        out += "</b></p><h3>" + T(N_("Next reminders")) + "</h3><ul id=\"reminders\">";
        int n = 0;
        // As they will sound: queued, and held to the end of a quiet time.
        for (const ReminderPlay& r : reminder_program(*p, now, now + std::chrono::days(7))) {
            if (++n > 5) break;
            const Reminder& rem = *r.due.reminder;
            const std::string what =
                rem.say.empty() ? rem.audio.filename().string() : excerpt(rem.say, 60);
            out += "<li>" + html(shown_time(p->zone, r.sound_start)) + " " +
                   html(r.due.occurrence.activity->title) + " (" + html(what) + ")";
            if (r.held_by)
                out += " " + html(i18n::format(tr(lang, N_("(held for the quiet time %s)")),
                                               quiet_label(*r.held_by)));
            out += "</li>";
        }
        if (n == 0) out += "<li>" + T(N_("none in the next 7 days")) + "</li>";
        out += "</ul><h3>" + T(N_("Last reload")) + "</h3><p id=\"reload\">";
        auto row_text = [&](const std::optional<AsRunRow>& r, const char* none) {
            if (!r) return T(none);
            std::string t = r->actual ? shown_time(p->zone, *r->actual) + " " : "";
            return html(t + (r->id.empty() ? "" : r->id + ": ") + r->detail + ": " + r->outcome);
        };
        out += row_text(last_reload, N_("none since tsr play started")) + "</p><h3>" +
               T(N_("Last change in the console")) + "</h3><p id=\"edit\">" +
               row_text(last_edit, N_("none since tsr play started")) + "</p>";
        return out;
    }

    std::string now_page(const std::string& lang) const {
        auto T = [&](const char* m) { return std::string(tr(lang, m)); };
        return "<h1>" + T(N_("Now")) +
               "</h1><div class=\"now\"><div><img id=\"screen\" src=\"/screen.png\" alt=\"" +
               T(N_("the screen now")) + "\" width=\"480\"><p>" +
               T(N_("The screen, refreshed every 3 seconds.")) +
               "</p></div><div id=\"status-now\">" + status_fragment(lang) + "</div></div>";
    }

    std::string schedule_page(const std::string& lang) const {
        auto T = [&](const char* m) { return std::string(tr(lang, m)); };
        auto p = link.playlist();
        if (!p) return "<p>" + T(N_("no playlist")) + "</p>";
        const Instant midnight = local_midnight(p->zone, wall_now());
        auto table = [&](const char* id, Instant from, Instant to) {
            std::string out = "<table id=\"" + std::string(id) + "\"><tr><th>" + T(N_("time")) +
                              "</th><th>" + T(N_("kind")) + "</th><th>id</th><th>" +
                              T(N_("title")) + "</th><th>" + T(N_("detail")) + "</th></tr>";
            std::size_t n = 0;
            for (const Cue& c : cues(*p, from, to, CueKinds{false, true, true, true})) {
                if (++n > kMaxCues) {
                    out += "<tr><td colspan=\"5\">" + T(N_("… more (tsr timeline lists all)")) +
                           "</td></tr>";
                    break;
                }
                out += "<tr><td>" + html(shown_time(p->zone, c.time)) + "</td><td>" +
                       cue_kind_name(c.kind) + "</td><td>" + html(c.id) + "</td><td>" +
                       html(c.title) + "</td><td>" + html(c.detail) + "</td></tr>";
            }
            if (n == 0) out += "<tr><td colspan=\"5\">" + T(N_("nothing")) + "</td></tr>";
            return out + "</table>";
        };
        return "<h1>" + T(N_("Schedule")) + "</h1><p>" +
               T(N_("Reminders, starts and deadlines, as tsr timeline lists them. Change them "
                    "on the Edit page.")) +
               "</p><h2>" + T(N_("Today")) + "</h2>" +
               table("today", midnight, midnight + std::chrono::days(1)) + "<h2>" +
               T(N_("This week (from today, 7 days)")) + "</h2>" +
               table("week", midnight, midnight + std::chrono::days(7));
    }

    std::string edit_page(const Session& s, const std::string& lang) const {
        auto T = [&](const char* m) { return std::string(tr(lang, m)); };
        FileBytes b = read_regular_file(link.playlist_file, limits::max_playlist_bytes);
        const bool editor = may_change(s.role);
        std::string out = "<h1>" + html(link.playlist_file.filename().string()) + "</h1>";
        if (!b.ok())
            out += "<p class=\"bad\">" +
                   html(link.playlist_file.filename().string() + " " + b.problem) + "</p>";
        out += "<p>" +
               (editor ? T(N_("Checked as you type, the way tsr check does. Save replaces the "
                              "playlist only when it has no errors; the screen takes it within "
                              "seconds."))
                       : T(N_("You may read the playlist; an editor changes it."))) +
               "</p>";
        out += "<div class=\"editor\"><pre id=\"gutter\"></pre><textarea id=\"text\" "
               "spellcheck=\"false\" autocomplete=\"off\" data-base=\"" +
               html(file_fingerprint(link.playlist_file)) + "\"" + (editor ? "" : " readonly") +
               // The newline after the tag is dropped by HTML parsers; one of the file's own
               // would be lost without it.
               ">\n" + html(b.bytes) + "</textarea></div>";
        if (editor) out += "<p><button id=\"save\">" + T(N_("Save")) + "</button></p>";
        // The editor's script writes these (console.js is one file for both languages).
        out += "<p id=\"status\" data-saving=\"" + html(T(N_("saving…"))) + "\" data-not-saved=\"" +
               html(T(N_("not saved:"))) + "\" data-not-checked=\"" + html(T(N_("not checked:"))) +
               "\" data-logged-out=\"" + html(T(N_("not logged in"))) +
               "\"></p><ul id=\"problems\"></ul>";
        return out;
    }

    std::string files_page(const Session& s, const std::string& message, bool good,
                           const std::string& lang) const {
        auto T = [&](const char* m) { return std::string(tr(lang, m)); };
        const fs::path folder = link.playlist_file.parent_path();
        std::string out = "<h1>" + T(N_("Files")) + "</h1>";
        if (!message.empty())
            out += std::string("<p id=\"upload-result\" class=\"") + (good ? "good" : "bad") +
                   "\">" + html(message) + "</p>";
        if (may_change(s.role))
            out += "<form method=\"post\" action=\"/files\" enctype=\"multipart/form-data\" "
                   "id=\"upload\"><input type=\"hidden\" name=\"csrf\" value=\"" +
                   html(s.csrf) + "\"><label>" + T(N_("Folder")) +
                   " <select name=\"folder\" id=\"folder\"><option>images</option>"
                   "<option>audio</option><option>video</option><option>documents</option>"
                   "</select></label><label>" +
                   i18n::format(tr(lang, N_("File (a .png, .jpg or .svg picture or a sound, at "
                                            "most %s; an .mp4 video of at most 10 minutes, or "
                                            "a .pdf, .pptx, .ppt or .odp document, at most %s)")),
                                console_size_text(max_upload_bytes, lang),
                                console_size_text(max_video_upload_bytes, lang)) +
                   " <input type=\"file\" name=\"file\" id=\"file\" required></label><button "
                   "id=\"upload-button\">" +
                   T(N_("Upload")) + "</button></form><p>" +
                   T(N_("Checked like tsr check checks the files a playlist names; a file of the "
                        "same name is replaced. To show or play it, write its path in the "
                        "playlist (Edit).")) +
                   "</p>";
        out += "<table id=\"files\"><tr><th>" + T(N_("file")) + "</th><th>" + T(N_("size")) +
               "</th></tr>";
        for (const FolderFile& f : uploaded_files(folder))
            out += "<tr><td>" + html(f.relative) + "</td><td>" +
                   html(console_size_text(f.bytes, lang)) + "</td></tr>";
        return out + "</table>";
    }

    std::string announce_page(const Viewer& v, const std::string& message, bool good) const {
        auto T = [&](const char* m) { return std::string(tr(v.lang, m)); };
        std::string out = "<h1>" + T(N_("Announce")) + "</h1>";
        if (!message.empty())
            out += std::string("<p id=\"announce-result\" class=\"") + (good ? "good" : "bad") +
                   "\">" + html(message) + "</p>";
        if (may_change(v.role))
            out += "<form method=\"post\" action=\"/announce\" enctype=\"multipart/form-data\" "
                   "id=\"announce\"><input type=\"hidden\" name=\"csrf\" value=\"" +
                   html(v.csrf) + "\"><label>" +
                   T(N_("Words (shown on the screen, and spoken unless a recording is given)")) +
                   " <textarea name=\"text\" id=\"announce-text\" rows=\"3\" maxlength=\"600\" "
                   "required></textarea></label><label>" +
                   T(N_("How long it shows, in seconds (5 to 600)")) +
                   " <input type=\"number\" name=\"seconds\" id=\"announce-seconds\" min=\"5\" "
                   "max=\"600\" value=\"30\" required></label><label>" +
                   T(N_("A recording instead of the voice (optional: a sound file of at most 10 "
                        "minutes)")) +
                   " <input type=\"file\" name=\"file\" id=\"announce-file\"></label><button "
                   "id=\"announce-button\">" +
                   T(N_("Announce now")) + "</button></form><p>" +
                   T(N_("The screen shows it at once over the slides, with the chime, and "
                        "goes back to the slides by itself. The as-run log gets an announce "
                        "row with your name.")) +
                   "</p>";
        else
            out += "<p>" + T(N_("An editor may announce.")) + "</p>";
        out += "<h2>" + T(N_("Last announcement")) + "</h2><p id=\"announce-last\">";
        auto p = link.playlist();
        if (last_announcement && p)
            out += html(shown_time(p->zone, last_announcement->from) + " - " +
                        shown_time(p->zone, last_announcement->until).substr(11) + " " +
                        last_announcement->user + ": " + announcement_detail(*last_announcement));
        else
            out += T(N_("none since tsr play started"));
        return out + "</p>";
    }

    /// POST /announce: checked here, made (voice, decoding) on a worker, shown on the main
    /// loop.
    void announce(SoupServerMessage* msg, const Viewer& viewer, Upload& upload) {
        const std::string lang = viewer.lang;
        auto T = [&](const char* m) { return std::string(tr(lang, m)); };
        if (!may_change(viewer.role)) {
            respond_html(
                msg, 403,
                error_page(T(N_("Not allowed")), T(N_("A viewer may not announce.")), lang));
            return;
        }
        auto p = link.playlist();
        if (!p || !link.announce) {
            respond_html(msg, 503, error_page(T(N_("Not now")), T(N_("No playlist plays.")), lang));
            return;
        }
        std::string text = upload.fields["text"];
        // The browser sends CRLF line ends; the slide wants words.
        std::erase(text, '\r');
        const std::string digits = upload.fields["seconds"];
        long seconds = 0;
        bool number = !digits.empty() && digits.size() <= 4;
        for (char c : digits)
            number = number && c >= '0' && c <= '9';
        if (number) seconds = std::stol(digits);
        std::string problem = announcement_problem(text, number ? seconds : -1);
        const bool recording = upload.has_file && !upload.file_bytes().empty();
        if (recording && upload.file_bytes().size() > max_upload_bytes)
            problem = N_("the recording is larger than 32 MiB");
        if (!problem.empty()) {
            respond_html(msg, 422,
                         page(viewer, Tab::announce, office(),
                              announce_page(viewer,
                                            i18n::format(tr(lang, N_("Not announced: %s.")),
                                                         tr(lang, problem.c_str())),
                                            false)));
            return;
        }
        const std::string name = excerpt(upload.file_name, 60);
        std::shared_ptr<GBytes> bytes = upload.file;
        const std::uint64_t id = ++announcements;
        offload(msg, [p, text, seconds, recording, bytes, name, id, viewer]() -> Finish {
            fs::path file;
            if (recording) {
                // Decoded from a file of its own in the cache, gone once decoded.
                const fs::path cache = content_cache_dir(p->folder, "announcements");
                if (!cache.empty()) {
                    file = cache /
                           ("recording-" + std::to_string(::getpid()) + "-" + std::to_string(id));
                    gsize n = 0;
                    auto* data = static_cast<const char*>(g_bytes_get_data(bytes.get(), &n));
                    std::ofstream out(file, std::ios::binary | std::ios::trunc);
                    out.write(data, std::streamsize(n));
                    if (!out.flush()) {
                        out.close();
                        std::error_code ec;
                        fs::remove(file, ec);
                        file.clear();
                    }
                }
            }
            AnnouncementSound sound;
            if (recording && file.empty())
                sound.error = "the recording could not be written into the cache folder";
            else
                sound = prepare_announcement_sound(*p, text, file);
            std::error_code ec;
            if (!file.empty()) fs::remove(file, ec);
            if (recording && sound.samples) sound.what = i18n::format(_("recording %s"), name);
            return [sound, text, seconds, id, viewer](State& s, SoupServerMessage* m) {
                if (!sound.samples) {
                    respond_html(
                        m, 422,
                        s.page_for(
                            viewer, Tab::announce,
                            s.announce_page(viewer,
                                            i18n::format(tr(viewer.lang, N_("Not announced: %s.")),
                                                         sound.error),
                                            false)));
                    return;
                }
                auto a = std::make_shared<Announcement>();
                a->id = id;
                a->text = text;
                a->user = viewer.user;
                a->sound = sound.what;
                a->from = wall_now() + kAnnounceLead;
                // At least as long as its sound, in whole seconds.
                const auto heard = std::chrono::ceil<Seconds>(sound.samples->length());
                a->until = a->from + std::max(Seconds(seconds), heard);
                s.link.announce(a);
                s.last_announcement = a;
                auto pl = s.link.playlist();
                const std::string until =
                    pl ? shown_time(pl->zone, a->until).substr(11) : std::string();
                respond_html(
                    m, 200,
                    s.page_for(
                        viewer, Tab::announce,
                        s.announce_page(viewer,
                                        i18n::format(tr(viewer.lang, N_("Announced; on the screen "
                                                                        "until %s.")),
                                                     until),
                                        true)));
            };
        });
    }

    /// GET /proof/report: the month's report (tsr report) made on a worker, in a temporary
    /// folder of its own, sent, and removed.
    void report(SoupServerMessage* msg, const Viewer& viewer, const std::string& month_text,
                const std::string& format) {
        const std::string lang = viewer.lang;
        auto month = parse_report_month(month_text);
        static const std::map<std::string, const char*> types = {
            {"pdf", "application/pdf"},
            {"html", "text/html; charset=utf-8"},
            {"csv", "text/csv; charset=utf-8"},
            {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}};
        auto type = types.find(format);
        auto p = link.playlist();
        if (!month || month_text.size() != 7 || type == types.end() || !p || !link.report) {
            respond_html(msg, 400,
                         error_page(tr(lang, N_("No such report")),
                                    i18n::format(tr(lang, N_("Ask for a month like 2026-11 and "
                                                             "a format: pdf, html, csv or xlsx "
                                                             "(not \"%s\", \"%s\").")),
                                                 excerpt(month_text), excerpt(format)),
                                    lang));
            return;
        }
        const std::string name = "report-" + month_text + "." + format;
        auto make = link.report;
        const ReportMonth m = *month;
        const char* content_type = type->second;
        offload(msg, [p, m, name, make, content_type, lang]() -> Finish {
            std::string problem, bytes;
            gchar* dir = g_dir_make_tmp("tsr-report-XXXXXX", nullptr);
            if (!dir) {
                problem = "no temporary folder";
            } else {
                const fs::path out = fs::path(dir) / name;
                problem = make(*p, m, out);
                if (problem.empty()) {
                    FileBytes b = read_regular_file(out, kMaxReportBytes);
                    if (b.ok())
                        bytes = std::move(b.bytes);
                    else
                        problem = name + " " + b.problem;
                }
                std::error_code ec;
                fs::remove_all(dir, ec);
                g_free(dir);
            }
            return [problem, bytes, name, content_type, lang](State&, SoupServerMessage* m) {
                if (!problem.empty()) {
                    respond_html(m, 500,
                                 error_page(tr(lang, N_("No report")),
                                            i18n::format(tr(lang, N_("The report could not be "
                                                                     "made: %s")),
                                                         problem),
                                            lang));
                    return;
                }
                std::string disposition = "attachment; filename=\"" + name + "\"";
                soup_message_headers_replace(soup_server_message_get_response_headers(m),
                                             "Content-Disposition", disposition.c_str());
                respond(m, 200, content_type, bytes);
            };
        });
    }

    std::string page_for(const Viewer& v, Tab tab, const std::string& body) const {
        return page(v, tab, office(), body);
    }

    fs::path asrun_path(const std::string& day) const {
        if (!link.asrun_file.empty()) return link.asrun_file;
        return link.playlist_file.parent_path() / "asrun" / (day + ".csv");
    }

    /// The month reports, whether a sealed day was altered (`checks`: tsr report --verify),
    /// then the day's as-run rows.
    std::string proof_page(const Viewer& v, const std::string& day,
                           const std::vector<DayCheck>& checks) const {
        auto T = [&](const char* m) { return std::string(tr(v.lang, m)); };
        const std::string month = day.substr(0, 7);
        std::string out =
            "<h1>" + T(N_("Proof")) + "</h1><h2>" + T(N_("Month report")) +
            "</h2><form method=\"get\" action=\"/proof/report\" id=\"report\"><label>" +
            T(N_("Month")) + " <input type=\"month\" name=\"month\" id=\"month\" value=\"" +
            html(month) + "\" required></label> <select name=\"format\" id=\"format\">";
        for (const char* f : {"pdf", "html", "csv", "xlsx"})
            out += std::string("<option value=\"") + f + "\">" + f + "</option>";
        out += "</select> <button id=\"report-button\">" + T(N_("Download")) +
               "</button></form><p>" +
               T(N_("The proof of play of a month, as tsr report makes it: PDF to print and "
                    "sign, HTML, CSV or XLSX.")) +
               "</p><h2>" + T(N_("Sealed days")) + "</h2><p id=\"verify\">";
        int altered = 0;
        std::string lines;
        for (const DayCheck& c : checks) {
            if (c.status != "ALTERED") continue;
            ++altered;
            if (altered <= 50) lines += "<li>" + html(c.day + ": " + c.why) + "</li>";
        }
        if (checks.empty())
            out += T(N_("No as-run days to check yet."));
        else if (altered == 0)
            out += html(
                i18n::format(tr(v.lang, N_("Days checked: %s; none was altered.")), checks.size()));
        else
            out += "<b class=\"bad\">" +
                   html(i18n::format(tr(v.lang, N_("Days checked: %s; ALTERED: %s.")),
                                     checks.size(), altered)) +
                   "</b>";
        out += "</p>";
        if (!lines.empty()) out += "<ul id=\"altered\">" + lines + "</ul>";
        fs::path file = asrun_path(day);
        out += "<h2>" + T(N_("The as-run log of a day")) +
               "</h2><form method=\"get\" action=\"/proof\">"
               "<label>" +
               T(N_("Day")) + " <input type=\"date\" name=\"day\" value=\"" + html(day) +
               "\"></label> <button>" + T(N_("Show")) +
               "</button> <a id=\"csv\" href=\"/proof.csv?day=" + html(day) + "\">" +
               T(N_("Download")) + " " + html(file.filename().string()) + "</a></form>";
        FileBytes b = read_regular_file(file, kMaxAsRunBytes);
        if (!b.ok())
            return out + "<p id=\"none\">" +
                   html(i18n::format(tr(v.lang, N_("No log for %s (%s).")), day, b.problem)) +
                   "</p>";
        auto rows = parse_csv(b.bytes, kMaxRowsShown + 1);
        out += "<table id=\"asrun\">";
        for (std::size_t i = 0; i < rows.size(); ++i) {
            out += "<tr>";
            for (const std::string& f : rows[i])
                out += (i == 0 ? "<th>" : "<td>") + html(f) + (i == 0 ? "</th>" : "</td>");
            out += "</tr>";
        }
        out += "</table>";
        if (rows.size() > kMaxRowsShown)
            out += "<p>" +
                   html(i18n::format(tr(v.lang, N_("… the first %s rows; download for all.")),
                                     kMaxRowsShown)) +
                   "</p>";
        return out;
    }

    std::string today() const {
        auto p = link.playlist();
        std::string iso = format_iso(p ? p->zone : TimeZone::fixed(Seconds(0)), wall_now());
        return iso.substr(0, 10);
    }

    // --- requests ---

    void login(SoupServerMessage* msg) {
        const std::string lang = language_of(msg);
        const std::string address = soup_server_message_get_remote_host(msg)
                                        ? soup_server_message_get_remote_host(msg)
                                        : "?";
        if (long wait = logins.wait_seconds(address, now_s())) {
            soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                         "Retry-After", std::to_string(wait).c_str());
            respond_html(msg, 429,
                         login_page(i18n::format(tr(lang, N_("Too many failed logins from here; "
                                                             "try again in %s minutes.")),
                                                 (wait + 59) / 60),
                                    lang));
            return;
        }
        // Each check holds 64 MiB for a moment: at most two at once on a small office PC.
        if (verifying >= 2 || jobs >= kMaxJobs) {
            soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                         "Retry-After", "1");
            respond_html(msg, 503,
                         login_page(tr(lang, N_("Busy; log in again in a second.")), lang));
            return;
        }
        auto form = form_of(msg);
        const std::string name = form["name"];
        const std::string password = form["password"];
        refresh_users();
        const User* u = name_problem(name).empty() ? user_named(name) : nullptr;
        // Counted before the check, so parallel guesses cannot pass the limit; taken back on
        // success.
        logins.failed(address, now_s());
        const std::string hash = u ? u->hash : dummy_hash;
        const bool known = u != nullptr;
        ++verifying;
        offload(msg, [hash, password, known, name, address, lang]() -> Finish {
            const bool ok = verify_password(hash, password) && known;
            return [ok, name, address, lang](State& s, SoupServerMessage* m) {
                --s.verifying;
                const User* u = s.user_named(name);
                if (!ok || !u) {
                    respond_html(m, 401, login_page(tr(lang, N_("Wrong name or password.")), lang));
                    return;
                }
                s.logins.succeeded(address);
                const Session& session = s.sessions.open(u->name, u->role, now_s());
                std::string cookie = "tsr_session=" + session.id +
                                     "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200";
                if (soup_server_is_https(s.server)) cookie += "; Secure";
                soup_message_headers_append(soup_server_message_get_response_headers(m),
                                            "Set-Cookie", cookie.c_str());
                redirect(m, "/");
            };
        });
    }

    void handle(SoupServerMessage* msg, const std::string& path, GHashTable* query) {
        const std::string method = soup_server_message_get_method(msg);
        const bool get = method == "GET" || method == "HEAD";
        const bool post = method == "POST";
        if (!get && !post) {
            respond(msg, 405, "text/plain; charset=utf-8", "method not allowed\n");
            return;
        }
        if (get && path == "/static/console.css") {
            respond(msg, 200, "text/css; charset=utf-8", console_css);
            return;
        }
        if (get && path == "/static/console.js") {
            respond(msg, 200, "text/javascript; charset=utf-8", console_js);
            return;
        }
        if (path == "/login") {
            if (post)
                login(msg);
            else
                respond_html(msg, 200, login_page("", language_of(msg)));
            return;
        }
        refresh_users();
        auto session = sessions.find(cookie_of(msg, "tsr_session"), now_s());
        Upload upload;
        if (!session) {
            if (get)
                redirect(msg, "/login");
            else
                respond(msg, 401, "text/plain; charset=utf-8",
                        std::string(tr(language_of(msg), N_("log in first"))) + "\n");
            return;
        }
        if (post) {
            // Every change carries the session's CSRF token: a page of another site cannot.
            const char* header = soup_message_headers_get_one(
                soup_server_message_get_request_headers(msg), "X-CSRF-Token");
            std::string token = header ? header : "";
            if (token.empty() && path == "/logout") token = form_of(msg)["csrf"];
            if (path == "/files" || path == "/announce") {
                upload = multipart_of(msg);
                if (token.empty()) token = upload.fields["csrf"];
            }
            if (!same_token(token, session->csrf)) {
                respond_json(msg, 403,
                             "{\"ok\":false,\"summary\":" +
                                 json(tr(language_of(msg),
                                         N_("refused: the page is out of date (no valid CSRF "
                                            "token); reload it"))) +
                                 ",\"problems\":[]}");
                return;
            }
        }
        const Viewer viewer{session->user, session->role, session->csrf, language_of(msg)};
        if (get && path == "/") {
            respond_html(msg, 200, page(viewer, Tab::now, office(), now_page(viewer.lang)));
        } else if (get && path == "/now/status") {
            respond_html(msg, 200, status_fragment(viewer.lang));
        } else if (get && path == "/screen.png") {
            std::string png = tap.png(1'500'000);
            if (png.empty()) {
                soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                             "Retry-After", "1");
                respond(msg, 503, "text/plain; charset=utf-8",
                        std::string(tr(viewer.lang, N_("no picture yet"))) + "\n");
            } else {
                respond(msg, 200, "image/png", png);
            }
        } else if (get && path == "/schedule") {
            respond_html(msg, 200,
                         page(viewer, Tab::schedule, office(), schedule_page(viewer.lang)));
        } else if (get && path == "/edit") {
            respond_html(msg, 200,
                         page(viewer, Tab::edit, office(), edit_page(*session, viewer.lang)));
        } else if (get && (path == "/proof" || path == "/proof.csv")) {
            std::string day = query_of(query, "day");
            if (day.empty()) day = today();
            if (!parse_date(day) || day.size() != 10) {
                respond_html(
                    msg, 400,
                    error_page(tr(viewer.lang, N_("Not a day")),
                               i18n::format(tr(viewer.lang, N_("\"%s\" is not a day; "
                                                               "write it like 2026-11-30.")),
                                            excerpt(day)),
                               viewer.lang));
                return;
            }
            if (path == "/proof") {
                // Hashing every day's file is disk work: a worker does it.
                const fs::path dir = link.playlist_file.parent_path() / "asrun";
                offload(msg, [dir, day, viewer]() -> Finish {
                    auto checks = verify_asrun_days(dir);
                    return [checks, day, viewer](State& s, SoupServerMessage* m) {
                        respond_html(
                            m, 200,
                            s.page_for(viewer, Tab::proof, s.proof_page(viewer, day, checks)));
                    };
                });
                return;
            }
            FileBytes b = read_regular_file(asrun_path(day), kMaxAsRunBytes);
            if (!b.ok()) {
                respond_html(
                    msg, 404,
                    error_page(tr(viewer.lang, N_("No log")),
                               i18n::format(tr(viewer.lang, N_("No as-run log for %s.")), day),
                               viewer.lang));
                return;
            }
            std::string disposition = "attachment; filename=\"asrun-" + day + ".csv\"";
            soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                         "Content-Disposition", disposition.c_str());
            respond(msg, 200, "text/csv; charset=utf-8", b.bytes);
        } else if (get && path == "/files") {
            respond_html(
                msg, 200,
                page(viewer, Tab::files, office(), files_page(*session, "", true, viewer.lang)));
        } else if (post && path == "/files") {
            if (!may_change(session->role)) {
                respond_html(msg, 403,
                             error_page(tr(viewer.lang, N_("Not allowed")),
                                        tr(viewer.lang, N_("A viewer may not upload files.")),
                                        viewer.lang));
                return;
            }
            auto p = link.playlist();
            const int w = p ? p->display.width : 1920, h = p ? p->display.height : 1080;
            const fs::path folder = link.playlist_file.parent_path();
            const std::string sub = upload.fields["folder"];
            const std::string name = upload.file_name;
            const std::string user = session->user;
            Upload bytes = upload; // holds the file's bytes until the worker is done
            offload(msg, [folder, sub, name, bytes, w, h, user, viewer]() -> Finish {
                UploadResult r =
                    store_upload(folder, sub, name, bytes.file_bytes(), w, h, viewer.lang);
                return [r, user, viewer](State& s, SoupServerMessage* m) {
                    if (r.ok)
                        s.link.log({std::nullopt, wall_now(), "edit", user,
                                    "uploaded " + r.relative, "played"});
                    Session me;
                    me.user = viewer.user;
                    me.role = viewer.role;
                    me.csrf = viewer.csrf;
                    respond_html(m, r.ok ? 200 : 422,
                                 page(viewer, Tab::files, s.office(),
                                      s.files_page(me, r.message, r.ok, viewer.lang)));
                };
            });
        } else if (get && path == "/announce") {
            respond_html(msg, 200,
                         page(viewer, Tab::announce, office(), announce_page(viewer, "", true)));
        } else if (post && path == "/announce") {
            announce(msg, viewer, upload);
        } else if (get && path == "/proof/report") {
            report(msg, viewer, query_of(query, "month"), query_of(query, "format"));
        } else if (post && path == "/logout") {
            sessions.close(session->id);
            soup_message_headers_append(
                soup_server_message_get_response_headers(msg), "Set-Cookie",
                "tsr_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
            redirect(msg, "/login");
        } else if (post && (path == "/check" || path == "/save")) {
            if (!may_change(session->role)) {
                respond_json(
                    msg, 403,
                    "{\"ok\":false,\"summary\":" +
                        json(tr(viewer.lang, N_("refused: a viewer may not change the playlist"))) +
                        ",\"problems\":[]}");
                return;
            }
            const char* b = soup_message_headers_get_one(
                soup_server_message_get_request_headers(msg), "X-TSR-Base");
            std::string base = b ? std::string(b).substr(0, 64) : "";
            std::string text = body_of(msg);
            fs::path file = link.playlist_file;
            const bool save = path == "/save";
            const std::string user = session->user;
            const std::string lang = viewer.lang;
            offload(msg, [file, text, save, base, user, lang]() -> Finish {
                EditResult r = save ? save_edit(file, text, wall_now(), base, lang)
                                    : check_edit(file, text, wall_now(), lang);
                return [r, save, user, file](State& s, SoupServerMessage* m) {
                    if (r.saved) {
                        AsRunRow row{
                            std::nullopt,
                            wall_now(),
                            "edit",
                            user,
                            i18n::format(_("%s saved in the console"), file.filename().string()),
                            "played"};
                        s.link.log(row);
                        s.link.reload(i18n::format(_("%s (saved in the console by %s)"),
                                                   file.filename().string(), user));
                    }
                    guint status = !save || r.saved ? 200 : r.conflict ? 409 : 422;
                    respond_json(m, status, edit_json(r));
                };
            });
        } else {
            respond_html(
                msg, 404,
                error_page(tr(viewer.lang, N_("Not found")),
                           i18n::format(tr(viewer.lang, N_("There is no page %s.")), excerpt(path)),
                           viewer.lang));
        }
    }
};

bool parse_listen(const std::string& text, std::string* address, int* port, std::string* error) {
    std::string host = "127.0.0.1", digits = text;
    if (!text.empty() && text[0] == '[') {
        std::size_t close = text.find("]:");
        if (close == std::string::npos) {
            *error = "write an IPv6 address as [::1]:8080";
            return false;
        }
        host = text.substr(1, close - 1);
        digits = text.substr(close + 2);
    } else if (std::size_t colon = text.rfind(':'); colon != std::string::npos) {
        host = text.substr(0, colon);
        digits = text.substr(colon + 1);
    }
    long p = 0;
    bool ok = !digits.empty() && digits.size() <= 5;
    for (char c : digits)
        ok = ok && c >= '0' && c <= '9';
    if (ok) p = std::stol(digits);
    if (!ok || p < 1 || p > 65535) {
        *error = "\"" + excerpt(text) +
                 "\": write [ADDRESS:]PORT, a port from 1 to 65535 (e.g. 8080 or 0.0.0.0:8080)";
        return false;
    }
    GInetAddress* a = g_inet_address_new_from_string(host.c_str());
    if (!a) {
        *error = "\"" + excerpt(host) + "\" is not an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::)";
        return false;
    }
    g_object_unref(a);
    *address = host;
    *port = int(p);
    return true;
}

Console::Console(std::shared_ptr<State> state) : state_(std::move(state)) {}
Console::~Console() = default;

std::unique_ptr<Console> Console::start(const ConsoleOptions& options, PlayoutLink link,
                                        std::string* error) {
    if (!crypto_ready()) {
        *error = "libsodium could not start";
        return nullptr;
    }
    auto s = std::make_shared<State>();
    s->options = options;
    s->link = std::move(link);
    auto users = read_users(options.users_file, error);
    if (!users) return nullptr;
    if (users->empty()) {
        *error = "no users in " + options.users_file.string() +
                 "; add one with: tsr user add NAME --role admin --users " +
                 options.users_file.string();
        return nullptr;
    }
    s->refresh_users();
    // Hashes are slow to guess, not impossible: say so when others may read them.
    if ((s->users_stat.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%03o", unsigned(s->users_stat.st_mode & 0777));
        std::cerr << "tsr console: warning: " << options.users_file.string()
                  << " may be read by others (mode " << mode << "); chmod 600 it\n";
    }
    s->dummy_hash = hash_password("not a password of anyone");

    GTlsCertificate* cert = nullptr;
    if (!options.tls_certificate.empty()) {
        GError* err = nullptr;
        cert = g_tls_certificate_new_from_files(options.tls_certificate.c_str(),
                                                options.tls_key.c_str(), &err);
        if (!cert) {
            *error = std::string("the TLS certificate or key could not be read (") +
                     (err ? err->message : "?") + ")";
            if (err) g_error_free(err);
            return nullptr;
        }
    }
    s->server = soup_server_new("server-header", "tsr-console", nullptr);
    if (cert) {
        soup_server_set_tls_certificate(s->server, cert);
        g_object_unref(cert);
    }
    // Bodies over the bound are refused before they are read.
    // libsoup holds a body in memory whole: a video's bound (max_video_upload_bytes) is why the
    // console takes less than the playlist may name.
    soup_server_add_early_handler(
        s->server, nullptr,
        [](SoupServer*, SoupServerMessage* msg, const char* path, GHashTable*, gpointer d) {
            auto* self = static_cast<State*>(d);
            SoupMessageHeaders* h = soup_server_message_get_request_headers(msg);
            const std::string_view where(path ? path : "");
            const goffset most = where == "/files"      ? goffset(max_video_upload_bytes) + 65536
                                 : where == "/announce" ? goffset(max_upload_bytes) + 65536
                                                        : kMaxBody;
            if (soup_message_headers_get_encoding(h) == SOUP_ENCODING_CHUNKED) {
                respond(msg, 411, "text/plain; charset=utf-8", "send a Content-Length\n");
            } else if (soup_message_headers_get_content_length(h) > most) {
                const std::string lang = self->language_of(msg);
                respond_html(
                    msg, 413,
                    error_page(tr(lang, N_("Too large")),
                               i18n::format(tr(lang, N_("This is larger than the console takes "
                                                        "(%s for a video or a document, %s for "
                                                        "a picture or a sound); nothing was "
                                                        "stored.")),
                                            console_size_text(max_video_upload_bytes, lang),
                                            console_size_text(max_upload_bytes, lang)),
                               lang));
            }
        },
        s.get(), nullptr);
    soup_server_add_handler(
        s->server, nullptr,
        [](SoupServer*, SoupServerMessage* msg, const char* path, GHashTable* query, gpointer d) {
            auto* self = static_cast<State*>(d);
            try {
                self->handle(msg, path ? path : "/", query);
            } catch (const std::exception& e) {
                // Never an exception into GLib: the playout goes on.
                std::cerr << "tsr console: " << e.what() << "\n";
                respond(msg, 500, "text/plain; charset=utf-8", "failed\n");
            }
        },
        s.get(), nullptr);
    GInetAddress* inet = g_inet_address_new_from_string(options.address.c_str());
    GSocketAddress* where = g_inet_socket_address_new(inet, guint16(options.port));
    g_object_unref(inet);
    GError* err = nullptr;
    gboolean ok = soup_server_listen(
        s->server, where, cert ? SOUP_SERVER_LISTEN_HTTPS : SoupServerListenOptions(0), &err);
    g_object_unref(where);
    if (!ok) {
        *error = "could not listen on " + options.address + ":" + std::to_string(options.port) +
                 " (" + (err ? err->message : "?") + ")";
        if (err) g_error_free(err);
        return nullptr;
    }
    return std::unique_ptr<Console>(new Console(std::move(s)));
}

void Console::attach_show(GstPad* pad) {
    state_->tap.attach(pad);
}

void Console::on_row(const AsRunRow& row) {
    if (row.kind == "reload") state_->last_reload = row;
    if (row.kind == "edit") state_->last_edit = row;
}

std::string Console::url() const {
    std::string out;
    GSList* uris = soup_server_get_uris(state_->server);
    if (uris) {
        char* s = g_uri_to_string(static_cast<GUri*>(uris->data));
        out = s;
        g_free(s);
    }
    g_slist_free_full(uris, reinterpret_cast<GDestroyNotify>(g_uri_unref));
    return out;
}

} // namespace tsr::console
