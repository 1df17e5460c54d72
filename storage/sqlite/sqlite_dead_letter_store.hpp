#pragma once

#include "engine/ingest/dead_letters.hpp"
#include "storage/sqlite/database.hpp"

namespace vigil::storage {

// Inputs' dead letters in SQLite (migration 7). Thread-safe.
class SqliteDeadLetterStore final : public engine::ingest::DeadLetterStore {
 public:
  explicit SqliteDeadLetterStore(Database& db) : db_(db) {}

  void add(std::span<const engine::ingest::DeadLetter> letters) override;
  using engine::ingest::DeadLetterStore::list;
  engine::ingest::DeadLetterPage list(const engine::ingest::DeadLetterQuery& query,
                                      const engine::ingest::DeadLetterSink& take) override;
  std::uint64_t count(std::string_view input) override;

 private:
  Database& db_;
};

}  // namespace vigil::storage
