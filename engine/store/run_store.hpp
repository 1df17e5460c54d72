#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/store/alert_store.hpp"
#include "engine/store/run_status.hpp"
#include "engine/store/run_warning.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine {

// One execution of a rule over one window. Serialized with exactly the
// field names of the run-history contract (see to_json).
struct RunRecord {
  std::string rule_id;
  TimeMs started_at = 0;
  TimeMs window_start = 0;
  TimeMs window_end = 0;
  RunStatus status = RunStatus::kSucceeded;
  std::uint64_t events_scanned = 0;
  std::uint64_t matches = 0;
  std::uint64_t alerts_created = 0;
  std::uint64_t duplicates_skipped = 0;
  std::uint64_t excepted = 0;
  bool truncated = false;
  std::int64_t duration_ms = 0;
  std::vector<RunWarning> warnings;  // serialized as their messages
  std::optional<std::string> error;
  // The fencing token of the rule lease the run was made under
  // (engine/schedule/rule_leases.hpp), which commit_run checks on a backend
  // that several nodes share. Not part of the run-history contract: never
  // serialized, so a stored run comes back without it.
  std::optional<std::int64_t> lease_token;

  nlohmann::json to_json() const;
  // The contract carries warnings' messages only: they come back as kOther.
  static RunRecord from_json(const nlohmann::json& j);
};

// Alerts that a commit actually created, found already stored unchanged,
// or (replace_existing alerts only) replaced with different figures.
struct CommitCounts {
  std::uint64_t created = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t updated = 0;
};

// The run warning that reports updated alerts. The run-history contract fixes
// the counter names, so the count of updates travels as a warning.
RunWarning alerts_updated_warning(std::uint64_t updated);

// Whether a committed run moves the rule's last completed window: scheduled
// runs do; a manual run over an explicit window must not, or it could mark
// time as covered that the schedule never searched.
enum class ScheduleUpdate { kAdvance, kLeave };

// Rule-run history and rule state. A run's alerts go to alerts(), in the
// run's own transaction. Thread-safe.
class RunStore {
 public:
  virtual ~RunStore() = default;

  // In one transaction: stores the alerts in alerts() (inserts those whose
  // id is not stored yet, replaces stored replace_existing alerts whose
  // figures changed), records
  // the run (with alerts_created/duplicates_skipped filled from what
  // happened, plus alerts_updated_warning when some were updated), and
  // advances the rule's last completed window end to run.window_end when
  // the run did not fail. A crash leaves all of it or
  // none of it. A backend several nodes share refuses the whole commit
  // (StoreError, nothing stored) when run.lease_token is set and is no
  // longer the rule's current lease token; one node's backend ignores it.
  virtual CommitCounts commit_run(RunRecord run, std::span<const Alert> alerts,
                                  ScheduleUpdate update = ScheduleUpdate::kAdvance) = 0;

  // The end of the rule's last completed window, if it ever completed one.
  virtual std::optional<TimeMs> last_window_end(const std::string& rule_id) = 0;

  // What runs read of the alerts they wrote. A backend's AlertStore (the
  // alerts' one owner, which triage reads and changes) is this too.
  virtual RunAlerts& alerts() = 0;

  // Newest first.
  virtual std::vector<RunRecord> recent_runs(const std::string& rule_id, std::size_t limit) = 0;
};

}  // namespace vigil::engine
