#include "engine/hunt/operators/mv_expand_operator.hpp"

#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

HuntStore& with_parameters(HuntStore& store, int n) {
  nlohmann::json parameters = nlohmann::json::array();
  for (int i = 0; i < n; ++i) parameters.push_back({{"Name", "p" + std::to_string(i)}, {"Value", std::to_string(i)}});
  store.add("CloudAppEvents", {{"Timestamp", at(kNow - kHourMs)},
                               {"ActionType", "Set-Mailbox"},
                               {"Application", "Exchange"},
                               {"ActivityType", "Run"},
                               {"RawEventData", {{"Parameters", parameters}}}});
  return store;
}

TEST(MvExpandOperatorTest, LegacyMvexpandStopsAt128ValuesMvExpandDoesNot) {
  HuntStore store;
  with_parameters(store, 200);
  EXPECT_EQ(store.run("CloudAppEvents | mvexpand p = RawEventData.Parameters").rows.size(), 128u);
  EXPECT_EQ(store.run("CloudAppEvents | mv-expand p = RawEventData.Parameters").rows.size(), 200u);
  EXPECT_EQ(store.run("CloudAppEvents | mv-expand p = RawEventData.Parameters limit 3").rows.size(), 3u);
}

TEST(MvExpandOperatorTest, ElementsAreDynamicUnlessTyped) {
  HuntStore store;
  with_parameters(store, 2);
  const auto r = store.run("CloudAppEvents | mv-expand v = RawEventData.Parameters | project n = v.Name");
  EXPECT_EQ(rows_of(r)[1]["n"], "p1");
  const auto typed =
      store.run("CloudAppEvents | extend names = pack_array(1, 2) | mv-expand names to typeof(long) | project names");
  EXPECT_EQ(typed.schema.columns[0].type, Type::kLong);
  EXPECT_EQ(rows_of(typed)[1]["names"], 2);
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
