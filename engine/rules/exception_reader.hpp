#pragma once

#include <optional>
#include <vector>

#include "engine/rules/load_result.hpp"
#include "engine/rules/rule.hpp"
#include "engine/rules/rule_source.hpp"

namespace vigil::engine {

// Reads Vigil's inline exceptions (the "exceptions" array of a rule:
// [[rule.exceptions]] items, each with [[rule.exceptions.entries]]
// {field, operator, value}). Returns nullopt, with errors recorded at the
// offending keys, when any item is malformed: a rule whose exceptions are
// wrong must not load with fewer exceptions than its author meant.
std::optional<std::vector<ExceptionItem>> read_exception_items(const RuleSource& source, LoadResult& result);

}  // namespace vigil::engine
