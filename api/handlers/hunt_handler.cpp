#include "api/handlers/hunt_handler.hpp"

#include "api/handlers/alert_formats.hpp"
#include "api/handlers/es_query_params.hpp"
#include "api/http/json_response.hpp"

namespace vigil::api {
namespace {

std::string csv_text(const engine::hunt::Value& value) {
  const auto j = engine::hunt::to_json(value);
  return j.is_string() ? j.get<std::string>() : (j.is_null() ? "" : j.dump());
}

Response text_body(const Request& request, const char* content_type, std::string body,
                   const engine::hunt::HuntResult& result) {
  Response res{http::status::ok, request.version()};
  res.set(http::field::content_type, content_type);
  res.set("X-Hunt-Rows", std::to_string(result.rows.size()));
  res.set("X-Hunt-Rows-Scanned", std::to_string(result.rows_scanned));
  res.set("X-Hunt-Truncated", result.truncated ? "true" : "false");
  res.keep_alive(request.keep_alive());
  res.body() = std::move(body);
  return res;
}

Response hunt(const RequestContext& ctx, engine::HuntSource& source, const engine::Clock& clock,
              const HuntLimitsConfig& limits) {
  const auto* format = ctx.query_value("format");
  if (format != nullptr && *format != "json" && *format != "csv" && *format != "ndjson")
    return json_error(ctx.request, http::status::bad_request, "illegal_argument_exception",
                      "format must be json, csv or ndjson, not '" + *format + "'");
  auto parsed = parse_hunt_body(ctx.request.body(), "query", "timespan", limits);
  if (const auto* refused = std::get_if<std::string>(&parsed))
    return json_error(ctx.request, http::status::bad_request, "illegal_argument_exception", *refused);
  auto ran = run_hunt_request(ctx.request, std::get<engine::hunt::HuntRequest>(parsed), source, clock);
  if (auto* error = std::get_if<Response>(&ran)) return std::move(*error);
  const auto& result = std::get<engine::hunt::HuntResult>(ran);
  if (format != nullptr && *format == "csv") {
    std::string body;
    const auto line = [&](auto cell_of, std::size_t n) {
      for (std::size_t i = 0; i < n; ++i) body += (i ? "," : "") + csv_cell(cell_of(i));
      body += "\r\n";
    };
    line([&](std::size_t i) { return result.schema.columns[i].name; }, result.schema.size());
    for (const auto& row : result.rows) line([&](std::size_t i) { return csv_text(row[i]); }, row.size());
    return text_body(ctx.request, "text/csv; charset=utf-8", std::move(body), result);
  }
  auto rows = hunt_rows_json(result);
  if (format != nullptr && *format == "ndjson") {
    std::string body;
    for (const auto& r : rows) body += r.dump() + "\n";
    return text_body(ctx.request, "application/x-ndjson", std::move(body), result);
  }
  return json_response(ctx.request, http::status::ok,
                       {{"schema", hunt_schema_json(result.schema, "name", "type", false)},
                        {"results", std::move(rows)},
                        {"stats",
                         {{"rows", result.rows.size()},
                          {"rows_scanned", result.rows_scanned},
                          {"duration_ms", result.duration_ms},
                          {"truncated", result.truncated}}}});
}

}  // namespace

void add_hunt_routes(Router& router, engine::HuntSource& source, const engine::Clock& clock, HuntLimitsConfig limits) {
  router.add(http::verb::post, "/api/v1/hunt",
             accepting_parameters({"format"}, [&source, &clock, limits](const RequestContext& ctx) {
               return hunt(ctx, source, clock, limits);
             }));
}

}  // namespace vigil::api
