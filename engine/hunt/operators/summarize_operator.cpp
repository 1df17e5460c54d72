#include "engine/hunt/operators/summarize_operator.hpp"

#include "engine/hunt/evaluator.hpp"

namespace vigil::engine::hunt {
namespace {

// What a group costs besides its values: the map entry and the accumulators.
constexpr std::int64_t kGroupOverhead = 96;
constexpr std::int64_t kAccumulatorOverhead = 64;

}  // namespace

SummarizeOperator::SummarizeOperator(OperatorPtr input, const LogicalPlan& plan, ExecContext& context)
    : input_(std::move(input)), plan_(plan), context_(context) {}

SummarizeOperator::~SummarizeOperator() { context_.charge(-charged_); }

void SummarizeOperator::run() {
  std::unordered_map<Row, std::size_t, RowHash, RowEqual> index;
  const auto charge = [&](std::int64_t bytes) {
    context_.charge(bytes);
    charged_ += bytes;
  };
  const auto add_group = [&](Row key) {
    Group g;
    std::int64_t bytes = kGroupOverhead;
    for (const auto& v : key) bytes += 2 * static_cast<std::int64_t>(v.footprint());  // in the group and the index
    g.key = std::move(key);
    for (const auto& a : plan_.aggregates) {
      g.accumulators.push_back(make_accumulator(a));
      bytes += kAccumulatorOverhead;
    }
    charge(bytes);
    groups_.push_back(std::move(g));
    return groups_.size() - 1;
  };
  if (plan_.keys.empty()) add_group({});
  while (auto row = input_->next()) {
    context_.check_deadline();
    std::size_t g = 0;
    if (!plan_.keys.empty()) {
      Row key;
      key.reserve(plan_.keys.size());
      for (const auto& k : plan_.keys) key.push_back(evaluate(*k, *row, context_));
      const auto found = index.find(key);
      if (found == index.end()) {
        g = add_group(key);
        index.emplace(std::move(key), g);
      } else {
        g = found->second;
      }
    }
    for (auto& a : groups_[g].accumulators) charge(a->add(*row, context_));
  }
}

std::optional<Row> SummarizeOperator::next() {
  if (!ran_) {
    ran_ = true;
    run();
  }
  if (emitted_ >= groups_.size()) return std::nullopt;
  const Group& g = groups_[emitted_++];
  Row out = g.key;
  for (const auto& a : g.accumulators) a->finish(out);
  return out;
}

}  // namespace vigil::engine::hunt
