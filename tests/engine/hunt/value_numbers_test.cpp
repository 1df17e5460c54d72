#include "engine/hunt/value_numbers.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::hunt {
namespace {

TEST(ValueNumbersTest, NumbersDistinctValuesInOrderOfAppearanceAndHoldsACopy) {
  ValueNumbers numbers;
  std::int64_t held = 0;
  {
    const Value first = Value::string("a sender long enough to be held on the heap");
    EXPECT_EQ(numbers.number(first, held), 0u);
  }
  const auto after_first = held;
  EXPECT_GT(after_first, static_cast<std::int64_t>(sizeof(Value)));
  EXPECT_EQ(numbers.number(Value::string("b"), held), 1u);
  EXPECT_EQ(numbers.number(Value::string("a sender long enough to be held on the heap"), held), 0u);
  EXPECT_EQ(numbers.number(Value::string(""), held), 2u);
  // The first value outlived the one it was numbered from.
  EXPECT_EQ(numbers[0].as_string(), "a sender long enough to be held on the heap");
  EXPECT_EQ(numbers.size(), 3u);
  const auto after_three = held;
  EXPECT_EQ(numbers.number(Value::string("b"), held), 1u);
  EXPECT_EQ(held, after_three) << "a value met again holds nothing more";
}

TEST(ValueNumbersTest, EqualAsGroupingIs) {
  ValueNumbers numbers;
  std::int64_t held = 0;
  // 1 (long) and 1.0 (real) are one value, as values_equal has them; nulls are one value too.
  EXPECT_EQ(numbers.number(Value::long_(1), held), 0u);
  EXPECT_EQ(numbers.number(Value::real(1.0), held), 0u);
  EXPECT_EQ(numbers.number(Value::null(Type::kLong), held), 1u);
  EXPECT_EQ(numbers.number(Value::null(Type::kLong), held), 1u);
  EXPECT_EQ(numbers.number(Value::long_(2), held), 2u);
  // Strings compare case-sensitively.
  EXPECT_EQ(numbers.number(Value::string("X"), held), 3u);
  EXPECT_EQ(numbers.number(Value::string("x"), held), 4u);
}

}  // namespace
}  // namespace vigil::engine::hunt
