// A response body written item by item within a byte bound: JSON objects
// as nlohmann prints them, compact or pretty; lines after a header.
#include "api/handlers/page_body.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace vigil::api {
namespace {

TEST(PageBody, AJsonObjectPrintsAsNlohmannDoes) {
  const auto expected =
      nlohmann::json::parse(R"({"history":[{"a":[1,{"b":null}]},{"c":"d\ne"}],"id":"x","next":null})");
  for (const bool pretty : {false, true}) {
    auto body = PageBody::json_object("history", pretty, 1 << 20);
    for (const auto& item : expected["history"]) EXPECT_TRUE(body.add(item.dump()));
    EXPECT_EQ(std::move(body).finish({{"id", "\"x\""}, {"next", "null"}}), expected.dump(pretty ? 2 : -1));
  }
  auto empty = PageBody::json_object("history", true, 1 << 20);
  EXPECT_EQ(std::move(empty).finish({{"id", "\"x\""}}),
            nlohmann::json({{"history", nlohmann::json::array()}, {"id", "x"}}).dump(2));
}

TEST(PageBody, EndsEarlyBeforeTheItemThatWouldPassTheBoundButTakesTheFirst) {
  const std::string item = "\"" + std::string(1000, 'x') + "\"";
  auto body = PageBody::json_object("items", false, kPageEnvelopeBytes + 3500);
  int added = 0;
  while (body.add(item)) ++added;
  EXPECT_EQ(added, 3);
  EXPECT_TRUE(body.ended_early());
  EXPECT_LE(std::move(body).finish({{"more", "true"}}).size(), kPageEnvelopeBytes + 3500);

  auto lines = PageBody::lines("header\n", 10);
  EXPECT_TRUE(lines.add(item + "\n"));  // the first, however large
  EXPECT_FALSE(lines.add("x\n"));
  EXPECT_EQ(std::move(lines).finish(), "header\n" + item + "\n");
}

}  // namespace
}  // namespace vigil::api
