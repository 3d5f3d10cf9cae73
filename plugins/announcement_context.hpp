// How tsr play hands an announcement (engine/announcement.hpp) to the running pipeline: a
// GstContext of type "tsr.announcement", set on the pipeline like the playlist
// (playlist_context.hpp), so that every tsr element in it, and those of a pipeline rebuilt
// while it lasts, gets it through set_context. A newer context replaces the older one (one
// announcement at a time); an element reads it between two buffers (PlaylistInbox).
//
// What the context holds: a structure "tsr.announcement" with
//   "announcement"  GObject: a plain GObject carrying the shared_ptr<const Announcement>;
//   "layout"        guint64: sizeof(Announcement) in this build (another build ignores it).
#pragma once

#include "announcement.hpp"

#include <gst/gst.h>

#include <memory>

namespace tsr {

inline constexpr const char* kAnnouncementContextType = "tsr.announcement";

/// A new (non-persistent) context carrying `a` (never null). Never returns null.
GstContext* make_announcement_context(std::shared_ptr<const Announcement> a);

/// The announcement `context` carries; null for another type or one of another build.
std::shared_ptr<const Announcement> announcement_from_context(const GstContext* context);

/// Sets `a` on `element` (a pipeline: every element in it, now and added later).
void set_announcement_context(GstElement* element, std::shared_ptr<const Announcement> a);

} // namespace tsr
