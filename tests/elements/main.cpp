#define BOOST_TEST_MODULE tsr - elements
#include <boost/test/unit_test.hpp>
