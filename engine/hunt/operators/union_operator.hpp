#pragma once

#include <vector>

#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// union: the rows of each input in turn, mapped onto the union's columns
// (a column an input lacks is null; one whose types differ is dynamic).
class UnionOperator final : public Operator {
 public:
  UnionOperator(std::vector<OperatorPtr> inputs, const LogicalPlan& plan);
  std::optional<Row> next() override;

 private:
  std::vector<OperatorPtr> inputs_;
  const LogicalPlan& plan_;
  std::size_t current_ = 0;
};

}  // namespace vigil::engine::hunt
