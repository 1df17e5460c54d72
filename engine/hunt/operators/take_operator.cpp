#include "engine/hunt/operators/take_operator.hpp"

namespace vigil::engine::hunt {

TakeOperator::TakeOperator(OperatorPtr input, std::size_t count) : input_(std::move(input)), left_(count) {}

std::optional<Row> TakeOperator::next() {
  if (left_ == 0) return std::nullopt;
  auto row = input_->next();
  if (row) --left_;
  return row;
}

}  // namespace vigil::engine::hunt
