#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "engine/eql/ast.hpp"
#include "engine/eql/value.hpp"

namespace vigil::engine::eql {

// Names what a query matches: raised whenever an evaluator change makes some query match other
// events, so that the matches recorded at ingest under the earlier version are recomputed (it is
// part of every rule's fingerprint, engine/detect/ingest_matcher.cpp).
// 2: `not`, `!=` and `not in` follow Elasticsearch's filter semantics on missing fields (issue 27).
inline constexpr std::string_view kEvaluatorVersion = "vigil-eql/2";

// Evaluates a condition tree against one event, as Elasticsearch's filter would (evaluator.cpp).
// Returns kTrue, kFalse or kNull (a script met a missing field); callers treat kNull as no
// match. Never allocates for ASCII case-insensitive work and never compiles patterns. Pure
// function: thread-safe.
Tri evaluate_condition(const Node& condition, const nlohmann::json& event);

// The value of any node; boolean nodes give kBool or kNull.
Value evaluate(const Node& node, const nlohmann::json& event);

}  // namespace vigil::engine::eql
