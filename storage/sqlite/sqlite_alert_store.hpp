#pragma once

#include <span>

#include "engine/store/alert_store.hpp"
#include "engine/store/run_store.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/outbox_writes.hpp"

namespace vigil::storage {

// The `alerts` table, its one owner: the alerts runs write (write(), called
// by SqliteRunStore inside the run's transaction) and what the API reads and
// triages. Queries read one snapshot, so a page's `total` and its rows
// agree; triage changes and their history entries commit together. With
// OutboxWrites::kOn, new alerts and triage changes queue their outbox
// entries in the same transaction. Thread-safe.
class SqliteAlertStore final : public engine::AlertStore {
 public:
  explicit SqliteAlertStore(Database& db, OutboxWrites outbox = OutboxWrites::kOff) : db_(db), outbox_(outbox) {}

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

  // Inserts the alerts whose id is not stored yet and replaces stored
  // replace_existing alerts whose figures changed, on `c` inside the
  // caller's write transaction (RunStore::commit_run).
  engine::CommitCounts write(Connection& c, std::span<const engine::Alert> alerts);

 private:
  Database& db_;
  OutboxWrites outbox_;
};

}  // namespace vigil::storage
