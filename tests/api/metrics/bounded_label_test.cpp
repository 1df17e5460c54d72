#include "api/metrics/bounded_label.hpp"

#include <gtest/gtest.h>

namespace vigil::api::metrics {
namespace {

TEST(BoundedLabel, KeepsTheFirstValuesAndFoldsTheRestIntoOther) {
  BoundedLabel label(2);
  EXPECT_EQ(label.admit("a"), "a");
  EXPECT_EQ(label.admit("b"), "b");
  EXPECT_EQ(label.admit("c"), "other");
  EXPECT_EQ(label.admit("a"), "a") << "a kept value stays kept once the cap is reached";
  EXPECT_EQ(label.admit("d"), "other");
}

}  // namespace
}  // namespace vigil::api::metrics
