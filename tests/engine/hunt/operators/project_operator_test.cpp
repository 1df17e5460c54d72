#include "engine/hunt/operators/project_operator.hpp"

#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

// The operator rebuilds each row in its input's storage (the columns an
// extend keeps in place untouched, the others moved or computed into a
// tail): every shape of output must still see the input as it was.
class ProjectOperatorTest : public ::testing::Test {
 protected:
  ProjectOperatorTest() {
    store_.add("EmailEvents", {{"Timestamp", at(kNow - kHourMs)},
                               {"NetworkMessageId", "m1"},
                               {"SenderFromAddress", "bob@contoso.com"},
                               {"Subject", "Hi"},
                               {"UrlCount", 3}});
  }
  nlohmann::json row(const std::string& pipeline) {
    const auto rows = rows_of(store_.run("EmailEvents | " + pipeline));
    return rows.size() == 1 ? rows[0] : nlohmann::json("rows: " + std::to_string(rows.size()));
  }
  HuntStore store_;
};

TEST_F(ProjectOperatorTest, ExtendKeepsEveryColumnAndAppendsItsOwn) {
  const auto r = store_.run("EmailEvents | extend Domain = split(SenderFromAddress, \"@\")[1], More = UrlCount + 1");
  const auto names = column_names(r);
  ASSERT_GE(names.size(), 3u);
  EXPECT_EQ(names[names.size() - 2], "Domain");
  EXPECT_EQ(names.back(), "More");
  const auto out = rows_of(r)[0];
  EXPECT_EQ(out["Domain"], "contoso.com");
  EXPECT_EQ(out["More"], 4);
  EXPECT_EQ(out["SenderFromAddress"], "bob@contoso.com");  // read by Domain, still there
  EXPECT_EQ(out["NetworkMessageId"], "m1");
}

TEST_F(ProjectOperatorTest, ExtendOverAnExistingColumnReplacesItWhereItStands) {
  const auto r =
      store_.run("EmailEvents | project NetworkMessageId, UrlCount, Subject | extend UrlCount = UrlCount * 2");
  EXPECT_EQ(column_names(r), (std::vector<std::string>{"NetworkMessageId", "UrlCount", "Subject"}));
  EXPECT_EQ(rows_of(r)[0], (nlohmann::json{{"NetworkMessageId", "m1"}, {"UrlCount", 6}, {"Subject", "Hi"}}));
}

TEST_F(ProjectOperatorTest, ReorderedDuplicatedAndComputedColumnsReadTheInputAsItWas) {
  // Subject moves to the front while a later column still reads it; NetworkMessageId is taken twice.
  EXPECT_EQ(row("project Subject, NetworkMessageId, Id2 = NetworkMessageId, Len = strlen(Subject)"),
            (nlohmann::json{{"Subject", "Hi"}, {"NetworkMessageId", "m1"}, {"Id2", "m1"}, {"Len", 2}}));
  EXPECT_EQ(row("project NetworkMessageId, UrlCount, Subject | project-away UrlCount"),
            (nlohmann::json{{"NetworkMessageId", "m1"}, {"Subject", "Hi"}}));
  EXPECT_EQ(row("project NetworkMessageId, UrlCount | project-reorder UrlCount | extend Next = UrlCount + 1"),
            (nlohmann::json{{"UrlCount", 3}, {"NetworkMessageId", "m1"}, {"Next", 4}}));
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
