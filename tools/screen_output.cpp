#include "screen_output.hpp"
#include "i18n.hpp"

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace tsr {

namespace {

bool env_set(const char* name) {
    const char* v = std::getenv(name);
    return v && *v;
}

/// Xlib errors about our window (BadWindow after the server restarted, ...) must not kill the
/// playout: say them and go on.
int on_x_error(Display* d, XErrorEvent* e) {
    char text[256] = "";
    XGetErrorText(d, e->error_code, text, sizeof text);
    std::cerr << "tsr play: " << i18n::format(_("X error: %s"), text) << "\n";
    return 0;
}

/// The X server went away (Xlib cannot continue after this): say so; exit 3 so that the
/// service manager starts tsr again, which then picks the output anew.
int on_x_io_error(Display*) {
    std::cerr << "tsr play: " << _("the X display went away; stopping (the service restarts tsr)")
              << "\n";
    std::_Exit(3);
}

} // namespace

std::string usable_drm_card(std::string* why) {
    std::error_code ec;
    std::filesystem::path dri = "/dev/dri";
    if (!std::filesystem::is_directory(dri, ec)) {
        *why = _("no DRM device (/dev/dri does not exist)");
        return "";
    }
    std::string reason = _("no /dev/dri/card* device");
    for (const auto& entry : std::filesystem::directory_iterator(dri, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("card", 0) != 0) continue;
        int fd = ::open(entry.path().c_str(), O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            reason = i18n::format(_("%s cannot be opened (add the user to the video group)"),
                                  entry.path().string());
            continue;
        }
        ::close(fd);
        // A screen plugged in: /sys/class/drm/cardN-HDMI-A-1/status says "connected".
        bool connected = false;
        for (const auto& c : std::filesystem::directory_iterator("/sys/class/drm", ec)) {
            const std::string cn = c.path().filename().string();
            if (cn.rfind(name + "-", 0) != 0) continue;
            std::ifstream status(c.path() / "status");
            std::string s;
            if (status >> s && s == "connected") connected = true;
        }
        if (connected) return entry.path().string();
        reason = i18n::format(_("%s has no screen connected"), entry.path().string());
    }
    *why = reason;
    return "";
}

AutoChoice choose_auto_output(const std::filesystem::path& fallback_dir, const std::string& stamp) {
    AutoChoice c;
    std::string x_problem;
    if (env_set("DISPLAY")) {
        if (Display* d = XOpenDisplay(nullptr)) {
            XCloseDisplay(d);
            c.output.kind = OutputSpec::Kind::fullscreen;
            c.why = i18n::format(_("DISPLAY=%s is set: fullscreen on that X screen"),
                                 std::getenv("DISPLAY"));
            return c;
        }
        x_problem = i18n::format(_("DISPLAY=%s does not answer; "), std::getenv("DISPLAY"));
    }
    if (env_set("WAYLAND_DISPLAY")) {
        c.output.kind = OutputSpec::Kind::automatic; // autovideosink: waylandsink
        c.why = x_problem + _("WAYLAND_DISPLAY is set: a window on the Wayland desktop");
        return c;
    }
    std::string drm_problem;
    std::string card = usable_drm_card(&drm_problem);
    if (!card.empty()) {
        c.output.kind = OutputSpec::Kind::kms;
        c.why = x_problem + i18n::format(_("no desktop (DISPLAY and WAYLAND_DISPLAY are not set) "
                                           "and %s has a screen: the TV through KMS"),
                                         card);
        return c;
    }
    // Nothing to show on: no recording (a day of it was 13-19 GB, without limit). The
    // as-run log still says what would have shown; --output file:PATH records on purpose.
    (void)fallback_dir;
    (void)stamp;
    c.output.kind = OutputSpec::Kind::null;
    c.output.not_shown = _("no screen found: played to nothing");
    c.why = x_problem + i18n::format(_("no screen found (no DISPLAY, no WAYLAND_DISPLAY, %s): "
                                       "playing to nothing, the as-run log goes on (record on "
                                       "purpose with --output file:PATH)"),
                                     drm_problem);
    return c;
}

std::string probe_audio_sink(std::string* why) {
    // What autoaudiosink would try first, asked directly: a sound server (PulseAudio, or
    // PipeWire through its PulseAudio side), else the ALSA default device. A sink that opens
    // its device in READY is one that can play.
    for (const char* factory : {"pulsesink", "alsasink"}) {
        GstElement* sink = gst_element_factory_make(factory, nullptr);
        if (!sink) continue;
        gst_object_ref_sink(sink);
        const bool opens = gst_element_set_state(sink, GST_STATE_READY) != GST_STATE_CHANGE_FAILURE;
        gst_element_set_state(sink, GST_STATE_NULL);
        gst_object_unref(sink);
        if (opens) {
            why->clear();
            return factory;
        }
    }
    *why = _("no sound device found (no PulseAudio/PipeWire server, no ALSA card)");
    return "fakesink";
}

std::unique_ptr<FullscreenWindow> FullscreenWindow::open(std::string* error) {
    XSetErrorHandler(on_x_error);
    XSetIOErrorHandler(on_x_io_error);
    Display* d = XOpenDisplay(nullptr);
    if (!d) {
        const char* name = std::getenv("DISPLAY");
        *error = i18n::format(_("cannot open the X display \"%s\" (is the desktop running, and "
                                "may this user use it?)"),
                              name ? name : "");
        return nullptr;
    }
    const int screen = DefaultScreen(d);
    const Window root = RootWindow(d, screen);
    const int w = DisplayWidth(d, screen), h = DisplayHeight(d, screen);

    XSetWindowAttributes attrs{};
    attrs.background_pixel = BlackPixel(d, screen);
    attrs.border_pixel = BlackPixel(d, screen);
    attrs.event_mask = StructureNotifyMask | ExposureMask;
    Window win =
        XCreateWindow(d, root, 0, 0, unsigned(w), unsigned(h), 0, CopyFromParent, InputOutput,
                      CopyFromParent, CWBackPixel | CWBorderPixel | CWEventMask, &attrs);
    XStoreName(d, win, "TSR");
    XClassHint cls{const_cast<char*>("tsr"), const_cast<char*>("TSR")};
    XSetClassHint(d, win, &cls);

    // Fullscreen for window managers (EWMH), and no decorations for older ones (Motif hints).
    Atom wm_state = XInternAtom(d, "_NET_WM_STATE", False);
    Atom fullscreen = XInternAtom(d, "_NET_WM_STATE_FULLSCREEN", False);
    XChangeProperty(d, win, wm_state, XA_ATOM, 32, PropModeReplace,
                    reinterpret_cast<unsigned char*>(&fullscreen), 1);
    struct {
        unsigned long flags, functions, decorations;
        long input_mode;
        unsigned long status;
    } motif{2 /* decorations */, 0, 0, 0, 0};
    Atom motif_hints = XInternAtom(d, "_MOTIF_WM_HINTS", False);
    XChangeProperty(d, win, motif_hints, motif_hints, 32, PropModeReplace,
                    reinterpret_cast<unsigned char*>(&motif), 5);

    // No mouse pointer over the picture: a cursor made of one transparent pixel.
    static char empty[1] = {0};
    Pixmap blank = XCreateBitmapFromData(d, win, empty, 1, 1);
    XColor black{};
    Cursor cursor = XCreatePixmapCursor(d, blank, blank, &black, &black, 0, 0);
    XDefineCursor(d, win, cursor);
    XFreePixmap(d, blank);

    // A TV in a hall: never blank the screen.
    XSetScreenSaver(d, 0, 0, DontPreferBlanking, DefaultExposures);

    XMapRaised(d, win);
    XSync(d, False);

    auto fw = std::unique_ptr<FullscreenWindow>(new FullscreenWindow());
    fw->display_ = d;
    fw->handle_ = guintptr(win);
    fw->width_ = w;
    fw->height_ = h;
    return fw;
}

FullscreenWindow::~FullscreenWindow() {
    auto* d = static_cast<Display*>(display_);
    if (!d) return;
    XDestroyWindow(d, Window(handle_));
    XCloseDisplay(d);
}

} // namespace tsr
