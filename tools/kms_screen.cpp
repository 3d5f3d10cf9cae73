#include "kms_screen.hpp"
#include "i18n.hpp"

#include <xf86drm.h>
#include <xf86drmMode.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace tsr {

namespace {

constexpr int kDpmsOn = DRM_MODE_DPMS_ON;
constexpr int kDpmsOff = DRM_MODE_DPMS_OFF;

/// A CRTC scans out a framebuffer through this connector (gstkmssink.c connector_is_used).
bool in_use(int fd, const drmModeConnector& c) {
    if (!c.encoder_id) return false;
    drmModeEncoder* enc = drmModeGetEncoder(fd, c.encoder_id);
    if (!enc) return false;
    bool used = false;
    if (enc->crtc_id) {
        if (drmModeCrtc* crtc = drmModeGetCrtc(fd, enc->crtc_id)) {
            used = crtc->buffer_id != 0;
            drmModeFreeCrtc(crtc);
        }
    }
    drmModeFreeEncoder(enc);
    return used;
}

/// The connector's "DPMS" property id, and its value in `value`; -errno, -ENOENT without one.
long dpms_property(int fd, std::uint32_t connector, std::uint64_t* value) {
    drmModeObjectProperties* props =
        drmModeObjectGetProperties(fd, connector, DRM_MODE_OBJECT_CONNECTOR);
    if (!props) return errno ? -errno : -ENOENT;
    long id = -ENOENT;
    for (std::uint32_t i = 0; i < props->count_props && id < 0; ++i) {
        drmModePropertyRes* p = drmModeGetProperty(fd, props->props[i]);
        if (!p) continue;
        if (std::strcmp(p->name, "DPMS") == 0) {
            id = long(p->prop_id);
            if (value) *value = props->prop_values[i];
        }
        drmModeFreeProperty(p);
    }
    drmModeFreeObjectProperties(props);
    return id;
}

class Libdrm final : public DrmAccess {
  public:
    int open(const std::string& card) override {
        const int fd = ::open(card.c_str(), O_RDWR | O_CLOEXEC);
        return fd >= 0 ? fd : -errno;
    }
    void close(int fd) override { ::close(fd); }
    std::uint32_t find_connector(int fd, std::string* why) override {
        drmModeRes* res = drmModeGetResources(fd);
        if (!res) {
            *why = i18n::format(_("no mode setting resources (%s)"), g_strerror(errno));
            return 0;
        }
        // kmssink's choice (find_main_monitor), among connected connectors only: a laptop's
        // panel in use, else any connector in use, else the first connected one.
        std::uint32_t panel = 0, used = 0, first = 0;
        for (int i = 0; i < res->count_connectors && i < 64; ++i) {
            drmModeConnector* c = drmModeGetConnector(fd, res->connectors[i]);
            if (!c) continue;
            if (c->connection == DRM_MODE_CONNECTED) {
                const bool u = in_use(fd, *c);
                const bool is_panel = c->connector_type == DRM_MODE_CONNECTOR_LVDS ||
                                      c->connector_type == DRM_MODE_CONNECTOR_eDP;
                if (u && is_panel && !panel) panel = c->connector_id;
                if (u && !used) used = c->connector_id;
                if (!first) first = c->connector_id;
            }
            drmModeFreeConnector(c);
        }
        drmModeFreeResources(res);
        why->clear();
        return panel ? panel : used ? used : first;
    }
    int set_dpms(int fd, std::uint32_t connector, int mode) override {
        const long id = dpms_property(fd, connector, nullptr);
        if (id < 0) return int(id);
        // libdrm returns -errno.
        return drmModeConnectorSetProperty(fd, connector, std::uint32_t(id), std::uint64_t(mode));
    }
    int get_dpms(int fd, std::uint32_t connector) override {
        std::uint64_t value = 0;
        const long id = dpms_property(fd, connector, &value);
        return id < 0 ? int(id) : int(value);
    }
};

} // namespace

std::shared_ptr<DrmAccess> libdrm_access() {
    return std::make_shared<Libdrm>();
}

std::string dpms_name(int mode) {
    switch (mode) {
    case DRM_MODE_DPMS_ON:
        return "On";
    case DRM_MODE_DPMS_STANDBY:
        return "Standby";
    case DRM_MODE_DPMS_SUSPEND:
        return "Suspend";
    case DRM_MODE_DPMS_OFF:
        return "Off";
    default:
        return std::to_string(mode);
    }
}

KmsScreen::KmsScreen(std::shared_ptr<DrmAccess> drm, std::string card, std::string problem)
    : drm_(std::move(drm)), card_(std::move(card)), problem_(std::move(problem)) {
    if (card_.empty()) return;
    const int fd = drm_->open(card_);
    if (fd < 0) {
        problem_ = i18n::format(_("%s cannot be opened (%s)"), card_, g_strerror(-fd));
        return;
    }
    std::string why;
    const std::uint32_t connector = drm_->find_connector(fd, &why);
    if (!connector) {
        problem_ =
            why.empty() ? i18n::format(_("%s has no screen connected"), card_) : card_ + ": " + why;
        drm_->close(fd);
        return;
    }
    fd_ = fd;
    connector_ = connector;
}

KmsScreen::~KmsScreen() {
    detach();
    // Closing the master fd hands the screen back to the console (lit again).
    if (fd_ >= 0) drm_->close(fd_);
}

bool KmsScreen::off() const {
    std::lock_guard lock(mutex_);
    return off_;
}

void KmsScreen::attach(GstElement* sink) {
    std::lock_guard lock(mutex_);
    if (!usable()) return;
    if (sink_) gst_object_unref(sink_);
    sink_ = GST_ELEMENT(gst_object_ref(sink));
    // An fd is taken once per kmssink (a stopped one keeps its device name and refuses
    // another): each pipeline built gets its own kmssink, so this is its first.
    g_object_set(sink_, "fd", fd_, "connector-id", gint(connector_), "skip-vsync", gboolean(off_),
                 nullptr);
}

void KmsScreen::detach() {
    std::lock_guard lock(mutex_);
    if (sink_) gst_object_unref(sink_);
    sink_ = nullptr;
}

std::string KmsScreen::set(bool on) {
    std::lock_guard lock(mutex_);
    if (!usable()) return problem_;
    return set_locked(on);
}

std::string KmsScreen::set_locked(bool on) {
    const std::string id = std::to_string(connector_);
    if (!on && sink_) {
        g_object_set(sink_, "skip-vsync", TRUE, nullptr);
        // kmssink reads skip-vsync and flips under its object lock (show_frame): once we have
        // held it, no flip is under way and none starts, so none meets the CRTC off.
        GST_OBJECT_LOCK(sink_);
        GST_OBJECT_UNLOCK(sink_);
    }
    const int want = on ? kDpmsOn : kDpmsOff;
    std::string problem;
    if (const int r = drm_->set_dpms(fd_, connector_, want); r < 0)
        problem = r == -ENOENT ? i18n::format(_("connector %s has no DPMS property"), id)
                               : i18n::format(_("setting DPMS on connector %s failed (%s)"), id,
                                              g_strerror(-r));
    const int now = drm_->get_dpms(fd_, connector_);
    if (problem.empty() && now < 0)
        problem = i18n::format(_("reading DPMS of connector %s failed (%s)"), id, g_strerror(-now));
    else if (problem.empty() && now != want)
        problem = i18n::format(_("DPMS of connector %s reads %s after setting %s"), id,
                               dpms_name(now), dpms_name(want));
    // As read back (unknown: as asked): kmssink flips only while the screen is on.
    off_ = now >= 0 ? now != kDpmsOn : !on;
    if (!off_ && sink_) g_object_set(sink_, "skip-vsync", FALSE, nullptr);
    return problem;
}

std::string KmsScreen::reassert() {
    std::lock_guard lock(mutex_);
    if (!usable() || !off_) return "";
    // kmssink's mode set turned the CRTC on without touching the connector's DPMS, which the
    // kernel may still hold as Off and skip a second Off: On first, then Off.
    drm_->set_dpms(fd_, connector_, kDpmsOn);
    return set_locked(false);
}

} // namespace tsr
