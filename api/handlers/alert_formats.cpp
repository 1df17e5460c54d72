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

// What the JSON envelope around a page's alerts may take: keys, a cursor
// (at most 256 characters), the total.
constexpr std::size_t kEnvelopeBytes = 1024;

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
    : format_(format), pretty_(pretty), max_bytes_(max_bytes) {
  if (format_ == AlertFormat::kCsv) body_ = alerts_csv_header();
  if (format_ == AlertFormat::kJson) body_ = pretty_ ? "{\n  \"alerts\": [" : "{\"alerts\":[";
}

std::string AlertPageWriter::piece(const std::string& alert) const {
  switch (format_) {
    case AlertFormat::kCsv:
      return alert_csv_row(alert);
    case AlertFormat::kNdjson:
      return alert + "\n";
    case AlertFormat::kJson:
      break;
  }
  const std::string_view separator = pretty_ ? (count_ == 0 ? "\n" : ",\n") : (count_ == 0 ? "" : ",");
  if (!pretty_) return std::string(separator) + alert;
  // Indented where the envelope puts it: newlines in JSON text are all
  // between tokens (a string's are escaped).
  std::string indented = std::string(separator) + "    ";
  for (const char c : dump(engine::parse_json(alert), 2)) {
    indented.push_back(c);
    if (c == '\n') indented.append("    ");
  }
  return indented;
}

bool AlertPageWriter::add(std::string alert) {
  const auto text = piece(bounded_alert(std::move(alert)));
  if (count_ > 0 && body_.size() + text.size() + kEnvelopeBytes > max_bytes_) {
    ended_early_ = true;
    return false;
  }
  body_.append(text);
  ++count_;
  return true;
}

Response AlertPageWriter::finish(const Request& request, std::uint64_t total, bool total_exact,
                                 const std::optional<std::string>& next_cursor) && {
  if (format_ != AlertFormat::kJson) {
    auto res = text_response(request, format_ == AlertFormat::kCsv ? "text/csv; charset=utf-8" : "application/x-ndjson",
                             std::move(body_));
    res.set("X-Total-Count", std::to_string(total) + (total_exact ? "" : "+"));
    if (next_cursor) res.set("X-Next-Cursor", *next_cursor);
    if (ended_early_) res.set("X-Page-Ended-Early", "true");
    return res;
  }
  // The envelope nlohmann would print (keys in byte order) around the
  // alerts' texts as they are.
  const auto member = [this](std::string_view key, std::string_view value) {
    body_.append(pretty_ ? ",\n  \"" : ",\"").append(key).append(pretty_ ? "\": " : "\":").append(value);
  };
  body_.append(pretty_ && count_ > 0 ? "\n  ]" : "]");
  member("ended_early", ended_early_ ? "true" : "false");
  member("next_cursor", next_cursor ? engine::json_text(nlohmann::json(*next_cursor)) : "null");
  member("total", std::to_string(total));
  member("total_relation", total_exact ? "\"eq\"" : "\"gte\"");
  body_.append(pretty_ ? "\n}" : "}");
  return text_response(request, "application/json", std::move(body_));
}

}  // namespace vigil::api
