#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

#include "engine/store/event_store.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/document_codec.hpp"

namespace vigil::storage {

// Events in the `events` table: indexed columns for what runs filter on
// (index, times, category, dataset) and the normalized document, compressed
// (DocumentCodec) on the writing request's thread before the database is
// locked. The first dictionary is trained from the first
// Options::dictionary_samples documents, and a new one after every
// Options::retrain_every documents from a sample of them, so the dictionary follows
// the sources a site sends.
// Ingest matches live in `rule_matches` (rule, window time, event), written in
// the event's own transaction and deleted with it (a trigger), and each
// matched rule's version in `rule_match_state`.
class SqliteEventStore final : public engine::EventStore {
 public:
  struct Options {
    int compression_level = 1;
    // Samples a dictionary is trained from, each at most sample_bytes of a
    // document (its head: the fields every document of a source shares),
    // so sampling holds at most dictionary_samples * sample_bytes.
    std::size_t dictionary_samples = 1000;
    std::size_t sample_bytes = 4096;
    std::size_t dictionary_bytes = 64 * 1024;
    std::uint64_t retrain_every = 1000000;
  };

  explicit SqliteEventStore(Database& db) : SqliteEventStore(db, Options{}) {}
  SqliteEventStore(Database& db, Options options);

  std::vector<engine::WriteOutcome> write_batch(std::span<const engine::EventRecord> batch) override;
  std::optional<engine::StoredEvent> get(std::string_view index, std::string_view id) override;
  std::uint64_t count(std::span<const std::string> index_patterns) override;
  void scan(const engine::EventQuery& query,
            const std::function<bool(const engine::StoredEvent&)>& visit) override;
  std::vector<std::string> begin_ingest_matching(std::span<const engine::IngestRuleVersion> rules) override;
  void scan_rule_candidates(std::string_view rule_id, const engine::EventQuery& query,
                            const std::function<bool(const engine::StoredEvent&)>& visit) override;

 private:
  // Samples `batch` for the next dictionary and, when enough are in, trains
  // and stores it and makes it current. One thread trains at a time.
  void learn(std::span<const engine::EventRecord> batch);
  // Loads the dictionaries stored by this or another process that this
  // codec lacks; the newest becomes current.
  void load_dictionaries(Connection& c);
  std::string document(Connection& c, const Statement& stmt, int column);
  bool visit_rows(Connection& c, Statement& stmt, const std::function<bool(const engine::StoredEvent&)>& visit);
  bool scan_window(const engine::EventQuery& query, std::optional<std::int64_t> before_epoch,
                   const std::function<bool(const engine::StoredEvent&)>& visit);

  Database& db_;
  const Options options_;
  DocumentCodec codec_;
  std::mutex learn_mutex_;
  std::vector<std::string> samples_;  // document heads
  std::uint64_t documents_seen_ = 0;
  bool training_ = false;
  // The epoch written into new events once begin_ingest_matching was
  // called; kNoEpoch before, so their events count as unmatched for every rule.
  static constexpr std::int64_t kNoEpoch = -1;
  std::atomic<std::int64_t> epoch_{kNoEpoch};
};

// Elasticsearch index patterns use only '*'; SQLite GLOB also treats '?'
// and '[' specially, so those are escaped. Exposed for tests.
std::string index_pattern_to_glob(std::string_view pattern);

}  // namespace vigil::storage
