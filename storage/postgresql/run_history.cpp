#include "storage/postgresql/run_history.hpp"

#include <cstdint>

#include "storage/documents/run_document.hpp"

namespace vigil::storage::postgresql {

void record_run(Connection& c, const engine::RunRecord& run, engine::ScheduleUpdate update) {
  c.query("INSERT INTO rule_runs (rule_id, started_at, status, doc) VALUES ($1, $2, $3, $4)",
          Params().add_text(run.rule_id).add(run.started_at).add_text(to_string(run.status)).add_text(encode_run(run)));
  if (run.status == engine::RunStatus::kFailed || update != engine::ScheduleUpdate::kAdvance) return;
  // GREATEST: a run over an older window (catch-up finishing after a later
  // one) must not mark newer time as unsearched.
  c.query(
      "INSERT INTO rule_state (rule_id, last_window_end) VALUES ($1, $2) ON CONFLICT (rule_id) DO UPDATE SET "
      "last_window_end = GREATEST(rule_state.last_window_end, excluded.last_window_end)",
      Params().add_text(run.rule_id).add(run.window_end));
}

std::optional<engine::TimeMs> last_window_end(Connection& c, const std::string& rule_id) {
  const auto state = c.query("SELECT last_window_end FROM rule_state WHERE rule_id = $1", Params().add_text(rule_id));
  if (state.rows() == 0) return std::nullopt;
  return state.int8(0, 0);
}

std::vector<engine::RunRecord> recent_runs(Connection& c, const std::string& rule_id, std::size_t limit) {
  const auto rows = c.query("SELECT doc FROM rule_runs WHERE rule_id = $1 ORDER BY seq DESC LIMIT $2",
                            Params().add_text(rule_id).add(static_cast<std::int64_t>(limit)));
  std::vector<engine::RunRecord> runs;
  runs.reserve(static_cast<std::size_t>(rows.rows()));
  for (int row = 0; row < rows.rows(); ++row) runs.push_back(decode_run(rows.bytes(row, 0)));
  return runs;
}

}  // namespace vigil::storage::postgresql
