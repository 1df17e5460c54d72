#include "engine/hunt/value_numbers.hpp"

namespace vigil::engine::hunt {

std::uint32_t ValueNumbers::number(const Value& value, std::int64_t& held) {
  const auto next = static_cast<std::uint32_t>(values_.size());
  const auto before = index_.bytes();
  bool added = false;
  const auto n = index_.find_or_add(
      hash_value(value), next, [&](std::uint32_t m) { return values_equal(values_[m], value); }, added);
  if (added) {
    values_.push_back(value);
    held += static_cast<std::int64_t>(value.footprint() + index_.bytes() - before);
  }
  return n;
}

}  // namespace vigil::engine::hunt
