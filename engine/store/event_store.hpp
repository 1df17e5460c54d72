#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/event_record.hpp"
#include "engine/store/store_error.hpp"

namespace vigil::engine {

// Selects events for one rule run. Bounds are inclusive, as Kibana's range filter.
struct EventQuery {
  std::vector<std::string> index_patterns;  // Elasticsearch index patterns ("winlogbeat-*")
  TimeField time_field = TimeField::kTimestamp;
  TimeMs start = 0;
  TimeMs end = 0;
  std::optional<std::string> category;  // only events whose event.category holds it
  std::optional<std::string> dataset;   // only events of this dataset
};

// A rule matched at ingest, and the version of it: the fingerprint changes
// whenever what the rule matches may change (query, time field, matcher).
struct IngestRuleVersion {
  std::string rule_id;
  std::string fingerprint;
};

// Where events live. Implementations are thread-safe.
class EventStore {
 public:
  virtual ~EventStore() = default;

  // Stores the whole batch atomically: every record or none. Returns one
  // result per record, in order. Throws StoreError when nothing was stored.
  // A record in WriteMode::kIndex whose id is stored replaces it for get and
  // count, but the replaced version is kept for detection: scan,
  // scan_rule_candidates and scan_rule_values still read it (under its own
  // index and id, with its ingest matches) until retention removes it, so a
  // replacement can add a detection but never take one away.
  virtual std::vector<WriteResult> write_batch(std::span<const EventRecord> batch) = 0;

  // The current version of the event, with StoredEvent::version set.
  virtual std::optional<StoredEvent> get(std::string_view index, std::string_view id) = 0;
  // The version of the event a scan read (StoredEvent::version: 0 for the
  // current one), so that what a rule matched is what its alert shows.
  virtual std::optional<StoredEvent> get_version(std::string_view index, std::string_view id,
                                                 std::uint64_t version) = 0;

  // Counts events (current versions) whose index the patterns select
  // (IndexPatterns: "-x" excludes; '?' is itself, as in Elasticsearch); no
  // patterns means all.
  virtual std::uint64_t count(std::span<const std::string> index_patterns) = 0;

  // The indices the patterns select (as count()), by name, with their event counts.
  struct IndexCount {
    std::string index;
    std::uint64_t events = 0;
  };
  virtual std::vector<IndexCount> indices(std::span<const std::string> index_patterns) = 0;

  // Calls `visit` for each selected event in time order; stops when it returns false.
  virtual void scan(const EventQuery& query, const std::function<bool(const StoredEvent&)>& visit) = 0;

  // Calls `visit` with the @timestamp of each selected event that has one,
  // in no particular order; stops when it returns false. Reads no document:
  // aggregation runs ask which bins the events that arrived since their
  // last run fall in (a query on TimeField::kIngested).
  virtual void scan_times(const EventQuery& query, const std::function<bool(TimeMs timestamp)>& visit) = 0;

  // Records that from now on every written batch carries the ingest matches
  // (EventRecord::rule_matches) of exactly these rule versions. A rule whose
  // fingerprint changed, or that was not matched at ingest before, starts
  // afresh: its old matches are dropped and every event stored until now
  // counts as unmatched. Rules not listed stop being matched. Returns the
  // ids of the rules that started afresh. Call before any batch is written
  // with the new versions (vigild: at start-up, before it listens).
  virtual std::vector<std::string> begin_ingest_matching(std::span<const IngestRuleVersion> rules) = 0;

  // Calls `visit` for the selected events the rule may match, in no
  // particular order; stops when it returns false. These are the events
  // recorded as the rule's matches at ingest and every event stored before
  // its ingest matching began, so the caller must still evaluate the rule on
  // each. For a rule never matched at ingest this is scan(query, visit).
  // The query's category and dataset narrow only the unmatched events.
  virtual void scan_rule_candidates(std::string_view rule_id, const EventQuery& query,
                                    const std::function<bool(const StoredEvent&)>& visit) = 0;

  // scan_rule_candidates for a rule whose ingest matches carry values
  // (RuleMatch::values): its matched events come as those values
  // (StoredEvent::values), already selected by dataset and index at ingest;
  // the events stored before its matching began come as documents.
  virtual void scan_rule_values(std::string_view rule_id, const EventQuery& query,
                                const std::function<bool(const StoredEvent&)>& visit) = 0;
};

}  // namespace vigil::engine
