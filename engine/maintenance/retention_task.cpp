#include "engine/maintenance/retention_task.hpp"

#include <algorithm>

namespace vigil::engine::maintenance {
namespace {

// Calls `step` until it returns less than a full batch; returns the sum.
template <typename Step>
std::uint64_t until_short(std::uint64_t batch, Step step) {
  std::uint64_t total = 0;
  for (;;) {
    const auto n = step();
    total += n;
    if (n < batch) return total;
  }
}

}  // namespace

RetentionTask::RetentionTask(RetentionStore& store, const Clock& clock, RetentionPolicy policy)
    : store_(store), clock_(clock), policy_(policy) {
  policy_.batch_size = std::max<std::uint64_t>(policy_.batch_size, 1);  // a batch of 0 would never come back short
}

RetentionCounts RetentionTask::run_pass() {
  const auto now = clock_.now();
  const auto batch = policy_.batch_size;
  RetentionCounts counts;
  counts.events = until_short(
      batch, [&] { return store_.delete_events_before(now - policy_.events_max_age, policy_.events_basis, batch); });
  counts.alerts = until_short(batch, [&] { return store_.delete_alerts_before(now - policy_.alerts_max_age, batch); });
  counts.pages_reclaimed = until_short(batch, [&] { return store_.reclaim_space(batch); });
  return counts;
}

}  // namespace vigil::engine::maintenance
