// [display] overdue: what the public screen shows of deadlines that have passed. The loader's
// side here; what the slides show is in test_render_slides.cpp.
#include "loader_check.hpp"

using namespace tsr;
using namespace tsr::test;

namespace {
const std::string kHead = "[office]\nname = \"X\"\ntimezone = \"Asia/Jakarta\"\n"
                          "[[slide]]\ntemplate = \"deadlines\"\nduration = \"15s\"\n";
}

BOOST_AUTO_TEST_SUITE(display_overdue)

BOOST_AUTO_TEST_CASE(hide_is_the_default_and_each_choice_is_read) {
    Checked none = check_text(kHead);
    BOOST_REQUIRE(none.accepted);
    BOOST_TEST((none.playlist->display.overdue == Overdue::hide));
    for (auto [word, value] : {std::pair{"hide", Overdue::hide}, std::pair{"staff", Overdue::staff},
                               std::pair{"show", Overdue::show}}) {
        Checked c = check_text(kHead + "[display]\noverdue = \"" + word + "\"\n");
        BOOST_REQUIRE(c.accepted);
        BOOST_TEST((c.playlist->display.overdue == value));
    }
}

BOOST_AUTO_TEST_CASE(a_wrong_choice_is_refused_with_the_choices) {
    expect_one_error(kHead + "[display]\noverdue = \"shw\"\n",
                     "playlist.toml:8:11: error: overdue: \"shw\" is not a choice; did you mean "
                     "\"show\"? Write \"hide\" (the public sees no overdue deadline), \"staff\" "
                     "(listed in neutral words) or \"show\" (marked late)");
    expect_one_error(kHead + "[display]\noverdue = true\n",
                     "playlist.toml:8:11: error: overdue: true is not text; put it in quotes, "
                     "like \"Aula\"");
}

BOOST_AUTO_TEST_SUITE_END()
