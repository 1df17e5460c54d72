#include "storage/postgresql/postgres_run_store.hpp"

#include "storage/postgresql/alert_writes.hpp"
#include "storage/postgresql/postgres_rule_leases.hpp"
#include "storage/postgresql/run_history.hpp"

namespace vigil::storage::postgresql {

engine::CommitCounts PostgresRunStore::commit_run(engine::RunRecord run, std::span<const engine::Alert> alerts,
                                                  engine::ScheduleUpdate update) {
  return pool_.with([&](Connection& c) {
    Transaction tx(c);
    // First, so a fenced-off run writes nothing.
    if (run.lease_token) check_lease_fence(c, run.rule_id, *run.lease_token);
    // Only a run that may queue entries waits for the outbox's writers.
    if (outbox_ == OutboxWrites::kOn && !alerts.empty()) lock_outbox(c);
    const auto counts = write_alerts(c, alerts, outbox_);
    run.alerts_created = counts.created;
    run.duplicates_skipped += counts.duplicates;
    if (counts.updated > 0) run.warnings.push_back(engine::alerts_updated_warning(counts.updated));
    record_run(c, run, update);
    tx.commit();
    return counts;
  });
}

std::optional<engine::TimeMs> PostgresRunStore::last_window_end(const std::string& rule_id) {
  return pool_.with([&](Connection& c) { return postgresql::last_window_end(c, rule_id); });
}

std::vector<engine::RunRecord> PostgresRunStore::recent_runs(const std::string& rule_id, std::size_t limit) {
  return pool_.with([&](Connection& c) { return postgresql::recent_runs(c, rule_id, limit); });
}

}  // namespace vigil::storage::postgresql
