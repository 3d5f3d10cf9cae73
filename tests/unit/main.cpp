#define BOOST_TEST_MODULE tsr - unit
#include <boost/test/unit_test.hpp>
