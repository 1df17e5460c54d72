#include "engine/hunt/operators/project_operator.hpp"

#include "engine/hunt/evaluator.hpp"

namespace vigil::engine::hunt {

ProjectOperator::ProjectOperator(OperatorPtr input, const std::vector<BoundExprPtr>& exprs, ExecContext& context)
    : input_(std::move(input)), exprs_(exprs), context_(context) {}

std::optional<Row> ProjectOperator::next() {
  auto in = input_->next();
  if (!in) return std::nullopt;
  Row out;
  out.reserve(exprs_.size());
  for (const auto& e : exprs_) out.push_back(evaluate(*e, *in, context_));
  return out;
}

}  // namespace vigil::engine::hunt
