#pragma once

#include "engine/ingest/dead_letters.hpp"
#include "storage/postgresql/connection_pool.hpp"

namespace vigil::storage::postgresql {

// Inputs' dead letters in PostgreSQL (`input_dead_letters`, migration 4):
// a batch in one statement, a letter delivered again left as it is
// (ON CONFLICT on input, epoch, topic, partition, offset). The schema must
// be migrated. Thread-safe.
class PostgresDeadLetterStore final : public engine::ingest::DeadLetterStore {
 public:
  explicit PostgresDeadLetterStore(ConnectionPool& pool) : pool_(pool) {}

  std::uint64_t count(std::string_view input) override;
  void add(std::span<const engine::ingest::DeadLetter> letters) override;
  using engine::ingest::DeadLetterStore::list;
  engine::ingest::DeadLetterPage list(const engine::ingest::DeadLetterQuery& query,
                                      const engine::ingest::DeadLetterSink& take) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace vigil::storage::postgresql
