#include "api/handlers/document_handler.hpp"

#include "api/handlers/es_response.hpp"
#include "api/http/split.hpp"

namespace vigil::api {
namespace {

std::vector<std::string> split_patterns(const std::string* text) {
  std::vector<std::string> out;
  if (!text) return out;
  for (const auto one : split(*text, ','))
    if (!one.empty() && one != "_all") out.emplace_back(one);
  return out;
}

}  // namespace

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
    const auto patterns = split_patterns(ctx.param("index"));
    return es_response(ctx.request, http::status::ok,
                       {{"count", events.count(patterns)},
                        {"_shards", {{"total", 1}, {"successful", 1}, {"skipped", 0}, {"failed", 0}}}});
  };
  router.add(http::verb::get, "/_count", count);
  router.add(http::verb::get, "/{index}/_count", count);
  router.add(http::verb::post, "/_count", count);
  router.add(http::verb::post, "/{index}/_count", count);
}

}  // namespace vigil::api
