#include "engine/hunt/operators/summarize_operator.hpp"

#include <algorithm>

#include "engine/hunt/evaluator.hpp"

namespace vigil::engine::hunt {

SummarizeOperator::SummarizeOperator(OperatorPtr input, const LogicalPlan& plan, ExecContext& context,
                                     const ColumnLayout* layout)
    : input_(std::move(input)),
      plan_(plan),
      context_(context),
      keys_exprs_(plan.keys),
      aggregates_(plan.aggregates),
      key_values_(plan.keys.size()) {
  if (layout != nullptr) {
    for (auto& k : keys_exprs_) k = remap(k, *layout);
    for (auto& a : aggregates_) {
      for (auto& e : a.args) e = remap(e, *layout);
      for (auto& e : a.carried) e = remap(e, *layout);
    }
  }
  for (const auto& a : aggregates_) states_.push_back(make_group_states(a));
}

SummarizeOperator::~SummarizeOperator() { context_.charge(-charged_); }

void SummarizeOperator::charge(std::int64_t bytes) {
  context_.charge(bytes);
  charged_ += bytes;
}

void SummarizeOperator::add_group() {
  std::int64_t bytes = static_cast<std::int64_t>(plan_.keys.size() * sizeof(std::uint32_t));
  for (auto& s : states_) bytes += s->add_group();
  charge(bytes);
  ++groups_;
}

std::uint32_t SummarizeOperator::group_of_last_key(std::uint64_t hash) {
  const auto width = plan_.keys.size();
  const auto* key = keys_.data() + keys_.size() - width;
  const auto before = groups_index_.bytes();
  bool added = false;
  const auto g = groups_index_.find_or_add(
      hash, groups_, [&](std::uint32_t m) { return std::equal(key, key + width, keys_.data() + m * width); }, added);
  if (added) {
    add_group();
  } else {
    keys_.resize(keys_.size() - width);
  }
  if (const auto grown = static_cast<std::int64_t>(groups_index_.bytes() - before)) charge(grown);
  return g;
}

void SummarizeOperator::run() {
  const auto width = plan_.keys.size();
  if (width == 0) add_group();
  Row row;  // refilled by the input for every row (Operator::next_into)
  while (input_->next_into(row)) {
    context_.check_deadline();
    std::uint32_t g = 0;
    if (width > 0) {
      // The row's key goes where the next group's would: found, it is dropped again.
      // A key that is a column is looked up in place: only a new distinct value is copied.
      std::int64_t held = 0;
      std::uint64_t hash = width;
      for (std::size_t k = 0; k < width; ++k) {
        Value computed;
        const auto n = key_values_[k].number(evaluate_ref(*keys_exprs_[k], row, context_, computed), held);
        keys_.push_back(n);
        hash = hash * 0x9e3779b97f4a7c15ULL + n;
      }
      if (held != 0) charge(held);
      g = group_of_last_key(hash);
    }
    for (auto& s : states_)
      if (const auto grown = s->add(g, row, context_)) charge(grown);
  }
}

std::optional<Row> SummarizeOperator::next() {
  if (!ran_) {
    ran_ = true;
    run();
  }
  if (emitted_ >= groups_) return std::nullopt;
  const auto g = emitted_++;
  const auto width = plan_.keys.size();
  Row out;
  out.reserve(plan_.schema.size());
  for (std::size_t k = 0; k < width; ++k) out.push_back(key_values_[k][keys_[g * width + k]]);
  for (const auto& s : states_) s->finish(g, out);
  return out;
}

}  // namespace vigil::engine::hunt
