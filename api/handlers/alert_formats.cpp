#include "api/handlers/alert_formats.hpp"

#include <boost/beast/http/field.hpp>

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

std::string alerts_csv(const std::vector<std::string>& alerts) {
  std::string out;
  for (const auto& column : kColumns) out.append(out.empty() ? "" : ",").append(column.name);
  out.append("\r\n");
  for (const auto& text : alerts) {
    const auto alert = engine::parse_json(text);
    bool first = true;
    for (const auto& column : kColumns) {
      out.append(first ? "" : ",").append(csv_cell(cell_text(alert, nlohmann::json::json_pointer(column.pointer))));
      first = false;
    }
    out.append("\r\n");
  }
  return out;
}

std::string alerts_ndjson(const std::vector<std::string>& alerts) {
  std::string out;
  for (const auto& alert : alerts) out.append(alert).append("\n");
  return out;
}

Response alert_json_response(const Request& request, http::status status, const nlohmann::json& body, bool pretty) {
  auto res = json_response(request, status, body);
  if (pretty) res.body() = dump(body, 2);
  return res;
}

Response alert_page_response(const Request& request, AlertPageBody page, AlertFormat format, bool pretty) {
  if (format == AlertFormat::kJson) {
    // The alerts' texts as they are, in the envelope nlohmann would print
    // (keys in byte order).
    std::string body = "{\"alerts\":[";
    for (std::size_t i = 0; i < page.alerts.size(); ++i) body.append(i == 0 ? "" : ",").append(page.alerts[i]);
    body.append("],\"next_cursor\":")
        .append(page.next_cursor ? engine::json_text(nlohmann::json(*page.next_cursor)) : "null")
        .append(",\"total\":")
        .append(std::to_string(page.total))
        .append(",\"total_relation\":")
        .append(page.total_exact ? "\"eq\"}" : "\"gte\"}");
    // Indenting needs the values: an analyst's curl, not a dashboard's poll.
    if (pretty) return alert_json_response(request, http::status::ok, engine::parse_json(body), true);
    return text_response(request, "application/json", std::move(body));
  }
  auto res = format == AlertFormat::kCsv ? text_response(request, "text/csv; charset=utf-8", alerts_csv(page.alerts))
                                         : text_response(request, "application/x-ndjson", alerts_ndjson(page.alerts));
  res.set("X-Total-Count", std::to_string(page.total) + (page.total_exact ? "" : "+"));
  if (page.next_cursor) res.set("X-Next-Cursor", *page.next_cursor);
  return res;
}

}  // namespace vigil::api
