// The format reference (docs/playlist.md and docs/playlist.id.md) stays true: every example
// marked ```toml complete is a whole playlist that the loader accepts without a problem.
#include "loader_check.hpp"

#include <fstream>
#include <sstream>

using namespace tsr;
using namespace tsr::test;

namespace {

struct Example {
    int line = 0; ///< of the ``` that opens it, 1-based
    std::string toml;
};

/// The ```toml complete blocks of a Markdown file, hand-scanned line by line.
std::vector<Example> complete_examples(const std::filesystem::path& md) {
    std::ifstream in(md);
    BOOST_TEST_REQUIRE(in.good(), md);
    std::vector<Example> out;
    std::string line;
    int n = 0;
    bool inside = false;
    while (std::getline(in, line)) {
        ++n;
        if (!inside && line == "```toml complete") {
            out.push_back({n, ""});
            inside = true;
        } else if (inside && line == "```") {
            inside = false;
        } else if (inside) {
            out.back().toml += line + "\n";
        }
    }
    BOOST_TEST(!inside, md << ": a ```toml complete block is not closed");
    return out;
}

void check_examples(const char* name) {
    auto md = source_root() / "docs" / name;
    std::vector<Example> examples = complete_examples(md);
    BOOST_TEST(!examples.empty(), md << " has no ```toml complete example");
    for (const Example& e : examples) {
        TempPlaylist t;
        t.playlist(e.toml);
        // The files the example names are not in the docs: their names and values are
        // checked, not their content.
        LoadResult r = load_playlist(
            t.dir(), LoadOptions{*parse_local_datetime(TimeZone::fixed(Seconds(7 * 3600)),
                                                       "2026-11-30 09:00"),
                                 false});
        std::string problems;
        for (const Diagnostic& d : r.diagnostics.sorted())
            problems += "\n  " + format_diagnostic(d);
        BOOST_TEST(r.playlist != nullptr, name << ":" << e.line << ": not accepted:" << problems);
        BOOST_TEST(r.diagnostics.all().empty(), name << ":" << e.line << ":" << problems);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(docs_examples)

BOOST_AUTO_TEST_CASE(english_reference_examples_pass_check) {
    check_examples("playlist.md");
}

BOOST_AUTO_TEST_CASE(indonesian_reference_examples_pass_check) {
    check_examples("playlist.id.md");
}

BOOST_AUTO_TEST_CASE(a_broken_example_would_be_caught) {
    // The same scan and load on a block that is wrong must report it: the test can fail.
    TempPlaylist t;
    t.write("ref.md", "text\n```toml complete\n[office]\nname = \"X\"\n```\n");
    std::vector<Example> examples = complete_examples(t.dir() / "ref.md");
    BOOST_REQUIRE_EQUAL(examples.size(), 1u);
    BOOST_TEST(examples[0].line == 2);
    t.playlist(examples[0].toml);
    LoadResult r = load_playlist(t.dir(), LoadOptions{std::nullopt, false});
    BOOST_TEST(r.playlist == nullptr); // no [[slide]]
}

BOOST_AUTO_TEST_SUITE_END()
