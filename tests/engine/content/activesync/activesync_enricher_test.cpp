#include "engine/content/activesync/activesync_enricher.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::content::activesync {
namespace {

TEST(ActiveSyncEnricher, ReadsTheCommandLineAndKeepsRemovalsApart) {
  const nlohmann::json event = {
      {"process",
       {{"command_line",
         R"(powershell.exe -Command "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='ID1'; Remove='OLD'}")"}}}};
  nlohmann::json alert = nlohmann::json::object();
  enrich_alert(event, alert);
  EXPECT_EQ(alert["activesync"]["identity"], "bob");
  EXPECT_EQ(alert["activesync"]["device_ids"], nlohmann::json::array({"ID1"}));
  EXPECT_EQ(alert["activesync"]["removed_device_ids"], nlohmann::json::array({"OLD"}));
}

TEST(ActiveSyncEnricher, ReadsAnExchangeOnlineAuditRecord) {
  const nlohmann::json event = {
      {"ActionType", "Set-CASMailbox"},
      {"RawEventData",
       {{"Parameters",
         {{{"Name", "Identity"}, {"Value", "bob@contoso.com"}},
          {{"Name", "ActiveSyncAllowedDeviceIDs"}, {"Value", "ID1;ID2"}}}}}}};
  nlohmann::json alert = nlohmann::json::object();
  enrich_alert(event, alert);
  EXPECT_EQ(alert["activesync"],
            (nlohmann::json{{"device_ids", {"ID1", "ID2"}}, {"identity", "bob@contoso.com"}}));
}

TEST(ActiveSyncEnricher, LeavesOtherEventsAlone) {
  nlohmann::json alert = nlohmann::json::object();
  enrich_alert({{"process", {{"command_line", "echo \"Set-CASMailbox ActiveSyncAllowedDeviceIDs\""}}}}, alert);
  EXPECT_TRUE(alert.empty());
}

}  // namespace
}  // namespace vigil::engine::content::activesync
