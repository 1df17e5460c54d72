#pragma once

#include <cstdint>
#include <vector>

#include "engine/hunt/flat_index.hpp"
#include "engine/hunt/value.hpp"

namespace vigil::engine::hunt {

// Numbers the distinct values of one column or expression in order of
// appearance (equal as values_equal: grouping's equality), holding each
// once: a summarize keys its groups, and dcount tells its values apart, by
// these numbers. Looking a value up copies it only when it is new.
// Single-threaded.
class ValueNumbers {
 public:
  // The number of `value`, a copy of which is numbered if new; then the
  // bytes that holds (value and index) are added to `held`.
  std::uint32_t number(const Value& value, std::int64_t& held);
  const Value& operator[](std::uint32_t number) const { return values_[number]; }
  std::size_t size() const { return values_.size(); }

 private:
  FlatIndex index_;
  std::vector<Value> values_;  // by number
};

}  // namespace vigil::engine::hunt
