#include "api/handlers/eql_search_request.hpp"

#include <optional>

namespace vigil::api {
namespace {

using Refusal = std::string;

const char* time_field_name(engine::TimeField field) {
  return field == engine::TimeField::kIngested ? "event.ingested" : "@timestamp";
}

std::optional<engine::TimeMs> parse_bound(const nlohmann::json& value, engine::TimeMs now) {
  if (value.is_number_integer()) return value.get<engine::TimeMs>();
  if (!value.is_string()) return std::nullopt;
  const auto text = value.get<std::string>();
  if (text.starts_with("now")) return engine::parse_date_math(text, now);
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) return std::stoll(text);
  return engine::parse_timestamp(text);
}

std::optional<Refusal> apply_range(const nlohmann::json& range, EqlSearchRequest& r, engine::TimeMs now) {
  if (!range.is_object() || range.size() != 1)
    return Refusal("filter.range must name one field: the timestamp field");
  // Not a structured binding of items(): its proxy would die before the key is read.
  const auto entry = range.begin();
  const std::string& field = entry.key();
  const auto& bounds = entry.value();
  if (field != time_field_name(r.time_field))
    return "filter.range is supported on the timestamp field [" + std::string(time_field_name(r.time_field)) +
           "] only, not [" + field + "]";
  if (!bounds.is_object()) return Refusal("filter.range." + field + " must be an object");
  for (const auto& [op, value] : bounds.items()) {
    if (op == "format" || op == "time_zone") continue;  // ISO 8601 and epoch millis carry their zone
    const auto t = parse_bound(value, now);
    if (!t) return "filter.range." + field + "." + op + ": cannot read [" + value.dump() + "] as a time";
    if (op == "gte") r.start = std::max(r.start, *t);
    else if (op == "gt") r.start = std::max(r.start, *t + 1);
    else if (op == "lte") r.end = std::min(r.end, *t);
    else if (op == "lt") r.end = std::min(r.end, *t - 1);
    else return "filter.range." + field + ": unknown operator [" + op + "]";
  }
  return std::nullopt;
}

std::optional<Refusal> apply_filter(const nlohmann::json& filter, EqlSearchRequest& r, engine::TimeMs now) {
  if (filter.is_array()) {
    for (const auto& one : filter)
      if (auto refused = apply_filter(one, r, now)) return refused;
    return std::nullopt;
  }
  if (!filter.is_object() || filter.size() != 1) return Refusal("filter must be one query: a range or a bool");
  const auto entry = filter.begin();
  const std::string& kind = entry.key();
  const auto& body = entry.value();
  if (kind == "range") return apply_range(body, r, now);
  if (kind == "match_all") return std::nullopt;
  if (kind == "bool" && body.is_object()) {
    for (const auto& [clause, queries] : body.items()) {
      if (clause != "filter" && clause != "must")
        return "filter.bool." + clause + " is not supported: only filter and must of ranges on the timestamp field";
      if (auto refused = apply_filter(queries, r, now)) return refused;
    }
    return std::nullopt;
  }
  return "filter." + kind + " is not supported: Vigil filters EQL searches by a range on the timestamp field";
}

}  // namespace

std::variant<EqlSearchRequest, std::string> parse_eql_search_request(const nlohmann::json& body, engine::TimeMs now) {
  if (!body.is_object()) return Refusal("the request body must be a JSON object with a query");
  EqlSearchRequest r;
  const auto query = body.find("query");
  if (query == body.end() || !query->is_string() || query->get<std::string>().empty())
    return Refusal("query is required: an EQL query such as 'process where process.name == \"cmd.exe\"'");
  r.query = query->get<std::string>();
  // Read first: the filter's range is on it.
  if (const auto field = body.find("timestamp_field"); field != body.end()) {
    if (*field == "@timestamp") r.time_field = engine::TimeField::kTimestamp;
    else if (*field == "event.ingested") r.time_field = engine::TimeField::kIngested;
    else return "timestamp_field must be @timestamp or event.ingested, not " + field->dump();
  }
  for (const auto& [key, value] : body.items()) {
    if (key == "query" || key == "timestamp_field" || key == "tiebreaker_field") continue;
    if (key == "size" || key == "fetch_size") {
      if (!value.is_number_unsigned() || value.get<std::size_t>() > kMaxEqlSearchSize)
        return key + " must be an integer from 0 to " + std::to_string(kMaxEqlSearchSize);
      if (key == "size") r.size = value.get<std::size_t>();
    } else if (key == "event_category_field") {
      if (value != "event.category") return Refusal("event_category_field must be event.category");
    } else if (key == "result_position") {
      if (value != "head" && value != "tail") return Refusal("result_position must be head or tail");
      r.tail = value == "tail";
    } else if (key == "filter") {
      if (auto refused = apply_filter(value, r, now)) return *refused;
    } else if (key == "wait_for_completion_timeout" || key == "keep_alive" || key == "keep_on_completion") {
      // Searches always complete synchronously; there is nothing to keep.
    } else {
      return "unknown field [" + key + "] in the EQL search request";
    }
  }
  return r;
}

}  // namespace vigil::api
