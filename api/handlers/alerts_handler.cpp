#include "api/handlers/alerts_handler.hpp"

#include "api/handlers/query_params.hpp"
#include "api/http/json_response.hpp"

namespace vigil::api {

void add_alerts_routes(Router& router, engine::AlertStore& alerts) {
  router.add(http::verb::get, "/api/v1/alerts", [&alerts](const RequestContext& ctx) {
    for (const auto& [key, value] : ctx.query)
      if (key != "rule_id" && key != "limit")
        return json_error(ctx.request, http::status::bad_request, "illegal_argument_exception",
                          "unknown query parameter '" + key + "'; allowed: rule_id, limit");
    const auto limit = parse_limit(ctx, 100, 1000);
    if (auto* error = std::get_if<Response>(&limit)) return std::move(*error);
    engine::AlertQuery query;
    if (const auto* rule = ctx.query_value("rule_id")) query.rule_id = *rule;
    query.limit = std::get<std::size_t>(limit);
    auto page = alerts.list(query);
    return json_response(ctx.request, http::status::ok,
                         {{"total", page.total}, {"alerts", std::move(page.alerts)}, {"next_cursor", nullptr}});
  });
  router.add(http::verb::get, "/api/v1/alerts/{id}", [&alerts](const RequestContext& ctx) {
    auto alert = alerts.get(*ctx.param("id"));
    if (!alert)
      return json_error(ctx.request, http::status::not_found, "not_found", "no alert with id '" + *ctx.param("id") + "'");
    return json_response(ctx.request, http::status::ok, *alert);
  });
}

}  // namespace vigil::api
