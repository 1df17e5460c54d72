#pragma once

#include "engine/store/event_store.hpp"
#include "storage/sqlite/database.hpp"

namespace vigil::storage {

// Events in the `events` table: indexed columns for what runs filter on
// (index, times, category, dataset) and the normalized document as JSON text.
class SqliteEventStore final : public engine::EventStore {
 public:
  explicit SqliteEventStore(Database& db) : db_(db) {}

  std::vector<engine::WriteOutcome> write_batch(std::span<const engine::EventRecord> batch) override;
  std::optional<engine::StoredEvent> get(std::string_view index, std::string_view id) override;
  std::uint64_t count(std::span<const std::string> index_patterns) override;
  void scan(const engine::EventQuery& query,
            const std::function<bool(const engine::StoredEvent&)>& visit) override;

 private:
  Database& db_;
};

// Elasticsearch index patterns use only '*'; SQLite GLOB also treats '?'
// and '[' specially, so those are escaped. Exposed for tests.
std::string index_pattern_to_glob(std::string_view pattern);

}  // namespace vigil::storage
