#include "engine/hunt/aggregates.hpp"

#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

// Five messages: sender a sends m1, m2, m2 again (to another recipient) and
// m3; sender b sends m4 with no UrlCount.
HuntStore& mail(HuntStore& store) {
  const std::vector<std::tuple<std::string, std::string, int>> rows = {
      {"a", "m1", 1}, {"a", "m2", 2}, {"a", "m2", 2}, {"a", "m3", 5}, {"b", "m4", -1}};
  int i = 0;
  for (const auto& [sender, id, urls] : rows) {
    nlohmann::json row = {{"Timestamp", at(kNow - kHourMs + 1000 * i++)}, {"NetworkMessageId", id},
                          {"SenderObjectId", sender}, {"SenderFromAddress", sender + "@x"},
                          {"EmailDirection", "Outbound"}};
    if (urls >= 0) row["UrlCount"] = urls;
    store.add("EmailEvents", row);
  }
  return store;
}

TEST(AggregatesTest, EachAggregatesAsKusto) {
  HuntStore store;
  const auto result = mail(store).run(
      "EmailEvents | summarize count(), countif(UrlCount > 1), dcount(NetworkMessageId), "
      "dcountif(NetworkMessageId, UrlCount > 1), sum(UrlCount), avg(UrlCount), min(UrlCount), max(UrlCount), "
      "make_set(NetworkMessageId), make_list(NetworkMessageId, 2), take_any(NetworkMessageId) by SenderObjectId");
  EXPECT_EQ(column_names(result),
            (std::vector<std::string>{"SenderObjectId", "count_", "countif_", "dcount_NetworkMessageId",
                                      "dcountif_NetworkMessageId", "sum_UrlCount", "avg_UrlCount", "min_UrlCount",
                                      "max_UrlCount", "set_NetworkMessageId", "list_NetworkMessageId",
                                      "any_NetworkMessageId"}));
  const auto rows = rows_of(result);
  ASSERT_EQ(rows.size(), 2u);
  const auto& a = rows[0];
  EXPECT_EQ(a["count_"], 4);
  EXPECT_EQ(a["countif_"], 3);
  EXPECT_EQ(a["dcount_NetworkMessageId"], 3);
  EXPECT_EQ(a["dcountif_NetworkMessageId"], 2);
  EXPECT_EQ(a["sum_UrlCount"], 10);
  EXPECT_EQ(a["avg_UrlCount"], 2.5);
  EXPECT_EQ(a["min_UrlCount"], 1);
  EXPECT_EQ(a["max_UrlCount"], 5);
  EXPECT_EQ(a["set_NetworkMessageId"], nlohmann::json::array({"m1", "m2", "m3"}));
  EXPECT_EQ(a["list_NetworkMessageId"], nlohmann::json::array({"m1", "m2"}));
  EXPECT_EQ(a["any_NetworkMessageId"], "m1");
  // b has no UrlCount: nulls are skipped, so sum, avg, min and max are null.
  EXPECT_EQ(rows[1]["sum_UrlCount"], nullptr);
  EXPECT_EQ(rows[1]["max_UrlCount"], nullptr);
  EXPECT_EQ(rows[1]["countif_"], 0);
}

TEST(AggregatesTest, ArgMaxCarriesTheRowsColumnsAndStar) {
  HuntStore store;
  mail(store);
  auto rows = rows_of(store.run("EmailEvents | summarize arg_max(UrlCount, NetworkMessageId) by SenderObjectId"));
  EXPECT_EQ(rows[0], nlohmann::json::parse(R"({"SenderObjectId":"a","UrlCount":5,"NetworkMessageId":"m3"})"));
  const auto star = store.run("EmailEvents | summarize arg_min(UrlCount, *) by SenderObjectId");
  EXPECT_EQ(column_names(star)[1], "UrlCount");
  EXPECT_EQ(rows_of(star)[0]["NetworkMessageId"], "m1");
  EXPECT_EQ(rows_of(store.run("EmailEvents | where UrlCount > 100 | summarize count()"))[0]["count_"], 0);
}

TEST(AggregatesTest, Errors) {
  HuntStore store;
  EXPECT_EQ(store.fail("EmailEvents | summarize sum(Subject)").message,
            "'summarize' operator: 'sum': expects a numeric argument, got string");
  EXPECT_EQ(store.fail("EmailEvents | summarize countif(UrlCount)").message,
            "'summarize' operator: 'countif': expects a bool predicate, got int");
  EXPECT_EQ(store.fail("EmailEvents | summarize dcount()").message,
            "'summarize' operator: aggregate 'dcount' expects 1 or more arguments, got 0");
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
