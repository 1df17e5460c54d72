#include "engine/content/m365/connector_change.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::content::m365 {
namespace {

nlohmann::json row(const std::string& operation, const nlohmann::json& parameters) {
  auto list = nlohmann::json::array();
  for (const auto& [name, value] : parameters.items()) list.push_back({{"Name", name}, {"Value", value}});
  return {{"ActionType", operation},       {"Timestamp", "2024-03-04T10:02:00Z"},
          {"AccountObjectId", "admin-id"}, {"AccountDisplayName", "Admin"},
          {"IPAddress", "198.51.100.7"},   {"RawEventData", {{"Operation", operation}, {"Parameters", list}}}};
}

TEST(ConnectorChange, NewTakesTheNameAndDefaultsToEnabled) {
  const auto change = read_connector_change(row("New-InboundConnector", {{"Name", "Relay"}}));
  ASSERT_TRUE(change);
  EXPECT_EQ(change->name, "Relay");
  EXPECT_EQ(change->enabled, true);
  EXPECT_EQ(to_json(*change),
            (nlohmann::json{{"name", "Relay"},
                            {"operation", "New-InboundConnector"},
                            {"enabled", true},
                            {"actor", {{"AccountObjectId", "admin-id"}, {"AccountDisplayName", "Admin"}}},
                            {"ip", "198.51.100.7"},
                            {"time", "2024-03-04T10:02:00.000Z"}}));
}

TEST(ConnectorChange, SetAndRemoveTakeTheIdentity) {
  const auto set = read_connector_change(row("Set-OutboundConnector", {{"Identity", "Relay"}, {"Enabled", "True"}}));
  ASSERT_TRUE(set);
  EXPECT_EQ(set->name, "Relay");
  EXPECT_EQ(set->enabled, true);
  EXPECT_FALSE(set->renamed_to);

  const auto unknown_state = read_connector_change(row("Set-InboundConnector", {{"Identity", "Relay"}}));
  EXPECT_EQ(unknown_state->enabled, std::nullopt);
  EXPECT_TRUE(to_json(*unknown_state)["enabled"].is_null());

  const auto removed = read_connector_change(row("remove-inboundconnector", {{"identity", "Relay"}}));
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->name, "Relay");
  EXPECT_EQ(removed->enabled, false);
}

TEST(ConnectorChange, SetWithANewNameIsARename) {
  const auto change = read_connector_change(row("Set-InboundConnector", {{"Identity", "Old"}, {"Name", "New"}}));
  ASSERT_TRUE(change);
  EXPECT_EQ(change->name, "Old");
  EXPECT_EQ(change->renamed_to, "New");
  EXPECT_EQ(to_json(*change)["renamed_to"], "New");
}

TEST(ConnectorChange, RawEventDataAsJsonTextIsDecoded) {
  auto r = row("New-OutboundConnector", {{"Name", "Relay"}, {"Enabled", "False"}});
  r["RawEventData"] = r["RawEventData"].dump();
  const auto change = read_connector_change(r);
  ASSERT_TRUE(change);
  EXPECT_EQ(change->enabled, false);
}

TEST(ConnectorChange, OtherOperationsAndNamelessOnesAreNotChanges) {
  EXPECT_FALSE(read_connector_change(row("Set-Mailbox", {{"Identity", "bob"}})));
  EXPECT_FALSE(read_connector_change(row("New-InboundConnector", {{"Identity", "only-identity"}})));
  EXPECT_FALSE(read_connector_change(row("Set-InboundConnector", nlohmann::json::object())));
  EXPECT_FALSE(read_connector_change(nlohmann::json{{"ActionType", "New-InboundConnector"}}));
}

}  // namespace
}  // namespace vigil::engine::content::m365
