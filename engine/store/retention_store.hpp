#pragma once

#include <cstdint>

#include "engine/time/timestamp.hpp"

namespace vigil::engine {

// What an event's age counts from. Arrival is the default: a shipper
// catching up on a backlog, or last month's logs loaded to hunt in, must
// stay for the whole retention period after they were stored, as
// Elasticsearch's ILM ages an index from its creation, not from its
// events' timestamps.
enum class RetentionBasis {
  kIngested,   // event.ingested (the arrival time)
  kTimestamp,  // @timestamp, the arrival time for events without one
};

// Deletes what has aged out, a small batch per call so that each write
// transaction is short and ingestion is never blocked for long. Thread-safe.
class RetentionStore {
 public:
  virtual ~RetentionStore() = default;
  // Deletes up to `batch` events whose time on `basis` is before `cutoff`.
  // Returns how many were deleted.
  virtual std::uint64_t delete_events_before(TimeMs cutoff, RetentionBasis basis, std::uint64_t batch) = 0;
  // Deletes up to `batch` alerts created before `cutoff`, with their triage
  // history, and the rule runs that started before it. Returns how many alerts were deleted.
  virtual std::uint64_t delete_alerts_before(TimeMs cutoff, std::uint64_t batch) = 0;
  // Returns up to `pages` free pages to the file system (incremental vacuum).
  // Returns how many it returned: fewer than `pages` means none are left.
  virtual std::uint64_t reclaim_space(std::uint64_t pages) = 0;
};

}  // namespace vigil::engine
