#pragma once

#include <atomic>
#include <cstdint>

#include "engine/store/event_store.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/hunt_columns.hpp"
#include "storage/sqlite/stored_documents.hpp"

namespace vigil::storage {

// Events in the `events` table: indexed columns for what runs filter on
// (index, times, category, dataset) and the normalized document, compressed
// (StoredDocuments) on the writing request's thread before the database is
// locked.
// Ingest matches live in `rule_matches` (rule, window time, event, and an
// aggregation rule's column values), written in
// the event's own transaction and deleted with it (a trigger), and each
// matched rule's version in `rule_match_state`.
// The columns hunting reads of Defender tables are copied apart from the
// document in the same transaction (HuntColumns).
// An event replaced by an `index` write keeps its row under a reserved id
// (superseded_id.hpp): get and count skip it, rule runs read it.
// The store is its own rule-match index: matches live in the events' rows'
// transaction and are read joined to them.
class SqliteEventStore final : public engine::EventStore, public engine::RuleMatchIndex {
 public:
  explicit SqliteEventStore(Database& db, StoredDocumentOptions documents = {});

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
  void scan_matches(std::string_view rule_id, const engine::EventQuery& query, MatchRows rows,
                    const std::function<bool(const engine::StoredEvent&)>& visit);
  // The version the id is at: one more than its newest superseded version kept.
  static std::uint64_t current_version(Connection& c, std::string_view index, std::string_view id);
  std::optional<engine::StoredEvent> read_version(Connection& c, std::string_view index, std::string_view id,
                                                  std::uint64_t version);
  bool visit_rows(Connection& c, Statement& stmt, const std::function<bool(const engine::StoredEvent&)>& visit);
  bool scan_window(const engine::EventQuery& query, std::optional<std::int64_t> before_epoch,
                   const std::function<bool(const engine::StoredEvent&)>& visit);

  Database& db_;
  StoredDocuments documents_;
  HuntColumns hunt_columns_;
  // The epoch written into new events once change_matching was
  // called; kNoEpoch before, so their events count as unmatched for every rule.
  static constexpr std::int64_t kNoEpoch = -1;
  std::atomic<std::int64_t> epoch_{kNoEpoch};
};

// Elasticsearch index patterns use only '*'; SQLite GLOB also treats '?'
// and '[' specially, so those are escaped. Exposed for tests.
std::string index_pattern_to_glob(std::string_view pattern);

}  // namespace vigil::storage
