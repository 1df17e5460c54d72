#pragma once

#include <vector>

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// A projection (project, extend, ...) over compact rows (column_layout.hpp):
// appends the columns it computes to its input's row and leaves every other
// column where it lies, since the layout reads a column it passes on, under
// any name, at its input position. Nothing moves, so a scan refilling the
// rows handed back (Operator::next_into) finds each column's storage where
// it writes that column.
class AppendOperator final : public FillingOperator {
 public:
  // `computed`: the projection's computed columns, over the input's layout, in the order they are appended.
  AppendOperator(OperatorPtr input, std::vector<BoundExprPtr> computed, ExecContext& context);
  bool next_into(Row& row) override;

 private:
  OperatorPtr input_;
  std::vector<BoundExprPtr> computed_;
  ExecContext& context_;
};

}  // namespace vigil::engine::hunt
