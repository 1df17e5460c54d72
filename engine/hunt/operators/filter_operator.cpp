#include "engine/hunt/operators/filter_operator.hpp"

#include "engine/hunt/evaluator.hpp"

namespace vigil::engine::hunt {

FilterOperator::FilterOperator(OperatorPtr input, BoundExprPtr predicate, ExecContext& context)
    : input_(std::move(input)), predicate_(std::move(predicate)), context_(context) {}

bool FilterOperator::next_into(Row& row) {
  while (input_->next_into(row)) {
    context_.check_deadline();
    if (is_true(evaluate(*predicate_, row, context_))) return true;
  }
  return false;
}

}  // namespace vigil::engine::hunt
