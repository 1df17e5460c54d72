// The ingest role cannot erase a detection: an `index` action sent over a
// stored malicious event, before the rule's run, leaves the alert to come.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/daemon_fixture.hpp"

namespace vigil::test {
namespace {

// The built-in ActiveSync rule (rules/): PowerShell adding an ActiveSync device.
const std::string kRuleId = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";
const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};

std::string action(const std::string& verb, const std::string& index, const std::string& command_line) {
  const nlohmann::json doc = {
      {"@timestamp", "2026-11-22T10:00:00Z"},
      {"host", {{"name", "WS01"}}},
      {"winlog",
       {{"channel", "Microsoft-Windows-Sysmon/Operational"},
        {"event_id", "1"},
        {"event_data",
         {{"UtcTime", "2026-11-22 10:00:00.000"},
          {"Image", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"},
          {"CommandLine", command_line},
          {"ParentImage", "C:\\Windows\\explorer.exe"},
          {"User", "CORP\\mallory"}}}}}};
  return nlohmann::json({{verb, {{"_index", index}, {"_id", "evil-1"}}}}).dump() + "\n" + doc.dump() + "\n";
}

const std::string kMalicious =
    "powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='ATTACKER'}\"";
const std::string kHarmless = "powershell.exe Get-Date";

// Stores the malicious event, sends an `index` of a harmless one over it,
// runs the rule; returns the alerts on the event's id.
nlohmann::json overwrite_then_run(Daemon& d, const std::string& index, int expected_status) {
  EXPECT_EQ(d.client().post("/_bulk", action("create", index, kMalicious), kNdjson).json()["errors"], false);
  const auto tamper = d.client().post("/_bulk", action("index", index, kHarmless), kNdjson).json();
  EXPECT_EQ(tamper["items"][0]["index"]["status"], expected_status) << tamper;
  const auto run = d.client().post("/api/v1/rules/" + kRuleId + "/_run", "");
  EXPECT_EQ(run.status, 200) << run.body;
  return d.client().get("/api/v1/alerts?rule_id=" + kRuleId + "&limit=10").json()["alerts"];
}

TEST(EventTamper, AnIndexOverAStoredMaliciousEventIsRefusedAndTheRuleAlerts) {
  Daemon d;
  ASSERT_TRUE(d.wait_for_first_pass());
  const auto alerts = overwrite_then_run(d, "winlogbeat-8.15.0", 409);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["source"]["id"], "evil-1");
  const auto stored = d.client().get("/winlogbeat-8.15.0/_doc/evil-1").json();
  EXPECT_EQ(stored["_source"]["process"]["command_line"], kMalicious);
}

TEST(EventTamper, WhereReplacingIsAllowedTheReplacedVersionStillAlerts) {
  TempDir dir;
  const auto config = dir / "vigil.toml";
  std::ofstream(config) << "[ingest]\noverwrite_indices = [\"winlogbeat-*\"]\n";
  Daemon d({"--config", config.string()});
  ASSERT_TRUE(d.wait_for_first_pass());
  const auto alerts = overwrite_then_run(d, "winlogbeat-8.15.0", 200);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["source"]["id"], "evil-1");
  EXPECT_EQ(alerts[0]["event"]["process"]["command_line"], kMalicious) << alerts[0];
  // GET shows the replacement; the rule saw what was first stored.
  const auto stored = d.client().get("/winlogbeat-8.15.0/_doc/evil-1").json();
  EXPECT_EQ(stored["_source"]["process"]["command_line"], kHarmless);
  EXPECT_EQ(stored["_version"], 2);
}

}  // namespace
}  // namespace vigil::test
