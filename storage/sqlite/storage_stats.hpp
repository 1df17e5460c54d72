#pragma once

#include <cstdint>
#include <mutex>
#include <optional>

#include "engine/schedule/clock.hpp"
#include "engine/store/storage_figures.hpp"
#include "storage/sqlite/database.hpp"

namespace vigil::storage {

// Size and row counts of the database, for /metrics: its bytes are the main
// file (page_count * page_size) plus the WAL file. count(*) walks an
// index (tens of milliseconds for a million events), so figures are kept
// for `max_age_ms` of the clock and scrapes in that time reuse them.
// Thread-safe: concurrent callers during a refresh wait for it rather
// than count again. The database and clock must outlive this object.
class StorageStats {
 public:
  StorageStats(Database& database, const engine::Clock& clock, engine::TimeMs max_age_ms = 5000);

  // Throws StoreError when the database cannot be read.
  engine::StorageFigures read();

 private:
  engine::StorageFigures measure();

  Database& database_;
  const engine::Clock& clock_;
  const engine::TimeMs max_age_ms_;
  std::mutex mutex_;
  std::optional<engine::TimeMs> measured_at_;  // guarded by mutex_
  engine::StorageFigures figures_;                     // guarded by mutex_
};

}  // namespace vigil::storage
