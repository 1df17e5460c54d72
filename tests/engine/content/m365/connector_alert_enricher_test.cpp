#include "engine/content/m365/connector_alert_enricher.hpp"

#include <gtest/gtest.h>

#include "engine/content/m365/connector_change.hpp"

namespace vigil::engine::content::m365 {
namespace {

nlohmann::json connector_row(const std::string& operation) {
  return {{"ActionType", operation},
          {"Timestamp", "2024-03-04T10:02:00Z"},
          {"RawEventData", {{"Parameters", {{{"Name", "Name"}, {"Value", "Relay"}}}}}}};
}

TEST(ConnectorAlertEnricher, AddsTheConnectorAndTheRemediation) {
  const auto row = connector_row("New-InboundConnector");
  nlohmann::json alert = {{"id", "a1"}};
  enrich_connector_alert(row, alert);
  EXPECT_EQ(alert["id"], "a1");
  EXPECT_EQ(alert["connector"], to_json(*read_connector_change(row)));
  EXPECT_EQ(alert["remediation"], nlohmann::json(connector_remediation()));
}

TEST(ConnectorAlertEnricher, LeavesOtherEventsAlone) {
  nlohmann::json alert = {{"id", "a1"}};
  enrich_connector_alert(connector_row("Set-Mailbox"), alert);
  enrich_connector_alert({{"process", {{"name", "powershell.exe"}}}}, alert);
  EXPECT_EQ(alert, (nlohmann::json{{"id", "a1"}}));
}

}  // namespace
}  // namespace vigil::engine::content::m365
