#include "api/handlers/microsoft_hunting_handler.hpp"

#include "api/http/json_response.hpp"

namespace vigil::api {
namespace {

enum class Shape { kGraph, kDefender };

Response run(const RequestContext& ctx, Shape shape, engine::HuntSource& source, const engine::Clock& clock,
             const HuntLimitsConfig& limits) {
  auto parsed = parse_hunt_body(ctx.request.body(), "Query", "Timespan", limits);
  if (const auto* refused = std::get_if<std::string>(&parsed))
    return json_error(ctx.request, http::status::bad_request, "illegal_argument_exception", *refused);
  auto request = std::get<engine::hunt::HuntRequest>(std::move(parsed));
  if (shape == Shape::kGraph && !request.timespan) request.timespan = limits.graph_timespan;
  auto ran = run_hunt_request(ctx.request, request, source, clock);
  if (auto* error = std::get_if<Response>(&ran)) return std::move(*error);
  const auto& result = std::get<engine::hunt::HuntResult>(ran);
  if (shape == Shape::kGraph)
    return json_response(ctx.request, http::status::ok,
                         {{"@odata.context", "$metadata#microsoft.graph.security.huntingQueryResults"},
                          {"schema", hunt_schema_json(result.schema, "name", "type", true)},
                          {"results", hunt_rows_json(result)}});
  return json_response(ctx.request, http::status::ok,
                       {{"Stats",
                         {{"ExecutionTime", static_cast<double>(result.duration_ms) / 1000.0},
                          {"rows_scanned", result.rows_scanned},
                          {"truncated", result.truncated}}},
                        {"Schema", hunt_schema_json(result.schema, "Name", "Type", true)},
                        {"Results", hunt_rows_json(result)}});
}

}  // namespace

void add_microsoft_hunting_routes(Router& router, engine::HuntSource& source, const engine::Clock& clock,
                                  HuntLimitsConfig limits) {
  router.add(http::verb::post, "/v1.0/security/runHuntingQuery", [&source, &clock, limits](const RequestContext& ctx) {
    return run(ctx, Shape::kGraph, source, clock, limits);
  });
  router.add(http::verb::post, "/api/advancedhunting/run", [&source, &clock, limits](const RequestContext& ctx) {
    return run(ctx, Shape::kDefender, source, clock, limits);
  });
}

}  // namespace vigil::api
