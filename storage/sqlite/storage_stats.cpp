#include "storage/sqlite/storage_stats.hpp"

#include <filesystem>
#include <string>

namespace vigil::storage {
namespace {

std::uint64_t single_int(Connection& c, const char* sql) {
  auto& stmt = c.prepare(sql);
  stmt.step();
  const auto value = stmt.column_int(0);
  stmt.reset();
  return static_cast<std::uint64_t>(value);
}

}  // namespace

StorageStats::StorageStats(Database& database, const engine::Clock& clock, engine::TimeMs max_age_ms)
    : database_(database), clock_(clock), max_age_ms_(max_age_ms) {}

engine::StorageFigures StorageStats::read() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  if (!measured_at_ || now - *measured_at_ >= max_age_ms_ || now < *measured_at_) {
    figures_ = measure();
    measured_at_ = now;
  }
  return figures_;
}

engine::StorageFigures StorageStats::measure() {
  engine::StorageFigures f = database_.read([](Connection& c) {
    engine::StorageFigures counted;
    counted.database_bytes = single_int(c, "PRAGMA page_count") * single_int(c, "PRAGMA page_size");
    counted.events = single_int(c, "SELECT count(*) FROM events");
    counted.alerts = single_int(c, "SELECT count(*) FROM alerts");
    return counted;
  });
  // The WAL holds committed pages not yet checkpointed into the main file;
  // it may be absent (after a clean close) or vanish while we look.
  std::error_code ec;
  const auto wal = std::filesystem::file_size(database_.path().string() + "-wal", ec);
  if (!ec) f.database_bytes += wal;
  return f;
}

}  // namespace vigil::storage
