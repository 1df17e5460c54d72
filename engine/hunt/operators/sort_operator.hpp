#pragma once

#include <vector>

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// sort/order by (and top, under a take): reads every row, then yields them
// ordered by the keys; rows with equal keys keep their input order. Holds
// the rows against the memory budget.
class SortOperator final : public Operator {
 public:
  SortOperator(OperatorPtr input, const std::vector<BoundSortKey>& keys, ExecContext& context);
  ~SortOperator() override;
  std::optional<Row> next() override;

 private:
  void run();

  OperatorPtr input_;
  const std::vector<BoundSortKey>& keys_;
  ExecContext& context_;
  bool ran_ = false;
  std::vector<Row> rows_;
  std::size_t emitted_ = 0;
  std::int64_t charged_ = 0;
};

}  // namespace vigil::engine::hunt
