/**
 * SECTION:element-tsrcompose
 * @title: tsrcompose
 *
 * The TSR screen: opaque BGRx layers (the slide, the ticker band) stacked into one BGRx
 * frame, repainting only what changed since the frame being reused last showed.
 *
 * Why not compositor: compositor fills each new frame from a pool that forgets its content,
 * so every frame costs a full-screen copy of the slide plus the ticker, although the slide
 * changes once a minute at most. tsrcompose keeps its own frames and remembers what each
 * one shows (which buffer memory of which layer, where: engine/render/layer_compose.hpp).
 * When the display hands a frame back, only the rectangles whose layer changed are
 * repainted: with the slide unchanged that is the ticker band, about 7% of a 1080p frame,
 * and within a band a lower layer that the topmost layer hides is not copied at all.
 *
 * A layer's content is "the same" while its buffer carries the same read-only GstMemory at
 * the same place (tsrslidesrc pushes one picture by reference until it changes; the element
 * holds a reference, so the address cannot come back as another memory); anything else,
 * writable memory included (a pool may refill it in place), counts as new. The frames are pushed
 * read-only, so that nothing downstream can change what a frame is remembered to show.
 *
 * Layers: request pads `sink_%u`, bottom to top by `zorder` (as compositor), each placed at
 * its `xpos`, `ypos` (a layer may hang over an edge; it is clipped). Layers are opaque: a
 * higher one hides what is below; black where there is none. The output is as large as the
 * largest layer unless downstream says otherwise, at the highest framerate of the layers.
 * Timing, repeating the last frame of a slower layer and live operation are GstVideoAggregator's.
 *
 * A layer buffer may last several frames and move sideways within them (TsrScrollMeta,
 * scroll_meta.hpp, offered in the allocation query: tsrtickersrc live with frames-per-buffer):
 * each output frame shows the window of the buffer's last frame that begins before the output
 * frame ends, as GstVideoAggregator picks whole buffers, so the band moves frame by frame
 * exactly as with a buffer a frame. A step that would read past the buffer is not taken.
 *
 * Read-only counters for tests and benchmarks: `frames` (frames made), `pixels-painted`
 * (pixels written into frames, background included) and `frames-allocated` (frames the
 * element holds: those in the display's queue plus one).
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 tsrcompose name=screen sink_1::ypos=1003 ! videoconvert ! autovideosink \
 *     tsrslidesrc playlist=playlists/demo ! screen.sink_0 \
 *     tsrtickersrc playlist=playlists/demo ! video/x-raw,format=BGRx ! screen.sink_1
 * ]|
 *
 * Threads and locks: pad positions are atomics; everything else belongs to the aggregator's
 * streaming thread, which composes under the element's object lock (the pad list); a frame
 * is given back from whichever thread drops the last reference to it (ComposedFrames locks).
 */
#include "i18n.hpp"
#include "render/composed_frames.hpp"
#include "render/layer_compose.hpp"
#include "scroll_meta.hpp"

#include <gst/gst.h>
#include <gst/video/gstvideoaggregator.h>
#include <gst/video/video.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

GST_DEBUG_CATEGORY_STATIC(tsr_compose_debug);
#define GST_CAT_DEFAULT tsr_compose_debug

// ---------------------------------------------------------------------------------------------
// The layer pad

#define TSR_TYPE_COMPOSE_PAD (tsr_compose_pad_get_type())
G_DECLARE_FINAL_TYPE(TsrComposePad, tsr_compose_pad, TSR, COMPOSE_PAD, GstVideoAggregatorPad)

namespace {

enum { PAD_PROP_0, PAD_PROP_XPOS, PAD_PROP_YPOS };

std::atomic<std::uint64_t> next_layer_id{1};

struct ComposePadState {
    std::atomic<int> xpos{0};
    std::atomic<int> ypos{0};
    std::uint64_t layer = next_layer_id++;
    // Streaming thread: the memory last seen (a reference, so that its address cannot come
    // back as another memory) and where in it the picture was.
    GstMemory* last_memory = nullptr;
    const void* last_data = nullptr;
    int last_stride = 0;
    std::uint64_t content = 0;

    ~ComposePadState() {
        if (last_memory) gst_memory_unref(last_memory);
    }
};

} // namespace

struct _TsrComposePad {
    GstVideoAggregatorPad parent;
    ComposePadState* state;
};

G_DEFINE_TYPE(TsrComposePad, tsr_compose_pad, GST_TYPE_VIDEO_AGGREGATOR_PAD)

static void tsr_compose_pad_set_property(GObject* object, guint id, const GValue* value,
                                         GParamSpec* pspec) {
    ComposePadState& s = *TSR_COMPOSE_PAD(object)->state;
    switch (id) {
    case PAD_PROP_XPOS:
        s.xpos = g_value_get_int(value);
        break;
    case PAD_PROP_YPOS:
        s.ypos = g_value_get_int(value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    }
}

static void tsr_compose_pad_get_property(GObject* object, guint id, GValue* value,
                                         GParamSpec* pspec) {
    ComposePadState& s = *TSR_COMPOSE_PAD(object)->state;
    switch (id) {
    case PAD_PROP_XPOS:
        g_value_set_int(value, s.xpos);
        break;
    case PAD_PROP_YPOS:
        g_value_set_int(value, s.ypos);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    }
}

static void tsr_compose_pad_finalize(GObject* object) {
    delete std::exchange(TSR_COMPOSE_PAD(object)->state, nullptr);
    G_OBJECT_CLASS(tsr_compose_pad_parent_class)->finalize(object);
}

static void tsr_compose_pad_init(TsrComposePad* pad) {
    pad->state = new ComposePadState();
}

static void tsr_compose_pad_class_init(TsrComposePadClass* klass) {
    auto* gobject_class = G_OBJECT_CLASS(klass);
    gobject_class->set_property = tsr_compose_pad_set_property;
    gobject_class->get_property = tsr_compose_pad_get_property;
    gobject_class->finalize = tsr_compose_pad_finalize;
    const auto rw = GParamFlags(G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                GST_PARAM_CONTROLLABLE | GST_PARAM_MUTABLE_PLAYING);
    g_object_class_install_property(
        gobject_class, PAD_PROP_XPOS,
        g_param_spec_int("xpos", "X position",
                         "Where the layer's left edge is on the screen, in pixels from the left "
                         "(negative: it hangs over the left edge and is cut there).",
                         G_MININT, G_MAXINT, 0, rw));
    g_object_class_install_property(
        gobject_class, PAD_PROP_YPOS,
        g_param_spec_int("ypos", "Y position",
                         "Where the layer's top edge is on the screen, in pixels from the top "
                         "(for the ticker band: the screen's height minus the band's).",
                         G_MININT, G_MAXINT, 0, rw));
}

// ---------------------------------------------------------------------------------------------
// The element

#define TSR_TYPE_COMPOSE (tsr_compose_get_type())
G_DECLARE_FINAL_TYPE(TsrCompose, tsr_compose, TSR, COMPOSE, GstVideoAggregator)

namespace {

enum { PROP_0, PROP_FRAMES, PROP_PIXELS_PAINTED, PROP_FRAMES_ALLOCATED };

struct ComposeState {
    std::atomic<guint64> frames{0};
    std::atomic<guint64> pixels_painted{0};
    std::atomic<guint64> frames_allocated{0};

    // Streaming thread.
    std::shared_ptr<tsr::ComposedFrames> pool; ///< frames of the negotiated size
    std::optional<std::size_t> current;        ///< the frame being made
    std::uint64_t next_content = 1;
};

/// Keeps a composed frame in use while a GstBuffer shows it.
struct FrameHold {
    std::shared_ptr<tsr::ComposedFrames> pool;
    std::size_t index;
};

} // namespace

struct _TsrCompose {
    GstVideoAggregator parent;
    ComposeState* state;
};

static void tsr_compose_child_proxy_init(gpointer g_iface, gpointer);
G_DEFINE_TYPE_WITH_CODE(TsrCompose, tsr_compose, GST_TYPE_VIDEO_AGGREGATOR,
                        G_IMPLEMENT_INTERFACE(GST_TYPE_CHILD_PROXY, tsr_compose_child_proxy_init))
GST_ELEMENT_REGISTER_DEFINE(tsrcompose, "tsrcompose", GST_RANK_NONE, TSR_TYPE_COMPOSE)

#define TSR_COMPOSE_CAPS GST_VIDEO_CAPS_MAKE("BGRx")

static GstStaticPadTemplate src_template =
    GST_STATIC_PAD_TEMPLATE("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS(TSR_COMPOSE_CAPS));
static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE(
    "sink_%u", GST_PAD_SINK, GST_PAD_REQUEST, GST_STATIC_CAPS(TSR_COMPOSE_CAPS));

static GstFlowReturn tsr_compose_create_output_buffer(GstVideoAggregator* vagg,
                                                      GstBuffer** outbuf) {
    auto* self = TSR_COMPOSE(vagg);
    ComposeState& s = *self->state;
    GST_OBJECT_LOCK(vagg);
    const int width = GST_VIDEO_INFO_WIDTH(&vagg->info);
    const int height = GST_VIDEO_INFO_HEIGHT(&vagg->info);
    GST_OBJECT_UNLOCK(vagg);
    if (width <= 0 || height <= 0) return GST_FLOW_NOT_NEGOTIATED;
    try {
        if (!s.pool || s.pool->width() != width || s.pool->height() != height)
            s.pool = std::make_shared<tsr::ComposedFrames>(width, height); // the old one
                                                                           // lives on in its frames
        const std::size_t index = s.pool->acquire();
        s.frames_allocated = s.pool->count();
        const std::size_t bytes = s.pool->frame_bytes();
        auto* hold = new FrameHold{s.pool, index};
        *outbuf = gst_buffer_new_wrapped_full(GST_MEMORY_FLAG_READONLY, s.pool->frame(index).pixels,
                                              bytes, 0, bytes, hold, [](gpointer p) {
                                                  auto* h = static_cast<FrameHold*>(p);
                                                  h->pool->release(h->index);
                                                  delete h;
                                              });
        s.current = index;
        return GST_FLOW_OK;
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(self, RESOURCE, NO_SPACE_LEFT, (_("No memory for a screen frame.")),
                          ("%s", e.what()));
    }
    return GST_FLOW_ERROR;
}

/// The picture's first byte in `frame` for the output frame ending at running time
/// `output_end`: moved right by the buffer's scroll step then (TsrScrollMeta) when the mapped
/// memory holds that window, else where the video meta says.
static const std::uint8_t* scrolled_data(TsrComposePad* pad, GstBuffer* buffer,
                                         GstVideoFrame* frame, GstClockTime output_end) {
    auto* data = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(frame, 0));
    const tsr::ScrollMeta* meta = tsr::get_scroll_meta(buffer);
    if (!meta || !GST_CLOCK_TIME_IS_VALID(output_end) || !GST_BUFFER_PTS_IS_VALID(buffer))
        return data;
    GstAggregatorPad* apad = GST_AGGREGATOR_PAD(pad);
    GST_OBJECT_LOCK(apad);
    const GstClockTime start =
        gst_segment_to_running_time(&apad->segment, GST_FORMAT_TIME, GST_BUFFER_PTS(buffer));
    GST_OBJECT_UNLOCK(apad);
    if (!GST_CLOCK_TIME_IS_VALID(start)) return data;
    const std::optional<guint32> columns = tsr::scroll_columns_at(*meta, start, output_end);
    GST_LOG_OBJECT(pad,
                   "output frame ending %" GST_TIME_FORMAT
                   ", buffer of %u frames from %" GST_TIME_FORMAT ": window %u columns on",
                   GST_TIME_ARGS(output_end), meta->frames, GST_TIME_ARGS(start),
                   columns ? *columns : 0u);
    if (!columns || *columns == 0) return data;
    const gsize shift = gsize(*columns) * 4;
    const gsize stride = gsize(GST_VIDEO_FRAME_PLANE_STRIDE(frame, 0));
    const gsize rows = gsize(GST_VIDEO_FRAME_HEIGHT(frame));
    const gsize used = stride * (rows - 1) + gsize(GST_VIDEO_FRAME_WIDTH(frame)) * 4;
    const auto* begin = static_cast<const std::uint8_t*>(frame->map[0].data);
    if (rows == 0 || data < begin || gsize(data - begin) + shift + used > frame->map[0].size) {
        GST_WARNING_OBJECT(pad, "scroll step of %u columns outside the buffer: not moved",
                           *columns);
        return data;
    }
    return data + shift;
}

/// The layer a pad shows now (in the output frame ending at running time `output_end`), with a
/// content number that changes when its pixels may have.
static std::optional<tsr::LayerPixels> layer_of(ComposeState& s, TsrComposePad* pad, int width,
                                                int height, GstClockTime output_end) {
    auto* vpad = GST_VIDEO_AGGREGATOR_PAD(pad);
    GstVideoFrame* frame = gst_video_aggregator_pad_get_prepared_frame(vpad);
    GstBuffer* buffer = gst_video_aggregator_pad_get_current_buffer(vpad);
    if (!frame || !buffer) return std::nullopt;
    ComposePadState& ps = *pad->state;
    const void* data = scrolled_data(pad, buffer, frame, output_end);
    const int stride = GST_VIDEO_FRAME_PLANE_STRIDE(frame, 0);
    // Only read-only memory can be the same picture again: a writable one (a buffer pool's)
    // may have been given back and refilled in place, at the same address.
    GstMemory* memory =
        gst_buffer_n_memory(buffer) == 1 ? gst_buffer_peek_memory(buffer, 0) : nullptr;
    if (memory && !GST_MEMORY_IS_READONLY(memory)) memory = nullptr;
    if (!memory || memory != ps.last_memory || data != ps.last_data || stride != ps.last_stride) {
        if (ps.last_memory) gst_memory_unref(ps.last_memory);
        ps.last_memory = memory ? gst_memory_ref(memory) : nullptr;
        ps.last_data = data;
        ps.last_stride = stride;
        ps.content = s.next_content++;
    }
    tsr::LayerPixels l;
    // Positions far off screen are clamped, so that the rectangle sums cannot overflow.
    constexpr int kFar = 1 << 24;
    l.x = std::clamp(ps.xpos.load(), -kFar, kFar);
    l.y = std::clamp(ps.ypos.load(), -kFar, kFar);
    l.data = static_cast<const std::uint8_t*>(data);
    l.stride = stride;
    l.stamp.layer = ps.layer;
    l.stamp.content = ps.content;
    l.stamp.rect =
        tsr::Rect{l.x, l.y, GST_VIDEO_FRAME_WIDTH(frame), GST_VIDEO_FRAME_HEIGHT(frame)}.intersect(
            tsr::Rect{0, 0, width, height});
    return l;
}

/// The running time at which output frame `outbuf` ends: a layer that scrolls within its
/// buffer shows the window of its last frame that begins before then (TsrScrollMeta).
static GstClockTime end_of(GstVideoAggregator* vagg, GstBuffer* outbuf) {
    if (!GST_BUFFER_PTS_IS_VALID(outbuf) || !GST_BUFFER_DURATION_IS_VALID(outbuf))
        return GST_CLOCK_TIME_NONE;
    GstAggregatorPad* srcpad = GST_AGGREGATOR_PAD(GST_AGGREGATOR_SRC_PAD(vagg));
    GST_OBJECT_LOCK(srcpad);
    const GstClockTime end = gst_segment_to_running_time(
        &srcpad->segment, GST_FORMAT_TIME, GST_BUFFER_PTS(outbuf) + GST_BUFFER_DURATION(outbuf));
    GST_OBJECT_UNLOCK(srcpad);
    return end;
}

static GstFlowReturn tsr_compose_aggregate_frames(GstVideoAggregator* vagg, GstBuffer* outbuf) {
    auto* self = TSR_COMPOSE(vagg);
    ComposeState& s = *self->state;
    if (!s.pool || !s.current) return GST_FLOW_ERROR;
    const GstClockTime output_end = end_of(vagg, outbuf);
    tsr::ComposedFrames::Frame& frame = s.pool->frame(*std::exchange(s.current, std::nullopt));

    const std::optional<tsr::FrameStamp> before = std::exchange(frame.stamp, std::nullopt);
    std::int64_t painted = 0;
    std::size_t damaged = 0;
    GST_OBJECT_LOCK(vagg); // the pad list, sorted by zorder; prepared frames stay mapped
    try {
        tsr::FrameStamp now{
            GST_VIDEO_INFO_WIDTH(&vagg->info), GST_VIDEO_INFO_HEIGHT(&vagg->info), {}};
        std::vector<tsr::LayerPixels> layers;
        for (GList* l = GST_ELEMENT(vagg)->sinkpads; l; l = l->next) {
            if (auto layer =
                    layer_of(s, TSR_COMPOSE_PAD(l->data), now.width, now.height, output_end)) {
                if (layer->stamp.rect.empty()) continue;
                now.layers.push_back(layer->stamp);
                layers.push_back(*layer);
            }
        }
        const auto damage = tsr::damage_between(before, now);
        damaged = damage.size();
        for (const tsr::Rect& r : damage)
            painted += tsr::paint_area(r, layers, frame.pixels, now.width * 4);
        frame.stamp = std::move(now); // (until here, half painted, it showed nothing known)
    } catch (const std::exception& e) {
        GST_OBJECT_UNLOCK(vagg);
        GST_ELEMENT_ERROR(self, RESOURCE, NO_SPACE_LEFT, (_("No memory to compose the screen.")),
                          ("%s", e.what()));
        return GST_FLOW_ERROR;
    }
    GST_OBJECT_UNLOCK(vagg);

    s.frames++;
    s.pixels_painted += guint64(painted);
    GST_LOG_OBJECT(self, "%zu damaged rectangles, %" G_GINT64_FORMAT " pixels painted", damaged,
                   painted);
    return GST_FLOW_OK;
}

/// Upstream may carry GstVideoMeta (a window into a bigger picture) and TsrScrollMeta (a
/// buffer that moves sideways frame by frame: tsrtickersrc live).
static gboolean tsr_compose_propose_allocation(GstAggregator* agg, GstAggregatorPad* pad,
                                               GstQuery* decide_query, GstQuery* query) {
    if (!GST_AGGREGATOR_CLASS(tsr_compose_parent_class)
             ->propose_allocation(agg, pad, decide_query, query))
        return FALSE;
    gst_query_add_allocation_meta(query, tsr::scroll_meta_api_get_type(), nullptr);
    return TRUE;
}

/// Layers keep their own size: a pad's caps are not tied to the output's (as they would be
/// for a plain GstVideoAggregatorPad).
static gboolean tsr_compose_sink_query(GstAggregator* agg, GstAggregatorPad* pad, GstQuery* query) {
    switch (GST_QUERY_TYPE(query)) {
    case GST_QUERY_CAPS: {
        GstCaps* filter = nullptr;
        gst_query_parse_caps(query, &filter);
        GstCaps* caps = gst_pad_get_pad_template_caps(GST_PAD(pad));
        if (filter) {
            GstCaps* both = gst_caps_intersect_full(filter, caps, GST_CAPS_INTERSECT_FIRST);
            gst_caps_unref(caps);
            caps = both;
        }
        gst_query_set_caps_result(query, caps);
        gst_caps_unref(caps);
        return TRUE;
    }
    case GST_QUERY_ACCEPT_CAPS: {
        GstCaps* caps = nullptr;
        gst_query_parse_accept_caps(query, &caps);
        GstCaps* templ = gst_pad_get_pad_template_caps(GST_PAD(pad));
        gst_query_set_accept_caps_result(query, gst_caps_is_subset(caps, templ));
        gst_caps_unref(templ);
        return TRUE;
    }
    default:
        return GST_AGGREGATOR_CLASS(tsr_compose_parent_class)->sink_query(agg, pad, query);
    }
}

// Child proxy: the layer pads by name, so that gst-launch can say `tsrcompose sink_1::ypos=1003`.

static GObject* tsr_compose_child_by_index(GstChildProxy* proxy, guint index) {
    GST_OBJECT_LOCK(proxy);
    GObject* child = static_cast<GObject*>(g_list_nth_data(GST_ELEMENT(proxy)->sinkpads, index));
    if (child) g_object_ref(child);
    GST_OBJECT_UNLOCK(proxy);
    return child;
}

static guint tsr_compose_children_count(GstChildProxy* proxy) {
    GST_OBJECT_LOCK(proxy);
    const guint n = GST_ELEMENT(proxy)->numsinkpads;
    GST_OBJECT_UNLOCK(proxy);
    return n;
}

static void tsr_compose_child_proxy_init(gpointer g_iface, gpointer) {
    auto* iface = static_cast<GstChildProxyInterface*>(g_iface);
    iface->get_child_by_index = tsr_compose_child_by_index;
    iface->get_children_count = tsr_compose_children_count;
}

static GstPad* tsr_compose_request_new_pad(GstElement* element, GstPadTemplate* templ,
                                           const gchar* name, const GstCaps* caps) {
    GstPad* pad =
        GST_ELEMENT_CLASS(tsr_compose_parent_class)->request_new_pad(element, templ, name, caps);
    if (pad)
        gst_child_proxy_child_added(GST_CHILD_PROXY(element), G_OBJECT(pad), GST_OBJECT_NAME(pad));
    return pad;
}

static void tsr_compose_release_pad(GstElement* element, GstPad* pad) {
    gst_child_proxy_child_removed(GST_CHILD_PROXY(element), G_OBJECT(pad), GST_OBJECT_NAME(pad));
    GST_ELEMENT_CLASS(tsr_compose_parent_class)->release_pad(element, pad);
}

static gboolean tsr_compose_stop(GstAggregator* agg) {
    ComposeState& s = *TSR_COMPOSE(agg)->state;
    s.pool.reset(); // frames still downstream keep it alive until they come back
    s.current.reset();
    GST_OBJECT_LOCK(agg);
    for (GList* l = GST_ELEMENT(agg)->sinkpads; l; l = l->next) {
        ComposePadState& ps = *TSR_COMPOSE_PAD(l->data)->state;
        if (ps.last_memory) gst_memory_unref(std::exchange(ps.last_memory, nullptr));
        ps.last_data = nullptr;
    }
    GST_OBJECT_UNLOCK(agg);
    return GST_AGGREGATOR_CLASS(tsr_compose_parent_class)->stop(agg);
}

static void tsr_compose_get_property(GObject* object, guint id, GValue* value, GParamSpec* pspec) {
    ComposeState& s = *TSR_COMPOSE(object)->state;
    switch (id) {
    case PROP_FRAMES:
        g_value_set_uint64(value, s.frames);
        break;
    case PROP_PIXELS_PAINTED:
        g_value_set_uint64(value, s.pixels_painted);
        break;
    case PROP_FRAMES_ALLOCATED:
        g_value_set_uint64(value, s.frames_allocated);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    }
}

static void tsr_compose_finalize(GObject* object) {
    delete std::exchange(TSR_COMPOSE(object)->state, nullptr);
    G_OBJECT_CLASS(tsr_compose_parent_class)->finalize(object);
}

static void tsr_compose_init(TsrCompose* self) {
    self->state = new ComposeState();
}

static void tsr_compose_class_init(TsrComposeClass* klass) {
    GST_DEBUG_CATEGORY_INIT(tsr_compose_debug, "tsrcompose", 0, "TSR screen composer");
    auto* gobject_class = G_OBJECT_CLASS(klass);
    auto* element_class = GST_ELEMENT_CLASS(klass);
    auto* agg_class = GST_AGGREGATOR_CLASS(klass);
    auto* vagg_class = GST_VIDEO_AGGREGATOR_CLASS(klass);

    gobject_class->get_property = tsr_compose_get_property;
    gobject_class->finalize = tsr_compose_finalize;
    const auto ro = GParamFlags(G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_property(
        gobject_class, PROP_FRAMES,
        g_param_spec_uint64("frames", "Frames",
                            "How many frames the element has made since it was created "
                            "(read only).",
                            0, G_MAXUINT64, 0, ro));
    g_object_class_install_property(
        gobject_class, PROP_PIXELS_PAINTED,
        g_param_spec_uint64(
            "pixels-painted", "Pixels painted",
            "How many pixels the element has written into its frames since it was created, "
            "black background included (read only). A full repaint of every frame would be "
            "frames x width x height; with an unchanged slide under a moving ticker it is the "
            "ticker band's pixels a frame.",
            0, G_MAXUINT64, 0, ro));
    g_object_class_install_property(
        gobject_class, PROP_FRAMES_ALLOCATED,
        g_param_spec_uint64("frames-allocated", "Frames allocated",
                            "How many frames of the current size the element holds (read "
                            "only): as many as the display keeps at once, plus one.",
                            0, G_MAXUINT64, 0, ro));

    gst_element_class_set_static_metadata(
        element_class, "TSR screen", "Filter/Editor/Video/Compositor",
        "Stacks opaque BGRx layers (slide, ticker) into one frame, repainting only what "
        "changed since the reused frame last showed",
        "TSR");
    gst_element_class_add_static_pad_template(element_class, &src_template);
    gst_element_class_add_static_pad_template_with_gtype(element_class, &sink_template,
                                                         TSR_TYPE_COMPOSE_PAD);

    element_class->request_new_pad = tsr_compose_request_new_pad;
    element_class->release_pad = tsr_compose_release_pad;
    agg_class->sink_query = tsr_compose_sink_query;
    agg_class->propose_allocation = tsr_compose_propose_allocation;
    agg_class->stop = tsr_compose_stop;
    vagg_class->create_output_buffer = tsr_compose_create_output_buffer;
    vagg_class->aggregate_frames = tsr_compose_aggregate_frames;
}
