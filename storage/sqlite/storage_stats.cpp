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

engine::StorageFigures measure_storage(Database& database) {
  engine::StorageFigures f = database.read([](Connection& c) {
    engine::StorageFigures counted;
    counted.database_bytes = single_int(c, "PRAGMA page_count") * single_int(c, "PRAGMA page_size");
    counted.events = single_int(c, "SELECT count(*) FROM events");
    counted.alerts = single_int(c, "SELECT count(*) FROM alerts");
    return counted;
  });
  // The WAL holds committed pages not yet checkpointed into the main file;
  // it may be absent (after a clean close) or vanish while we look.
  std::error_code ec;
  const auto wal = std::filesystem::file_size(database.path().string() + "-wal", ec);
  if (!ec) f.database_bytes += wal;
  return f;
}

}  // namespace vigil::storage
