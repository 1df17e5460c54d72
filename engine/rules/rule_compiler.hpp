#pragma once

#include <optional>

#include "engine/rules/compiled_rule.hpp"
#include "engine/rules/load_result.hpp"
#include "engine/rules/rule.hpp"

namespace vigil::engine {

// Compiles a definition produced by a reader: the EQL query (an event query
// for "eql" rules, a bare condition for aggregation rules), the exceptions,
// the index patterns and the look-back. An EQL error is recorded at its
// position in the rule file (query_location shifted by the error's line and
// column inside the query) and yields nullopt.
std::optional<CompiledRule> compile_rule(RuleDefinition definition, LoadResult& result);

}  // namespace vigil::engine
