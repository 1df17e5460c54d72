#include "api/handlers/document_handler.hpp"

#include <variant>

#include "api/handlers/es_response.hpp"
#include "api/http/split.hpp"

namespace vigil::api {
namespace {

// Elasticsearch's longest index name; a pattern longer than that selects nothing.
constexpr std::size_t kMaxPatternBytes = 255;
// More than any real target names; each costs a match per stored index name.
constexpr std::size_t kMaxPatterns = 100;

// The request's index patterns, or why they are refused.
std::variant<std::vector<std::string>, std::string> split_patterns(const std::string* text) {
  std::vector<std::string> out;
  if (!text) return out;
  for (const auto one : split(*text, ',')) {
    if (one.empty() || one == "_all") continue;
    if (one.size() > kMaxPatternBytes)
      return "index pattern [" + std::string(one.substr(0, 64)) + "...] is longer than " +
             std::to_string(kMaxPatternBytes) + " bytes";
    out.emplace_back(one);
  }
  if (out.size() > kMaxPatterns)
    return "too many index patterns (" + std::to_string(out.size()) + "); at most " + std::to_string(kMaxPatterns) +
           " are allowed";
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
                        {"_version", 1},
                        {"_seq_no", 0},
                        {"_primary_term", 1},
                        {"found", true},
                        {"_source", nlohmann::json::parse(found->document)}});
  });
  const Handler count = [&events](const RequestContext& ctx) {
    const auto patterns = split_patterns(ctx.param("index"));
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
