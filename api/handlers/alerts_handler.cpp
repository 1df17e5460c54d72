#include "api/handlers/alerts_handler.hpp"

#include "api/handlers/alert_cursor.hpp"
#include "api/handlers/alert_errors.hpp"
#include "api/handlers/alert_query_params.hpp"
#include "api/handlers/alert_triage_handler.hpp"

namespace vigil::api {
namespace {

Response list_alerts(const RequestContext& ctx, engine::AlertStore& alerts, const engine::Clock& clock,
                     std::size_t max_response_bytes) {
  const auto parsed = parse_alert_list_params(ctx.query, clock.now());
  if (const auto* error = std::get_if<ParamError>(&parsed)) return bad_alert_request(ctx, error->reason);
  const auto& params = std::get<AlertListParams>(parsed);
  AlertPageWriter writer(params.format, params.pretty, max_response_bytes);
  const auto page =
      alerts.list(params.query, [&writer](std::string&& alert) { return writer.add(std::move(alert)); });
  std::optional<std::string> next_cursor;
  if (page.next) next_cursor = encode_alert_cursor(params.query.sort, params.query.ascending, *page.next);
  return std::move(writer).finish(ctx.request, page.total, page.total_exact, next_cursor);
}

Response summarize_alerts(const RequestContext& ctx, engine::AlertStore& alerts, const engine::Clock& clock) {
  const auto parsed = parse_alert_summary_params(ctx.query, clock.now());
  if (const auto* error = std::get_if<ParamError>(&parsed)) return bad_alert_request(ctx, error->reason);
  const auto& params = std::get<AlertSummaryParams>(parsed);
  const auto summary = alerts.summarize(params.filter);
  return alert_json_response(ctx.request, http::status::ok,
                             {{"total", summary.total},
                              {"by_rule", summary.by_rule},
                              {"by_severity", summary.by_severity},
                              {"by_status", summary.by_status},
                              {"by_classification", summary.by_classification},
                              {"by_technique", summary.by_technique}},
                             params.pretty);
}

Response get_alert(const RequestContext& ctx, engine::AlertStore& alerts) {
  const auto pretty = parse_pretty_only(ctx.query);
  if (const auto* error = std::get_if<ParamError>(&pretty)) return bad_alert_request(ctx, error->reason);
  const auto alert = alerts.get(*ctx.param("id"));
  if (!alert) return unknown_alert(ctx);
  return one_alert_response(ctx.request, *alert, std::get<bool>(pretty));
}

}  // namespace

void add_alerts_routes(Router& router, engine::AlertStore& alerts, const engine::Clock& clock,
                       std::size_t max_response_bytes) {
  router.add(http::verb::get, "/api/v1/alerts", [&alerts, &clock, max_response_bytes](const RequestContext& ctx) {
    return list_alerts(ctx, alerts, clock, max_response_bytes);
  });
  router.add(http::verb::get, "/api/v1/alerts/_summary",
             [&alerts, &clock](const RequestContext& ctx) { return summarize_alerts(ctx, alerts, clock); });
  router.add(http::verb::get, "/api/v1/alerts/{id}",
             [&alerts](const RequestContext& ctx) { return get_alert(ctx, alerts); });
  add_alert_triage_routes(router, alerts, clock, max_response_bytes);
}

}  // namespace vigil::api
