#include "api/http/loopback.hpp"

namespace vigil::api {

bool is_loopback(const boost::asio::ip::address& address) {
  return address.is_loopback() ||
         (address.is_v6() && address.to_v6().is_v4_mapped() && address.to_v6().to_v4().is_loopback());
}

bool is_loopback_host(const std::string& host) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  return !ec && is_loopback(address);
}

}  // namespace vigil::api
