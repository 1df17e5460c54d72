#pragma once

#include "engine/store/run_store.hpp"
#include "storage/postgresql/connection_pool.hpp"
#include "storage/postgresql/outbox_writes.hpp"
#include "storage/postgresql/postgres_alert_store.hpp"

namespace vigil::storage::postgresql {

// Rule runs and rule state in PostgreSQL, each run committed in one
// transaction with its alerts (write_alerts) and, with OutboxWrites::kOn,
// each new alert's outbox entry. A run carrying a lease token commits only
// while that token is its rule's current one (check_lease_fence), so of
// several nodes only the lease's holder stores a window. The schema must be
// migrated (migrate()).
// Thread-safe.
class PostgresRunStore final : public engine::RunStore {
 public:
  explicit PostgresRunStore(ConnectionPool& pool, OutboxWrites outbox = OutboxWrites::kOff)
      : pool_(pool), outbox_(outbox), alerts_(pool, outbox) {}

  engine::CommitCounts commit_run(engine::RunRecord run, std::span<const engine::Alert> alerts,
                                  engine::ScheduleUpdate update = engine::ScheduleUpdate::kAdvance) override;
  std::optional<engine::TimeMs> last_window_end(const std::string& rule_id) override;
  PostgresAlertStore& alerts() override { return alerts_; }
  std::vector<engine::RunRecord> recent_runs(const std::string& rule_id, std::size_t limit) override;

 private:
  ConnectionPool& pool_;
  OutboxWrites outbox_;
  PostgresAlertStore alerts_;
};

}  // namespace vigil::storage::postgresql
