#include "engine/hunt/operators/filter_operator.hpp"

#include "engine/hunt/evaluator.hpp"

namespace vigil::engine::hunt {

FilterOperator::FilterOperator(OperatorPtr input, BoundExprPtr predicate, ExecContext& context)
    : input_(std::move(input)), predicate_(std::move(predicate)), context_(context) {}

std::optional<Row> FilterOperator::next() {
  while (auto row = input_->next()) {
    context_.check_deadline();
    if (is_true(evaluate(*predicate_, *row, context_))) return row;
  }
  return std::nullopt;
}

}  // namespace vigil::engine::hunt
