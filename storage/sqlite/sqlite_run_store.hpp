#pragma once

#include "engine/store/run_store.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/outbox_writes.hpp"
#include "storage/sqlite/sqlite_alert_store.hpp"

namespace vigil::storage {

// Rule runs and rule state, committed together with the run's alerts, which
// its SqliteAlertStore writes; with OutboxWrites::kOn, each new alert's
// outbox entry too.
class SqliteRunStore final : public engine::RunStore {
 public:
  explicit SqliteRunStore(Database& db, OutboxWrites outbox = OutboxWrites::kOff) : db_(db), alerts_(db, outbox) {}

  engine::CommitCounts commit_run(engine::RunRecord run, std::span<const engine::Alert> alerts,
                                  engine::ScheduleUpdate update = engine::ScheduleUpdate::kAdvance) override;
  std::optional<engine::TimeMs> last_window_end(const std::string& rule_id) override;
  SqliteAlertStore& alerts() override { return alerts_; }
  std::vector<engine::RunRecord> recent_runs(const std::string& rule_id, std::size_t limit) override;

 private:
  Database& db_;
  SqliteAlertStore alerts_;
};

}  // namespace vigil::storage
