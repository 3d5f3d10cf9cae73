// Does the ticker move by its step at every frame, live? The ticker into tsrcompose into an
// appsink that syncs on the clock, as on the TV (live, the real time of day):
//   ticker_motion PLAYLIST [--frames N] [--frames-per-buffer K]
// For each two consecutive frames, the shift of the band's pixels (0: the frame repeated, twice
// the step: one skipped). With K > 1 the ticker sends K frames a buffer (TsrScrollMeta), as
// `tsr play` does; with 1, a buffer a frame. Prints one line:
//   frames=N frames_per_buffer=K shifts: SHIFT:COUNT ...  (-1: no shift under 200 px
//   matched: the strip changed, or the first frame)
// Not a test: it runs in real time, and a busy machine can make a frame late.
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

/// Rows of the middle third of the band (every third one), BGRx, `width` pixels each.
std::vector<unsigned char> band_rows(GstSample* sample, int* width) {
    GstVideoInfo info;
    gst_video_info_from_caps(&info, gst_sample_get_caps(sample));
    *width = GST_VIDEO_INFO_WIDTH(&info);
    const int height = GST_VIDEO_INFO_HEIGHT(&info);
    const int stride = GST_VIDEO_INFO_PLANE_STRIDE(&info, 0);
    GstMapInfo map;
    std::vector<unsigned char> rows;
    if (!gst_buffer_map(gst_sample_get_buffer(sample), &map, GST_MAP_READ)) return rows;
    for (int y = height / 3; y < 2 * height / 3; y += 3)
        rows.insert(rows.end(), map.data + y * stride, map.data + y * stride + *width * 4);
    gst_buffer_unmap(gst_sample_get_buffer(sample), &map);
    return rows;
}

/// The shift s (0..199) with later[x] == earlier[x + s] on every row, or -1.
int shift_between(const std::vector<unsigned char>& earlier,
                  const std::vector<unsigned char>& later, int width) {
    const std::size_t row = std::size_t(width) * 4;
    const std::size_t rows = later.size() / row;
    for (int s = 0; s < 200 && s < width; ++s) {
        bool same = true;
        for (std::size_t r = 0; r < rows && same; ++r)
            same = std::memcmp(&later[r * row], &earlier[r * row + std::size_t(s) * 4],
                               row - std::size_t(s) * 4) == 0;
        if (same) return s;
    }
    return -1;
}

} // namespace

int main(int argc, char** argv) {
    gst_init(&argc, &argv);
    const bool help =
        argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0);
    if (argc < 2 || help) {
        std::fprintf(help ? stdout : stderr,
                     "usage: ticker_motion PLAYLIST [--frames N] [--frames-per-buffer K]\n");
        return help ? 0 : 2;
    }
    const std::string playlist = argv[1];
    int frames = 300, per_buffer = 10;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--frames") == 0) frames = std::atoi(argv[i + 1]);
        if (std::strcmp(argv[i], "--frames-per-buffer") == 0) per_buffer = std::atoi(argv[i + 1]);
    }
    const std::string launch = "tsrtickersrc playlist=\"" + playlist +
                               "\" frames-per-buffer=" + std::to_string(per_buffer) +
                               " ! video/x-raw,format=BGRx ! tsrcompose ! appsink name=sink "
                               "sync=true max-buffers=100";
    GError* error = nullptr;
    GstElement* pipeline = gst_parse_launch(launch.c_str(), &error);
    if (!pipeline || error) {
        std::fprintf(stderr, "ticker_motion: %s\n", error ? error->message : "no pipeline");
        return 1;
    }
    GstElement* sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
    gst_element_set_state(pipeline, GST_STATE_PLAYING);
    std::map<int, int> shifts;
    std::vector<unsigned char> previous;
    int width = 0, got = 0, waited = 0;
    GstBus* bus = gst_element_get_bus(pipeline);
    while (got < frames) {
        // A pipeline that fails (a playlist it cannot load) posts an error and never makes a
        // frame: say so instead of waiting for good.
        if (GstMessage* m = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR)) {
            GError* e = nullptr;
            gst_message_parse_error(m, &e, nullptr);
            std::fprintf(stderr, "ticker_motion: %s\n", e ? e->message : "error");
            if (e) g_error_free(e);
            gst_message_unref(m);
            break;
        }
        GstSample* sample = gst_app_sink_try_pull_sample(GST_APP_SINK(sink), GST_SECOND);
        if (!sample) {
            if (gst_app_sink_is_eos(GST_APP_SINK(sink)) || ++waited > 10) break;
            continue;
        }
        waited = 0;
        ++got;
        std::vector<unsigned char> rows = band_rows(sample, &width);
        gst_sample_unref(sample);
        if (!previous.empty()) ++shifts[shift_between(previous, rows, width)];
        previous = std::move(rows);
    }
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(bus);
    gst_object_unref(sink);
    gst_object_unref(pipeline);
    std::printf("frames=%d frames_per_buffer=%d shifts:", got, per_buffer);
    for (const auto& [shift, count] : shifts)
        std::printf(" %d:%d", shift, count);
    std::printf("\n");
    return got == frames ? 0 : 1;
}
