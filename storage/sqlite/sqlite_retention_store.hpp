#pragma once

#include "engine/store/retention_store.hpp"
#include "storage/sqlite/database.hpp"

namespace vigil::storage {

// Deletes aged-out rows one bounded batch per write transaction, so the
// writer lock is held briefly and ingestion interleaves. Thread-safe.
class SqliteRetentionStore final : public engine::RetentionStore {
 public:
  explicit SqliteRetentionStore(Database& db) : db_(db) {}

  std::uint64_t delete_events_before(engine::TimeMs cutoff, engine::RetentionBasis basis,
                                     std::uint64_t batch) override;
  // Alerts go with their tags and history; rule runs started before the
  // cutoff go in batches of the same size.
  std::uint64_t delete_alerts_before(engine::TimeMs cutoff, std::uint64_t batch) override;
  std::uint64_t reclaim_space(std::uint64_t pages) override;

 private:
  Database& db_;
};

}  // namespace vigil::storage
