#include "playlist_context.hpp"

#include "playlist_loader.hpp"

namespace tsr {

namespace {

constexpr const char* kSnapshotKey = "tsr-playlist-snapshot";

/// The types a snapshot is read through, as one number: equal builds agree.
constexpr guint64 layout_of_this_build() {
    return guint64(sizeof(Playlist)) * 1000003u + guint64(sizeof(Slide)) * 10007u +
           guint64(sizeof(Activity)) * 101u + guint64(sizeof(Reminder));
}

} // namespace

std::filesystem::path playlist_key(const std::filesystem::path& where) {
    std::error_code ec;
    return std::filesystem::absolute(playlist_file_of(where), ec).lexically_normal();
}

GstContext* make_playlist_context(std::shared_ptr<const Playlist> playlist,
                                  std::uint64_t generation, const std::filesystem::path& where) {
    const std::string key = playlist_key(where.empty() ? playlist->file : where).string();
    // A plain GObject holds the snapshot: refcounted by the structure, freed with its last
    // context, and no type of ours to register twice.
    GObject* carrier = G_OBJECT(g_object_new(G_TYPE_OBJECT, nullptr));
    g_object_set_data_full(
        carrier, kSnapshotKey, new std::shared_ptr<const Playlist>(std::move(playlist)),
        [](gpointer p) { delete static_cast<std::shared_ptr<const Playlist>*>(p); });
    GstContext* context = gst_context_new(kPlaylistContextType, FALSE);
    GstStructure* s = gst_context_writable_structure(context);
    gst_structure_set(s, "snapshot", G_TYPE_OBJECT, carrier, "generation", G_TYPE_UINT64,
                      guint64(generation), "for", G_TYPE_STRING, key.c_str(), "layout",
                      G_TYPE_UINT64, layout_of_this_build(), nullptr);
    g_object_unref(carrier);
    return context;
}

std::optional<PlaylistSnapshot> playlist_from_context(const GstContext* context) {
    if (!context || !gst_context_has_context_type(context, kPlaylistContextType))
        return std::nullopt;
    const GstStructure* s = gst_context_get_structure(context);
    guint64 layout = 0, generation = 0;
    if (!gst_structure_get_uint64(s, "layout", &layout) || layout != layout_of_this_build() ||
        !gst_structure_get_uint64(s, "generation", &generation))
        return std::nullopt;
    const GValue* v = gst_structure_get_value(s, "snapshot");
    const char* for_file = gst_structure_get_string(s, "for");
    if (!v || !G_VALUE_HOLDS_OBJECT(v) || !g_value_get_object(v) || !for_file) return std::nullopt;
    auto* held = static_cast<std::shared_ptr<const Playlist>*>(
        g_object_get_data(G_OBJECT(g_value_get_object(v)), kSnapshotKey));
    if (!held || !*held) return std::nullopt;
    return PlaylistSnapshot{*held, generation, for_file};
}

void set_playlist_context(GstElement* element, std::shared_ptr<const Playlist> playlist,
                          std::uint64_t generation, const std::filesystem::path& where) {
    GstContext* context = make_playlist_context(std::move(playlist), generation, where);
    gst_element_set_context(element, context);
    gst_context_unref(context);
}

} // namespace tsr
