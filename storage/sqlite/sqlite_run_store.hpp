#pragma once

#include "engine/store/run_store.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/outbox_writes.hpp"

namespace vigil::storage {

// Rule runs, rule state and the alerts runs create, committed together;
// with OutboxWrites::kOn, each new alert's outbox entry too.
class SqliteRunStore final : public engine::RunStore {
 public:
  explicit SqliteRunStore(Database& db, OutboxWrites outbox = OutboxWrites::kOff) : db_(db), outbox_(outbox) {}

  engine::CommitCounts commit_run(engine::RunRecord run, std::span<const engine::Alert> alerts,
                                  engine::ScheduleUpdate update = engine::ScheduleUpdate::kAdvance) override;
  std::optional<engine::TimeMs> last_window_end(const std::string& rule_id) override;
  std::vector<nlohmann::json> alerts_between(const std::string& rule_id, engine::TimeMs from,
                                             engine::TimeMs to) override;
  bool alert_exists(const std::string& alert_id) override;
  std::vector<engine::RunRecord> recent_runs(const std::string& rule_id, std::size_t limit) override;

 private:
  Database& db_;
  OutboxWrites outbox_;
};

}  // namespace vigil::storage
