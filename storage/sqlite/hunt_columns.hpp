#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/event_record.hpp"
#include "storage/documents/hunt_copy.hpp"
#include "storage/sqlite/connection.hpp"

namespace vigil::storage {

// Hunting's column copy (HuntCopy) in SQLite (migration 8): for each
// dataset listed in `hunt_tables`, a table keyed by (ts, seq) holding the
// event's values of the columns the table has: strings as TEXT, numbers,
// booleans, datetimes (ms) and timespans as INTEGER, reals as REAL, nulls
// as NULL. Rows are written in the event's transaction and deleted with it
// or when it is superseded (triggers). The recorded fields are in
// `hunt_fields`. Thread-safe.
class HuntColumns {
 public:
  using Table = HuntCopy::Table;
  using Row = HuntCopy::Row;

  // Reads the layout from the database (hunt_tables and each table's columns).
  explicit HuntColumns(Connection& c);

  const Table* find(std::string_view dataset) const { return copy_.find(dataset); }
  // HuntCopy::extract: call before taking the write lock.
  std::vector<std::optional<Row>> extract(std::span<const engine::EventRecord> batch) const {
    return copy_.extract(batch);
  }
  // Writes the row of the event stored at `seq`, and records its new fields.
  void insert(Connection& c, const engine::EventRecord& event, std::int64_t seq, const Row& row);

 private:
  HuntCopy copy_;
  std::map<std::string, std::string, std::less<>> insert_sql_;  // by table name
};

}  // namespace vigil::storage
