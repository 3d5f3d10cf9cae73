#define BOOST_TEST_MODULE tsr - e2e
#include <boost/test/unit_test.hpp>
