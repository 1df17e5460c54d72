#pragma once

#include "engine/store/run_store.hpp"
#include "storage/sqlite/database.hpp"

namespace vigil::storage {

// Rule runs, rule state and the alerts runs create, committed together.
class SqliteRunStore final : public engine::RunStore {
 public:
  explicit SqliteRunStore(Database& db) : db_(db) {}

  engine::CommitCounts commit_run(engine::RunRecord run, std::span<const engine::Alert> alerts,
                                  engine::ScheduleUpdate update = engine::ScheduleUpdate::kAdvance) override;
  std::optional<engine::TimeMs> last_window_end(const std::string& rule_id) override;
  std::vector<nlohmann::json> alerts_between(const std::string& rule_id, engine::TimeMs from,
                                             engine::TimeMs to) override;
  bool alert_exists(const std::string& alert_id) override;
  std::vector<engine::RunRecord> recent_runs(const std::string& rule_id, std::size_t limit) override;

 private:
  Database& db_;
};

}  // namespace vigil::storage
