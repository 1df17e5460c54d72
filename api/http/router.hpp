#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "api/http/types.hpp"

namespace vigil::api {

using Handler = std::function<Response(const RequestContext&)>;

// Maps (method, path pattern) to handlers. Patterns are '/'-separated
// segments where "{name}" captures one segment; literal segments win over
// captures. Dispatch answers 404 for an unknown path and 405 with an
// `Allow` header for a known path with another method. HEAD falls back to
// the GET route with the body dropped. Immutable after set-up, so
// dispatch is thread-safe.
class Router {
 public:
  void add(http::verb method, const std::string& pattern, Handler handler);

  Response dispatch(const Request& request) const;

  // Every registered (method, pattern), for the OpenAPI check.
  std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  struct Route {
    http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };

  // How well a path matches a pattern: -1 no match, higher = more literal segments.
  static int match(const Route& route, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>* params);

  std::vector<Route> routes_;
};

}  // namespace vigil::api
