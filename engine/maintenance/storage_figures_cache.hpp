#pragma once

#include <functional>
#include <mutex>
#include <optional>

#include "engine/schedule/clock.hpp"
#include "engine/store/storage_figures.hpp"

namespace vigil::engine::maintenance {

// A backend's figures, measured at most once per `max_age_ms` of the clock:
// counting rows walks an index (tens of milliseconds for a million events),
// and every /metrics scrape and health check asks. Concurrent callers during
// a measurement wait for it rather than count again. Thread-safe; the clock
// must outlive this object.
class StorageFiguresCache {
 public:
  StorageFiguresCache(std::function<StorageFigures()> measure, const Clock& clock, TimeMs max_age_ms = 5000);

  // What `measure` throws (StoreError when the database cannot be read).
  StorageFigures read();

 private:
  const std::function<StorageFigures()> measure_;
  const Clock& clock_;
  const TimeMs max_age_ms_;
  std::mutex mutex_;
  std::optional<TimeMs> measured_at_;  // guarded by mutex_
  StorageFigures figures_;             // guarded by mutex_
};

}  // namespace vigil::engine::maintenance
