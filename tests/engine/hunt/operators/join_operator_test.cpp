#include "engine/hunt/operators/join_operator.hpp"

#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

// Left: two rows for key "a" (first a1, then a2) and one for "b"; right: two for "a", one for "c".
const char* const kTables =
    R"kql(let L = EmailEvents | where NetworkMessageId startswith "l" | project Key = SenderObjectId, Left = NetworkMessageId;
let R = EmailEvents | where NetworkMessageId startswith "r" | project Key = SenderObjectId, Right = NetworkMessageId;
)kql";

HuntStore& tables(HuntStore& store) {
  int t = 0;
  for (const auto& [id, key] : std::vector<std::pair<std::string, std::string>>{
           {"l-a1", "a"}, {"l-a2", "a"}, {"l-b", "b"}, {"r-a1", "a"}, {"r-a2", "a"}, {"r-c", "c"}})
    store.add("EmailEvents", {{"Timestamp", at(kNow - kHourMs + 1000 * t++)},
                              {"NetworkMessageId", id},
                              {"SenderObjectId", key},
                              {"EmailDirection", "Outbound"},
                              {"SenderFromAddress", "x"}});
  return store;
}

std::vector<std::string> pairs(HuntStore& store, const std::string& join) {
  std::vector<std::string> out;
  for (const auto& r : rows_of(store.run(std::string(kTables) + join)))
    out.push_back(r.value("Left", "-") + "/" + r.value("Right", "-"));
  return out;
}

TEST(JoinOperatorTest, InneruniqueKeepsTheFirstLeftRowOfEachKeyInInputOrder) {
  HuntStore store;
  EXPECT_EQ(pairs(tables(store), "L | join R on Key"), (std::vector<std::string>{"l-a1/r-a1", "l-a1/r-a2"}));
}

TEST(JoinOperatorTest, InnerMatchesEveryLeftRow) {
  HuntStore store;
  EXPECT_EQ(pairs(tables(store), "L | join kind=inner R on $left.Key == $right.Key"),
            (std::vector<std::string>{"l-a1/r-a1", "l-a1/r-a2", "l-a2/r-a1", "l-a2/r-a2"}));
}

TEST(JoinOperatorTest, OuterAntiAndSemiKinds) {
  HuntStore store;
  tables(store);
  EXPECT_EQ(pairs(store, "L | join kind=leftouter R on Key"),
            (std::vector<std::string>{"l-a1/r-a1", "l-a1/r-a2", "l-a2/r-a1", "l-a2/r-a2", "l-b/"}));
  EXPECT_EQ(pairs(store, "L | join kind=leftanti R on Key"), (std::vector<std::string>{"l-b/-"}));
  EXPECT_EQ(pairs(store, "L | join kind=leftsemi R on Key"), (std::vector<std::string>{"l-a1/-", "l-a2/-"}));
  EXPECT_EQ(pairs(store, "L | join kind=rightanti R on Key"), (std::vector<std::string>{"-/r-c"}));
  EXPECT_EQ(pairs(store, "L | join kind=fullouter R on Key").back(), "/r-c");
}

TEST(JoinOperatorTest, RightColumnsWithLeftNamesGetASuffix) {
  HuntStore store;
  const auto result = tables(store).run(std::string(kTables) + "L | join R on Key");
  EXPECT_EQ(column_names(result), (std::vector<std::string>{"Key", "Left", "Key1", "Right"}));
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
