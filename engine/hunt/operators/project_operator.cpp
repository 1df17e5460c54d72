#include "engine/hunt/operators/project_operator.hpp"

#include <map>

#include "engine/hunt/evaluator.hpp"

namespace vigil::engine::hunt {

ProjectOperator::ProjectOperator(OperatorPtr input, std::vector<BoundExprPtr> exprs, ExecContext& context)
    : input_(std::move(input)), exprs_(std::move(exprs)), context_(context), moved_(exprs_.size(), false) {
  std::map<std::size_t, int> references;
  for (const auto& e : exprs_)
    if (e->kind == BoundExpr::Kind::kColumn) ++references[e->column];
  for (std::size_t i = 0; i < exprs_.size(); ++i)
    moved_[i] = exprs_[i]->kind == BoundExpr::Kind::kColumn && references[exprs_[i]->column] == 1;
  while (kept_ < exprs_.size() && moved_[kept_] && exprs_[kept_]->column == kept_) ++kept_;
  tail_.resize(exprs_.size() - kept_);
}

bool ProjectOperator::next_into(Row& row) {
  if (!input_->next_into(row)) return false;
  // Computed columns first: they may read input columns the plain references then move out.
  // A column moved to the tail lies past the kept ones: each of those is its only reference.
  for (std::size_t i = kept_; i < exprs_.size(); ++i)
    if (!moved_[i]) tail_[i - kept_] = evaluate(*exprs_[i], row, context_);
  for (std::size_t i = kept_; i < exprs_.size(); ++i)
    if (moved_[i]) tail_[i - kept_] = std::move(row[exprs_[i]->column]);
  row.resize(kept_);
  for (auto& v : tail_) row.push_back(std::move(v));
  return true;
}

}  // namespace vigil::engine::hunt
