#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

TEST(ConversionFunctionsTest, ConversionsAndTheirNulls) {
  OneRow v;
  EXPECT_EQ(v("tostring(UrlCount)"), "3");
  EXPECT_EQ(v("tolong(\"42\")"), 42);
  EXPECT_EQ(v("toint(\"x\")"), nullptr);
  EXPECT_EQ(v("todouble(\"1.5\")"), 1.5);
  EXPECT_EQ(v("tobool(\"true\")"), true);
  EXPECT_EQ(v("todatetime(\"2024-03-11T10:00:00Z\")"), "2024-03-11T10:00:00.0000000Z");
  EXPECT_EQ(v("totimespan(\"01:30:00\")"), "01:30:00");
  EXPECT_EQ(v("tostring(AdditionalFields.b)"), "x");
  EXPECT_EQ(v("parse_json('{\"k\": [1]}').k[0]"), 1);
  EXPECT_EQ(v.type("toint(1)"), Type::kInt);
}

TEST(ConversionFunctionsTest, ConditionalsAndEmptiness) {
  OneRow v;
  EXPECT_EQ(v("iff(UrlCount > 2, \"many\", \"few\")"), "many");
  EXPECT_EQ(v("iif(UrlCount > 5, 1, 2)"), 2);
  EXPECT_EQ(v("case(UrlCount == 1, \"one\", UrlCount == 3, \"three\", \"other\")"), "three");
  EXPECT_EQ(v("coalesce(Connectors, Subject)"), "Hello World");
  EXPECT_EQ(v("isempty(Connectors)"), true);
  EXPECT_EQ(v("isnotempty(Subject)"), true);
  EXPECT_EQ(v("isnull(BulkComplaintLevel)"), true);
  EXPECT_EQ(v("isnotnull(UrlCount)"), true);
  EXPECT_EQ(v("isempty(AdditionalFields.missing)"), true);
  EXPECT_EQ(v.type("iff(true, AdditionalFields.b, \"\")"), Type::kDynamic);
}

TEST(ConversionFunctionsTest, ErrorsNameTheFunction) {
  OneRow v;
  EXPECT_EQ(v.error("iff(1, 2, 3)"), "'project' operator: 'iff': expects a bool condition, got long");
  EXPECT_EQ(v.error("iff(true, 2, \"x\")"), "'project' operator: 'iff': branches have different types: long and string");
  EXPECT_EQ(v.error("case(true, 1, 2, 3)"), "'project' operator: 'case': expects pairs of predicate and value, then an else value");
  EXPECT_EQ(v.error("tostring()"), "'project' operator: function 'tostring' expects 1 argument, got 0");
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
