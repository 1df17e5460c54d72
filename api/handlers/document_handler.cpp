#include "api/handlers/document_handler.hpp"

#include <variant>

#include "api/handlers/es_query_params.hpp"
#include "api/http/es_response.hpp"
#include "api/handlers/index_patterns_param.hpp"

namespace vigil::api {
namespace {

// What Elasticsearch 8's get and count APIs take. Vigil honours none of
// them but the index, and answers as Elasticsearch would for an unknown one
// (es_query_params.hpp); those listed are accepted so clients that send
// them keep working.
const std::vector<std::string_view> kGetParameters = {
    "preference", "realtime", "refresh", "routing", "stored_fields", "_source", "_source_excludes",
    "_source_includes", "version", "version_type"};
const std::vector<std::string_view> kCountParameters = {
    "allow_no_indices", "analyzer", "analyze_wildcard", "default_operator", "df", "expand_wildcards",
    "ignore_throttled", "ignore_unavailable", "lenient", "min_score", "preference", "q", "routing",
    "terminate_after"};

}  // namespace

void add_document_routes(Router& router, engine::EventStore& events) {
  const Handler get = [&events](const RequestContext& ctx) {
    const auto& index = *ctx.param("index");
    const auto& id = *ctx.param("id");
    const auto found = events.get(index, id);
    if (!found)
      return es_response(ctx.request, http::status::not_found, {{"_index", index}, {"_id", id}, {"found", false}});
    return es_response(ctx.request, http::status::ok,
                       {{"_index", index},
                        {"_id", id},
                        {"_version", found->version},
                        {"_seq_no", 0},
                        {"_primary_term", 1},
                        {"found", true},
                        {"_source", nlohmann::json::parse(found->document)}});
  };
  router.add(http::verb::get, "/{index}/_doc/{id}", accepting_parameters(kGetParameters, get));
  const Handler count = [&events](const RequestContext& ctx) {
    const auto patterns = parse_index_patterns(ctx.param("index"));
    if (const auto* refused = std::get_if<std::string>(&patterns))
      return es_error(ctx.request, http::status::bad_request, "illegal_argument_exception", *refused);
    return es_response(ctx.request, http::status::ok,
                       {{"count", events.count(std::get<std::vector<std::string>>(patterns))},
                        {"_shards", {{"total", 1}, {"successful", 1}, {"skipped", 0}, {"failed", 0}}}});
  };
  const auto counting = accepting_parameters(kCountParameters, count);
  router.add(http::verb::get, "/_count", counting);
  router.add(http::verb::get, "/{index}/_count", counting);
  router.add(http::verb::post, "/_count", counting);
  router.add(http::verb::post, "/{index}/_count", counting);
}

}  // namespace vigil::api
