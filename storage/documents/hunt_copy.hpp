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

namespace vigil::storage {

// Hunting's column copy (docs/HUNTING.md, "How tables are read"), what
// every backend shares of it: for each dataset that has one, a table of
// the event's values of the Defender table's documented scalar columns,
// each read from the document and converted to its hunting column type
// exactly as the hunting engine converts it (engine/hunt from_json), so a
// scan reading them gets what it would from the document. Events without
// @timestamp get no row: no scan reads them. The top-level fields of those
// datasets' documents are recorded with the copy, so the schema a table
// grows to needs no document read. The backend keeps the rows and the
// recorded fields; its schema says which tables and columns there are.
// Thread-safe.
class HuntCopy {
 public:
  struct Table {
    std::string dataset;
    std::string name;
    std::int64_t since_seq = 0;        // the backend's events.seq from which the copy is complete
    std::vector<std::string> columns;  // the copied columns, in the backend table's order
    std::vector<engine::hunt::Type> types;

    bool holds(std::string_view column) const;
    bool holds_all(std::span<const std::string> columns) const;
  };
  // One event's values, in the order of its table's columns, and the
  // fields of its document not recorded yet (name, JSON type).
  struct Row {
    const Table* table = nullptr;
    std::vector<engine::hunt::Value> values;
    std::vector<std::pair<std::string, std::string>> new_fields;
  };
  using Recorded = std::map<std::string, std::set<std::string>, std::less<>>;  // field names by dataset

  // `tables` as the backend's schema has them, their types left empty: each
  // column's is its hunting type in the catalog (engine/hunt/catalog).
  // Throws StoreError (kFailed) for a column the table does not document.
  HuntCopy(std::vector<Table> tables, Recorded recorded);

  const std::vector<Table>& tables() const { return tables_; }
  const Table* find(std::string_view dataset) const;
  // The copy of each event of the batch, nullopt for events with no copy
  // table or no @timestamp. Parses the documents: call before taking a
  // write lock.
  std::vector<std::optional<Row>> extract(std::span<const engine::EventRecord> batch) const;
  // Notes fields the backend has recorded, so later rows do not name them again.
  void recorded(const std::string& dataset, std::span<const std::pair<std::string, std::string>> fields);

 private:
  std::vector<Table> tables_;
  mutable std::mutex recorded_mutex_;
  Recorded recorded_;  // under recorded_mutex_
};

// The hunting type of a copied column: the catalog's (engine/hunt/catalog)
// for the Defender table of `dataset` ("m365_defender.<table>"). Throws
// StoreError (kFailed) for a column the table does not document.
engine::hunt::Type hunt_column_type(const std::string& dataset, const std::string& column);

// The top-level fields of a dataset's documents as a backend learns them
// where it records none (a dataset without a copy), reading each document once.
struct LearntFields {
  std::int64_t last_seq = 0;                  // the backend's events.seq read up to
  std::map<std::string, std::string> fields;  // name -> JSON type first seen

  // Adds the non-null top-level fields of the document stored at `seq`, with
  // the JSON type of their value. A document that is not an object adds none.
  void learn(std::int64_t seq, std::string_view document);
};

}  // namespace vigil::storage
