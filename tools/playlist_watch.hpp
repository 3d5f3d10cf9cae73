// Watches a playlist folder for edits (GFileMonitor on the folder and its direct subfolders,
// audio/ images/ and so on; never asrun/) and calls back once the edits have settled:
// editors write a file in several steps (write, close, rename a temporary over it), so the
// callback runs 300 ms after the last event, with the names that changed. Main-loop thread.
#pragma once

#include <gio/gio.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace tsr {

class PlaylistWatch {
  public:
    /// `changed` gets the paths (relative to the folder, e.g. "playlist.toml",
    /// "audio/rapat.m4a") that changed since the last call, sorted.
    using Callback = std::function<void(const std::vector<std::string>& changed)>;

    /// `ignore`: a file never to react to (the as-run log when it is inside the folder).
    PlaylistWatch(std::filesystem::path folder, std::filesystem::path ignore, Callback changed,
                  std::chrono::milliseconds settle = std::chrono::milliseconds(300));
    ~PlaylistWatch();
    PlaylistWatch(const PlaylistWatch&) = delete;
    PlaylistWatch& operator=(const PlaylistWatch&) = delete;

    /// Folders watched (for the console); empty when nothing could be watched.
    const std::vector<std::string>& watched() const { return watched_; }
    /// Why watching failed, if it did.
    const std::string& problem() const { return problem_; }

  private:
    static void on_changed(GFileMonitor*, GFile* file, GFile* other, GFileMonitorEvent event,
                           gpointer self);
    static gboolean on_settled(gpointer self);
    bool note(GFile* file); ///< true when `file` is one to react to
    void forget(GFile* file);
    std::string relative(GFile* file) const;
    void watch(const std::filesystem::path& dir);

    std::filesystem::path folder_;
    std::filesystem::path ignore_;
    Callback changed_;
    std::chrono::milliseconds settle_;
    std::vector<GFileMonitor*> monitors_;
    std::vector<std::string> watched_;
    std::string problem_;
    std::set<std::string> pending_;
    guint timer_ = 0;
};

} // namespace tsr
