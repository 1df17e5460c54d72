#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>

namespace vigil::api {

// 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6 (::ffff:127.0.0.1,
// what a dual-stack socket reports for a local IPv4 peer).
bool is_loopback(const boost::asio::ip::address& address);

// The same for a listen host as configured ("127.0.0.1", "::1"); false for
// anything that is not an IP address.
bool is_loopback_host(const std::string& host);

}  // namespace vigil::api
