// The content cache's retention (engine/cache_retention.hpp): what the playlist uses stays,
// what it no longer uses goes once 30 days old, with a real playlist's spoken reminder.
#include "cache_retention.hpp"
#include "loader_check.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace tsr;
namespace fs = std::filesystem;

namespace {

fs::path put(const fs::path& file, std::size_t bytes, fs::file_time_type written) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << std::string(bytes, 'x');
    fs::last_write_time(file, written);
    return file;
}

} // namespace

BOOST_AUTO_TEST_SUITE(cache_retention)

BOOST_AUTO_TEST_CASE(unused_entries_older_than_30_days_go_the_rest_stays) {
    test::TempPlaylist t;
    t.playlist("[office]\nname = \"Kantor\"\ntimezone = \"Asia/Jakarta\"\n"
               "[[activity]]\nid = \"a\"\ntitle = \"Rapat\"\nstart = 09:00:00\n"
               "repeat = \"daily\"\nreminders = [ { before = \"5m\", say = \"Rapat dimulai\" } ]\n"
               "[[slide]]\ntemplate = \"info\"\nduration = \"10s\"\n");
    test::Checked c = test::check(t);
    BOOST_REQUIRE(c.accepted);
    const std::set<fs::path> in_use = cache_files_in_use(*c.playlist);
    BOOST_REQUIRE_EQUAL(in_use.size(), 1u);
    const fs::path spoken = *in_use.begin();
    BOOST_TEST(spoken.parent_path() == (t.dir() / ".tsr-cache" / "speech").lexically_normal());
    BOOST_REQUIRE(fs::is_regular_file(spoken));

    const auto now = fs::file_time_type::clock::now();
    const auto days = [](int n) { return std::chrono::hours(24 * n); };
    const fs::path cache = t.dir() / ".tsr-cache";
    fs::last_write_time(spoken, now - days(400)); // in use: kept however old
    const fs::path old_wav = put(cache / "speech" / "old.wav", 1000, now - days(31));
    const fs::path young_wav = put(cache / "speech" / "young.wav", 10, now - days(29));
    const fs::path old_pdf = put(cache / "documents" / "old.pdf", 2072, now - days(90));
    const fs::path leftover = cache / "documents" / "convert-123-1";
    put(leftover / "deck.pptx", 5, now - days(40));
    fs::last_write_time(leftover, now - days(40));
    const fs::path outside = put(t.dir() / "audio" / "old.m4a", 10, now - days(900));

    CacheSweep s = sweep_content_cache(t.dir(), in_use, now);
    BOOST_TEST(s.error == "");
    BOOST_TEST(s.removed == 3u);
    BOOST_TEST(s.bytes == 3072u);
    BOOST_TEST(s.kept_in_use == 1u);
    BOOST_TEST(fs::exists(spoken));
    BOOST_TEST(!fs::exists(old_wav));
    BOOST_TEST(fs::exists(young_wav));
    BOOST_TEST(!fs::exists(old_pdf));
    BOOST_TEST(!fs::exists(leftover));
    BOOST_TEST(fs::exists(outside)); // only the cache is swept

    // A playlist folder without a cache: nothing to do, no error.
    test::TempPlaylist empty;
    CacheSweep none = sweep_content_cache(empty.dir(), {}, now);
    BOOST_TEST(none.removed == 0u);
    BOOST_TEST(none.error == "");
}

BOOST_AUTO_TEST_SUITE_END()
