#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/event_record.hpp"

namespace vigil::engine {

// The events one hunting table is made of: those of a dataset
// (event.dataset), of which the table keeps only those whose event.code is
// one of `codes` when given (Sysmon event 1 among the Sysmon channel's
// events). The codes are a hint, as FieldEquals: the engine checks them.
struct DatasetSelector {
  std::string dataset;
  std::vector<std::string> codes;
};

// A top-level document field that must equal one of `values` (JSON
// strings, compared exactly). A hint: a backend may apply it or not, and
// the hunting engine checks every row it gets anyway.
struct FieldEquals {
  std::string field;
  std::vector<std::string> values;
};

// A scan of one hunting table's rows in a time range.
struct TableScan {
  std::vector<DatasetSelector> datasets;
  TimeMs start = 0;  // inclusive bounds on @timestamp
  TimeMs end = 0;
  std::vector<FieldEquals> equals;
};

// One top-level field's value as a backend keeps it apart from the
// document, already converted to the hunting column's type (a string's
// text; integers, booleans, datetimes and timespans as a number; a real).
struct FieldValue {
  enum class Kind { kNull, kText, kInteger, kReal };
  Kind kind = Kind::kNull;
  std::string_view text;  // valid during the visit
  std::int64_t integer = 0;
  double real = 0;
};

// A row of a field scan: the event's time and its values of the fields
// asked for, in their order.
struct FieldRow {
  TimeMs timestamp = 0;
  std::span<const FieldValue> values;
};

// What the hunting engine (engine/hunt) reads the store through, so that it
// runs on any backend. Implementations are thread-safe.
class HuntSource {
 public:
  virtual ~HuntSource() = default;

  // Calls `visit` for the current version of each event the scan selects,
  // in time order; stops when it returns false. Throws StoreError.
  virtual void scan(const TableScan& scan, const std::function<bool(const StoredEvent&)>& visit) = 0;

  // The same events, reading only `fields` from a copy of them the backend
  // keeps apart from the documents, in the same order. Returns false
  // without visiting anything when the backend keeps no such copy of all
  // these fields for all of the scan's datasets (the caller then scans
  // documents). Throws StoreError.
  virtual bool scan_fields(const TableScan& /*scan*/, std::span<const std::string> /*fields*/,
                           const std::function<bool(const FieldRow&)>& /*visit*/) {
    return false;
  }

  // The top-level field names the stored documents of these datasets carry,
  // each with the JSON type its values have ("string", "number_integer",
  // "number_float", "boolean", "object", "array"), as first seen. Lets a
  // table's schema grow as Log Analytics tables do.
  struct Field {
    std::string name;
    std::string json_type;
  };
  virtual std::vector<Field> fields(std::span<const DatasetSelector> datasets) = 0;
};

}  // namespace vigil::engine
