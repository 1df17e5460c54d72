#include "api/http/router.hpp"

#include <boost/beast/http/field.hpp>

#include "api/http/json_response.hpp"
#include "api/http/query_string.hpp"
#include "api/http/split.hpp"

namespace vigil::api {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  for (const auto segment : split(path, '/'))
    if (!segment.empty()) segments.emplace_back(segment);
  return segments;
}

// HEAD answers carry the headers of the GET answer (with its length) and no body.
Response for_method(const Request& request, Response res) {
  if (request.method() == http::verb::head) {
    res.content_length(res.body().size());
    res.body().clear();
  }
  return res;
}

}  // namespace

void Router::add(http::verb method, const std::string& pattern, Handler handler, Lane lane) {
  routes_.push_back({method, pattern, split_path(pattern), std::move(handler), lane});
}

void Router::protect(KeyRegistry keys, AccessPolicy policy) {
  keys_ = std::move(keys);
  policy_ = policy;
}

std::optional<Response> Router::refuse(const Request& request, const RequestOrigin& origin, const Route* route,
                                       std::string& principal) const {
  if (keys_.empty()) return std::nullopt;
  const auto access = route ? policy_.required(route->method, route->pattern) : Access{};
  if (access.open == Access::Open::always || (access.open == Access::Open::loopback && origin.loopback))
    return std::nullopt;
  const auto result = keys_.authenticate(request[http::field::authorization]);
  if (!result.principal) {
    auto res = json_error(request, http::status::unauthorized, "security_exception",
                          result.reason + " for REST request [" + std::string(request.target()) + "]");
    res.insert(http::field::www_authenticate, "ApiKey");
    res.insert(http::field::www_authenticate, "Bearer realm=\"vigil\"");
    res.insert(http::field::www_authenticate, "Basic realm=\"vigil\", charset=\"UTF-8\"");
    return res;
  }
  if (route && !access.grants(result.principal->roles)) {
    auto needed = access.roles;
    needed.add(Role::admin);
    return json_error(request, http::status::forbidden, "security_exception",
                      "action [" + std::string(http::to_string(request.method())) + " " + route->pattern +
                          "] is unauthorized for API key [" + result.principal->name + "] with roles [" +
                          result.principal->roles.to_string() + "]; it needs one of [" + needed.to_string() + "]");
  }
  principal = result.principal->name;
  return std::nullopt;
}

const Router::Route* Router::find(http::verb method, const std::vector<std::string>& segments,
                                  std::set<std::string>* allowed) const {
  const bool head = method == http::verb::head;
  const Route* best = nullptr;
  int best_score = -1;
  for (const auto& route : routes_) {
    const int score = match(route, segments, nullptr);
    if (score < 0) continue;
    if (allowed) {
      allowed->insert(std::string(http::to_string(route.method)));
      if (route.method == http::verb::get) allowed->insert("HEAD");
    }
    const bool method_ok = route.method == method || (head && route.method == http::verb::get);
    // An exact HEAD route beats the GET fallback at the same specificity.
    const int ranked = score * 2 + (route.method == method ? 1 : 0);
    if (method_ok && ranked > best_score) {
      best = &route;
      best_score = ranked;
    }
  }
  return best;
}

Lane Router::lane(const Request& request) const {
  const std::string_view target = request.target();
  const auto path = percent_decode(target.substr(0, target.find('?')), false);
  if (!path) return Lane::query;
  const auto* route = find(request.method(), split_path(*path), nullptr);
  return route ? route->lane : Lane::query;
}

int Router::match(const Route& route, const std::vector<std::string>& segments,
                  std::map<std::string, std::string>* params) {
  if (route.segments.size() != segments.size()) return -1;
  int literal = 0;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto& want = route.segments[i];
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      if (params) (*params)[want.substr(1, want.size() - 2)] = segments[i];
    } else if (want == segments[i]) {
      ++literal;
    } else {
      return -1;
    }
  }
  return literal;
}

Response Router::dispatch(const Request& request, const RequestOrigin& origin, std::string* route) const {
  const std::string_view target = request.target();
  const auto question = target.find('?');
  const auto raw_path = target.substr(0, question);
  const auto path = percent_decode(raw_path, false);
  const auto query =
      parse_query_string(question == std::string_view::npos ? std::string_view{} : target.substr(question + 1));
  if (!path || !query)
    return for_method(request, json_error(request, http::status::bad_request, "illegal_argument_exception",
                                          "malformed percent-encoding in the request target"));
  if (query->size() > kMaxQueryParameters)
    return for_method(request, json_error(request, http::status::bad_request, "illegal_argument_exception",
                                          "too many query parameters (" + std::to_string(query->size()) +
                                              "); at most " + std::to_string(kMaxQueryParameters) + " are allowed"));
  const auto segments = split_path(*path);

  std::set<std::string> allowed;
  const Route* best = find(request.method(), segments, &allowed);
  if (route) *route = best ? best->pattern : std::string();
  std::string principal = "anonymous";
  if (auto refused = refuse(request, origin, best, principal)) return for_method(request, std::move(*refused));
  if (!best) {
    if (allowed.empty())
      return for_method(request, json_error(request, http::status::not_found, "not_found", "no route for " + *path));
    std::string allow;
    for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    auto res = json_error(
        request, http::status::method_not_allowed, "method_not_allowed",
        std::string(http::to_string(request.method())) + " is not allowed on " + *path + "; allowed: " + allow);
    res.set(http::field::allow, allow);
    return for_method(request, std::move(res));
  }
  RequestContext ctx{request, *path, {}, *query, origin, best->pattern, std::move(principal)};
  match(*best, segments, &ctx.params);
  return for_method(request, best->handler(ctx));
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : routes_) out.emplace_back(std::string(http::to_string(r.method)), r.pattern);
  return out;
}

}  // namespace vigil::api
