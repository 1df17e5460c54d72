#pragma once

#include <atomic>
#include <cstdint>

#include "engine/store/event_store.hpp"
#include "storage/documents/document_frames.hpp"
#include "storage/postgresql/connection_pool.hpp"
#include "storage/postgresql/day_partitions.hpp"
#include "storage/postgresql/document_dictionaries.hpp"
#include "storage/postgresql/hunt_copy_writes.hpp"

namespace vigil::storage::postgresql {

// Events in PostgreSQL (docs/POSTGRESQL.md): `events` partitioned by
// arrival day, each (index, _id) claimed in `event_ids` in the batch's
// transaction, documents compressed as on SQLite (DocumentFrames) on the
// writing request's thread before a connection is taken. Ingest matches
// live in `rule_matches`, partitioned by their event's arrival day, and
// each matched rule's version in `rule_match_state`; the store is its own
// rule-match index, as SqliteEventStore is. An event replaced by an
// `index` write keeps its row under its version number (events.version).
// Hunting's column copy (HuntCopy) is written in the batch's transaction,
// partitioned by the same days. The schema must be migrated (migrate()),
// and is read on construction. Thread-safe.
class PostgresEventStore final : public engine::EventStore, public engine::RuleMatchIndex {
 public:
  explicit PostgresEventStore(ConnectionPool& pool, StoredDocumentOptions documents = {});

  std::vector<engine::WriteResult> write_batch(std::span<const engine::EventRecord> batch) override;
  std::optional<engine::StoredEvent> get_version(std::string_view index, std::string_view id,
                                                 std::uint64_t version) override;
  std::vector<std::optional<engine::StoredEvent>> get_many(std::span<const EventKey> keys) override;
  std::vector<IndexCount> indices(std::span<const std::string> index_patterns) override;
  void scan(const engine::EventQuery& query, const std::function<bool(const engine::StoredEvent&)>& visit) override;
  void scan_times(const engine::EventQuery& query, const std::function<bool(engine::TimeMs)>& visit) override;
  engine::RuleMatchIndex& rule_matches() override { return *this; }

  std::vector<engine::IngestRuleVersion> matched_rules() override;
  void change_matching(const engine::IngestMatchingChange& change) override;
  void scan_rule_candidates(std::string_view rule_id, const engine::EventQuery& query,
                            const std::function<bool(const engine::StoredEvent&)>& visit) override;
  void scan_rule_values(std::string_view rule_id, const engine::EventQuery& query,
                        const std::function<bool(const engine::StoredEvent&)>& visit) override;

 private:
  enum class MatchRows { kDocuments, kValues };
  struct Owner;  // an id's row in event_ids
  void scan_matches(std::string_view rule_id, const engine::EventQuery& query, MatchRows rows,
                    const std::function<bool(const engine::StoredEvent&)>& visit);
  bool scan_window(const engine::EventQuery& query, std::optional<std::int64_t> before_epoch,
                   const std::function<bool(const engine::StoredEvent&)>& visit);
  // Streams rows of (idx, id, ts, ingested, doc, version) as events.
  bool visit_rows(Connection& c, const std::string& sql, const Params& params,
                  const std::function<bool(const engine::StoredEvent&)>& visit);
  // (position in the batch, events.seq) of each event stored, which `copy`
  // (keyed by position + 1) is told.
  std::vector<std::pair<std::size_t, std::int64_t>> insert_new(Connection& c,
                                                               std::span<const engine::EventRecord> batch,
                                                               std::span<const std::string> frames,
                                                               std::optional<std::int64_t> epoch, HuntCopyWrites& copy);
  // Returns the new event's events.seq.
  std::int64_t replace(Connection& c, const engine::EventRecord& e, const std::string& frame, const Owner& owner,
                       std::optional<std::int64_t> epoch, HuntCopyWrites& copy);

  ConnectionPool& pool_;
  DocumentDictionaries dictionaries_;
  DocumentFrames documents_;
  HuntCopy hunt_copy_;
  DayPartitions partitions_;
  // The epoch written into new events once change_matching was called;
  // kNoEpoch before, so their events count as unmatched for every rule.
  static constexpr std::int64_t kNoEpoch = -1;
  std::atomic<std::int64_t> epoch_{kNoEpoch};
};

// An Elasticsearch index pattern ('*' only) as a LIKE pattern: '%', '_'
// and '\' are escaped, '*' becomes '%'. Exposed for tests.
std::string index_pattern_to_like(std::string_view pattern);

}  // namespace vigil::storage::postgresql
