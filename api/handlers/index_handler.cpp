#include "api/handlers/index_handler.hpp"

#include <limits>

#include "api/handlers/es_mapping.hpp"
#include "api/http/es_response.hpp"
#include "api/handlers/es_query_params.hpp"
#include "api/handlers/index_patterns_param.hpp"

namespace vigil::api {
namespace {

// Elasticsearch's parameters of these APIs; the index options change nothing
// here (a pattern selecting nothing is already an empty answer).
const std::vector<std::string_view> kIndexOptions = {"allow_no_indices", "expand_wildcards", "ignore_unavailable"};
const std::vector<std::string_view> kFlushParameters = {"allow_no_indices", "expand_wildcards", "ignore_unavailable",
                                                         "force", "wait_if_ongoing"};
const std::vector<std::string_view> kGetIndexParameters = {
    "allow_no_indices", "expand_wildcards", "ignore_unavailable", "flat_settings", "include_defaults",
    "local",            "master_timeout",   "features"};
const std::vector<std::string_view> kMappingParameters = {"allow_no_indices", "expand_wildcards",
                                                           "ignore_unavailable", "local", "master_timeout"};

// Events of one index a mapping is built from: enough to see every field a
// source writes, few enough that a probe stays cheap.
constexpr std::size_t kMappingSample = 100;

nlohmann::json shards(std::size_t indices) {
  return {{"total", indices}, {"successful", indices}, {"failed", 0}};
}

Response index_not_found(const Request& request, const std::string& target) {
  return es_error(request, http::status::not_found, "index_not_found_exception", "no such index [" + target + "]");
}

nlohmann::json mapping_of(engine::EventStore& events, const std::string& index) {
  nlohmann::json properties = nlohmann::json::object();
  engine::EventQuery query;
  query.index_patterns = {index};
  query.start = std::numeric_limits<engine::TimeMs>::min();
  query.end = std::numeric_limits<engine::TimeMs>::max();
  std::size_t seen = 0;
  events.scan(query, [&](const engine::StoredEvent& e) {
    add_to_mapping(properties, nlohmann::json::parse(e.document, nullptr, false));
    return ++seen < kMappingSample;
  });
  return {{"properties", properties}};
}

// Runs `answer` over the indices {index} selects, or answers 400/404.
template <class Answer>
Response with_indices(const RequestContext& ctx, engine::EventStore& events, Answer answer) {
  const auto patterns = parse_index_patterns(ctx.param("index"));
  if (const auto* refused = std::get_if<std::string>(&patterns))
    return es_error(ctx.request, http::status::bad_request, "illegal_argument_exception", *refused);
  const auto& list = std::get<std::vector<std::string>>(patterns);
  const auto selected = events.indices(list);
  const bool wildcard = ctx.param("index") && ctx.param("index")->find('*') != std::string::npos;
  if (selected.empty() && ctx.param("index") && !wildcard) return index_not_found(ctx.request, *ctx.param("index"));
  return answer(selected);
}

}  // namespace

void add_index_routes(Router& router, engine::EventStore& events) {
  const Handler refresh = [&events](const RequestContext& ctx) {
    return with_indices(ctx, events, [&](const auto& selected) {
      return es_response(ctx.request, http::status::ok, {{"_shards", shards(selected.size())}});
    });
  };
  for (const auto* action : {"_refresh", "_flush"}) {
    const auto checked = accepting_parameters(std::string(action) == "_flush" ? kFlushParameters : kIndexOptions, refresh);
    for (const auto method : {http::verb::post, http::verb::get}) {
      router.add(method, std::string("/") + action, checked);
      router.add(method, std::string("/{index}/") + action, checked);
    }
  }

  router.add(http::verb::get, "/{index}", accepting_parameters(kGetIndexParameters, [&events](const RequestContext& ctx) {
    return with_indices(ctx, events, [&](const auto& selected) {
      if (selected.empty()) return index_not_found(ctx.request, *ctx.param("index"));
      nlohmann::json body = nlohmann::json::object();
      for (const auto& index : selected)
        body[index.index] = {{"aliases", nlohmann::json::object()},
                             {"mappings", mapping_of(events, index.index)},
                             {"settings",
                              {{"index",
                                {{"number_of_shards", "1"},
                                 {"number_of_replicas", "0"},
                                 {"provided_name", index.index}}}}}};
      return es_response(ctx.request, http::status::ok, body);
    });
  }));

  const Handler mapping = [&events](const RequestContext& ctx) {
    return with_indices(ctx, events, [&](const auto& selected) {
      nlohmann::json body = nlohmann::json::object();
      for (const auto& index : selected) body[index.index] = {{"mappings", mapping_of(events, index.index)}};
      return es_response(ctx.request, http::status::ok, body);
    });
  };
  router.add(http::verb::get, "/_mapping", accepting_parameters(kMappingParameters, mapping));
  router.add(http::verb::get, "/{index}/_mapping", accepting_parameters(kMappingParameters, mapping));
}

}  // namespace vigil::api
