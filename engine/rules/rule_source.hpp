#pragma once

#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "engine/rules/rule.hpp"

namespace vigil::engine {

using JsonPointer = nlohmann::json::json_pointer;

// A rule's keys as JSON plus where each one was written. Both file formats
// (TOML rule files, Kibana NDJSON exports) are turned into this shape, so
// one builder validates them the same way.
struct RuleSource {
  nlohmann::json fields = nlohmann::json::object();  // the [rule] table, or one export line
  SourceLocation origin;                             // the [rule] header or the export line
  // Positions by JSON pointer ("/risk_score", "/exceptions/0/entries/1/field").
  // Kibana exports record none: every key is reported at the line.
  std::unordered_map<std::string, SourceLocation> positions;
  SourceLocation query_location;  // where the query text itself starts; origin when unknown

  // The recorded position of `pointer`, else of its nearest recorded
  // ancestor (a missing key is reported at the table that lacks it), else origin.
  SourceLocation locate(JsonPointer pointer) const;
};

}  // namespace vigil::engine
