#include "engine/analytics/row_values.hpp"

#include <algorithm>

#include "engine/analytics/group_facts.hpp"

namespace vigil::engine::analytics {

std::optional<std::vector<std::string>> recorded_columns(const AggregationSpec& spec) {
  if (spec.filter || spec.followed_by) return std::nullopt;
  std::vector<std::string> columns(spec.non_empty.begin(), spec.non_empty.end());
  columns.insert(columns.end(), spec.group_by.begin(), spec.group_by.end());
  if (spec.distinct_field) columns.push_back(*spec.distinct_field);
  for (const auto& check : spec.checks) columns.insert(columns.end(), check.columns.begin(), check.columns.end());
  for (const auto column : GroupFacts::columns_read(spec)) columns.emplace_back(column);
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  return columns;
}

std::string encode_row_values(const ColumnRow& row, const std::vector<std::string>& columns) {
  std::string out;
  const auto put_size = [&out](std::size_t n) {
    for (; n >= 0x80; n >>= 7) out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    out.push_back(static_cast<char>(n));
  };
  for (const auto& column : columns) {
    const auto text = row.text(column);
    put_size(text ? text->size() + 1 : 0);
    if (text) out.append(*text);
  }
  return out;
}

}  // namespace vigil::engine::analytics
