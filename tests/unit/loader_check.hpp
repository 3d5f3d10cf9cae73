// Loading a playlist the way `tsr check` does, with its problems as the lines a clerk reads
// ("playlist.toml:LINE:COL: error: ..."), for the loader's tests.
#pragma once

#include "playlist_loader.hpp"
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tsr::test {

struct Checked {
    bool accepted = false;
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
    std::shared_ptr<const Playlist> playlist;
};

inline Checked check(const TempPlaylist& t, std::optional<Instant> now = std::nullopt) {
    Checked c;
    LoadResult r = load_playlist(t.dir(), LoadOptions{now, true});
    c.accepted = r.playlist != nullptr;
    c.playlist = r.playlist;
    for (const Diagnostic& d : r.diagnostics.sorted()) {
        std::string line = format_diagnostic(d);
        std::string prefix = t.toml().string();
        if (line.rfind(prefix, 0) == 0) line = "playlist.toml" + line.substr(prefix.size());
        (d.severity == Severity::error ? c.errors : c.warnings).push_back(line);
    }
    return c;
}

inline Checked check_text(const std::string& body) {
    TempPlaylist t;
    t.tone("audio/ok.m4a", 440, 0.3);
    t.playlist(body);
    return check(t);
}

inline void expect_one_error(const std::string& body, const std::string& expected) {
    Checked c = check_text(body);
    BOOST_TEST(!c.accepted);
    BOOST_REQUIRE_EQUAL(c.errors.size(), 1u);
    BOOST_TEST(c.errors[0] == expected);
}

} // namespace tsr::test
