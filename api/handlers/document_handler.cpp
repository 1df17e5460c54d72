#include "api/handlers/document_handler.hpp"

#include <variant>

#include "api/handlers/es_response.hpp"
#include "api/handlers/index_patterns_param.hpp"

namespace vigil::api {

void add_document_routes(Router& router, engine::EventStore& events) {
  router.add(http::verb::get, "/{index}/_doc/{id}", [&events](const RequestContext& ctx) {
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
  });
  const Handler count = [&events](const RequestContext& ctx) {
    const auto patterns = parse_index_patterns(ctx.param("index"));
    if (const auto* refused = std::get_if<std::string>(&patterns))
      return es_error(ctx.request, http::status::bad_request, "illegal_argument_exception", *refused);
    return es_response(ctx.request, http::status::ok,
                       {{"count", events.count(std::get<std::vector<std::string>>(patterns))},
                        {"_shards", {{"total", 1}, {"successful", 1}, {"skipped", 0}, {"failed", 0}}}});
  };
  router.add(http::verb::get, "/_count", count);
  router.add(http::verb::get, "/{index}/_count", count);
  router.add(http::verb::post, "/_count", count);
  router.add(http::verb::post, "/{index}/_count", count);
}

}  // namespace vigil::api
