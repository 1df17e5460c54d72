#pragma once

#include <vector>

#include "engine/rules/compiled_rule.hpp"
#include "engine/store/alert_store.hpp"
#include "engine/store/run_store.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::detect {

// The time a run searches, in ms since the epoch. Both bounds are inclusive,
// as Kibana's range filter.
struct RunWindow {
  TimeMs start = 0;
  TimeMs end = 0;
};

// Evaluates the rules of one type (RuleDefinition::type) over a window.
// RuleRunner wraps every executor with what all types share: timing,
// maintenance windows, failure handling and the commit. Adding a rule type
// (aggregation rules) means adding an executor and registering it in
// RuleRunner's constructor; the scheduler skips types without one.
//
// Implementations must be thread-safe: runs of different rules may execute
// at the same time (runs of one rule never do).
class RuleExecutor {
 public:
  virtual ~RuleExecutor() = default;

  // Fills `run`'s counters (events_scanned, matches, excepted,
  // duplicates_skipped), `truncated`, warnings and status, and returns the
  // alerts to create, stamped `created_at`. Throws on store failures; the
  // runner then records the run as failed.
  virtual std::vector<Alert> execute(const CompiledRule& rule, const RunWindow& window, TimeMs created_at,
                                     RunRecord& run) = 0;
};

}  // namespace vigil::engine::detect
