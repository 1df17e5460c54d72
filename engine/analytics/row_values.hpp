#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/analytics/column_row.hpp"

namespace vigil::engine::analytics {

// The columns an aggregation run reads of each row of its dataset, when
// these are all it reads: the values of just these columns, recorded at
// ingest, then stand in for the stored document, which a run over a million
// rows would otherwise decompress and parse in full. nullopt for a spec with
// a filter or a follow-up, whose EQL conditions may name any field.
std::optional<std::vector<std::string>> recorded_columns(const AggregationSpec& spec);

// The row's values of `columns`, as ColumnRow::text gives them, in one
// compact string: per column a varint of (size + 1), 0 for no value, then
// the text.
std::string encode_row_values(const ColumnRow& row, const std::vector<std::string>& columns);

}  // namespace vigil::engine::analytics
