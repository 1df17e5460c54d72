#include "engine/hunt/operators/rows_operator.hpp"

namespace vigil::engine::hunt {

RowsOperator::RowsOperator(std::shared_ptr<const std::vector<Row>> rows) : rows_(std::move(rows)) {}

std::optional<Row> RowsOperator::next() {
  if (next_ >= rows_->size()) return std::nullopt;
  return (*rows_)[next_++];
}

}  // namespace vigil::engine::hunt
