#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/store/run_store.hpp"
#include "storage/postgresql/connection.hpp"

namespace vigil::storage::postgresql {

// The rule_runs and rule_state tables: the run-and-window half of
// RunStore::commit_run and its reads. The alerts half belongs to the alert
// store, so these take the caller's connection: a commit records its run
// inside the transaction that writes its alerts.

// Records `run` as it is and, when it did not fail and `update` is kAdvance,
// moves the rule's last completed window end to run.window_end, never back.
void record_run(Connection& c, const engine::RunRecord& run, engine::ScheduleUpdate update);

// The end of the rule's last completed window, if it ever completed one.
std::optional<engine::TimeMs> last_window_end(Connection& c, const std::string& rule_id);

// The rule's runs, newest recorded first.
std::vector<engine::RunRecord> recent_runs(Connection& c, const std::string& rule_id, std::size_t limit);

}  // namespace vigil::storage::postgresql
