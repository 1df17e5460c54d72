#pragma once

#include <cstdint>

#include "engine/schedule/clock.hpp"
#include "engine/store/retention_store.hpp"

namespace vigil::engine::maintenance {

struct RetentionPolicy {
  TimeMs events_max_age = 8 * kDayMs;
  TimeMs alerts_max_age = 365 * kDayMs;
  std::uint64_t batch_size = 1000;  // rows per delete transaction, pages per vacuum step
  RetentionBasis events_basis = RetentionBasis::kIngested;  // what events_max_age counts from
};

struct RetentionCounts {
  std::uint64_t events = 0;
  std::uint64_t alerts = 0;
  std::uint64_t pages_reclaimed = 0;

  bool deleted_any() const { return events > 0 || alerts > 0; }
};

// One retention pass: deletes events (aged by events_basis) and alerts older
// than the policy's ages (relative to the clock at the start of the pass), one batch per
// transaction until a batch comes back short, then returns free pages to the
// file system in steps of the same size. Each store call is its own short
// transaction, so ingestion interleaves. Not thread-safe; one pass at a time.
class RetentionTask {
 public:
  RetentionTask(RetentionStore& store, const Clock& clock, RetentionPolicy policy);

  RetentionCounts run_pass();

 private:
  RetentionStore& store_;
  const Clock& clock_;
  RetentionPolicy policy_;
};

}  // namespace vigil::engine::maintenance
