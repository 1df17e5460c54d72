#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/hunt/column_layout.hpp"
#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/flat_index.hpp"
#include "engine/hunt/group_states.hpp"
#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"
#include "engine/hunt/value_numbers.hpp"

namespace vigil::engine::hunt {

// summarize: groups rows by the key expressions and aggregates each group;
// yields the groups in the order their first row came. With no keys there
// is exactly one row, even over no input (count() is 0), as in Kusto.
// Holds every group against the memory budget, compactly: each key
// column's distinct values are held once and numbered (value_numbers.hpp),
// a group's key is its values' numbers, found through a flat index, and the
// groups' keys and aggregate states lie in flat arrays by group number (a
// summarize over a million groups, as the playbook's fourth query makes of
// a million messages, stays within its budget and allocates per distinct
// value, not per row or group).
class SummarizeOperator final : public Operator {
 public:
  // `layout`: the input's rows are compact (column_layout.hpp), laid out so.
  SummarizeOperator(OperatorPtr input, const LogicalPlan& plan, ExecContext& context,
                    const ColumnLayout* layout = nullptr);
  ~SummarizeOperator() override;
  std::optional<Row> next() override;

 private:
  void run();
  // The group of the row whose key numbers were just appended to keys_ (dropped again when the group exists).
  std::uint32_t group_of_last_key(std::uint64_t hash);
  void add_group();
  void charge(std::int64_t bytes);

  OperatorPtr input_;
  const LogicalPlan& plan_;
  ExecContext& context_;
  std::vector<BoundExprPtr> keys_exprs_;   // the plan's, remapped to the input's layout
  std::vector<AggregateSpec> aggregates_;  // likewise
  bool ran_ = false;
  std::vector<ValueNumbers> key_values_;              // by key column
  std::vector<std::uint32_t> keys_;                   // group g's key numbers at [g * keys, (g + 1) * keys)
  FlatIndex groups_index_;                            // of groups by their key numbers
  std::vector<std::unique_ptr<GroupStates>> states_;  // by aggregate
  std::uint32_t groups_ = 0;
  std::uint32_t emitted_ = 0;
  std::int64_t charged_ = 0;
};

}  // namespace vigil::engine::hunt
