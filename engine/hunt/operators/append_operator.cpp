#include "engine/hunt/operators/append_operator.hpp"

#include "engine/hunt/evaluator.hpp"

namespace vigil::engine::hunt {

AppendOperator::AppendOperator(OperatorPtr input, std::vector<BoundExprPtr> computed, ExecContext& context)
    : input_(std::move(input)), computed_(std::move(computed)), context_(context) {}

bool AppendOperator::next_into(Row& row) {
  if (!input_->next_into(row)) return false;
  // Each computed column reads only the input's columns, which lie before the appended ones.
  for (const auto& e : computed_) row.push_back(evaluate(*e, row, context_));
  return true;
}

}  // namespace vigil::engine::hunt
