#pragma once

#include <cstdint>

#include "engine/time/timestamp.hpp"

namespace vigil::engine {

// Deletes what has aged out, a small batch per call so that each write
// transaction is short and ingestion is never blocked for long. Thread-safe.
class RetentionStore {
 public:
  virtual ~RetentionStore() = default;
  // Deletes up to `batch` events whose @timestamp (or, without one, whose
  // ingestion time) is before `cutoff`. Returns how many were deleted.
  virtual std::uint64_t delete_events_before(TimeMs cutoff, std::uint64_t batch) = 0;
  // Deletes up to `batch` alerts created before `cutoff`, with their triage
  // history, and the rule runs that started before it. Returns how many alerts were deleted.
  virtual std::uint64_t delete_alerts_before(TimeMs cutoff, std::uint64_t batch) = 0;
  // Returns up to `pages` free pages to the file system (incremental vacuum).
  // Returns how many it returned: fewer than `pages` means none are left.
  virtual std::uint64_t reclaim_space(std::uint64_t pages) = 0;
};

}  // namespace vigil::engine
