#pragma once

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/hunt_error.hpp"
#include "engine/hunt/schema.hpp"
#include "engine/store/hunt_source.hpp"

namespace vigil::engine::hunt {

// One hunting request: KQL text, an optional time range ending at `now`
// that bounds every table the query reads (Graph's Timespan), and limits.
struct HuntRequest {
  std::string query;
  std::optional<TimeMs> timespan;
  HuntLimits limits;
};

struct HuntResult {
  Schema schema;
  std::vector<Row> rows;  // at most limits.max_rows
  bool truncated = false;  // the query produced more rows than max_rows
  std::uint64_t rows_scanned = 0;
  std::int64_t duration_ms = 0;
  std::int64_t peak_bytes = 0;
};

struct HuntFailure {
  HuntErrorCode code = HuntErrorCode::kSyntax;
  std::string message;
  int line = 0;  // 1-based; 0 when the error has no position
  int column = 0;
};

// Parses, binds, plans and runs a query: engine/hunt's public entry point.
// `now` is the query's now() (one instant for the whole query); `clock_ms`
// reads the time for the deadline and duration. Never throws: every error
// comes back as a HuntFailure. Thread-safe as long as `source` is.
std::variant<HuntResult, HuntFailure> run_hunt(const HuntRequest& request, HuntSource& source, TimeMs now,
                                               const std::function<TimeMs()>& clock_ms);

}  // namespace vigil::engine::hunt
