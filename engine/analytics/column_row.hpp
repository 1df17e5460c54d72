#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine::analytics {

// A row's top-level columns as text, read once: an aggregation run asks a
// dozen questions of each of a million rows, and a row reused from one event
// to the next answers them without allocating. Not thread-safe.
class ColumnRow {
 public:
  ColumnRow() = default;
  explicit ColumnRow(const nlohmann::json& row) { assign(row); }

  // Reads the columns of a parsed row.
  void assign(const nlohmann::json& row);

  // Reads the columns of a stored document without parsing it into a value.
  // False, leaving the row empty, for text that is no JSON object simdjson
  // reads (for_each_member_text): the caller parses that with parse_json.
  bool assign_document(std::string_view document);

  // Reads the values of `columns` that encode_row_values (row_values.hpp)
  // recorded. False, leaving the row empty, for a record that does not hold
  // exactly as many values as there are columns.
  bool assign_values(const std::vector<std::string>& columns, std::string_view values);

  // column_text's answer (column.hpp) for this row: the exact spelling
  // first, else the first column in byte order whose name matches ignoring
  // case; nullopt when absent, null, an object, an array or "". The view
  // lasts until the row is next assigned.
  std::optional<std::string_view> text(std::string_view name) const;

 private:
  struct Column {
    std::size_t key;  // offset in buffer_
    std::size_t key_size;
    std::size_t value;
    std::size_t value_size;
    bool has_value;  // a string, number or boolean
  };
  void clear();
  void add(std::string_view key, std::optional<std::string_view> value);
  std::string_view key_of(const Column& column) const { return {buffer_.data() + column.key, column.key_size}; }
  std::optional<std::string_view> value_of(const Column& column) const;

  std::string buffer_;
  std::vector<Column> columns_;
};

}  // namespace vigil::engine::analytics
