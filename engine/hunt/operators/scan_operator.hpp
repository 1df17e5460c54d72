#pragma once

#include <cstddef>
#include <deque>
#include <optional>

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// Reads a table's rows from the store (HuntSource) in time order. The
// planner pushes into it what the backend can use (the time range, field
// equalities) and what it applies itself while reading: the predicate of a
// `where` right above it and the row limit of a `take` above that, so only
// the rows that pass are held. The scan runs on the first next() and holds
// its rows against the memory budget.
class ScanOperator final : public Operator {
 public:
  ScanOperator(const LogicalPlan& plan, ExecContext& context, TableScan scan, BoundExprPtr predicate,
               std::optional<std::size_t> limit);
  std::optional<Row> next() override;

 private:
  void run();

  const LogicalPlan& plan_;
  ExecContext& context_;
  TableScan scan_;
  BoundExprPtr predicate_;
  std::optional<std::size_t> limit_;
  bool ran_ = false;
  std::deque<Row> rows_;
};

}  // namespace vigil::engine::hunt
