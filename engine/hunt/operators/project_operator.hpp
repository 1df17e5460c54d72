#pragma once

#include <vector>

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// project, extend, project-away/-rename/-reorder: each output column is an
// expression over the input row. A column taken over unchanged is moved,
// not copied, when no other output column takes it too, and the output is
// built in the input row's storage: the leading columns an extend keeps in
// their places are not touched at all.
class ProjectOperator final : public FillingOperator {
 public:
  ProjectOperator(OperatorPtr input, std::vector<BoundExprPtr> exprs, ExecContext& context);
  bool next_into(Row& row) override;

 private:
  OperatorPtr input_;
  std::vector<BoundExprPtr> exprs_;
  ExecContext& context_;
  std::vector<bool> moved_;  // by output column: a plain reference to an input column it alone takes
  std::size_t kept_ = 0;     // leading output columns that are the input's at the same index, moved
  std::vector<Value> tail_;  // the output columns after those, while the row is rebuilt
};

}  // namespace vigil::engine::hunt
