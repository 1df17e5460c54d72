#pragma once

#include <unordered_map>
#include <vector>

#include "engine/hunt/aggregates.hpp"
#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// summarize: groups rows by the key expressions and aggregates each group;
// yields the groups in the order their first row came. With no keys there
// is exactly one row, even over no input (count() is 0), as in Kusto.
// Holds every group against the memory budget.
class SummarizeOperator final : public Operator {
 public:
  SummarizeOperator(OperatorPtr input, const LogicalPlan& plan, ExecContext& context);
  ~SummarizeOperator() override;
  std::optional<Row> next() override;

 private:
  struct Group {
    Row key;
    std::vector<std::unique_ptr<Accumulator>> accumulators;
  };
  void run();

  OperatorPtr input_;
  const LogicalPlan& plan_;
  ExecContext& context_;
  bool ran_ = false;
  std::vector<Group> groups_;
  std::size_t emitted_ = 0;
  std::int64_t charged_ = 0;
};

}  // namespace vigil::engine::hunt
