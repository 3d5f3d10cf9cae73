// Where an installed tsr looks for its templates and plugin (engine/install_paths.hpp).
#include "config.h"
#include "install_paths.hpp"

#include <boost/test/unit_test.hpp>
#include <glib.h>

using namespace tsr;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(install_paths)

BOOST_AUTO_TEST_CASE(the_tree_a_binary_is_installed_in) {
    BOOST_TEST(strip_tail("/opt/t/usr/bin", "bin") == fs::path("/opt/t/usr"));
    BOOST_TEST(strip_tail("/usr/bin/", "bin") == fs::path("/usr"));
    BOOST_TEST(strip_tail("/tmp/root/usr/lib/x86_64-linux-gnu/gstreamer-1.0",
                          "lib/x86_64-linux-gnu/gstreamer-1.0") == fs::path("/tmp/root/usr"));
    // Not installed that way (a build tree): no tree.
    BOOST_TEST(strip_tail("/work/build/tools", "bin").empty());
    BOOST_TEST(strip_tail("/usr/lib/gstreamer-1.0", "lib/x86_64-linux-gnu/gstreamer-1.0").empty());
    BOOST_TEST(strip_tail("/usr/bin", "/usr/bin").empty());
}

BOOST_AUTO_TEST_CASE(templates_from_the_environment_first_and_the_configured_prefix_last) {
    const char* before = g_getenv("TSR_TEMPLATES_DIR");
    const std::string saved = before ? before : "";
    g_setenv("TSR_TEMPLATES_DIR", "/somewhere/templates", TRUE);
    auto c = template_dir_candidates();
    BOOST_REQUIRE(c.size() >= 2u);
    BOOST_TEST(c.front() == fs::path("/somewhere/templates"));
    BOOST_TEST(c.back() == fs::path(TSR_DATADIR) / "templates");
    g_unsetenv("TSR_TEMPLATES_DIR");
    c = template_dir_candidates();
    BOOST_TEST(c.back() == fs::path(TSR_DATADIR) / "templates");
    for (const fs::path& p : c)
        BOOST_TEST(p != fs::path("/somewhere/templates"));
    if (before) g_setenv("TSR_TEMPLATES_DIR", saved.c_str(), TRUE);
    // The plugin: the configured plugin folder last.
    BOOST_TEST(installed_plugin_candidates().back() == fs::path(TSR_PLUGINDIR) / "libgsttsr.so");
}

BOOST_AUTO_TEST_SUITE_END()
