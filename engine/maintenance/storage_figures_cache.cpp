#include "engine/maintenance/storage_figures_cache.hpp"

namespace vigil::engine::maintenance {

StorageFiguresCache::StorageFiguresCache(std::function<StorageFigures()> measure, const Clock& clock,
                                         TimeMs max_age_ms)
    : measure_(std::move(measure)), clock_(clock), max_age_ms_(max_age_ms) {}

StorageFigures StorageFiguresCache::read() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  // A clock set back does not pin the old figures.
  if (!measured_at_ || now - *measured_at_ >= max_age_ms_ || now < *measured_at_) {
    figures_ = measure_();
    measured_at_ = now;
  }
  return figures_;
}

}  // namespace vigil::engine::maintenance
