// The ticker, laid out once into a long strip; the ticker element shows a moving window into
// it (x = speed * running time, modulo the strip's width), so it loops seamlessly.
#pragma once

#include "civil_time.hpp"
#include "playlist.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tsr {

struct TickerStrip {
    int height = 0;
    int width = 0;
    int stride = 0;
    /// One loop of the text, BGRA premultiplied (cairo ARGB32), stride*height bytes. The
    /// loop ends with the separator, so strip, strip, strip... reads as one running text.
    /// When one loop is narrower than the display it is repeated until it is at least
    /// display_width wide; it is at most max_ticker_width wide (longer text is cut with "…").
    std::vector<std::uint8_t> bgra;
    /// Columns after the loop (within each row of `bgra`) repeating its first ones: display
    /// width of them, so that the window at any offset below `width` is contiguous in memory
    /// and can be shown without copying (tsrtickersrc).
    int tail = 0;
};

constexpr int max_ticker_width = 200000;
/// Between two messages.
inline const std::string ticker_separator = "   \xE2\x80\xA2   "; // " • "

/// The messages that make up the strip at t (for tests and to detect changes): the playlist's
/// ticker.messages, then the lines of ticker.file as read when the playlist was loaded
/// (ticker.file_lines; nothing is read from disk here), then, with ticker.agenda, today's
/// activities that have not ended at t
/// ("09.00 Rapat Internal Tim Efektif, Aula"; a deadline alone: "s.d. 16.00 ...").
std::vector<std::string> ticker_messages(const Playlist& p, Instant t);

/// The messages joined with the separator, rendered with Pango/cairo in white "DejaVu Sans
/// Bold" on a dark band, height display.height/14 (at least 24 px). No messages: a plain band
/// display_width wide.
TickerStrip layout_ticker(const Playlist& p, Instant t, int display_width);

/// The same for `messages` as ticker_messages gave them: a strip laid out ahead (on a worker)
/// shows exactly the messages it was asked for.
TickerStrip layout_ticker(const Playlist& p, const std::vector<std::string>& messages,
                          int display_width);

/// Height of the strip for a display height.
int ticker_height(int display_height);

} // namespace tsr
