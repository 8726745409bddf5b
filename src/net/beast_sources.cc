// Asio and Beast compiled once, for every target that links balie_net (separate compilation:
// BOOST_ASIO_SEPARATE_COMPILATION and BOOST_BEAST_SEPARATE_COMPILATION are set on the target).
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
