#include "playlist_watch.hpp"

namespace tsr {

namespace {

/// Files editors leave behind for a moment: swap files, backups, vim's write test.
bool is_noise(const std::string& name) {
    if (name.empty() || name[0] == '.' || name[0] == '#') return true;
    if (name.back() == '~' || name == "4913") return true;
    for (const char* ext : {".swp", ".swx", ".tmp", ".part"})
        if (name.size() > std::string(ext).size() &&
            name.compare(name.size() - std::string(ext).size(), std::string::npos, ext) == 0)
            return true;
    return false;
}

} // namespace

PlaylistWatch::PlaylistWatch(std::filesystem::path folder, std::filesystem::path ignore,
                             Callback changed, std::chrono::milliseconds settle)
    : folder_(std::move(folder)), ignore_(std::move(ignore)), changed_(std::move(changed)),
      settle_(settle) {
    watch(folder_);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder_, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory(ec) && name != "asrun" && !is_noise(name)) watch(entry.path());
    }
}

PlaylistWatch::~PlaylistWatch() {
    if (timer_) g_source_remove(timer_);
    for (GFileMonitor* m : monitors_) {
        g_signal_handlers_disconnect_by_data(m, this);
        g_file_monitor_cancel(m);
        g_object_unref(m);
    }
}

void PlaylistWatch::watch(const std::filesystem::path& dir) {
    GFile* f = g_file_new_for_path(dir.c_str());
    GError* err = nullptr;
    GFileMonitor* m = g_file_monitor_directory(f, G_FILE_MONITOR_WATCH_MOVES, nullptr, &err);
    g_object_unref(f);
    if (!m) {
        problem_ = "cannot watch " + dir.string() + " (" + (err ? err->message : "?") + ")";
        if (err) g_error_free(err);
        return;
    }
    g_signal_connect(m, "changed", G_CALLBACK(on_changed), this);
    monitors_.push_back(m);
    watched_.push_back(dir.string());
}

std::string PlaylistWatch::relative(GFile* file) const {
    gchar* path = file ? g_file_get_path(file) : nullptr;
    if (!path) return "";
    std::filesystem::path p(path);
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
    std::filesystem::path p(path);
    g_free(path);
    std::error_code ec;
    if (!ignore_.empty() && std::filesystem::weakly_canonical(p, ec) == ignore_) return false;
    std::filesystem::path rel = p.lexically_relative(folder_);
    if (rel.empty() || *rel.begin() == "asrun" || *rel.begin() == "..") return false;
    for (const auto& part : rel)
        if (is_noise(part.string())) return false;
    pending_.insert(rel.string());
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
    bool relevant;
    if (event == G_FILE_MONITOR_EVENT_RENAMED || event == G_FILE_MONITOR_EVENT_MOVED) {
        // A temporary file renamed over the real one (sed -i, many editors): the change is
        // the real one's; the temporary name is gone.
        self->forget(file);
        relevant = self->note(other);
    } else {
        relevant = self->note(file);
    }
    if (!relevant && self->timer_ == 0) return;
    // Wait until the edits settle: every new event starts the wait again.
    if (self->timer_) g_source_remove(self->timer_);
    self->timer_ = g_timeout_add(guint(self->settle_.count()), on_settled, self);
}

gboolean PlaylistWatch::on_settled(gpointer data) {
    auto* self = static_cast<PlaylistWatch*>(data);
    self->timer_ = 0;
    std::vector<std::string> changed(self->pending_.begin(), self->pending_.end());
    self->pending_.clear();
    if (!changed.empty()) self->changed_(changed);
    return G_SOURCE_REMOVE;
}

} // namespace tsr
