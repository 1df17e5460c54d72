#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "engine/store/event_record.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::api {

// An Elasticsearch EQL search request (POST /{index}/_eql/search), as far as
// Vigil runs it: an event query over a time range.
struct EqlSearchRequest {
  std::string query;
  std::size_t size = 10;  // Elasticsearch's default
  engine::TimeField time_field = engine::TimeField::kTimestamp;
  // The filter's range on the timestamp field, inclusive; unbounded by default.
  engine::TimeMs start = std::numeric_limits<engine::TimeMs>::min();
  engine::TimeMs end = std::numeric_limits<engine::TimeMs>::max();
  // result_position "tail": the last `size` events rather than the first.
  bool tail = false;
};

// Most events one search returns (Elasticsearch's index.max_result_window).
inline constexpr std::size_t kMaxEqlSearchSize = 10000;

// Reads the body: query (required), size, fetch_size (accepted: Vigil
// does not page), timestamp_field ("@timestamp" or "event.ingested",
// the two time fields rules window on), event_category_field
// ("event.category" only), tiebreaker_field (ignored: ties keep store
// order), result_position, and filter: a "range" on the timestamp field
// (gte/gt/lte/lt as ISO 8601, epoch milliseconds or date math such as
// "now-9m", relative to `now`), alone or in a bool filter/must. Anything
// else is refused with the reason (a 400), never ignored, so a search
// never silently answers a different question.
std::variant<EqlSearchRequest, std::string> parse_eql_search_request(const nlohmann::json& body, engine::TimeMs now);

}  // namespace vigil::api
