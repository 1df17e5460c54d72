#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/hunt/value.hpp"
#include "engine/store/event_record.hpp"
#include "storage/sqlite/connection.hpp"

namespace vigil::storage {

// Hunting's column copy (migration 8): for each dataset listed in
// `hunt_tables`, a table keyed by (ts, seq) holding the event's values of
// the columns the table has, each read from the document and converted
// to its hunting column type exactly as the hunting engine converts it
// (engine/hunt from_json), so a scan reading them gets what it would from
// the document: strings as TEXT, numbers, booleans, datetimes (ms) and
// timespans as INTEGER, reals as REAL, nulls as NULL. Rows are written in
// the event's transaction and deleted with it or when it is superseded
// (triggers). Events without @timestamp get no row: no scan reads them.
// The top-level fields of those datasets' documents are recorded too
// (`hunt_fields`), so the schema a table grows to needs no document read.
// Thread-safe.
class HuntColumns {
 public:
  struct Table {
    std::string dataset;
    std::string name;
    std::int64_t since_seq = 0;        // events.seq from which the copy is complete
    std::vector<std::string> columns;  // the table's columns after (ts, seq)
    std::vector<engine::hunt::Type> types;
    std::string insert_sql;
  };
  // One event's values, in the order of its table's columns, and the
  // fields of its document not recorded yet (name, JSON type).
  struct Row {
    const Table* table = nullptr;
    std::vector<engine::hunt::Value> values;
    std::vector<std::pair<std::string, std::string>> new_fields;
  };

  // Reads the layout from the database (hunt_tables and each table's columns).
  explicit HuntColumns(Connection& c);

  const Table* find(std::string_view dataset) const;
  // The copy of each event of the batch, nullopt for events with no copy
  // table or no @timestamp. Parses the documents: call before taking the
  // write lock.
  std::vector<std::optional<Row>> extract(std::span<const engine::EventRecord> batch) const;
  // Writes the row of the event stored at `seq`, and records its new fields.
  void insert(Connection& c, const engine::EventRecord& event, std::int64_t seq, const Row& row);

 private:
  std::vector<Table> tables_;
  mutable std::mutex recorded_mutex_;
  std::map<std::string, std::set<std::string>, std::less<>> recorded_;  // by dataset, under recorded_mutex_
};

// A JSON value's type as HuntSource::fields names it: "number_integer",
// "number_float", else nlohmann's type name ("string", "boolean", ...).
std::string json_field_type(const nlohmann::json& value);

}  // namespace vigil::storage
