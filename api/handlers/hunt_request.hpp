#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "api/http/types.hpp"
#include "engine/hunt/query.hpp"
#include "engine/schedule/clock.hpp"

namespace vigil::api {

// The limits the configuration allows a hunting query ([hunt]); a request
// may lower them.
struct HuntLimitsConfig {
  std::int64_t timeout_ms = 30000;
  std::size_t max_rows = 10000;
  std::size_t memory_bytes = std::size_t{256} << 20;
  engine::TimeMs graph_timespan = 30 * engine::kDayMs;
};

// An ISO 8601 duration ("P30D", "PT1H", "P1DT12H", "PT10.5S") in
// milliseconds; years and months are not durations of fixed length and are
// refused. nullopt when not one.
std::optional<engine::TimeMs> parse_iso_duration(std::string_view text);

// The hunting request in a JSON body: the query under `query_key`
// ("query" or "Query"), the optional timespan under `timespan_key`, and
// Vigil's timeout_ms and max_rows (capped by `limits`). A string names the
// problem (for a 400).
std::variant<engine::hunt::HuntRequest, std::string> parse_hunt_body(std::string_view body, const char* query_key,
                                                                     const char* timespan_key,
                                                                     const HuntLimitsConfig& limits);

// Runs the request; a failure comes back as the error response: 400 for a
// syntax or semantic error ("type": "hunt_syntax_error" /
// "hunt_semantic_error", with "line" and "column"), 503 for the deadline,
// the memory budget or the store.
std::variant<engine::hunt::HuntResult, Response> run_hunt_request(const Request& request,
                                                                  const engine::hunt::HuntRequest& hunt,
                                                                  engine::HuntSource& source,
                                                                  const engine::Clock& clock);

// The columns as [{name_key: ..., type_key: ...}] with Microsoft's type
// names when `api_types` (Graph: "DateTime", "String", ...), else Kusto's.
nlohmann::json hunt_schema_json(const engine::hunt::Schema& schema, const char* name_key, const char* type_key,
                                 bool api_types);
// The rows as JSON objects, column name → value.
nlohmann::json hunt_rows_json(const engine::hunt::HuntResult& result);

}  // namespace vigil::api
