#include "api/ingest/json_depth.hpp"

#include <gtest/gtest.h>

#include <string>

namespace vigil::api {
namespace {

TEST(JsonDepth, CountsNestingOutsideStrings) {
  EXPECT_EQ(json_nesting_depth("1"), 0u);
  EXPECT_EQ(json_nesting_depth(R"({"a":[1,{"b":[]}]})"), 4u);
  EXPECT_EQ(json_nesting_depth(R"({"a":"[[[[{{{{"})"), 1u);
  EXPECT_EQ(json_nesting_depth(R"({"a":"\"[[[["})"), 1u);
  EXPECT_EQ(json_nesting_depth(R"({"a":"\\"}[[)"), 2u);
  // A quote after an odd run of backslashes is escaped; after an even run it ends the string.
  EXPECT_EQ(json_nesting_depth(R"({"a":"\\\"[[[["})"), 1u);
  EXPECT_EQ(json_nesting_depth(R"({"a":"x\\\\"}[[)"), 2u);
  EXPECT_EQ(json_nesting_depth(R"({"a":"unterminated [[)"), 1u);
}

TEST(JsonDepth, StopsEarlyPastTheLimit) {
  const std::string deep = std::string(1000000, '[') + std::string(1000000, ']');
  EXPECT_EQ(json_nesting_depth(deep, 10), 11u);
  EXPECT_EQ(json_nesting_depth(std::string(1000, '[') + std::string(1000, ']')), 1000u);
}

}  // namespace
}  // namespace vigil::api
