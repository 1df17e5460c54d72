#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

TEST(DynamicFunctionsTest, MembersIndicesAndBuilders) {
  OneRow v;
  EXPECT_EQ(v("AdditionalFields.a[1]"), 2);
  EXPECT_EQ(v("AdditionalFields.a[-1]"), 2);
  EXPECT_EQ(v("AdditionalFields[\"b\"]"), "x");
  EXPECT_EQ(v("AdditionalFields.nope"), nullptr);
  EXPECT_EQ(v("array_length(AdditionalFields.a)"), 2);
  EXPECT_EQ(v("array_length(AdditionalFields.b)"), nullptr);
  EXPECT_EQ(v("pack_array(1, \"a\", UrlCount)"), nlohmann::json::array({1, "a", 3}));
  EXPECT_EQ(v("bag_pack(\"k\", Subject)"), nlohmann::json({{"k", "Hello World"}}));
  EXPECT_EQ(v("set_has_element(AdditionalFields.a, 2)"), true);
  EXPECT_EQ(v("set_has_element(AdditionalFields.a, 7)"), false);
  EXPECT_EQ(v("AdditionalFields.b == \"x\""), true);
  EXPECT_EQ(v("dynamic([\"x\", 2])[0]"), "x");
}

TEST(DynamicFunctionsTest, ErrorsNameTheOperator) {
  OneRow v;
  EXPECT_EQ(v.error("Subject.Name"), "'project' operator: cannot access member 'Name' of a value of type string");
  EXPECT_EQ(v.error("UrlCount[0]"), "'project' operator: cannot index a value of type int");
  EXPECT_EQ(v.error("array_length(Subject)"), "'project' operator: 'array_length': expects a dynamic value, got string");
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
