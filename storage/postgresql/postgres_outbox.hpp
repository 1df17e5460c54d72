#pragma once

#include <string>
#include <vector>

#include "engine/outputs/outbox.hpp"
#include "storage/postgresql/connection_pool.hpp"

namespace vigil::storage::postgresql {

// The outbox, output positions and dead letters in PostgreSQL (migration
// 3), as SqliteOutbox keeps them on SQLite. Knows the configured outputs
// so that it deletes the entries all of them are past; opening it deletes
// those nobody will read. The schema must be migrated (migrate()).
// Thread-safe.
class PostgresOutbox final : public engine::outputs::Outbox {
 public:
  PostgresOutbox(ConnectionPool& pool, std::vector<std::string> outputs);

  engine::outputs::OutputPosition position(const std::string& output) override;
  std::vector<engine::outputs::OutboxEntry> entries_after(std::int64_t cursor, std::size_t limit) override;
  std::uint64_t pending(const std::string& output) override;
  void advance(const std::string& output, std::int64_t seq) override;
  void record_failure(const std::string& output, const engine::outputs::OutputPosition& position) override;
  void dead_letter(const std::string& output, const engine::outputs::OutboxEntry& entry, int attempts,
                   const std::string& error, engine::TimeMs at) override;

 private:
  void prune(Connection& c);

  ConnectionPool& pool_;
  std::vector<std::string> outputs_;
};

}  // namespace vigil::storage::postgresql
