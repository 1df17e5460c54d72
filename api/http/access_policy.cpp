#include "api/http/access_policy.hpp"

#include <array>

namespace vigil::api {
namespace {

// Elasticsearch resources shippers create at start-up (and check with GET/HEAD first).
constexpr std::array<std::string_view, 5> kSetupPatterns = {"/_ilm/policy/{name}", "/_index_template/{name}",
                                                            "/_template/{name}", "/_data_stream/{name}",
                                                            "/_ingest/pipeline/{name}"};

// Calls shippers make with their ingest key before sending events.
constexpr std::array<std::string_view, 4> kDiscoveryPatterns = {"/", "/_license", "/_xpack", "/_cat/health"};

constexpr std::array<std::string_view, 6> kIngestWritePatterns = {
    "/_bulk", "/{index}/_bulk", "/api/v1/events", "/{index}/_doc", "/{index}/_doc/{id}", "/{index}/_create/{id}"};

constexpr std::array<std::string_view, 4> kRefreshPatterns = {"/_refresh", "/{index}/_refresh", "/_flush",
                                                              "/{index}/_flush"};

template <std::size_t N>
bool among(std::string_view pattern, const std::array<std::string_view, N>& patterns) {
  for (const auto p : patterns)
    if (p == pattern) return true;
  return false;
}

bool under(std::string_view pattern, std::string_view prefix) {
  return pattern == prefix || (pattern.starts_with(prefix) && pattern[prefix.size()] == '/');
}

Access needs(RoleSet roles) { return {Access::Open::never, roles}; }

}  // namespace

Access AccessPolicy::required(http::verb method, std::string_view pattern) const {
  const bool get = method == http::verb::get || method == http::verb::head;
  const bool post = method == http::verb::post;
  const bool put_or_post = post || method == http::verb::put;

  if (get && (pattern == "/healthz" || pattern == "/readyz")) return {Access::Open::always, {}};
  if (get && pattern == "/metrics")
    return {metrics_open_on_loopback_ ? Access::Open::loopback : Access::Open::never, {Role::read}};
  if (get && (among(pattern, kDiscoveryPatterns) || among(pattern, kSetupPatterns) || among(pattern, kRefreshPatterns)))
    return needs({Role::ingest, Role::read});
  if (get) return needs({Role::read});

  if (put_or_post && (among(pattern, kIngestWritePatterns) || among(pattern, kSetupPatterns)))
    return needs({Role::ingest});
  // Elasticsearch's count and EQL search take their query in a POST body; they only read.
  if (post && (pattern == "/_count" || pattern == "/{index}/_count" || pattern == "/{index}/_eql/search"))
    return needs({Role::read});
  // Hunting queries are read-only by construction (engine/hunt has no writing operator).
  if (post && (pattern == "/api/v1/hunt" || pattern == "/v1.0/security/runHuntingQuery" ||
               pattern == "/api/advancedhunting/run"))
    return needs({Role::read});
  // Clients and test suites refresh after writing and before counting;
  // Vigil's writes are visible at once, so either role may.
  if (post && among(pattern, kRefreshPatterns)) return needs({Role::ingest, Role::read});
  if ((post || method == http::verb::patch) && under(pattern, "/api/v1/alerts")) return needs({Role::write});
  if (post && pattern == "/api/v1/rules/{id}/_run") return needs({Role::write});
  // Replaces what every rule detects: the operator's call, not an analyst's.
  if (post && pattern == "/api/v1/rules/_reload") return needs({Role::admin});
  return needs({Role::admin});
}

}  // namespace vigil::api
