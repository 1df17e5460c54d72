#pragma once

#include "engine/store/retention_store.hpp"
#include "storage/postgresql/connection_pool.hpp"

namespace vigil::storage::postgresql {

// Retention on PostgreSQL (docs/POSTGRESQL.md). By arrival, a day whose
// whole range has aged out is dropped as partitions, the events' and their
// matches' at once, which frees its disk space at once and writes no dead
// rows; the day the cutoff falls in, and every day by @timestamp, are
// deleted row by row in batches. Either way an id's claim in event_ids goes
// with its current event, so a `create` of it succeeds again, as on SQLite.
// Thread-safe.
class PostgresRetentionStore final : public engine::RetentionStore {
 public:
  explicit PostgresRetentionStore(ConnectionPool& pool) : pool_(pool) {}

  std::uint64_t delete_events_before(engine::TimeMs cutoff, engine::RetentionBasis basis,
                                     std::uint64_t batch) override;
  std::uint64_t delete_alerts_before(engine::TimeMs cutoff, std::uint64_t batch) override;
  // PostgreSQL's autovacuum makes deleted rows' space reusable, and dropped
  // partitions return theirs to the file system: there is nothing to do.
  std::uint64_t reclaim_space(std::uint64_t pages) override;

 private:
  // Drops the partitions of every day that ended by `cutoff` (of those
  // holding no event when `only_empty`), each day in a transaction of its
  // own. Returns the events they held.
  std::uint64_t drop_days_before(engine::TimeMs cutoff, bool only_empty);

  ConnectionPool& pool_;
};

}  // namespace vigil::storage::postgresql
