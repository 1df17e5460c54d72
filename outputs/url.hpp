#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::outputs {

// An http:// or https:// URL, split as a client needs it.
struct Url {
  bool tls = false;
  std::string host;  // without brackets for IPv6
  std::uint16_t port = 0;
  std::string target = "/";  // path and query

  // "host:port" as the Host header carries it (IPv6 bracketed).
  std::string host_header() const;
};

// nullopt when `text` is not http(s)://HOST[:PORT][/PATH].
std::optional<Url> parse_url(std::string_view text);

}  // namespace vigil::outputs
