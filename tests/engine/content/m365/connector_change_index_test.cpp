#include "engine/content/m365/connector_change_index.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::content::m365 {
namespace {

constexpr TimeMs kT0 = 1709510400000;  // 2024-03-04T00:00:00Z
constexpr TimeMs kWeek = 7 * kDayMs;

ConnectorChange change(std::string operation, std::string name, TimeMs t,
                       std::optional<std::string> renamed_to = std::nullopt) {
  ConnectorChange c;
  c.operation = std::move(operation);
  c.name = std::move(name);
  c.renamed_to = std::move(renamed_to);
  c.time = t;
  c.actor_display_name = "admin-" + std::to_string((t - kT0) / kHourMs);
  return c;
}

std::vector<std::string> operations(const std::vector<ConnectorChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.operation + " " + c.name + (c.renamed_to ? ">" + *c.renamed_to : ""));
  return out;
}

// Set-InboundConnector -Identity Old -Name New: mail before carries Old,
// mail after New; both are mail through a changed connector.
TEST(ConnectorChangeIndex, ARenameIsFoundUnderTheOldAndTheNewName) {
  ConnectorChangeIndex index;
  index.add(change("Set-InboundConnector", "Relay-Old", kT0, "Relay-New"));
  EXPECT_TRUE(index.changed("relay-old", kT0 + kHourMs, kWeek));
  EXPECT_TRUE(index.changed("RELAY-NEW", kT0 + kHourMs, kWeek));
  EXPECT_FALSE(index.changed("Relay-Other", kT0 + kHourMs, kWeek));
  EXPECT_FALSE(index.changed("Relay-New", kT0, kWeek));  // the bin ended before the rename
}

TEST(ConnectorChangeIndex, HistoryFollowsTheConnectorThroughItsRenames) {
  ConnectorChangeIndex index;
  index.add(change("Set-InboundConnector", "B", kT0 + 2 * kHourMs, "C"));  // added out of time order
  index.add(change("New-InboundConnector", "A", kT0));
  index.add(change("Set-InboundConnector", "A", kT0 + kHourMs, "B"));
  index.add(change("Set-InboundConnector", "C", kT0 + 3 * kHourMs));
  index.add(change("New-OutboundConnector", "Elsewhere", kT0 + 4 * kHourMs));
  index.add(change("Set-InboundConnector", "A", kT0 - 8 * kDayMs));  // before the lookback

  const TimeMs end = kT0 + 5 * kHourMs;
  EXPECT_EQ(operations(index.history("c", end, kWeek)),
            (std::vector<std::string>{"New-InboundConnector A", "Set-InboundConnector A>B", "Set-InboundConnector B>C",
                                      "Set-InboundConnector C"}));
  // The old name's history stops at what it was before the rename: it is no new name's past.
  EXPECT_EQ(operations(index.history("A", end, kWeek)),
            (std::vector<std::string>{"New-InboundConnector A", "Set-InboundConnector A>B"}));
  EXPECT_EQ(operations(index.others("C", end, kWeek, 20)),
            (std::vector<std::string>{"New-OutboundConnector Elsewhere"}));
  EXPECT_EQ(operations(index.others("Elsewhere", end, kWeek, 2)),
            (std::vector<std::string>{"Set-InboundConnector C", "Set-InboundConnector B>C"}));  // newest first, capped
}

TEST(ConnectorChangeIndex, RenameLoopsEnd) {
  ConnectorChangeIndex index;
  index.add(change("Set-InboundConnector", "A", kT0, "B"));
  index.add(change("Set-InboundConnector", "B", kT0 + kHourMs, "A"));
  EXPECT_EQ(index.history("A", kT0 + 2 * kHourMs, kWeek).size(), 2u);
}

TEST(ConnectorChangeIndex, SummaryNamesCreationAndTheLastChanger) {
  ConnectorChangeIndex index;
  index.add(change("New-InboundConnector", "Relay", kT0));
  index.add(change("Set-InboundConnector", "Relay", kT0 + 3 * kHourMs));
  const auto summary = connector_summary("Relay", index.history("Relay", kT0 + kDayMs, kWeek));
  EXPECT_EQ(summary["name"], "Relay");
  EXPECT_EQ(summary["created"], "2024-03-04T00:00:00.000Z");
  EXPECT_EQ(summary["last_change"]["time"], "2024-03-04T03:00:00.000Z");
  EXPECT_EQ(summary["last_change"]["operation"], "Set-InboundConnector");
  EXPECT_EQ(summary["last_change"]["actor"]["AccountDisplayName"], "admin-3");

  const auto older = connector_summary("Relay", index.history("Relay", kT0 + kWeek + kHourMs, kWeek));
  EXPECT_TRUE(older["created"].is_null());  // created before the lookback
  EXPECT_EQ(older["last_change"]["operation"], "Set-InboundConnector");
  EXPECT_TRUE(connector_summary("None", {})["last_change"].is_null());
}

}  // namespace
}  // namespace vigil::engine::content::m365
