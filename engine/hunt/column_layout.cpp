#include "engine/hunt/column_layout.hpp"

namespace vigil::engine::hunt {

ColumnLayout ColumnLayout::of(const std::vector<bool>& read) {
  ColumnLayout layout;
  std::size_t next = 0;
  for (const bool r : read) layout.at.push_back(r ? next++ : kAbsent);
  layout.width = next;
  return layout;
}

BoundExprPtr remap(const BoundExprPtr& expr, const ColumnLayout& layout) {
  if (expr->row_independent) return expr;
  auto copy = std::make_shared<BoundExpr>(*expr);
  if (copy->kind == BoundExpr::Kind::kColumn) copy->column = layout.at[copy->column];
  for (auto& a : copy->args) a = remap(a, layout);
  return copy;
}

}  // namespace vigil::engine::hunt
