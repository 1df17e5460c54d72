#pragma once

#include <unordered_set>

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/operators/operator.hpp"

namespace vigil::engine::hunt {

// distinct: each distinct row once, in the order of its first occurrence.
// Holds the rows seen against the memory budget.
class DistinctOperator final : public Operator {
 public:
  DistinctOperator(OperatorPtr input, ExecContext& context);
  ~DistinctOperator() override;
  std::optional<Row> next() override;

 private:
  OperatorPtr input_;
  ExecContext& context_;
  std::unordered_set<Row, RowHash, RowEqual> seen_;
  std::int64_t charged_ = 0;
};

}  // namespace vigil::engine::hunt
