// A request's header as the session judges it before reading any body
// (issue 33): Beast's parser with the daemon's header limit, then
// RequestGuard (with and without the keyless Host check) and
// Router::screen over the daemon's access policy with one key. A refusal
// must be a 4xx with Elasticsearch's error shape; a request let through
// must have a route and, with keys configured, a valid key.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include "api/http/json_response.hpp"
#include "api/http/request_guard.hpp"
#include "api/http/router.hpp"
#include "engine/detect/sha256.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace vigil::api;

Router make_router() {
  Router router;
  const Handler ok = [](const RequestContext& ctx) { return json_response(ctx.request, http::status::ok, {}); };
  router.add(http::verb::post, "/_bulk", ok, Lane::ingest);
  router.add(http::verb::post, "/{index}/_bulk", ok, Lane::ingest);
  router.add(http::verb::get, "/{index}/_doc/{id}", ok);
  router.add(http::verb::get, "/api/v1/alerts", ok);
  router.add(http::verb::patch, "/api/v1/alerts/{id}", ok);
  router.add(http::verb::get, "/healthz", ok, Lane::probe);
  router.protect(KeyRegistry({{"shipper", {Role::ingest}, vigil::engine::detect::sha256_hex("ship-key")}}),
                 AccessPolicy(false));
  return router;
}

void require_refusal_shape(const Response& refused) {
  const auto status = refused.result_int();
  vigil::fuzz::fuzz_require(status >= 400 && status < 500, "a refusal on a header is a 4xx");
  if (refused.body().empty()) return;  // HEAD
  const auto body = nlohmann::json::parse(refused.body(), nullptr, false);
  vigil::fuzz::fuzz_require(body.is_object() && body.contains("error") && body["error"].contains("type") &&
                                body["error"].contains("reason"),
                            "a refusal names its type and reason");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Router router = make_router();
  static const RequestGuard keyless({true, {"vigil.example"}});
  static const RequestGuard keyed;
  namespace beast = boost::beast;
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.eager(false);
  beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;
  const auto& header = parser.get();
  for (const auto* guard : {&keyless, &keyed})
    if (const auto refused = guard->check(header)) require_refusal_shape(*refused);
  const auto screening = router.screen(header, {});
  if (const auto* refused = screening.refusal()) {
    require_refusal_shape(*refused);
    return 0;
  }
  vigil::fuzz::fuzz_require(!screening.pattern().empty(), "a request let through has a route");
  vigil::fuzz::fuzz_require(screening.trusted() || screening.lane() == Lane::probe,
                            "only probes pass without a key");
  return 0;
}
