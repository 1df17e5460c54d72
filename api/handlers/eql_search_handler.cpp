#include "api/handlers/eql_search_handler.hpp"

#include <chrono>
#include <deque>

#include "api/handlers/eql_search_request.hpp"
#include "api/handlers/es_query_params.hpp"
#include "api/http/es_response.hpp"
#include "api/handlers/index_patterns_param.hpp"
#include "api/ingest/json_depth.hpp"
#include "engine/eql/query.hpp"
#include "engine/event/json_parse.hpp"
#include "engine/rules/index_patterns.hpp"

namespace vigil::api {
namespace {

struct Hit {
  std::string index;
  std::string id;
  nlohmann::json source;
  std::size_t bytes = 0;
};

Response search(const RequestContext& ctx, engine::EventStore& events, const engine::Clock& clock) {
  const auto started = std::chrono::steady_clock::now();
  const auto bad_request = [&](const std::string& type, const std::string& reason) {
    return es_error(ctx.request, http::status::bad_request, type, reason);
  };
  const auto patterns = parse_index_patterns(ctx.param("index"));
  if (const auto* refused = std::get_if<std::string>(&patterns)) return bad_request("illegal_argument_exception", *refused);
  const auto& text = ctx.request.body();
  if (json_nesting_depth(text) > kMaxJsonDepth)
    return bad_request("parsing_exception", "the request body nests deeper than " + std::to_string(kMaxJsonDepth));
  const auto body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_discarded()) return bad_request("parsing_exception", "the request body is not JSON");
  auto parsed = parse_eql_search_request(body, clock.now());
  if (const auto* refused = std::get_if<std::string>(&parsed)) return bad_request("illegal_argument_exception", *refused);
  const auto& request = std::get<EqlSearchRequest>(parsed);
  auto compiled = engine::eql::CompiledQuery::compile(request.query);
  if (const auto* error = std::get_if<engine::eql::ParseError>(&compiled))
    return bad_request("parsing_exception", "line " + std::to_string(error->line) + ":" +
                                                std::to_string(error->column) + ": " + error->message);
  const auto& query = std::get<engine::eql::CompiledQuery>(compiled);

  // The store narrows by the positive patterns; exclusions ("-logs-test*")
  // are applied while scanning, as a rule run does.
  const auto& listed = std::get<std::vector<std::string>>(patterns);
  const engine::IndexPatterns selects(listed);
  engine::EventQuery selection;
  for (const auto& pattern : listed)
    if (!pattern.starts_with('-')) selection.index_patterns.push_back(pattern);
  selection.time_field = request.time_field;
  selection.start = request.start;
  selection.end = request.end;
  selection.category = query.category();
  std::deque<Hit> hits;
  std::size_t bytes = 0;
  bool partial = false;
  events.scan(selection, [&](const engine::StoredEvent& e) {
    if (!selects.selects(e.index)) return true;
    auto source = engine::parse_json(e.document, false);
    if (source.is_discarded() || !query.matches(source)) return true;
    hits.push_back({e.index, e.id, std::move(source), e.document.size()});
    bytes += e.document.size();
    // Head stops at `size`; tail keeps the last `size`.
    if (hits.size() > request.size) {
      bytes -= hits.front().bytes;
      hits.pop_front();
    }
    if (bytes > kMaxEqlSearchBytes) {
      partial = true;
      if (!request.tail) {
        bytes -= hits.back().bytes;
        hits.pop_back();
        return false;
      }
      while (bytes > kMaxEqlSearchBytes && hits.size() > 1) {
        bytes -= hits.front().bytes;
        hits.pop_front();
      }
    }
    return request.tail || hits.size() < request.size;
  });
  if (ctx.origin.memory && !ctx.origin.memory->grow(bytes))
    return es_error(ctx.request, http::status::too_many_requests, "es_rejected_execution_exception",
                    "the " + std::to_string(bytes) + " bytes of events found do not fit in request memory now; retry");

  nlohmann::json found = nlohmann::json::array();
  for (auto& hit : hits)
    found.push_back({{"_index", std::move(hit.index)}, {"_id", std::move(hit.id)}, {"_source", std::move(hit.source)}});
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return es_response(ctx.request, http::status::ok,
                     {{"is_partial", partial},
                      {"is_running", false},
                      {"took", took},
                      {"timed_out", false},
                      {"hits", {{"total", {{"value", found.size()}, {"relation", "eq"}}}, {"events", std::move(found)}}}});
}

}  // namespace

void add_eql_search_routes(Router& router, engine::EventStore& events, const engine::Clock& clock) {
  // Elasticsearch's parameters of the EQL search API. Searches complete
  // synchronously and are never partial by choice, so the async and
  // partial-result options change nothing.
  const Handler handler = accepting_parameters(
      {"allow_no_indices", "expand_wildcards", "ignore_unavailable", "keep_alive", "keep_on_completion",
       "wait_for_completion_timeout", "ccs_minimize_roundtrips", "allow_partial_search_results",
       "allow_partial_sequence_results"},
      [&events, &clock](const RequestContext& ctx) { return search(ctx, events, clock); });
  router.add(http::verb::post, "/{index}/_eql/search", handler);
  router.add(http::verb::get, "/{index}/_eql/search", handler);
}

}  // namespace vigil::api
