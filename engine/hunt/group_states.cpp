#include "engine/hunt/group_states.hpp"

#include <utility>
#include <vector>

#include "engine/hunt/aggregates.hpp"
#include "engine/hunt/evaluator.hpp"
#include "engine/hunt/flat_index.hpp"
#include "engine/hunt/value_numbers.hpp"

namespace vigil::engine::hunt {
namespace {

// count() and countif(predicate).
class Counts final : public GroupStates {
 public:
  explicit Counts(const AggregateSpec& spec) : spec_(spec) {}
  std::int64_t add_group() override {
    counts_.push_back(0);
    return sizeof(std::int64_t);
  }
  std::int64_t add(std::uint32_t group, const Row& row, ExecContext& context) override {
    if (spec_.args.empty() || is_true(evaluate(*spec_.args[0], row, context))) ++counts_[group];
    return 0;
  }
  void finish(std::uint32_t group, Row& out) const override { out.push_back(Value::long_(counts_[group])); }

 private:
  const AggregateSpec& spec_;
  std::vector<std::int64_t> counts_;
};

// dcount(value[, accuracy]) and dcountif(value, predicate[, accuracy]),
// exact (Kusto estimates with HyperLogLog, exactly up to about 1,000
// distinct values); nulls are not counted. A group's first value is held
// by the group; a further one is numbered (value_numbers.hpp) and held as
// a (group, number) pair in one index for all groups. Most groups of a
// summarize over messages see a single value, and then cost one copy of
// it and no lookup.
class DistinctCounts final : public GroupStates {
 public:
  DistinctCounts(const AggregateSpec& spec, bool conditional) : spec_(spec), conditional_(conditional) {}
  std::int64_t add_group() override {
    first_.emplace_back();
    counts_.push_back(0);
    return sizeof(Value) + sizeof(std::uint32_t);
  }
  std::int64_t add(std::uint32_t group, const Row& row, ExecContext& context) override {
    if (conditional_ && !is_true(evaluate(*spec_.args[1], row, context))) return 0;
    Value computed;
    const Value& v = evaluate_ref(*spec_.args[0], row, context, computed);
    if (v.is_null()) return 0;
    auto& first = first_[group];
    if (first.is_null()) {  // no value yet: nulls are not counted, so never held
      first = v;
      counts_[group] = 1;
      return static_cast<std::int64_t>(first.footprint() - sizeof(Value));  // the Value itself is counted per group
    }
    if (values_equal(first, v)) return 0;
    std::int64_t held = 0;
    const std::pair<std::uint32_t, std::uint32_t> pair{group, values_.number(v, held)};
    const auto before = pairs_index_.bytes();
    bool added = false;
    pairs_index_.find_or_add((std::uint64_t{pair.first} << 32) | pair.second, static_cast<std::uint32_t>(pairs_.size()),
                             [&](std::uint32_t m) { return pairs_[m] == pair; }, added);
    if (!added) return held;
    pairs_.push_back(pair);
    ++counts_[group];
    return held + static_cast<std::int64_t>(sizeof(pair) + pairs_index_.bytes() - before);
  }
  void finish(std::uint32_t group, Row& out) const override { out.push_back(Value::long_(counts_[group])); }

 private:
  const AggregateSpec& spec_;
  bool conditional_;
  std::vector<Value> first_;           // by group: its first value, null before one
  std::vector<std::uint32_t> counts_;  // by group: its distinct values
  ValueNumbers values_;                // the further values, of all groups
  FlatIndex pairs_index_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs_;  // (group, value number) of further values
};

// Any other aggregate: an Accumulator per group.
class Accumulators final : public GroupStates {
 public:
  explicit Accumulators(const AggregateSpec& spec) : spec_(spec) {}
  std::int64_t add_group() override {
    groups_.push_back(make_accumulator(spec_));
    return kAccumulatorOverhead;
  }
  std::int64_t add(std::uint32_t group, const Row& row, ExecContext& context) override {
    return groups_[group]->add(row, context);
  }
  void finish(std::uint32_t group, Row& out) const override { groups_[group]->finish(out); }

 private:
  static constexpr std::int64_t kAccumulatorOverhead = 104;  // the object and its pointer
  const AggregateSpec& spec_;
  std::vector<std::unique_ptr<Accumulator>> groups_;
};

}  // namespace

std::unique_ptr<GroupStates> make_group_states(const AggregateSpec& spec) {
  const auto& f = spec.function;
  if (f == "count" || f == "countif") return std::make_unique<Counts>(spec);
  if (f == "dcount" || f == "dcountif") return std::make_unique<DistinctCounts>(spec, f == "dcountif");
  return std::make_unique<Accumulators>(spec);
}

}  // namespace vigil::engine::hunt
