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

// Which field a rule's time window applies to (Kibana's timestamp_override).
enum class TimeField {
  kTimestamp,  // @timestamp
  kIngested,   // event.ingested, falling back to @timestamp when absent
};

// Selects events for one rule run. Bounds are inclusive, as Kibana's range filter.
struct EventQuery {
  std::vector<std::string> index_patterns;  // Elasticsearch index patterns ("winlogbeat-*")
  TimeField time_field = TimeField::kTimestamp;
  TimeMs start = 0;
  TimeMs end = 0;
  std::optional<std::string> category;  // only events whose event.category holds it
  std::optional<std::string> dataset;   // only events of this dataset
};

// Where events live. Implementations are thread-safe.
class EventStore {
 public:
  virtual ~EventStore() = default;

  // Stores the whole batch atomically: every record or none. Returns one
  // outcome per record, in order. Throws StoreError when nothing was stored.
  virtual std::vector<WriteOutcome> write_batch(std::span<const EventRecord> batch) = 0;

  virtual std::optional<StoredEvent> get(std::string_view index, std::string_view id) = 0;

  // Counts events whose index matches any pattern; no patterns means all.
  virtual std::uint64_t count(std::span<const std::string> index_patterns) = 0;

  // Calls `visit` for each selected event in time order; stops when it returns false.
  virtual void scan(const EventQuery& query, const std::function<bool(const StoredEvent&)>& visit) = 0;
};

}  // namespace vigil::engine
