#include "engine/hunt/operators/sort_operator.hpp"

#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

std::vector<std::string> ids(HuntStore& store, const std::string& pipeline) {
  std::vector<std::string> out;
  for (const auto& r : rows_of(store.run("EmailEvents | " + pipeline + " | project NetworkMessageId")))
    out.push_back(r["NetworkMessageId"]);
  return out;
}

TEST(SortOperatorTest, SortTopTakeDistinctAndProjections) {
  HuntStore store;
  int i = 0;
  for (const auto& [id, urls] : std::vector<std::pair<std::string, int>>{{"a", 2}, {"b", -1}, {"c", 9}, {"d", 2}}) {
    nlohmann::json row = {{"Timestamp", at(kNow - kHourMs + i++ * 1000)},
                          {"NetworkMessageId", id},
                          {"SenderFromAddress", "x"},
                          {"EmailDirection", "Outbound"}};
    if (urls >= 0) row["UrlCount"] = urls;
    store.add("EmailEvents", row);
  }
  // Descending by default, nulls last; equal keys keep their order.
  EXPECT_EQ(ids(store, "sort by UrlCount"), (std::vector<std::string>{"c", "a", "d", "b"}));
  EXPECT_EQ(ids(store, "order by UrlCount asc"), (std::vector<std::string>{"b", "a", "d", "c"}));
  EXPECT_EQ(ids(store, "order by UrlCount asc nulls last"), (std::vector<std::string>{"a", "d", "c", "b"}));
  EXPECT_EQ(ids(store, "top 2 by UrlCount"), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(ids(store, "take 3"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows_of(store.run("EmailEvents | distinct UrlCount")).size(), 3u);
  const auto away = store.run("EmailEvents | project-away Sender*, UrlCount | getschema");
  for (const auto& r : rows_of(away)) EXPECT_FALSE(r["ColumnName"].get<std::string>().starts_with("Sender"));
  const auto renamed =
      store.run("EmailEvents | project NetworkMessageId, UrlCount | project-rename Id = NetworkMessageId");
  EXPECT_EQ(column_names(renamed), (std::vector<std::string>{"Id", "UrlCount"}));
  const auto reordered = store.run("EmailEvents | project NetworkMessageId, UrlCount | project-reorder UrlCount");
  EXPECT_EQ(column_names(reordered), (std::vector<std::string>{"UrlCount", "NetworkMessageId"}));
  const auto extended = store.run("EmailEvents | project UrlCount | extend Twice = UrlCount * 2, More = Twice + 1");
  EXPECT_EQ(rows_of(extended)[0]["More"], 5);
  const auto unioned = store.run("EmailEvents | project NetworkMessageId | union (EmailEvents | project UrlCount)");
  EXPECT_EQ(unioned.rows.size(), 8u);
  EXPECT_EQ(column_names(unioned), (std::vector<std::string>{"NetworkMessageId", "UrlCount"}));
  EXPECT_EQ(store.fail("EmailEvents | project-away Nope").message,
            "Failed to resolve table or column expression named 'Nope'");
  EXPECT_EQ(store.fail("EmailEvents | take \"x\"").message, "'take' operator: expects a constant number of rows");
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
