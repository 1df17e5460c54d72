#pragma once

#include <cstddef>
#include <vector>

#include "engine/hunt/bound_expr.hpp"

namespace vigil::engine::hunt {

// Where a plan node's columns lie in compact rows, which hold only the
// columns the query reads (column_usage.hpp): position `at[i]` for a read
// column i. A scan and the filters and projections over it pass compact
// rows up to the operator that drops the other columns (a summarize),
// instead of rows as wide as the table. A scan's rows hold the read columns
// in schema order; a projection leaves them where they lie (a column it
// passes on, under any name, is read there) and appends those it computes
// (operators/append_operator.hpp), so that several columns may lie at one
// position and a row may hold columns no longer read. Immutable.
struct ColumnLayout {
  static constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
  std::vector<std::size_t> at;  // by schema index; kAbsent for a column not read
  std::size_t width = 0;        // the rows' size

  static ColumnLayout of(const std::vector<bool>& read);
};

// `expr` reading compact rows of `layout`: its column references moved to
// their compact positions. Row-independent subtrees are shared, not copied.
BoundExprPtr remap(const BoundExprPtr& expr, const ColumnLayout& layout);

}  // namespace vigil::engine::hunt
