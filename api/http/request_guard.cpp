#include "api/http/request_guard.hpp"

#include <algorithm>
#include <array>

#include "api/http/json_response.hpp"
#include "api/http/loopback.hpp"
#include "api/http/split.hpp"
#include "engine/text/ascii.hpp"

namespace vigil::api {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), engine::text::ascii_lower);
  return out;
}

// The media types Elasticsearch accepts for its JSON and NDJSON bodies,
// parameters (charset, compatible-with) aside.
bool json_media_type(std::string_view value) {
  constexpr std::array<std::string_view, 4> kAccepted = {"application/json", "application/x-ndjson",
                                                         "application/vnd.elasticsearch+json",
                                                         "application/vnd.elasticsearch+x-ndjson"};
  const auto type = lower(trim(value.substr(0, value.find(';'))));
  return std::find(kAccepted.begin(), kAccepted.end(), type) != kAccepted.end();
}

// "name" of "name:port", "::1" of "[::1]:port"; empty when malformed.
std::string host_name(std::string_view host) {
  if (host.starts_with('[')) {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return {};
    const auto rest = host.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return {};
    return lower(host.substr(1, close - 1));
  }
  return lower(host.substr(0, host.find(':')));
}

// "host[:port]" with the default ports dropped, so an Origin
// ("https://host") and a Host header ("host:443") compare equal.
std::string without_default_port(std::string authority) {
  if (authority.ends_with(":80")) authority.erase(authority.size() - 3);
  if (authority.ends_with(":443")) authority.erase(authority.size() - 4);
  return authority;
}

std::string origin_authority(std::string_view origin) {
  auto value = lower(trim(origin));
  const auto scheme_end = value.find("://");
  if (scheme_end == std::string::npos) return {};
  value.erase(0, scheme_end + 3);
  if (value.ends_with('/')) value.pop_back();
  return without_default_port(value);
}

std::size_t count(const Request& header, http::field field) {
  const auto range = header.equal_range(field);
  return static_cast<std::size_t>(std::distance(range.first, range.second));
}

}  // namespace

RequestGuard::RequestGuard(RequestGuardOptions options) : options_(std::move(options)) {
  for (auto& host : options_.allowed_hosts) host = lower(host);
}

bool RequestGuard::host_allowed(std::string_view host) const {
  const auto name = host_name(host);
  if (name.empty()) return false;
  if (name == "localhost" || name.ends_with(".localhost") || is_loopback_host(name)) return true;
  return std::find(options_.allowed_hosts.begin(), options_.allowed_hosts.end(), name) != options_.allowed_hosts.end();
}

std::optional<Response> RequestGuard::check(const Request& header) const {
  const auto refuse = [&](http::status status, const char* type, const std::string& reason) {
    return std::optional<Response>(json_error(header, status, type, reason));
  };
  const auto hosts = count(header, http::field::host);
  if (hosts > 1) return refuse(http::status::bad_request, "illegal_argument_exception", "more than one Host header");
  if (hosts == 0 && header.version() >= 11)
    return refuse(http::status::bad_request, "illegal_argument_exception", "an HTTP/1.1 request needs a Host header");
  if (count(header, http::field::authorization) > 1)
    return refuse(http::status::bad_request, "illegal_argument_exception", "more than one Authorization header");
  if (header.count(http::field::transfer_encoding) &&
      (count(header, http::field::transfer_encoding) > 1 ||
       lower(trim(header[http::field::transfer_encoding])) != "chunked"))
    return refuse(http::status::bad_request, "illegal_argument_exception",
                  "Transfer-Encoding [" + std::string(header[http::field::transfer_encoding]) +
                      "] is not supported; only chunked is");

  const bool body = header.count(http::field::transfer_encoding) ||
                    (header.count(http::field::content_length) && header[http::field::content_length] != "0");
  const auto content_type = header[http::field::content_type];
  if ((body || !content_type.empty()) && !json_media_type(content_type))
    return refuse(http::status::not_acceptable, "media_type_header_exception",
                  content_type.empty() ? std::string("a request body needs a Content-Type header: application/json "
                                                     "or application/x-ndjson")
                                       : "Content-Type header [" + std::string(content_type) +
                                             "] is not supported; use application/json or application/x-ndjson");

  // Browsers mark what a page sends: Origin on every cross-origin request
  // and every POST, Sec-Fetch-Site on all of them in current browsers.
  const auto site = lower(trim(header["Sec-Fetch-Site"]));
  if (site == "cross-site" || site == "same-site")
    return refuse(http::status::forbidden, "security_exception",
                  "cross-site requests from a browser are refused (Sec-Fetch-Site: " + site + ")");
  if (header.count(http::field::origin)) {
    const auto origin = header[http::field::origin];
    const auto authority = origin_authority(origin);
    if (authority.empty() || authority != without_default_port(lower(trim(header[http::field::host]))))
      return refuse(http::status::forbidden, "security_exception",
                    "cross-origin requests are refused: Origin [" + std::string(origin) + "] is not this server");
  }

  if (options_.check_host && hosts == 1 && !host_allowed(header[http::field::host]))
    return refuse(http::status::forbidden, "security_exception",
                  "Host [" + std::string(header[http::field::host]) +
                      "] does not name this server; without API keys vigild answers only to loopback names and "
                      "server.allowed_hosts");
  return std::nullopt;
}

}  // namespace vigil::api
