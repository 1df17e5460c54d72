#include "engine/outputs/backoff.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::outputs {
namespace {

TEST(Backoff, DoublesFromTheInitialDelayUpToTheCap) {
  const BackoffPolicy policy{1000, 60000};
  // No jitter: half of each step; all of it: the whole step.
  EXPECT_EQ(policy.delay(1, 0.0), 500);
  EXPECT_EQ(policy.delay(1, 1.0), 1000);
  EXPECT_EQ(policy.delay(2, 1.0), 2000);
  EXPECT_EQ(policy.delay(3, 1.0), 4000);
  EXPECT_EQ(policy.delay(6, 1.0), 32000);
  EXPECT_EQ(policy.delay(7, 1.0), 60000);
  EXPECT_EQ(policy.delay(7, 0.0), 30000);
}

TEST(Backoff, JitterSpreadsEachStepOverItsUpperHalf) {
  const BackoffPolicy policy{1000, 60000};
  EXPECT_EQ(policy.delay(3, 0.5), 3000);
  for (double j : {0.0, 0.1, 0.7, 0.999}) {
    EXPECT_GE(policy.delay(4, j), 4000);
    EXPECT_LE(policy.delay(4, j), 8000);
  }
}

TEST(Backoff, ThousandsOfFailuresStayAtTheCap) {
  const BackoffPolicy policy{1000, 300000};
  EXPECT_EQ(policy.delay(100000, 1.0), 300000);
  EXPECT_EQ(policy.delay(1 << 30, 0.0), 150000);
}

}  // namespace
}  // namespace vigil::engine::outputs
