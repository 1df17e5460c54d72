#pragma once

#include <cstddef>

#include "engine/hunt/operators/operator.hpp"

namespace vigil::engine::hunt {

// take/limit: the first `count` rows of its input, then stops pulling.
class TakeOperator final : public Operator {
 public:
  TakeOperator(OperatorPtr input, std::size_t count);
  std::optional<Row> next() override;

 private:
  OperatorPtr input_;
  std::size_t left_;
};

}  // namespace vigil::engine::hunt
