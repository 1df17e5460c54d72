#pragma once

#include <optional>

#include "engine/eql/query.hpp"
#include "engine/rules/exception_matcher.hpp"
#include "engine/rules/index_patterns.hpp"
#include "engine/rules/rule.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine {

// A rule ready to run: everything parsed and compiled once at load time.
// Immutable once built and safe to share between threads.
struct CompiledRule {
  RuleDefinition definition;
  // The EQL query. Always set for "eql" rules; an aggregation rule has one
  // only when it filters events with a bare condition in `query`.
  std::optional<eql::CompiledQuery> query;
  ExceptionMatcher exceptions;
  IndexPatterns indices;
  // How far back each run searches, from `from`: "now-9m" → 9 minutes.
  TimeMs lookback_ms = 0;
};

}  // namespace vigil::engine
