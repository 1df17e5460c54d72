#include "engine/hunt/operators/project_operator.hpp"

#include <map>

#include "engine/hunt/evaluator.hpp"

namespace vigil::engine::hunt {

ProjectOperator::ProjectOperator(OperatorPtr input, const std::vector<BoundExprPtr>& exprs, ExecContext& context)
    : input_(std::move(input)), exprs_(exprs), context_(context), moved_(exprs.size(), false) {
  std::map<std::size_t, int> references;
  for (const auto& e : exprs_)
    if (e->kind == BoundExpr::Kind::kColumn) ++references[e->column];
  for (std::size_t i = 0; i < exprs_.size(); ++i)
    moved_[i] = exprs_[i]->kind == BoundExpr::Kind::kColumn && references[exprs_[i]->column] == 1;
}

std::optional<Row> ProjectOperator::next() {
  auto in = input_->next();
  if (!in) return std::nullopt;
  Row out(exprs_.size());
  // Computed columns first: they may read input columns the plain references then move out.
  for (std::size_t i = 0; i < exprs_.size(); ++i)
    if (!moved_[i]) out[i] = evaluate(*exprs_[i], *in, context_);
  for (std::size_t i = 0; i < exprs_.size(); ++i)
    if (moved_[i]) out[i] = std::move((*in)[exprs_[i]->column]);
  return out;
}

}  // namespace vigil::engine::hunt
