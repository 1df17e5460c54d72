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

TEST(DatetimeFunctionsTest, ErrorsNameTheOperator) {
  OneRow v;
  EXPECT_EQ(v.error("Timestamp + Timestamp"),
            "'project' operator: '+': Cannot apply '+' to operands of types datetime and datetime");
  EXPECT_EQ(v.error("ago(3)"), "'project' operator: 'ago': expects a timespan offset, got long");
  EXPECT_EQ(v.error("bin(Timestamp, 3)"), "'project' operator: 'bin': cannot round a datetime to a bin of type long");
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
