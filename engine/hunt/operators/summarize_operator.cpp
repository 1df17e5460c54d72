#include "engine/hunt/operators/summarize_operator.hpp"

#include "engine/hunt/evaluator.hpp"

namespace vigil::engine::hunt {
namespace {

// What holding things costs besides their values: a hash table node and
// its bucket, a group's entry in the group index, an accumulator object.
constexpr std::int64_t kNodeOverhead = 48;
constexpr std::int64_t kGroupOverhead = 40;
constexpr std::int64_t kAccumulatorOverhead = 104;  // the object and its pointer

}  // namespace

SummarizeOperator::SummarizeOperator(OperatorPtr input, const LogicalPlan& plan, ExecContext& context,
                                     const ColumnLayout* layout)
    : input_(std::move(input)),
      plan_(plan),
      context_(context),
      keys_exprs_(plan.keys),
      aggregates_(plan.aggregates),
      key_values_(plan.keys.size()) {
  if (layout == nullptr) return;
  for (auto& k : keys_exprs_) k = remap(k, *layout);
  for (auto& a : aggregates_) {
    for (auto& e : a.args) e = remap(e, *layout);
    for (auto& e : a.carried) e = remap(e, *layout);
  }
}

SummarizeOperator::~SummarizeOperator() { context_.charge(-charged_); }

std::size_t SummarizeOperator::GroupHash::operator()(std::uint32_t group) const {
  const auto width = op->plan_.keys.size();
  std::size_t h = width;
  for (std::size_t i = 0; i < width; ++i) h = h * 1000003 ^ op->keys_[group * width + i];
  return h;
}

bool SummarizeOperator::GroupEqual::operator()(std::uint32_t a, std::uint32_t b) const {
  const auto width = op->plan_.keys.size();
  for (std::size_t i = 0; i < width; ++i)
    if (op->keys_[a * width + i] != op->keys_[b * width + i]) return false;
  return true;
}

void SummarizeOperator::charge(std::int64_t bytes) {
  context_.charge(bytes);
  charged_ += bytes;
}

std::uint32_t SummarizeOperator::number(std::size_t key, const Value& value) {
  auto& kv = key_values_[key];
  const auto found = kv.numbers.find(value);
  if (found != kv.numbers.end()) return found->second;
  charge(static_cast<std::int64_t>(value.footprint() + sizeof(const Value*)) + kNodeOverhead);
  const auto n = static_cast<std::uint32_t>(kv.values.size());
  const auto inserted = kv.numbers.emplace(value, n).first;
  kv.values.push_back(&inserted->first);
  return n;
}

void SummarizeOperator::run() {
  const auto width = plan_.keys.size();
  std::unordered_set<std::uint32_t, GroupHash, GroupEqual> index(16, GroupHash{this}, GroupEqual{this});
  const auto add_group = [&] {
    for (const auto& a : aggregates_) accumulators_.push_back(make_accumulator(a));
    charge(kGroupOverhead + static_cast<std::int64_t>(width * sizeof(std::uint32_t)) +
           static_cast<std::int64_t>(plan_.aggregates.size()) * kAccumulatorOverhead);
    return groups_++;
  };
  if (width == 0) add_group();
  while (auto row = input_->next()) {
    context_.check_deadline();
    std::size_t g = 0;
    if (width > 0) {
      // The row's key goes where the next group's would: found, it is dropped again.
      // A key that is a column is looked up in place: only a new distinct value is copied.
      for (std::size_t k = 0; k < width; ++k) {
        Value computed;
        keys_.push_back(number(k, evaluate_ref(*keys_exprs_[k], *row, context_, computed)));
      }
      const auto [at, inserted] = index.insert(static_cast<std::uint32_t>(groups_));
      if (inserted) {
        g = add_group();
      } else {
        g = *at;
        keys_.resize(keys_.size() - width);
      }
    }
    const auto aggregates = plan_.aggregates.size();
    for (std::size_t a = 0; a < aggregates; ++a) charge(accumulators_[g * aggregates + a]->add(*row, context_));
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
  for (std::size_t k = 0; k < width; ++k) out.push_back(*key_values_[k].values[keys_[g * width + k]]);
  const auto aggregates = plan_.aggregates.size();
  for (std::size_t a = 0; a < aggregates; ++a) accumulators_[g * aggregates + a]->finish(out);
  return out;
}

}  // namespace vigil::engine::hunt
