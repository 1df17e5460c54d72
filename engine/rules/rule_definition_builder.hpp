#pragma once

#include <optional>

#include "engine/rules/load_result.hpp"
#include "engine/rules/rule.hpp"
#include "engine/rules/rule_source.hpp"

namespace vigil::engine {

// Validates a rule's keys and fills a RuleDefinition, with Kibana's defaults
// for what is absent. Shared by the TOML and Kibana export readers.
//
// Returns nullopt when the rule has errors (all of them are recorded, not just
// the first) or is of a type Vigil cannot run ("query", "threshold",
// "machine_learning", "new_terms", "esql", ...), which is a warning: real
// Elastic rule folders mix types, and loading one must not fail on them.
// Keys Vigil does not use are ignored, except that an aggregation rule keeps
// them in `extra` for its type-specific settings.
std::optional<RuleDefinition> build_rule_definition(const RuleSource& source, LoadResult& result);

}  // namespace vigil::engine
