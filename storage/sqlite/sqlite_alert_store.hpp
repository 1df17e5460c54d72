#pragma once

#include "engine/store/alert_store.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/outbox_writes.hpp"

namespace vigil::storage {

// The read and triage side of the `alerts` table. Queries read one snapshot,
// so a page's `total` and its rows agree; triage changes and their history
// entries (and with OutboxWrites::kOn, their outbox entries) commit
// together. Thread-safe.
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

 private:
  Database& db_;
  OutboxWrites outbox_;
};

}  // namespace vigil::storage
