#include "engine/analytics/column_row.hpp"

#include "engine/analytics/column.hpp"
#include "engine/text/ascii.hpp"
#include "engine/event/json_parse.hpp"

namespace vigil::engine::analytics {

void ColumnRow::clear() {
  buffer_.clear();
  columns_.clear();
}

void ColumnRow::add(std::string_view key, std::optional<std::string_view> value) {
  Column column{buffer_.size(), key.size(), 0, 0, value.has_value()};
  buffer_.append(key);
  if (value) {
    column.value = buffer_.size();
    column.value_size = value->size();
    buffer_.append(*value);
  }
  columns_.push_back(column);
}

void ColumnRow::assign(const nlohmann::json& row) {
  clear();
  if (!row.is_object()) return;
  for (const auto& [key, value] : row.items()) add(key, value_text(value));
}

bool ColumnRow::assign_document(std::string_view document) {
  clear();
  return for_each_member_text(document, [this](std::string_view key, MemberText value) { add(key, value); });
}

bool ColumnRow::assign_values(const std::vector<std::string>& columns, std::string_view values) {
  clear();
  std::size_t at = 0;
  for (const auto& column : columns) {
    std::size_t size_plus_one = 0;
    for (int shift = 0;; shift += 7) {
      if (at == values.size() || shift > 56) {
        clear();
        return false;
      }
      const auto byte = static_cast<unsigned char>(values[at++]);
      size_plus_one |= static_cast<std::size_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) break;
    }
    if (size_plus_one == 0) {
      add(column, std::nullopt);
      continue;
    }
    if (size_plus_one - 1 > values.size() - at) {
      clear();
      return false;
    }
    add(column, values.substr(at, size_plus_one - 1));
    at += size_plus_one - 1;
  }
  if (at == values.size()) return true;
  clear();
  return false;
}

std::optional<std::string_view> ColumnRow::value_of(const Column& column) const {
  if (!column.has_value || column.value_size == 0) return std::nullopt;
  return std::string_view(buffer_.data() + column.value, column.value_size);
}

std::optional<std::string_view> ColumnRow::text(std::string_view name) const {
  // The last of duplicate keys wins, as when the document is parsed.
  for (auto it = columns_.rbegin(); it != columns_.rend(); ++it) {
    if (key_of(*it) == name) return value_of(*it);
  }
  const Column* found = nullptr;
  for (const auto& column : columns_) {
    if (!text::equals_ascii_ci(key_of(column), name)) continue;
    // The first in byte order, as a parsed row's sorted keys give; the last of equal keys.
    if (found == nullptr || key_of(column) <= key_of(*found)) found = &column;
  }
  return found ? value_of(*found) : std::nullopt;
}

}  // namespace vigil::engine::analytics
