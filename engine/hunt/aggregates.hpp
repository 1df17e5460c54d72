#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// One aggregate's state for one group.
class Accumulator {
 public:
  virtual ~Accumulator() = default;
  // Adds a row; returns the bytes the state grew by (memory budget).
  virtual std::int64_t add(const Row& row, ExecContext& context) = 0;
  // Appends the aggregate's columns (one, or arg_min/arg_max's carried columns too).
  virtual void finish(Row& out) const = 0;
};

// What the binder needs to know of an aggregate function.
struct AggregateFunction {
  std::string_view name;
  int min_args = 1;
  int max_args = 1;
  // The column name Kusto gives it when unnamed: prefix + "_" + the first argument's name.
  std::string_view column_prefix;
  // The aggregate's type given its argument types; writes `error` when they do not fit.
  Type (*result)(std::span<const Type> args, std::string& error) = nullptr;
};

// count, countif, dcount, dcountif, sum, avg, min, max, make_set, make_list,
// take_any, arg_min, arg_max. nullptr for any other name.
const AggregateFunction* find_aggregate(std::string_view name);

// The state of one group for sum, avg, min, max, make_set, make_list,
// take_any, arg_min and arg_max. count, countif, dcount and dcountif keep
// theirs for all groups at once (group_states.hpp).
std::unique_ptr<Accumulator> make_accumulator(const AggregateSpec& spec);

}  // namespace vigil::engine::hunt
