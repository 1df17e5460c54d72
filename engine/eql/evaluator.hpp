#pragma once

#include <nlohmann/json.hpp>

#include "engine/eql/ast.hpp"
#include "engine/eql/value.hpp"

namespace vigil::engine::eql {

// Evaluates a condition tree against one event. Returns kTrue, kFalse or kNull (a comparison
// involved a missing field); callers treat kNull as no match. Never allocates for ASCII
// case-insensitive work and never compiles patterns. Pure function: thread-safe.
Tri evaluate_condition(const Node& condition, const nlohmann::json& event);

// The value of any node; boolean nodes give kBool or kNull.
Value evaluate(const Node& node, const nlohmann::json& event);

}  // namespace vigil::engine::eql
