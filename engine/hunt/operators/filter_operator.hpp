#pragma once

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// `where`: passes the rows whose predicate is true (null and false drop the row).
class FilterOperator final : public FillingOperator {
 public:
  FilterOperator(OperatorPtr input, BoundExprPtr predicate, ExecContext& context);
  bool next_into(Row& row) override;

 private:
  OperatorPtr input_;
  BoundExprPtr predicate_;
  ExecContext& context_;
};

}  // namespace vigil::engine::hunt
