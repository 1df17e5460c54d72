#include "api/http/split.hpp"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

using Parts = std::vector<std::string_view>;

TEST(Split, KeepsEmptyPartsForCallersToJudge) {
  EXPECT_EQ(split("a,b", ','), (Parts{"a", "b"}));
  EXPECT_EQ(split("a,,b,", ','), (Parts{"a", "", "b", ""}));
  EXPECT_EQ(split("", ','), (Parts{""}));
  EXPECT_EQ(split("/x/y", '/'), (Parts{"", "x", "y"}));
}

}  // namespace
}  // namespace vigil::api
