#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/detect/maintenance_window.hpp"
#include "engine/detect/rule_executor.hpp"
#include "engine/rules/compiled_rule.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/run_store.hpp"

namespace vigil::engine::detect {

struct RunRequest {
  RunWindow window;
  // Set when time before this window will never be searched (a gap longer
  // than the scheduler catches up on): recorded as a warning that makes the
  // run "partial", as Kibana reports gaps. Its kind says whether the gap is
  // certain (kGap) or could not be checked (kGapUnchecked).
  std::optional<RunWarning> gap_warning;
  // Manual runs over an explicit window leave the schedule's state alone.
  ScheduleUpdate schedule_update = ScheduleUpdate::kAdvance;
  // The fencing token of the rule lease the run is made under; the commit
  // carries it (RunRecord::lease_token).
  std::optional<std::int64_t> lease_token;
};

// Runs one rule over one window and records the run: picks the executor for
// the rule's type, stamps started_at (and the alerts' created_at) from the
// Clock, holds back alerts during a maintenance window, and commits the run
// with its alerts in one RunStore transaction.
//
// The RunRecord returned is the one stored, with every field filled:
//   status      "succeeded"; "partial" when alerts were cut at max_signals or
//               a gap was reported; "failed" when a store call threw, with
//               `error` set. A failed run is still recorded when the store
//               allows it, and does not advance the rule's last window end.
//   counters    events_scanned (events of the rule's indices in the window),
//               matches (the query matched, before exceptions), excepted,
//               duplicates_skipped (already alerted, in this or an earlier
//               run), alerts_created (stored by this run).
//   duration_ms real time spent, measured with the steady clock.
// During a maintenance window the run evaluates and counts as usual but
// creates no alerts; a warning names the window and the status is unchanged.
//
// Thread-safe: holds no run state. Runs of the same rule must not overlap
// (the Scheduler serializes them); different rules may run at once.
class RuleRunner {
 public:
  RuleRunner(EventStore& events, RunStore& runs, const Clock& clock,
             std::vector<MaintenanceWindow> maintenance_windows = {});

  // Whether an executor exists for the rule's type.
  bool supports(const CompiledRule& rule) const;

  // Precondition: supports(rule); throws std::invalid_argument otherwise.
  // Never throws for store failures: those make a failed run.
  RunRecord run(const CompiledRule& rule, const RunRequest& request) const;

 private:
  RunStore& runs_;
  const Clock& clock_;
  std::vector<MaintenanceWindow> maintenance_windows_;
  std::unordered_map<std::string, std::unique_ptr<RuleExecutor>> executors_;  // by rule type
};

}  // namespace vigil::engine::detect
