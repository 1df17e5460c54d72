#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

TEST(DatetimeFunctionsTest, NowAgoBinAndArithmetic) {
  OneRow v;
  EXPECT_EQ(v("now()"), "2024-03-11T12:00:00.0000000Z");
  EXPECT_EQ(v("now(-7d)"), "2024-03-04T12:00:00.0000000Z");
  EXPECT_EQ(v("ago(1h) == Timestamp"), true);
  EXPECT_EQ(v("bin(Timestamp + 59m, 1h)"), "2024-03-11T11:00:00.0000000Z");
  EXPECT_EQ(v("floor(Timestamp + 90s, 1m)"), "2024-03-11T11:01:00.0000000Z");
  EXPECT_EQ(v("bin(UrlCount, 2)"), 2);
  EXPECT_EQ(v("startofday(Timestamp)"), "2024-03-11T00:00:00.0000000Z");
  EXPECT_EQ(v("startofday(Timestamp, 1)"), "2024-03-12T00:00:00.0000000Z");
  EXPECT_EQ(v("now() - Timestamp"), "01:00:00");
  EXPECT_EQ(v("Timestamp + 10s"), "2024-03-11T11:00:10.0000000Z");
  EXPECT_EQ(v("2d + 1h + 500ms"), "2.01:00:00.5000000");
  EXPECT_EQ(v("1h / 30m"), 2.0);
  EXPECT_EQ(v("Timestamp between (ago(2h) .. now())"), true);
  EXPECT_EQ(v("Timestamp !between (ago(2h) .. now())"), false);
  EXPECT_EQ(v("datetime(2024-03-11) < Timestamp"), true);
}

// A result a long or Kusto's datetime range (years 1 to 9999) cannot hold is
// null, never a wrapped or undefined value.
TEST(DatetimeFunctionsTest, ResultsOutOfRangeAreNull) {
  OneRow v;
  EXPECT_EQ(v("now(-106751990d)"), nullptr);
  EXPECT_EQ(v("ago(-3000000d)"), nullptr);
  EXPECT_EQ(v("Timestamp + 3000000d"), nullptr);
  EXPECT_EQ(v("startofday(Timestamp, 9223372036854775807)"), nullptr);
  EXPECT_EQ(v("9223372036854775807 + 1"), nullptr);
  EXPECT_EQ(v("-9223372036854775807 - 2"), nullptr);
  EXPECT_EQ(v("4611686018427387904 * 2"), nullptr);
  EXPECT_EQ(v("(-9223372036854775807 - 1) / -1"), nullptr);
  EXPECT_EQ(v("tolong(1e300)"), nullptr);
  EXPECT_EQ(v("totimespan(1e300)"), nullptr);
  EXPECT_EQ(v("bin(-9223372036854775807, 10)"), nullptr);
  EXPECT_EQ(v("datetime(9999-12-31) + 1d - 1d"), nullptr);
  EXPECT_EQ(v("datetime(9999-12-31)"), "9999-12-31T00:00:00.0000000Z");
}

TEST(DatetimeFunctionsTest, ErrorsNameTheOperator) {
  OneRow v;
  EXPECT_EQ(v.error("Timestamp + Timestamp"),
            "'project' operator: '+': Cannot apply '+' to operands of types datetime and datetime");
  EXPECT_EQ(v.error("ago(3)"), "'project' operator: 'ago': expects a timespan offset, got long");
  EXPECT_EQ(v.error("bin(Timestamp, 3)"), "'project' operator: 'bin': cannot round a datetime to a bin of type long");
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
