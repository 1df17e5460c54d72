#include "storage/sqlite/database.hpp"

#include <sqlite3.h>

#include <atomic>

#include "storage/sqlite/migrations.hpp"

namespace vigil::storage {

Database::Database(Options options) : options_(std::move(options)) {
  if (options_.in_memory) {
    // Shared cache, so the reader connections see the writer's tables; a
    // name of its own, so two in one process stay apart.
    static std::atomic<unsigned> instances{0};
    options_.path = "file:vigil-memory-" + std::to_string(instances++) + "?mode=memory&cache=shared";
  }
  writer_ = std::make_unique<Connection>(
      options_.path, Connection::Options{options_.busy_timeout_ms, options_.synchronous, false, options_.in_memory});
  enable_incremental_vacuum_if_new(*writer_);
  migrate(*writer_);
  writer_->end_statements();
}

// auto_vacuum can only change before the first table exists (or through a
// VACUUM, which on a file without tables is instant). The connection has
// already switched to WAL, which fixes the header's setting, so the VACUUM
// is what applies it.
void Database::enable_incremental_vacuum_if_new(Connection& c) {
  auto& tables = c.prepare("SELECT count(*) FROM sqlite_schema");
  tables.step();
  const bool fresh = tables.column_int(0) == 0;
  tables.reset();
  if (!fresh) return;
  c.exec("PRAGMA auto_vacuum = INCREMENTAL");
  c.exec("VACUUM");
}

bool Database::incremental_vacuum() {
  return write([](Connection& c) {
    auto& stmt = c.prepare("PRAGMA auto_vacuum");
    stmt.step();
    const bool incremental = stmt.column_int(0) == 2;  // 0 none, 1 full, 2 incremental
    stmt.reset();
    return incremental;
  });
}

int Database::schema_version() {
  return write([](Connection& c) {
    auto& stmt = c.prepare("PRAGMA user_version");
    stmt.step();
    return static_cast<int>(stmt.column_int(0));
  });
}

// SQLite calls the handler every kProgressSteps virtual-machine steps
// (tens of microseconds), so the deadline overshoots by little and costs
// one clock read per call.
constexpr int kProgressSteps = 10000;

Database::ReadDeadline::ReadDeadline(Connection& c, unsigned timeout_ms)
    : c_(c), until_(std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms)) {
  if (timeout_ms > 0) sqlite3_progress_handler(c_.handle(), kProgressSteps, &ReadDeadline::check, this);
}

Database::ReadDeadline::~ReadDeadline() { sqlite3_progress_handler(c_.handle(), 0, nullptr, nullptr); }

int Database::ReadDeadline::check(void* self) {
  return std::chrono::steady_clock::now() > static_cast<ReadDeadline*>(self)->until_ ? 1 : 0;
}

void Database::ReaderReturn::operator()(Connection* c) const {
  c->end_statements();
  std::lock_guard lock(db->readers_mutex_);
  db->idle_readers_.emplace_back(c);
}

std::unique_ptr<Connection, Database::ReaderReturn> Database::acquire_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      Connection* c = idle_readers_.back().release();
      idle_readers_.pop_back();
      return {c, ReaderReturn{this}};
    }
  }
  auto fresh = std::make_unique<Connection>(
      options_.path, Connection::Options{options_.busy_timeout_ms, options_.synchronous, true, options_.in_memory});
  return {fresh.release(), ReaderReturn{this}};
}

}  // namespace vigil::storage
