#pragma once

#include <deque>
#include <optional>
#include <vector>

#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// mv-expand: one row per element of the expanded columns' arrays (several
// columns expand side by side, the shorter padded with null); a property
// bag expands into one {key: value} bag per property; a scalar or null
// stays one row (an empty array gives none, as in Kusto). At most `limit`
// rows per input row: the legacy mvexpand's default is 128.
class MvExpandOperator final : public Operator {
 public:
  MvExpandOperator(OperatorPtr input, const LogicalPlan& plan);
  std::optional<Row> next() override;

 private:
  OperatorPtr input_;
  const LogicalPlan& plan_;
  std::deque<Row> pending_;
};

}  // namespace vigil::engine::hunt
