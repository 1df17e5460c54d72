#include "api/http/router.hpp"

#include <algorithm>

#include <boost/beast/http/field.hpp>

#include "api/http/json_response.hpp"
#include "api/http/query_string.hpp"
#include "api/http/split.hpp"

namespace vigil::api {
namespace {

// The decoded segments of a raw path, or nullopt for a malformed escape.
// Splitting before decoding keeps "%2F" inside its segment: a document id
// may contain '/', as in Elasticsearch.
std::optional<std::vector<std::string>> split_path(std::string_view raw) {
  std::vector<std::string> segments;
  for (const auto segment : split(raw, '/')) {
    if (segment.empty()) continue;
    auto decoded = percent_decode(segment, false);
    if (!decoded) return std::nullopt;
    segments.push_back(std::move(*decoded));
  }
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
  routes_.push_back({method, pattern, split_path(pattern).value(), std::move(handler), lane});
}

void Router::protect(KeyRegistry keys, AccessPolicy policy) {
  keys_ = std::move(keys);
  policy_ = policy;
}

std::optional<Response> Router::refuse(const Request& request, const RequestOrigin& origin, const Route* route,
                                       Screening& screening) const {
  if (keys_.empty()) {
    screening.trusted_ = true;
    return std::nullopt;
  }
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
  screening.principal_ = result.principal->name;
  screening.trusted_ = true;
  return std::nullopt;
}

// As Elasticsearch's path trie: the most literal path wins, and only its
// routes compete on the method, so "GET /_bulk" is a 405 rather than the
// index "_bulk" of "GET /{index}".
const Router::Route* Router::find(http::verb method, const std::vector<std::string>& segments,
                                  std::set<std::string>* allowed) const {
  int top = -1;
  for (const auto& route : routes_) top = std::max(top, match(route, segments, nullptr));
  if (top < 0) return nullptr;
  const bool head = method == http::verb::head;
  const Route* best = nullptr;
  for (const auto& route : routes_) {
    if (match(route, segments, nullptr) != top) continue;
    if (allowed) {
      allowed->insert(std::string(http::to_string(route.method)));
      if (route.method == http::verb::get) allowed->insert("HEAD");
    }
    // An exact HEAD route beats the GET fallback.
    if (route.method == method) best = &route;
    if (!best && head && route.method == http::verb::get) best = &route;
  }
  return best;
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

const std::string& Router::Screening::pattern() const {
  static const std::string none;
  return route_ ? route_->pattern : none;
}

Router::Screening Router::screen(const Request& header, const RequestOrigin& origin) const {
  Screening s;
  const std::string_view target = header.target();
  const auto question = target.find('?');
  const auto raw_path = target.substr(0, question);
  auto segments = split_path(raw_path);
  auto query = parse_query_string(question == std::string_view::npos ? std::string_view{} : target.substr(question + 1));
  if (!segments || !query) {
    s.refusal_ = for_method(header, json_error(header, http::status::bad_request, "illegal_argument_exception",
                                               "malformed percent-encoding in the request target"));
    return s;
  }
  if (query->size() > kMaxQueryParameters) {
    s.refusal_ = for_method(header, json_error(header, http::status::bad_request, "illegal_argument_exception",
                                               "too many query parameters (" + std::to_string(query->size()) +
                                                   "); at most " + std::to_string(kMaxQueryParameters) +
                                                   " are allowed"));
    return s;
  }
  s.path_ = "/";
  for (const auto& segment : *segments) s.path_ += (s.path_.size() > 1 ? "/" : "") + segment;
  s.segments_ = std::move(*segments);
  s.query_ = std::move(*query);

  std::set<std::string> allowed;
  s.route_ = find(header.method(), s.segments_, &allowed);
  if (auto refused = refuse(header, origin, s.route_, s)) {
    s.refusal_ = for_method(header, std::move(*refused));
  } else if (!s.route_ && allowed.empty()) {
    s.refusal_ =
        for_method(header, json_error(header, http::status::not_found, "not_found", "no route for " + s.path_));
  } else if (!s.route_) {
    std::string allow;
    for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    auto res = json_error(
        header, http::status::method_not_allowed, "method_not_allowed",
        std::string(http::to_string(header.method())) + " is not allowed on " + s.path_ + "; allowed: " + allow);
    res.set(http::field::allow, allow);
    s.refusal_ = for_method(header, std::move(res));
  }
  return s;
}

Response Router::handle(const Request& request, const RequestOrigin& origin, Screening screening) const {
  if (screening.refusal_) return std::move(*screening.refusal_);
  const auto& route = *screening.route_;
  RequestContext ctx{request,         std::move(screening.path_),     {},
                     std::move(screening.query_), origin, route.pattern, std::move(screening.principal_)};
  match(route, screening.segments_, &ctx.params);
  return for_method(request, route.handler(ctx));
}

Response Router::dispatch(const Request& request, const RequestOrigin& origin, std::string* route) const {
  auto screening = screen(request, origin);
  if (route) *route = screening.pattern();
  return handle(request, origin, std::move(screening));
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : routes_) out.emplace_back(std::string(http::to_string(r.method)), r.pattern);
  return out;
}

}  // namespace vigil::api
