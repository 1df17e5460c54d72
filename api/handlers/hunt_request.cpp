#include "api/handlers/hunt_request.hpp"

#include <charconv>

#include "api/http/json_response.hpp"
#include "api/ingest/json_depth.hpp"

namespace vigil::api {
namespace {

using engine::hunt::HuntErrorCode;

std::optional<std::int64_t> positive(const nlohmann::json& body, const char* key, std::string& error) {
  const auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  if (!it->is_number_integer() || it->get<std::int64_t>() < 1) {
    error = std::string("\"") + key + "\" must be a positive integer";
    return std::nullopt;
  }
  return it->get<std::int64_t>();
}

}  // namespace

std::optional<engine::TimeMs> parse_iso_duration(std::string_view text) {
  if (text.size() < 3 || text.front() != 'P') return std::nullopt;
  double total = 0;
  bool in_time = false;
  bool any = false;
  std::size_t i = 1;
  while (i < text.size()) {
    if (text[i] == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.')) ++j;
    if (j == i || j == text.size()) return std::nullopt;
    double n = 0;
    const auto r = std::from_chars(text.data() + i, text.data() + j, n);
    if (r.ec != std::errc() || r.ptr != text.data() + j) return std::nullopt;
    const char unit = text[j];
    double scale = 0;
    if (!in_time && unit == 'W') scale = 7.0 * engine::kDayMs;
    else if (!in_time && unit == 'D') scale = engine::kDayMs;
    else if (in_time && unit == 'H') scale = engine::kHourMs;
    else if (in_time && unit == 'M') scale = engine::kMinuteMs;
    else if (in_time && unit == 'S') scale = engine::kSecondMs;
    else return std::nullopt;
    total += n * scale;
    any = true;
    i = j + 1;
  }
  if (!any || total > 1e15) return std::nullopt;
  return static_cast<engine::TimeMs>(total);
}

std::variant<engine::hunt::HuntRequest, std::string> parse_hunt_body(std::string_view body, const char* query_key,
                                                                     const char* timespan_key,
                                                                     const HuntLimitsConfig& limits) {
  if (json_nesting_depth(body) > kMaxJsonDepth)
    return "the request body nests deeper than " + std::to_string(kMaxJsonDepth);
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return std::string("the request body is not a JSON object");
  const auto query = json.find(query_key);
  if (query == json.end() || !query->is_string() || query->get_ref<const std::string&>().empty())
    return std::string("the request body needs \"") + query_key + "\": the KQL query text";
  engine::hunt::HuntRequest request;
  request.query = query->get<std::string>();
  if (const auto span = json.find(timespan_key); span != json.end() && !span->is_null()) {
    const auto parsed = span->is_string() ? parse_iso_duration(span->get<std::string>()) : std::nullopt;
    if (!parsed)
      return std::string("\"") + timespan_key + "\" must be an ISO 8601 duration in days, hours, minutes or seconds (\"P7D\", \"PT1H\")";
    request.timespan = *parsed;
  }
  std::string error;
  const auto timeout = positive(json, "timeout_ms", error);
  const auto rows = positive(json, "max_rows", error);
  if (!error.empty()) return error;
  request.limits.timeout_ms = std::min<std::int64_t>(timeout.value_or(limits.timeout_ms), limits.timeout_ms);
  request.limits.max_rows = std::min<std::size_t>(rows ? static_cast<std::size_t>(*rows) : limits.max_rows, limits.max_rows);
  request.limits.memory_bytes = limits.memory_bytes;
  return request;
}

std::variant<engine::hunt::HuntResult, Response> run_hunt_request(const Request& request,
                                                                  const engine::hunt::HuntRequest& hunt,
                                                                  engine::HuntSource& source,
                                                                  const engine::Clock& clock) {
  auto outcome = engine::hunt::run_hunt(hunt, source, clock.now(), [&clock] { return clock.now(); });
  if (auto* result = std::get_if<engine::hunt::HuntResult>(&outcome)) return std::move(*result);
  const auto& failure = std::get<engine::hunt::HuntFailure>(outcome);
  http::status status = http::status::service_unavailable;
  std::string type = "hunt_store_unavailable";
  switch (failure.code) {
    case HuntErrorCode::kSyntax:
      status = http::status::bad_request;
      type = "hunt_syntax_error";
      break;
    case HuntErrorCode::kSemantic:
      status = http::status::bad_request;
      type = "hunt_semantic_error";
      break;
    case HuntErrorCode::kTimeout:
      type = "hunt_timeout";
      break;
    case HuntErrorCode::kMemory:
      type = "hunt_memory_exceeded";
      break;
    case HuntErrorCode::kStore:
      break;
  }
  auto body = error_body(status, type, failure.message);
  if (failure.line > 0) {
    body["error"]["line"] = failure.line;
    body["error"]["column"] = failure.column;
  }
  return json_response(request, status, body);
}

nlohmann::json hunt_schema_json(const engine::hunt::Schema& schema, const char* name_key, const char* type_key,
                                bool api_types) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : schema.columns)
    out.push_back({{name_key, c.name},
                   {type_key, api_types ? engine::hunt::api_type_name(c.type) : engine::hunt::type_name(c.type)}});
  return out;
}

nlohmann::json hunt_rows_json(const engine::hunt::HuntResult& result) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : result.rows) {
    nlohmann::json o = nlohmann::json::object();
    for (std::size_t i = 0; i < row.size(); ++i) o[result.schema.columns[i].name] = engine::hunt::to_json(row[i]);
    rows.push_back(std::move(o));
  }
  return rows;
}

}  // namespace vigil::api
