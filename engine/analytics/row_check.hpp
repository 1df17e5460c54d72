#pragma once

#include <string_view>
#include <vector>

#include "engine/analytics/column_row.hpp"

namespace vigil::engine::analytics {

// A row test an EQL condition cannot express, such as comparing parts of
// two columns; an aggregation rule names it in `checks`. Content modules
// add them (AggregationExtensions) so the core knows no table's columns.
struct RowCheck {
  bool (*passes)(const ColumnRow& row) = nullptr;  // pure
  std::vector<std::string_view> columns;           // what passes() reads, recorded at ingest
};

}  // namespace vigil::engine::analytics
