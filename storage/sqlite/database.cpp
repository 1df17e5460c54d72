#include "storage/sqlite/database.hpp"

#include "storage/sqlite/migrations.hpp"

namespace vigil::storage {

Database::Database(Options options) : options_(std::move(options)) {
  writer_ = std::make_unique<Connection>(
      options_.path, Connection::Options{options_.busy_timeout_ms, options_.synchronous, false});
  migrate(*writer_);
}

int Database::schema_version() {
  return write([](Connection& c) {
    auto& stmt = c.prepare("PRAGMA user_version");
    stmt.step();
    return static_cast<int>(stmt.column_int(0));
  });
}

void Database::ReaderReturn::operator()(Connection* c) const {
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
  auto fresh = std::make_unique<Connection>(options_.path,
                                            Connection::Options{options_.busy_timeout_ms, options_.synchronous, true});
  return {fresh.release(), ReaderReturn{this}};
}

}  // namespace vigil::storage
