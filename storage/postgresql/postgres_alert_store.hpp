#pragma once

#include <span>

#include "engine/store/alert_store.hpp"
#include "storage/postgresql/connection_pool.hpp"
#include "storage/postgresql/outbox_writes.hpp"

namespace vigil::storage::postgresql {

// The `alerts` table (migration 3) and its triage history in PostgreSQL:
// what the API lists, reads and triages, and what rule runs read
// (PostgresRunStore writes the runs' alerts, write_alerts). A query's count
// and rows read one snapshot (REPEATABLE READ); a triage change locks its
// alerts' rows, and commits with its history entries and, with
// OutboxWrites::kOn, its outbox entries. Behaves as SqliteAlertStore does:
// the same filters, order, paging and errors. The schema must be migrated
// (migrate()). Thread-safe.
class PostgresAlertStore final : public engine::AlertStore {
 public:
  explicit PostgresAlertStore(ConnectionPool& pool, OutboxWrites outbox = OutboxWrites::kOff)
      : pool_(pool), outbox_(outbox) {}

  using engine::AlertStore::history;
  using engine::AlertStore::list;
  engine::AlertPage list(const engine::AlertQuery& query, const engine::PageSink& take) override;
  std::optional<nlohmann::json> get(const std::string& id) override;
  engine::AlertSummary summarize(const engine::AlertFilter& filter) override;
  std::optional<nlohmann::json> update(const std::string& id, const engine::AlertChange& change,
                                       const engine::AlertActor& actor) override;
  std::uint64_t update_many(const std::optional<std::vector<std::string>>& ids, const engine::AlertFilter& filter,
                            const engine::AlertChange& change, const engine::AlertActor& actor) override;
  std::optional<engine::AlertHistoryPage> history(const std::string& id, std::int64_t after,
                                                  const engine::PageSink& take) override;
  std::vector<nlohmann::json> alerts_between(const std::string& rule_id, engine::TimeMs from,
                                             engine::TimeMs to) override;
  std::vector<std::string> existing_alert_ids(std::span<const std::string> ids) override;

 private:
  ConnectionPool& pool_;
  OutboxWrites outbox_;
};

}  // namespace vigil::storage::postgresql
