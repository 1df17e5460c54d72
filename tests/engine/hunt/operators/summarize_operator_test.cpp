#include "engine/hunt/operators/summarize_operator.hpp"

#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

TEST(SummarizeOperatorTest, GroupsInFirstSeenOrderAndNamesBinByItsColumn) {
  HuntStore store;
  for (const auto& [minute, direction] :
       std::vector<std::pair<int, std::string>>{{70, "Outbound"}, {10, "Inbound"}, {75, "Outbound"}, {5, "Outbound"}})
    store.add("EmailEvents", {{"Timestamp", at(kNow - 2 * kHourMs + minute * kMinuteMs)},
                              {"NetworkMessageId", std::to_string(minute)},
                              {"SenderFromAddress", "x"},
                              {"EmailDirection", direction}});
  const auto r = store.run("EmailEvents | summarize n = count() by EmailDirection, bin(Timestamp, 1h)");
  EXPECT_EQ(column_names(r), (std::vector<std::string>{"EmailDirection", "Timestamp", "n"}));
  // Read in time order: 10:05 Outbound, 10:10 Inbound, then 11:10 and 11:15 Outbound.
  const auto rows = rows_of(r);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["EmailDirection"], "Outbound");
  EXPECT_EQ(rows[0]["Timestamp"], "2024-03-11T10:00:00.0000000Z");
  EXPECT_EQ(rows[1]["EmailDirection"], "Inbound");
  EXPECT_EQ(rows[2]["n"], 2);
  EXPECT_EQ(rows_of(store.run("EmailEvents | summarize by EmailDirection")).size(), 2u);
  EXPECT_EQ(rows_of(store.run("EmailEvents | count"))[0]["Count"], 4);
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
