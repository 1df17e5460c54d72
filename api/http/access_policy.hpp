#pragma once

#include <string_view>

#include "api/http/role.hpp"
#include "api/http/types.hpp"

namespace vigil::api {

// Who may call one route.
struct Access {
  enum class Open {
    never,     // a key with one of `roles` (or admin)
    always,    // probes: no key needed
    loopback,  // no key needed from a loopback peer; others as `never`
  };
  Open open = Open::never;
  RoleSet roles;  // any one of them grants access; admin always does

  bool grants(RoleSet held) const { return held.has(Role::admin) || held.intersects(roles); }
};

// Which roles each (method, route pattern) needs:
//   /healthz, /readyz                                   open (probes)
//   _bulk, /api/v1/events, _doc/_create writes,
//   PUT/POST of ILM, templates, data streams, pipelines  ingest
//   GET /, _license, _xpack, _cat/health and the GETs
//   of those set-up resources (shippers' discovery)     ingest or read
//   _refresh, _flush (GET or POST)                      ingest or read
//   POST _eql/search                                    read
//   PATCH/POST /api/v1/alerts..., POST rules/{id}/_run   write
//   /metrics                                            read (open to loopback peers if constructed so)
//   any other GET (and HEAD) or POST _count             read
//   anything else                                       admin only, so a route nobody
//                                                       classified is never open
// Patterns are the router's ("/{index}/_bulk"), not raw paths. HEAD is
// judged as GET, as the router serves it. Immutable; thread-safe.
class AccessPolicy {
 public:
  explicit AccessPolicy(bool metrics_open_on_loopback = false) : metrics_open_on_loopback_(metrics_open_on_loopback) {}

  Access required(http::verb method, std::string_view pattern) const;

 private:
  bool metrics_open_on_loopback_;
};

}  // namespace vigil::api
