#include "render/document_source.hpp"
#include "i18n.hpp"

#include "content_cache.hpp"

#include <gio/gio.h>
#include <poppler.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <fstream>
#include <mutex>
#include <unistd.h>

namespace tsr {

namespace fs = std::filesystem;

namespace {

enum class Kind { pdf, zip_presentation, ole_presentation, other };

/// What the file is by its first bytes (the name only decides between the presentation kinds).
Kind kind_of(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    char head[1024] = {};
    in.read(head, sizeof head);
    const std::size_t got = std::size_t(in.gcount());
    std::string_view h(head, got);
    if (h.find("%PDF-") != std::string_view::npos) return Kind::pdf;
    if (h.substr(0, 4) == std::string_view("PK\3\4", 4)) return Kind::zip_presentation;
    if (h.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return Kind::ole_presentation;
    return Kind::other;
}

std::string lower_extension(const fs::path& file) {
    std::string e = file.extension().string();
    for (char& c : e)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

/// Opens the PDF and counts its pages; "" or the problem.
std::string count_pages(const fs::path& pdf, int& pages) {
    GError* err = nullptr;
    gchar* uri = g_filename_to_uri(pdf.c_str(), nullptr, &err);
    PopplerDocument* doc = uri ? poppler_document_new_from_file(uri, nullptr, &err) : nullptr;
    g_free(uri);
    std::string problem;
    if (!doc) {
        if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED)
            problem = _("is protected by a password; save it without one (or export it as PDF "
                        "without a password)");
        else
            problem = i18n::format(_("is damaged or not a PDF (%s); export it as PDF again"),
                                   err && err->message ? err->message : _("unknown error"));
        g_clear_error(&err);
        return problem;
    }
    pages = poppler_document_get_n_pages(doc);
    g_object_unref(doc);
    if (pages <= 0) return _("has no pages");
    return "";
}

void new_session(gpointer) {
    // Its own process group: a conversion over time is stopped with everything it started
    // (soffice runs soffice.bin as a child).
    ::setsid();
    // The lowest CPU priority: on a small PC the playout's threads come first (measured with
    // bench/frame_probe --reload-from: without it, frames were late while LibreOffice ran).
    if (::nice(19) == -1) {
        // Still converts, only at the normal priority.
    }
}

struct Wait {
    bool done = false;
    bool ok = false;
};

void on_exited(GObject* source, GAsyncResult* res, gpointer data) {
    auto* w = static_cast<Wait*>(data);
    w->ok = g_subprocess_wait_finish(G_SUBPROCESS(source), res, nullptr);
    w->done = true;
}

gboolean on_tick(gpointer) {
    return G_SOURCE_CONTINUE;
}

/// Runs soffice to convert `file` into `outdir`; "" or the problem.
std::string run_soffice(const std::string& soffice, const fs::path& file, const fs::path& outdir,
                        const fs::path& profile, std::chrono::seconds limit) {
    GError* err = nullptr;
    gchar* profile_uri = g_filename_to_uri(profile.c_str(), nullptr, nullptr);
    const std::string env =
        std::string("-env:UserInstallation=") + (profile_uri ? profile_uri : "");
    g_free(profile_uri);
    const char* argv[] = {soffice.c_str(), env.c_str(),    "--headless", "--norestore",
                          "--nolockcheck", "--convert-to", "pdf",        "--outdir",
                          outdir.c_str(),  file.c_str(),   nullptr};
    GMainContext* ctx = g_main_context_new();
    g_main_context_push_thread_default(ctx);
    GSubprocessLauncher* launcher = g_subprocess_launcher_new(
        GSubprocessFlags(G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE));
    g_subprocess_launcher_set_child_setup(launcher, new_session, nullptr, nullptr);
    // LibreOffice writes its temporary files under HOME and TMPDIR: keep them beside the profile.
    g_subprocess_launcher_setenv(launcher, "HOME", profile.c_str(), TRUE);
    GSubprocess* proc = g_subprocess_launcher_spawnv(launcher, argv, &err);
    g_object_unref(launcher);
    std::string problem;
    if (!proc) {
        problem = i18n::format(_("cannot be converted: LibreOffice did not start (%s); install it "
                                 "(apt-get install libreoffice-impress) or export the document as "
                                 "PDF"),
                               err && err->message ? err->message : "");
        g_clear_error(&err);
    } else {
        Wait w;
        g_subprocess_wait_async(proc, nullptr, on_exited, &w);
        GSource* tick = g_timeout_source_new(100);
        g_source_set_callback(tick, on_tick, nullptr, nullptr);
        g_source_attach(tick, ctx);
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!w.done && std::chrono::steady_clock::now() < deadline)
            g_main_context_iteration(ctx, TRUE);
        if (!w.done) {
            if (const gchar* id = g_subprocess_get_identifier(proc))
                ::kill(-std::atoi(id), SIGKILL);
            g_subprocess_force_exit(proc);
            while (!w.done)
                g_main_context_iteration(ctx, TRUE);
            problem = i18n::format(_("cannot be converted: LibreOffice did not finish within %s "
                                     "s; export the document as PDF and name the PDF instead"),
                                   limit.count());
        } else if (!g_subprocess_get_if_exited(proc) || g_subprocess_get_exit_status(proc) != 0) {
            problem = _("cannot be converted: LibreOffice failed on it; open it in LibreOffice "
                        "Impress to see why, or export it as PDF");
        }
        g_source_destroy(tick);
        g_source_unref(tick);
        g_object_unref(proc);
    }
    g_main_context_pop_thread_default(ctx);
    g_main_context_unref(ctx);
    return problem;
}

std::atomic<unsigned> conversion_counter{0};

} // namespace

PreparedDocument prepare_document(const fs::path& file, const DocumentOptions& options) {
    PreparedDocument r;
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) {
        r.problem = _("cannot be read");
        return r;
    }
    if (size > kMaxDocumentBytes) {
        r.problem = _("is too big (over 200 MiB); export it as PDF with smaller pictures");
        return r;
    }
    const Kind kind = kind_of(file);
    const std::string ext = lower_extension(file);
    if (kind == Kind::pdf) {
        r.problem = count_pages(file, r.page_count);
        if (r.problem.empty()) r.pdf = file;
        return r;
    }
    const bool presentation_name =
        ext == ".pptx" || ext == ".ppt" || ext == ".odp" || ext == ".ppsx" || ext == ".pps";
    if (ext == ".pdf" || !presentation_name || kind == Kind::other) {
        r.problem = ext == ".pdf" ? _("is not a PDF (it does not start like one); export it as "
                                      "PDF again")
                    : presentation_name
                        ? _("is not a PowerPoint or OpenDocument file (its content is not one); "
                            "save it again from PowerPoint or LibreOffice Impress")
                        : _("is not a document slides can show; use a PDF, a PowerPoint (.pptx, "
                            ".ppt) or an OpenDocument (.odp) file");
        return r;
    }
    if (options.cache_dir.empty()) {
        r.problem = _("cannot be converted: no cache folder can be written; export it as PDF");
        return r;
    }
    const std::string hash = file_content_hash(file, kMaxDocumentBytes);
    if (hash.empty()) {
        r.problem = _("cannot be read");
        return r;
    }
    // The converter's name is in the key: another LibreOffice may lay pages out otherwise.
    const fs::path cached =
        options.cache_dir / (content_hash("libreoffice pdf\n" + hash).substr(0, 32) + ".pdf");
    if (fs::is_regular_file(cached, ec) && count_pages(cached, r.page_count).empty()) {
        r.pdf = cached;
        return r;
    }
    std::string soffice = options.soffice;
    if (soffice.empty()) {
        for (const char* name : {"soffice", "libreoffice"}) {
            if (gchar* found = g_find_program_in_path(name)) {
                soffice = found;
                g_free(found);
                break;
            }
        }
    }
    if (soffice.empty()) {
        r.problem = _("cannot be converted: LibreOffice is not installed; install it (apt-get "
                      "install libreoffice-impress) or export the document as PDF");
        return r;
    }
    // A fresh folder per conversion for the output and LibreOffice's profile: two conversions
    // (tsr check while tsr play reloads) never share a profile, which LibreOffice refuses.
    const fs::path work = options.cache_dir / ("convert-" + std::to_string(::getpid()) + "-" +
                                               std::to_string(conversion_counter++));
    fs::remove_all(work, ec);
    fs::create_directories(work / "out", ec);
    fs::create_directories(work / "profile", ec);
    r.problem = run_soffice(soffice, file, work / "out", work / "profile", options.time_limit);
    const fs::path out = work / "out" / (file.stem().string() + ".pdf");
    if (r.problem.empty() && !fs::is_regular_file(out, ec))
        r.problem = _("cannot be converted: LibreOffice could not open it (damaged, or "
                      "protected by a password?); save it again without a password, or export it "
                      "as PDF");
    if (r.problem.empty()) {
        std::string opened = count_pages(out, r.page_count);
        if (!opened.empty())
            r.problem = i18n::format(_("cannot be converted: LibreOffice's PDF %s"), opened);
    }
    if (r.problem.empty()) {
        fs::rename(out, cached, ec);
        if (ec)
            r.problem = i18n::format(_("cannot be converted: cannot write %s"), cached.string());
    }
    fs::remove_all(work, ec);
    if (r.problem.empty()) {
        r.pdf = cached;
        r.converted = true;
    }
    return r;
}

std::optional<std::vector<int>> parse_page_list(std::string_view pages, int page_count,
                                                std::string* problem) {
    std::vector<int> out;
    const std::string how = _("is not a page list; write it like \"1-3,5\"");
    std::size_t i = 0;
    auto skip_spaces = [&] {
        while (i < pages.size() && pages[i] == ' ')
            ++i;
    };
    auto number = [&]() -> std::optional<int> {
        skip_spaces();
        std::size_t start = i;
        long v = 0;
        while (i < pages.size() && pages[i] >= '0' && pages[i] <= '9' && i - start < 6)
            v = v * 10 + (pages[i++] - '0');
        if (i == start) return std::nullopt;
        skip_spaces();
        return int(v);
    };
    do {
        auto first = number();
        if (!first || *first < 1) {
            *problem = first ? _("counts pages from 1; write it like \"1-3,5\"") : how;
            return std::nullopt;
        }
        int last = *first;
        if (i < pages.size() && pages[i] == '-') {
            ++i;
            auto l = number();
            if (!l) {
                *problem = how;
                return std::nullopt;
            }
            if (*l < *first) {
                *problem = _("has a range that ends before it begins; write it like \"1-3,5\"");
                return std::nullopt;
            }
            last = *l;
        }
        if (last > page_count) {
            *problem = i18n::format(i18n::tr_n("goes beyond the last page (the document has %s "
                                               "page)",
                                               "goes beyond the last page (the document has %s "
                                               "pages)",
                                               page_count),
                                    page_count);
            return std::nullopt;
        }
        if (out.size() + std::size_t(last - *first + 1) > std::size_t(kMaxDocumentPages)) {
            *problem = i18n::format(_("names more than %s pages"), kMaxDocumentPages);
            return std::nullopt;
        }
        for (int p = *first; p <= last; ++p)
            out.push_back(p - 1);
    } while (i < pages.size() && pages[i] == ',' && (++i, true));
    if (i != pages.size() || out.empty()) {
        *problem = how;
        return std::nullopt;
    }
    return out;
}

} // namespace tsr
