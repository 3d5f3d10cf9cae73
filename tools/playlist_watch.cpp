#include "playlist_watch.hpp"
#include "i18n.hpp"

#include <algorithm>
#include <sys/stat.h>
#include <utility>

namespace tsr {

namespace fs = std::filesystem;

namespace {

/// Files editors leave behind for a moment: swap files, backups, vim's write test; dot files
/// and dot folders (.tsr-last-good, .git).
bool is_noise(const std::string& name) {
    if (name.empty() || name[0] == '.' || name[0] == '#') return true;
    if (name.back() == '~' || name == "4913") return true;
    for (const char* ext : {".swp", ".swx", ".tmp", ".part", ".bak"})
        if (name.size() > std::string(ext).size() &&
            name.compare(name.size() - std::string(ext).size(), std::string::npos, ext) == 0)
            return true;
    return false;
}

} // namespace

PlaylistWatch::PlaylistWatch(fs::path folder, fs::path ignore, Callback changed,
                             std::chrono::milliseconds settle, std::chrono::milliseconds max_wait,
                             std::chrono::milliseconds folder_check)
    : folder_(std::move(folder)), ignore_(std::move(ignore)), changed_(std::move(changed)),
      settle_(settle), max_wait_(std::max(max_wait, settle)) {
    watch_all();
    folder_timer_ = g_timeout_add(guint(folder_check.count()), on_folder_check, this);
}

PlaylistWatch::~PlaylistWatch() {
    if (timer_) g_source_remove(timer_);
    if (folder_timer_) g_source_remove(folder_timer_);
    unwatch_all();
}

void PlaylistWatch::watch_all() {
    struct stat st {};
    have_identity_ = ::stat(folder_.c_str(), &st) == 0;
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    problem_.clear();
    watch(folder_);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder_, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory(ec) && name != "asrun" && !is_noise(name)) watch(entry.path());
    }
    watch_folders_of(extra_folders_);
}

void PlaylistWatch::unwatch_all() {
    for (GFileMonitor* m : monitors_) {
        g_signal_handlers_disconnect_by_data(m, this);
        g_file_monitor_cancel(m);
        g_object_unref(m);
    }
    monitors_.clear();
    watched_.clear();
}

void PlaylistWatch::watch_folders_of(const std::set<std::string>& relatives) {
    for (const std::string& rel : relatives) {
        fs::path dir = fs::path(rel).parent_path();
        if (dir.empty() || *dir.begin() == ".." || *dir.begin() == "asrun") continue;
        extra_folders_.insert(rel);
        std::string full = (folder_ / dir).string();
        std::error_code ec;
        if (std::find(watched_.begin(), watched_.end(), full) == watched_.end() &&
            fs::is_directory(full, ec))
            watch(full);
    }
}

void PlaylistWatch::watch(const fs::path& dir) {
    GFile* f = g_file_new_for_path(dir.c_str());
    GError* err = nullptr;
    GFileMonitor* m = g_file_monitor_directory(f, G_FILE_MONITOR_WATCH_MOVES, nullptr, &err);
    g_object_unref(f);
    if (!m) {
        problem_ = i18n::format(_("cannot watch %s (%s)"), dir.string(), err ? err->message : "?");
        if (err) g_error_free(err);
        return;
    }
    g_signal_connect(m, "changed", G_CALLBACK(on_changed), this);
    monitors_.push_back(m);
    watched_.push_back(dir.string());
}

bool PlaylistWatch::same_folder() const {
    struct stat st {};
    if (::stat(folder_.c_str(), &st) != 0) return false;
    return have_identity_ && st.st_dev == dev_ && st.st_ino == ino_;
}

std::string PlaylistWatch::relative(GFile* file) const {
    gchar* path = file ? g_file_get_path(file) : nullptr;
    if (!path) return "";
    fs::path p(path);
    g_free(path);
    return p.lexically_relative(folder_).string();
}

void PlaylistWatch::forget(GFile* file) {
    std::string rel = relative(file);
    if (!rel.empty()) pending_.erase(rel);
}

bool PlaylistWatch::note(GFile* file) {
    gchar* path = file ? g_file_get_path(file) : nullptr;
    if (!path) return false;
    fs::path p(path);
    g_free(path);
    std::error_code ec;
    if (!ignore_.empty() && fs::weakly_canonical(p, ec) == ignore_) return false;
    fs::path rel = p.lexically_relative(folder_);
    if (rel.empty() || rel == "." || *rel.begin() == "asrun" || *rel.begin() == "..") return false;
    for (const auto& part : rel)
        if (is_noise(part.string())) return false;
    // A new folder at the top (mkdir, or moved in): watch it too, for what may come in it.
    if (std::distance(rel.begin(), rel.end()) == 1 && fs::is_directory(p, ec) &&
        std::find(watched_.begin(), watched_.end(), p.string()) == watched_.end())
        watch(p);
    if (wanted_ && !wanted_(rel.generic_string())) return false;
    pending_.insert(rel.generic_string());
    return true;
}

void PlaylistWatch::on_changed(GFileMonitor*, GFile* file, GFile* other, GFileMonitorEvent event,
                               gpointer data) {
    auto* self = static_cast<PlaylistWatch*>(data);
    switch (event) {
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_MOVED:
        break;
    default:
        return;
    }
    // Events of a folder that is no longer at the path (moved away): the path is what plays.
    if (!self->same_folder()) return;
    bool relevant;
    if (event == G_FILE_MONITOR_EVENT_RENAMED || event == G_FILE_MONITOR_EVENT_MOVED) {
        // `file` is the old name, `other` the new one. A temporary renamed over the real
        // file (sed -i, many editors): the change is the real one's, the temporary is gone
        // (noise, or not wanted). A used file renamed away: its name changed too.
        self->forget(file);
        const bool to = self->note(other);
        const bool from = self->note(file);
        relevant = to || from;
    } else {
        relevant = self->note(file);
    }
    if (!relevant) return;
    // Wait until the edits settle, but at most max_wait after the first one.
    const gint64 now = g_get_monotonic_time();
    if (self->timer_)
        g_source_remove(self->timer_);
    else
        self->first_pending_us_ = now;
    const gint64 left_ms = self->max_wait_.count() - (now - self->first_pending_us_) / 1000;
    const gint64 wait_ms = std::clamp<gint64>(left_ms, 0, self->settle_.count());
    self->timer_ = g_timeout_add(guint(wait_ms), on_settled, self);
}

gboolean PlaylistWatch::on_settled(gpointer data) {
    auto* self = static_cast<PlaylistWatch*>(data);
    self->timer_ = 0;
    std::vector<std::string> changed(self->pending_.begin(), self->pending_.end());
    self->pending_.clear();
    if (!changed.empty()) self->changed_(changed, false);
    return G_SOURCE_REMOVE;
}

gboolean PlaylistWatch::on_folder_check(gpointer data) {
    auto* self = static_cast<PlaylistWatch*>(data);
    struct stat st {};
    if (::stat(self->folder_.c_str(), &st) != 0) return G_SOURCE_CONTINUE; // gone: wait
    if (self->have_identity_ && st.st_dev == self->dev_ && st.st_ino == self->ino_)
        return G_SOURCE_CONTINUE;
    // Another folder at the path: watch it instead, and say so.
    if (self->timer_) g_source_remove(std::exchange(self->timer_, 0));
    self->pending_.clear();
    self->unwatch_all();
    self->watch_all();
    self->changed_({}, true);
    return G_SOURCE_CONTINUE;
}

} // namespace tsr
