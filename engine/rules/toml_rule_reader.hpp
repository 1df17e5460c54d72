#pragma once

#include <optional>
#include <string_view>

#include "engine/rules/load_result.hpp"
#include "engine/rules/rule.hpp"

namespace vigil::engine {

// Reads one Elastic detection-rules TOML file ([metadata] + [rule], with
// [[rule.threat]] and Vigil's [[rule.exceptions]]) from its text. `name` is
// what messages call the file (usually its path); nothing is read from disk.
//
// Returns the rule, or nullopt when the file has errors or holds a rule type
// Vigil skips; either way every problem is added to `result` with its
// file:line:column. The definition's query_location is where the query text
// starts, so that an EQL error at query line L, column C is at file line
// query_location.line + L - 1 (column query_location.column + C - 1 on L = 1).
std::optional<RuleDefinition> read_toml_rule(std::string_view text, std::string_view name, LoadResult& result);

}  // namespace vigil::engine
