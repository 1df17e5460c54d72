#pragma once

#include <vector>

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// project, extend, project-away/-rename/-reorder: each output column is an
// expression over the input row. A column taken over unchanged is moved,
// not copied, when no other output column takes it too.
class ProjectOperator final : public Operator {
 public:
  ProjectOperator(OperatorPtr input, const std::vector<BoundExprPtr>& exprs, ExecContext& context);
  std::optional<Row> next() override;

 private:
  OperatorPtr input_;
  const std::vector<BoundExprPtr>& exprs_;
  ExecContext& context_;
  std::vector<bool> moved_;  // by output column: a plain reference to an input column it alone takes
};

}  // namespace vigil::engine::hunt
