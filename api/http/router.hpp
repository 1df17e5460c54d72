#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/http/access_policy.hpp"
#include "api/http/auth.hpp"
#include "api/http/types.hpp"

namespace vigil::api {

using Handler = std::function<Response(const RequestContext&)>;

// Which worker pool a route's requests run on. Ingest batches take tens of
// milliseconds of CPU each; on a pool of their own they never make a
// dashboard query or a probe wait behind them.
enum class Lane { query, ingest };

// Maps (method, path pattern) to handlers. Patterns are '/'-separated
// segments where "{name}" captures one segment; literal segments win over
// captures. Dispatch answers 404 for an unknown path and 405 with an
// `Allow` header for a known path with another method. HEAD falls back to
// the GET route with the body dropped. Immutable after set-up, so
// dispatch is thread-safe.
//
// With API keys (protect()), a matched route answers 401 (with
// WWW-Authenticate) without a valid key and 403 when the key lacks the
// role the policy asks for; handlers see the key's name as
// ctx.principal. Like Elasticsearch, a client without a valid key gets 401
// for unknown paths and methods too, not 404/405: only a key holder learns
// which routes exist. Open routes (probes) never look at credentials.
class Router {
 public:
  // More query parameters than this are refused (400) before any handler runs.
  static constexpr std::size_t kMaxQueryParameters = 64;

  void add(http::verb method, const std::string& pattern, Handler handler, Lane lane = Lane::query);

  // Turns on authentication. An empty registry leaves every route open
  // (principal "anonymous"): the daemon allows that only on loopback.
  void protect(KeyRegistry keys, AccessPolicy policy);

  // `route` (when given) receives the matched pattern, "" when none matched,
  // so request metrics group by route rather than by raw path.
  Response dispatch(const Request& request, const RequestOrigin& origin = {}, std::string* route = nullptr) const;

  // The lane of the route `request` would reach; Lane::query when none.
  Lane lane(const Request& request) const;

  // Every registered (method, pattern), for the OpenAPI check.
  std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  struct Route {
    http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    Lane lane;
  };

  // The best route for `method` on `segments`, or nullptr; `allowed`
  // (when given) receives the methods of every route matching the path.
  const Route* find(http::verb method, const std::vector<std::string>& segments, std::set<std::string>* allowed) const;

  // How well a path matches a pattern: -1 no match, higher = more literal segments.
  static int match(const Route& route, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>* params);

  // Why `request` may not reach `route` (nullptr: no route matched), as a
  // 401/403 response; nullopt when it may, with `principal` set.
  std::optional<Response> refuse(const Request& request, const RequestOrigin& origin, const Route* route,
                                 std::string& principal) const;

  std::vector<Route> routes_;
  KeyRegistry keys_;
  AccessPolicy policy_;
};

}  // namespace vigil::api
