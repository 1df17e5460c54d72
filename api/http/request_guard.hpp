#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/http/types.hpp"

namespace vigil::api {

struct RequestGuardOptions {
  // Set when no API keys are configured: the daemon then trusts whoever
  // reaches its loopback address, so it must also know that the request
  // was meant for it and not for a name a web page rebound to 127.0.0.1.
  bool check_host = false;
  // Host names (without port) a keyless daemon answers to besides the
  // loopback ones (server.allowed_hosts), compared case-insensitively.
  std::vector<std::string> allowed_hosts;
};

// Checks a request's header before it is routed or its body read, so that
// a malformed or cross-site request costs nothing:
//   - HTTP/1.1 without Host, two Host or two Authorization headers, a
//     Transfer-Encoding other than chunked: 400 (RFC 9112 6.1, 3.2);
//   - a body (or a Content-Type) that is not JSON or NDJSON: 406, as
//     Elasticsearch answers. Browsers send a cross-site POST without a
//     CORS preflight only as text/plain, a form or no type at all, so
//     this is what keeps a web page from posting to the API;
//   - an Origin (or Sec-Fetch-Site) saying a browser sent it from
//     another site: 403. Vigil serves no browser page, so it allows no
//     cross-origin request;
//   - with check_host, a Host that is not a loopback name or address or
//     an allowed host: 403 (DNS rebinding).
// Immutable; thread-safe.
class RequestGuard {
 public:
  RequestGuard() = default;
  explicit RequestGuard(RequestGuardOptions options);

  // The refusal for `header` (a request whose body is not read yet), or
  // nullopt when it may go on.
  std::optional<Response> check(const Request& header) const;

  // Whether `host` (a Host header value, "name:port" or "[v6]:port")
  // names this daemon when no keys are set.
  bool host_allowed(std::string_view host) const;

 private:
  RequestGuardOptions options_;
};

}  // namespace vigil::api
