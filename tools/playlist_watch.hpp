// Watches a playlist folder for edits (GFileMonitor on the folder, its direct subfolders,
// audio/ images/ and so on, and the folders of the files the playlist uses; never asrun/ or
// dot folders such as .tsr-last-good) and calls back once the edits have settled. Main-loop
// thread.
//
// - Only what matters: a `wanted` filter (set_wanted) says which names the playlist reads;
//   anything else (editor temp files, backups, the as-run log, unrelated files) neither
//   calls back nor postpones a call.
// - Settling: editors write a file in several steps (write, close, rename a temporary over
//   it), so the callback runs `settle` (300 ms) after the last event; but never later than
//   `max_wait` (2 s) after the first one, so that a storm of edits (a sync tool, a script
//   saving every 100 ms) still gets its edits played every 2 s, not never.
// - By path, not by inode: every second the folder's path is looked at; when it names
//   another folder (the old one moved away and a new one moved into its place), the watch
//   is set up again on the new one and the callback runs with `folder_replaced`. While the
//   path names nothing, nothing is reported (and events of the old folder are dropped).
#pragma once

#include <gio/gio.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <sys/types.h>
#include <vector>

namespace tsr {

class PlaylistWatch {
  public:
    /// `changed` gets the paths (relative to the folder, e.g. "playlist.toml",
    /// "audio/rapat.m4a") that changed since the last call, sorted; `folder_replaced`: the
    /// folder's path now names another folder (then `changed` may be empty).
    using Callback =
        std::function<void(const std::vector<std::string>& changed, bool folder_replaced)>;
    /// True for a relative path to react to; a folder's path ("audio") is asked too, when
    /// the folder itself is created, moved or deleted.
    using Wanted = std::function<bool(const std::string& relative)>;

    /// `ignore`: a file never to react to (the as-run log when it is inside the folder).
    PlaylistWatch(std::filesystem::path folder, std::filesystem::path ignore, Callback changed,
                  std::chrono::milliseconds settle = std::chrono::milliseconds(300),
                  std::chrono::milliseconds max_wait = std::chrono::milliseconds(2000),
                  std::chrono::milliseconds folder_check = std::chrono::milliseconds(1000));
    ~PlaylistWatch();
    PlaylistWatch(const PlaylistWatch&) = delete;
    PlaylistWatch& operator=(const PlaylistWatch&) = delete;

    /// The filter (default: everything that is not editor noise).
    void set_wanted(Wanted wanted) { wanted_ = std::move(wanted); }
    /// Also watch the folders of these relative paths ("images/2026/a.png": images/2026),
    /// when they exist and lie inside the folder.
    void watch_folders_of(const std::set<std::string>& relatives);

    /// Folders watched (for the console); empty when nothing could be watched.
    const std::vector<std::string>& watched() const { return watched_; }
    /// Why watching failed, if it did.
    const std::string& problem() const { return problem_; }

  private:
    static void on_changed(GFileMonitor*, GFile* file, GFile* other, GFileMonitorEvent event,
                           gpointer self);
    static gboolean on_settled(gpointer self);
    static gboolean on_folder_check(gpointer self);
    bool note(GFile* file); ///< true when `file` is one to react to
    void forget(GFile* file);
    std::string relative(GFile* file) const;
    void watch(const std::filesystem::path& dir);
    void watch_all();
    void unwatch_all();
    bool same_folder() const; ///< the path still names the folder being watched

    std::filesystem::path folder_;
    std::filesystem::path ignore_;
    Callback changed_;
    Wanted wanted_;
    std::chrono::milliseconds settle_;
    std::chrono::milliseconds max_wait_;
    std::vector<GFileMonitor*> monitors_;
    std::vector<std::string> watched_;
    std::set<std::string> extra_folders_; ///< relative, from watch_folders_of
    std::string problem_;
    std::set<std::string> pending_;
    guint timer_ = 0;
    gint64 first_pending_us_ = 0; ///< monotonic time of the first event not yet reported
    guint folder_timer_ = 0;
    dev_t dev_ = 0;
    ino_t ino_ = 0;
    bool have_identity_ = false;
};

} // namespace tsr
