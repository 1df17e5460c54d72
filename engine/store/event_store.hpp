#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/event_query.hpp"
#include "engine/store/event_record.hpp"
#include "engine/store/rule_match_index.hpp"
#include "engine/store/store_error.hpp"

namespace vigil::engine {

// Where events live. Implementations are thread-safe.
class EventStore {
 public:
  virtual ~EventStore() = default;

  // Stores the whole batch atomically: every record or none. Returns one
  // result per record, in order. Throws StoreError when nothing was stored.
  // A record in WriteMode::kIndex whose id is stored replaces it for get and
  // count, but the replaced version is kept for detection: scan and the
  // rule-match index's scans still read it (under its own
  // index and id, with its ingest matches) until retention removes it, so a
  // replacement can add a detection but never take one away.
  virtual std::vector<WriteResult> write_batch(std::span<const EventRecord> batch) = 0;

  // The current version of the event, with StoredEvent::version set.
  std::optional<StoredEvent> get(std::string_view index, std::string_view id) { return get_version(index, id, 0); }
  // The version of the event a scan read (StoredEvent::version: 0 for the
  // current one), so that what a rule matched is what its alert shows.
  virtual std::optional<StoredEvent> get_version(std::string_view index, std::string_view id,
                                                 std::uint64_t version) = 0;

  // Which version of which event get_many reads (as get_version).
  struct EventKey {
    std::string index;
    std::string id;
    std::uint64_t version = 0;
  };
  // get_version for each key, in one call: one result per key, in order.
  virtual std::vector<std::optional<StoredEvent>> get_many(std::span<const EventKey> keys) = 0;

  // The indices the patterns select (IndexPatterns::of_request: "-x"
  // excludes; '?' is itself, as in Elasticsearch; no patterns means all), by
  // name, with their counts of events (current versions).
  struct IndexCount {
    std::string index;
    std::uint64_t events = 0;
  };
  virtual std::vector<IndexCount> indices(std::span<const std::string> index_patterns) = 0;

  // Counts events (current versions) whose index the patterns select (as indices()).
  std::uint64_t count(std::span<const std::string> index_patterns) {
    std::uint64_t total = 0;
    for (const auto& index : indices(index_patterns)) total += index.events;
    return total;
  }

  // Calls `visit` for each selected event in time order; stops when it returns false.
  virtual void scan(const EventQuery& query, const std::function<bool(const StoredEvent&)>& visit) = 0;

  // Calls `visit` with the @timestamp of each selected event that has one,
  // in no particular order; stops when it returns false. Reads no document:
  // aggregation runs ask which bins the events that arrived since their
  // last run fall in (a query on TimeField::kIngested).
  virtual void scan_times(const EventQuery& query, const std::function<bool(TimeMs timestamp)>& visit) = 0;

  // The rule-match index kept with these events: its matches are written
  // by write_batch, in the events' own transaction.
  virtual RuleMatchIndex& rule_matches() = 0;
};

}  // namespace vigil::engine
