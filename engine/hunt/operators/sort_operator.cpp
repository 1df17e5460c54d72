#include "engine/hunt/operators/sort_operator.hpp"

#include <algorithm>
#include <numeric>

#include "engine/hunt/evaluator.hpp"

namespace vigil::engine::hunt {

SortOperator::SortOperator(OperatorPtr input, const std::vector<BoundSortKey>& keys, ExecContext& context)
    : input_(std::move(input)), keys_(keys), context_(context) {}

SortOperator::~SortOperator() { context_.charge(-charged_); }

void SortOperator::run() {
  std::vector<Row> keyed;  // the sort keys of each row, evaluated once
  while (auto row = input_->next()) {
    context_.check_deadline();
    Row key;
    std::int64_t bytes = 0;
    for (const auto& k : keys_) key.push_back(evaluate(*k.expr, *row, context_));
    for (const auto& v : *row) bytes += static_cast<std::int64_t>(v.footprint());
    for (const auto& v : key) bytes += static_cast<std::int64_t>(v.footprint());
    context_.charge(bytes);
    charged_ += bytes;
    keyed.push_back(std::move(key));
    rows_.push_back(std::move(*row));
  }
  std::vector<std::size_t> order(rows_.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      const Value& x = keyed[a][k];
      const Value& y = keyed[b][k];
      if (x.is_null() != y.is_null()) return x.is_null() == keys_[k].nulls_first;
      const int c = compare_values(x, y);
      if (c != 0) return keys_[k].descending ? c > 0 : c < 0;
    }
    return false;
  });
  std::vector<Row> sorted;
  sorted.reserve(rows_.size());
  for (const auto i : order) sorted.push_back(std::move(rows_[i]));
  rows_ = std::move(sorted);
}

std::optional<Row> SortOperator::next() {
  if (!ran_) {
    ran_ = true;
    run();
  }
  if (emitted_ >= rows_.size()) return std::nullopt;
  return std::move(rows_[emitted_++]);
}

}  // namespace vigil::engine::hunt
