#include "engine/hunt/operators/distinct_operator.hpp"

namespace vigil::engine::hunt {

DistinctOperator::DistinctOperator(OperatorPtr input, ExecContext& context)
    : input_(std::move(input)), context_(context) {}

DistinctOperator::~DistinctOperator() { context_.charge(-charged_); }

std::optional<Row> DistinctOperator::next() {
  while (auto row = input_->next()) {
    context_.check_deadline();
    if (seen_.contains(*row)) continue;
    std::int64_t bytes = 64;
    for (const auto& v : *row) bytes += static_cast<std::int64_t>(v.footprint());
    context_.charge(bytes);
    charged_ += bytes;
    seen_.insert(*row);
    return row;
  }
  return std::nullopt;
}

}  // namespace vigil::engine::hunt
