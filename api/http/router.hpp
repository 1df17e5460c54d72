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

// Where a route's requests run. Ingest batches take tens of milliseconds
// of CPU each; on a pool of their own they never make a dashboard query
// wait behind them. Probes answer from memory on the connection's own
// I/O thread, so a liveness check is answered while every worker is
// busy with slow reads.
enum class Lane { query, ingest, probe };

// Maps (method, path pattern) to handlers. Patterns are '/'-separated
// segments where "{name}" captures one segment (decoded after the path is
// split, so "%2F" is part of a segment); literal segments win over
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

  class Screening;

  // What can be decided from a request's header alone, before its body is
  // read: the route, the caller's identity and whether it may call it.
  Screening screen(const Request& header, const RequestOrigin& origin = {}) const;

  // Runs the route `screening` found for `request` (the same request, now
  // with its body); the screening's refusal when it has one.
  Response handle(const Request& request, const RequestOrigin& origin, Screening screening) const;

  // screen() and handle() in one. `route` (when given) receives the
  // matched pattern, "" when none matched, so request metrics group by
  // route rather than by raw path.
  Response dispatch(const Request& request, const RequestOrigin& origin = {}, std::string* route = nullptr) const;

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
                                 Screening& screening) const;

  std::vector<Route> routes_;
  KeyRegistry keys_;
  AccessPolicy policy_;
};

// The router's decision on a request's header. Refers to the router's
// routes: valid while the router is.
class Router::Screening {
 public:
  // The answer to send without reading the body (400 for a malformed
  // target, 401, 403, 404, 405), or null when the request may go on.
  const Response* refusal() const { return refusal_ ? &*refusal_ : nullptr; }
  Lane lane() const { return route_ ? route_->lane : Lane::query; }
  // The matched route's pattern, "" when none matched.
  const std::string& pattern() const;
  // The caller presented a valid key, or no keys are configured.
  bool trusted() const { return trusted_; }

 private:
  friend class Router;
  std::optional<Response> refusal_;
  const Route* route_ = nullptr;
  std::string path_;
  std::vector<std::string> segments_;
  std::multimap<std::string, std::string> query_;
  std::string principal_ = "anonymous";
  bool trusted_ = false;
};

}  // namespace vigil::api
