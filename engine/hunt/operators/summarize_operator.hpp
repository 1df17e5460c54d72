#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/hunt/aggregates.hpp"
#include "engine/hunt/column_layout.hpp"
#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// summarize: groups rows by the key expressions and aggregates each group;
// yields the groups in the order their first row came. With no keys there
// is exactly one row, even over no input (count() is 0), as in Kusto.
// Holds every group against the memory budget, compactly: each key
// column's distinct values are held once and numbered, a group's key is
// its values' numbers, and the groups' keys and accumulators lie in flat
// arrays (a summarize over a million groups, as the playbook's fourth
// query makes of a million messages, stays within its budget).
class SummarizeOperator final : public Operator {
 public:
  // `layout`: the input's rows are compact (column_layout.hpp), laid out so.
  SummarizeOperator(OperatorPtr input, const LogicalPlan& plan, ExecContext& context,
                    const ColumnLayout* layout = nullptr);
  ~SummarizeOperator() override;
  std::optional<Row> next() override;

 private:
  struct ValueHash {
    std::size_t operator()(const Value& v) const { return hash_value(v); }
  };
  struct ValueEqual {
    bool operator()(const Value& a, const Value& b) const { return values_equal(a, b); }
  };
  // One key column's distinct values, numbered in order of appearance.
  struct KeyValues {
    std::unordered_map<Value, std::uint32_t, ValueHash, ValueEqual> numbers;
    std::vector<const Value*> values;  // by number, pointing into `numbers`
  };
  // Hashes and compares groups by their key numbers in keys_.
  struct GroupHash {
    const SummarizeOperator* op;
    std::size_t operator()(std::uint32_t group) const;
  };
  struct GroupEqual {
    const SummarizeOperator* op;
    bool operator()(std::uint32_t a, std::uint32_t b) const;
  };

  void run();
  std::uint32_t number(std::size_t key, const Value& value);
  void charge(std::int64_t bytes);

  OperatorPtr input_;
  const LogicalPlan& plan_;
  ExecContext& context_;
  std::vector<BoundExprPtr> keys_exprs_;   // the plan's, remapped to the input's layout
  std::vector<AggregateSpec> aggregates_;  // likewise
  bool ran_ = false;
  std::vector<KeyValues> key_values_;                       // by key column
  std::vector<std::uint32_t> keys_;                         // group g's key numbers at [g * keys, (g + 1) * keys)
  std::vector<std::unique_ptr<Accumulator>> accumulators_;  // group g's at [g * aggregates, ...)
  std::size_t groups_ = 0;
  std::size_t emitted_ = 0;
  std::int64_t charged_ = 0;
};

}  // namespace vigil::engine::hunt
