// Name resolution and type errors, worded as Kusto words them.
#include "engine/hunt/binder.hpp"

#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

TEST(BinderTest, AnUnknownTableOrColumnIsNamedWithItsPosition) {
  HuntStore store;
  auto e = store.fail("EmailEvent | take 1");
  EXPECT_EQ(e.code, HuntErrorCode::kSemantic);
  EXPECT_EQ(e.message, "Failed to resolve table or column expression named 'EmailEvent'");
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.column, 1);
  e = store.fail("EmailEvents\n| where Sender == \"x\"");
  EXPECT_EQ(e.message, "Failed to resolve table or column expression named 'Sender'");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 9);
}

TEST(BinderTest, TypeErrorsNameTheOperator) {
  HuntStore store;
  EXPECT_EQ(store.fail("EmailEvents | where UrlCount == \"3\"").message,
            "'where' operator: '==': Cannot compare values of types int and string. Try adding explicit casts");
  EXPECT_EQ(store.fail("EmailEvents | where Subject").message,
            "'where' operator: the predicate must be of type bool, not string");
  EXPECT_EQ(store.fail("EmailEvents | extend x = Subject + 1").message,
            "'extend' operator: '+': Cannot apply '+' to operands of types string and long");
  EXPECT_EQ(store.fail("EmailEvents | summarize x = strlen(Subject)").message,
            "'summarize' operator: expects an aggregate function such as count() or dcount()");
  EXPECT_EQ(store.fail("EmailEvents | extend n = count()").message,
            "'extend' operator: aggregate function 'count' is only allowed in summarize");
  EXPECT_EQ(store.fail("EmailEvents | extend n = strlen()").message,
            "'extend' operator: function 'strlen' expects 1 argument, got 0");
  EXPECT_EQ(store.fail("EmailEvents | extend n = nosuch(1)").message,
            "'extend' operator: Unknown function: 'nosuch'");
  EXPECT_EQ(store.fail("EmailEvents | join kind=sideways (EmailEvents) on NetworkMessageId").message,
            "'join' operator: unknown join kind 'sideways'");
}

TEST(BinderTest, TheSchemaIsTheDocumentedColumnsThenTheFieldsStoredRowsCarry) {
  HuntStore store;
  store.add("IdentityLogonEvents", {{"Timestamp", at(kNow)}, {"ActionType", "LogonFailed"}, {"LogonType", "Login"},
                                    {"Protocol", "OAuth2"}, {"ISP", "x"}, {"Attempts", 3}});
  const auto rows = rows_of(store.run("IdentityLogonEvents | getschema"));
  const auto find = [&](const std::string& name) {
    for (const auto& r : rows)
      if (r["ColumnName"] == name) return r;
    return nlohmann::json();
  };
  EXPECT_EQ(rows[0]["ColumnName"], "Timestamp");
  EXPECT_EQ(rows[0]["ColumnType"], "datetime");
  EXPECT_EQ(rows[0]["DataType"], "System.DateTime");
  EXPECT_EQ(find("AdditionalFields")["ColumnType"], "dynamic");
  EXPECT_EQ(find("ISP")["ColumnType"], "string");    // not documented, carried by the stored row
  EXPECT_EQ(find("Attempts")["ColumnType"], "long");
  EXPECT_TRUE(find("event").is_null());             // Vigil's own fields are not columns
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
