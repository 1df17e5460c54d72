#pragma once

#include <cstdint>
#include <memory>

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// One aggregate's state for every group of a summarize, by group number
// (0, 1, 2, ... in the order the groups were made). count and countif keep
// a number per group, dcount and dcountif a group's first value and the
// numbers of its further ones (value_numbers.hpp), in flat arrays by group:
// no object per group, which a summarize over a million groups would
// allocate a million times. The other aggregates keep an Accumulator
// (aggregates.hpp) per group. Single-threaded.
class GroupStates {
 public:
  virtual ~GroupStates() = default;
  // Makes the next group's state; returns the bytes it holds (memory budget).
  virtual std::int64_t add_group() = 0;
  // Adds a row to a group; returns the bytes its state grew by.
  virtual std::int64_t add(std::uint32_t group, const Row& row, ExecContext& context) = 0;
  // Appends the aggregate's columns for a group (one, or arg_min/arg_max's carried columns too).
  virtual void finish(std::uint32_t group, Row& out) const = 0;
};

// `spec` must outlive the states.
std::unique_ptr<GroupStates> make_group_states(const AggregateSpec& spec);

}  // namespace vigil::engine::hunt
