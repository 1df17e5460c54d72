#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/hunt/value.hpp"

namespace vigil::engine::hunt {

struct Column {
  std::string name;
  Type type = Type::kString;

  bool operator==(const Column&) const = default;
};

// The columns of a tabular expression, in order. Names are case-sensitive.
struct Schema {
  std::vector<Column> columns;

  std::optional<std::size_t> find(std::string_view name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (columns[i].name == name) return i;
    return std::nullopt;
  }
  std::size_t size() const { return columns.size(); }
};

}  // namespace vigil::engine::hunt
