#include "announcement_context.hpp"

namespace tsr {

namespace {

constexpr const char* kCarrierKey = "tsr-announcement";

constexpr guint64 layout_of_this_build() {
    return guint64(sizeof(Announcement)) * 10007u + guint64(sizeof(DecodedSound));
}

} // namespace

GstContext* make_announcement_context(std::shared_ptr<const Announcement> a) {
    GObject* carrier = G_OBJECT(g_object_new(G_TYPE_OBJECT, nullptr));
    g_object_set_data_full(
        carrier, kCarrierKey, new std::shared_ptr<const Announcement>(std::move(a)),
        [](gpointer p) { delete static_cast<std::shared_ptr<const Announcement>*>(p); });
    GstContext* context = gst_context_new(kAnnouncementContextType, FALSE);
    gst_structure_set(gst_context_writable_structure(context), "announcement", G_TYPE_OBJECT,
                      carrier, "layout", G_TYPE_UINT64, layout_of_this_build(), nullptr);
    g_object_unref(carrier);
    return context;
}

std::shared_ptr<const Announcement> announcement_from_context(const GstContext* context) {
    if (!context || !gst_context_has_context_type(context, kAnnouncementContextType))
        return nullptr;
    const GstStructure* s = gst_context_get_structure(context);
    guint64 layout = 0;
    if (!gst_structure_get_uint64(s, "layout", &layout) || layout != layout_of_this_build())
        return nullptr;
    const GValue* v = gst_structure_get_value(s, "announcement");
    if (!v || !G_VALUE_HOLDS_OBJECT(v) || !g_value_get_object(v)) return nullptr;
    auto* held = static_cast<std::shared_ptr<const Announcement>*>(
        g_object_get_data(G_OBJECT(g_value_get_object(v)), kCarrierKey));
    return held ? *held : nullptr;
}

void set_announcement_context(GstElement* element, std::shared_ptr<const Announcement> a) {
    GstContext* context = make_announcement_context(std::move(a));
    gst_element_set_context(element, context);
    gst_context_unref(context);
}

} // namespace tsr
