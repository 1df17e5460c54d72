#include "api/handlers/alert_formats.hpp"

#include <boost/beast/http/field.hpp>

#include "api/handlers/alert_bounds.hpp"
#include "api/http/json_response.hpp"
#include "engine/event/json_parse.hpp"
#include "engine/event/json_text.hpp"

namespace vigil::api {
namespace {

// Alerts echo shipper input: replace invalid UTF-8 rather than throw.
std::string dump(const nlohmann::json& value, int indent = -1) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The text of a field for a cell: strings as they are, numbers and other
// scalars as JSON, null or missing as empty.
std::string cell_text(const nlohmann::json& alert, const nlohmann::json::json_pointer& pointer) {
  if (!alert.contains(pointer)) return {};
  const auto& value = alert.at(pointer);
  if (value.is_null()) return {};
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string joined;
    for (const auto& item : value)
      joined.append(joined.empty() ? "" : ";").append(item.is_string() ? item.get<std::string>() : dump(item));
    return joined;
  }
  return dump(value);
}

struct Column {
  const char* name;
  const char* pointer;
};

constexpr Column kColumns[] = {
    {"id", "/id"},
    {"created_at", "/created_at"},
    {"original_time", "/original_time"},
    {"rule_id", "/rule/id"},
    {"rule_name", "/rule/name"},
    {"severity", "/rule/severity"},
    {"risk_score", "/rule/risk_score"},
    {"status", "/status"},
    {"classification", "/classification"},
    {"host", "/host/name"},
    {"user", "/user/name"},
    {"mitre", "/mitre"},
    {"reason", "/reason"},
};

Response text_response(const Request& request, const char* content_type, std::string body) {
  Response res{http::status::ok, request.version()};
  res.set(http::field::content_type, content_type);
  res.keep_alive(request.keep_alive());
  res.body() = std::move(body);
  return res;
}

}  // namespace

std::string csv_cell(std::string_view text) {
  std::string cell;
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) cell = "'";
  cell.append(text);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (const char c : cell) quoted.append(c == '"' ? "\"\"" : std::string(1, c));
  return quoted + "\"";
}

std::string alerts_csv_header() {
  std::string out;
  for (const auto& column : kColumns) out.append(out.empty() ? "" : ",").append(column.name);
  return out.append("\r\n");
}

std::string alert_csv_row(const std::string& text) {
  const auto alert = engine::parse_json(text);
  std::string out;
  for (const auto& column : kColumns)
    out.append(&column == kColumns ? "" : ",")
        .append(csv_cell(cell_text(alert, nlohmann::json::json_pointer(column.pointer))));
  return out.append("\r\n");
}

Response alert_json_response(const Request& request, http::status status, const nlohmann::json& body, bool pretty) {
  auto res = json_response(request, status, body);
  if (pretty) res.body() = dump(body, 2);
  return res;
}

Response one_alert_response(const Request& request, const nlohmann::json& alert, bool pretty) {
  auto text = bounded_alert(engine::json_text(alert));
  if (pretty) text = dump(engine::parse_json(text), 2);
  return json_text_response(request, http::status::ok, std::move(text));
}

AlertPageWriter::AlertPageWriter(AlertFormat format, bool pretty, std::size_t max_bytes)
    : format_(format),
      body_(format == AlertFormat::kJson ? PageBody::json_object("alerts", pretty, max_bytes)
                                         : PageBody::lines(format == AlertFormat::kCsv ? alerts_csv_header() : "",
                                                           max_bytes)) {}

bool AlertPageWriter::add(std::string alert) {
  auto text = bounded_alert(std::move(alert));
  switch (format_) {
    case AlertFormat::kCsv:
      return body_.add(alert_csv_row(text));
    case AlertFormat::kNdjson:
      return body_.add(text.append("\n"));
    case AlertFormat::kJson:
      break;
  }
  return body_.add(text);
}

Response AlertPageWriter::finish(const Request& request, std::uint64_t total, bool total_exact,
                                 const std::optional<std::string>& next_cursor) && {
  const bool ended_early = body_.ended_early();
  if (format_ != AlertFormat::kJson) {
    auto res = text_response(request, format_ == AlertFormat::kCsv ? "text/csv; charset=utf-8" : "application/x-ndjson",
                             std::move(body_).finish());
    res.set("X-Total-Count", std::to_string(total) + (total_exact ? "" : "+"));
    if (next_cursor) res.set("X-Next-Cursor", *next_cursor);
    if (ended_early) res.set("X-Page-Ended-Early", "true");
    return res;
  }
  // The envelope nlohmann would print (keys in byte order).
  return text_response(
      request, "application/json",
      std::move(body_).finish({{"ended_early", ended_early ? "true" : "false"},
                               {"next_cursor", next_cursor ? engine::json_text(nlohmann::json(*next_cursor)) : "null"},
                               {"total", std::to_string(total)},
                               {"total_relation", total_exact ? "\"eq\"" : "\"gte\""}}));
}

}  // namespace vigil::api
