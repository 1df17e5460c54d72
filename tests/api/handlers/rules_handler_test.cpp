// Rules, manual runs and the first alert listing, end to end: events in over
// _bulk, a manual run, alerts out over the API.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "tests/support/daemon_fixture.hpp"
#include "tests/support/sysmon_bulk.hpp"

namespace vigil::test {
namespace {

const std::string kRuleId = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";
const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};

std::string sysmon(const std::string& id, const std::string& image, const std::string& command_line) {
  return sysmon_bulk_lines({.id = id, .image = image, .command_line = command_line});
}

const std::string kPowerShell = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";

TEST(RulesApi, ListsTheBuiltInRuleWithItsSchedule) {
  Daemon d;
  const auto rules = d.client().get("/api/v1/rules").json()["rules"];
  ASSERT_EQ(rules.size(), 7u);  // the ActiveSync rule and the six in rules/m365
  const auto it = std::find_if(rules.begin(), rules.end(), [](const auto& rule) { return rule["id"] == kRuleId; });
  ASSERT_NE(it, rules.end());
  const auto& r = *it;
  EXPECT_EQ(r["id"], kRuleId);
  EXPECT_EQ(r["name"], "New ActiveSyncAllowedDeviceID Added via PowerShell");
  EXPECT_EQ(r["type"], "eql");
  EXPECT_EQ(r["enabled"], true);
  EXPECT_EQ(r["interval"], "5m");
  EXPECT_EQ(r["from"], "now-9m");
  EXPECT_EQ(r["max_signals"], 100);
  EXPECT_EQ(r["severity"], "medium");
  EXPECT_EQ(r["risk_score"], 47);
  EXPECT_EQ(r["index"].size(), 9u);
  EXPECT_EQ(r["threat"].size(), 3u);
  const auto one = d.client().get("/api/v1/rules/" + kRuleId).json();
  EXPECT_EQ(one["timestamp_override"], "event.ingested");
  EXPECT_FALSE(one["note"].get<std::string>().empty());
  EXPECT_EQ(d.client().get("/api/v1/rules/nope").status, 404);
}

TEST(RulesApi, ManualRunAlertsOncePerEventAndRecordsRuns) {
  Daemon d;
  // The newest runs listed at the end must be this test's.
  ASSERT_TRUE(d.wait_for_first_pass());
  const auto body = sysmon("pos-1", kPowerShell,
                           "powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='DEV1'}\"") +
                    sysmon("neg-split", kPowerShell,
                           "powershell.exe Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs DEV2") +
                    sysmon("neg-cmd", "C:\\Windows\\System32\\cmd.exe",
                           "cmd.exe /c \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs DEV3\"");
  ASSERT_EQ(d.client().post("/_bulk", body, kNdjson).json()["errors"], false);

  auto run = d.client().post("/api/v1/rules/" + kRuleId + "/_run", "");
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(run.json()["status"], "succeeded");
  EXPECT_EQ(run.json()["matches"], 1);
  EXPECT_EQ(run.json()["alerts_created"], 1);
  // The rule's query was evaluated at ingest: the run reads only the event it matched.
  EXPECT_EQ(run.json()["events_scanned"], 1);

  auto again = d.client().post("/api/v1/rules/" + kRuleId + "/_run", "").json();
  EXPECT_EQ(again["alerts_created"], 0);
  EXPECT_EQ(again["duplicates_skipped"], 1);

  const auto alerts = d.client().get("/api/v1/alerts?rule_id=" + kRuleId + "&limit=10").json();
  EXPECT_EQ(alerts["total"], 1);
  EXPECT_TRUE(alerts["next_cursor"].is_null());
  const auto& a = alerts["alerts"][0];
  EXPECT_EQ(a["rule"]["id"], kRuleId);
  EXPECT_EQ(a["rule"]["severity"], "medium");
  EXPECT_EQ(a["rule"]["risk_score"], 47);
  EXPECT_EQ(a["source"]["index"], "winlogbeat-8.15.0");
  EXPECT_EQ(a["source"]["id"], "pos-1");
  EXPECT_EQ(a["status"], "open");
  EXPECT_EQ(a["mitre"], nlohmann::json({"T1098", "T1098.002", "T1059", "T1059.001", "T1114", "T1114.002"}));
  EXPECT_EQ(a["reason"],
            "process event with process powershell.exe, parent process explorer.exe, by bob on WS01 created medium "
            "alert New ActiveSyncAllowedDeviceID Added via PowerShell.");
  EXPECT_EQ(d.client().get("/api/v1/alerts/" + a["id"].get<std::string>()).json()["id"], a["id"]);
  EXPECT_EQ(d.client().get("/api/v1/alerts/unknown").status, 404);

  const auto runs = d.client().get("/api/v1/rules/" + kRuleId + "/runs?limit=2").json()["runs"];
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0]["duplicates_skipped"], 1);  // newest first
}

TEST(RulesApi, ExplicitWindowsAndBadRequests) {
  Daemon d;
  auto& c = d.client();
  const auto url = "/api/v1/rules/" + kRuleId + "/_run";
  auto ok = c.post(url, R"({"start":"2026-01-01T00:00:00Z","end":"2026-01-01T01:00:00Z"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["window_start"], "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(ok.json()["window_end"], "2026-01-01T01:00:00.000Z");
  EXPECT_EQ(c.post(url, R"({"start":"yesterday","end":"2026-01-01T01:00:00Z"})").status, 400);
  EXPECT_EQ(c.post(url, R"({"start":"2026-01-01T00:00:00Z"})").status, 400);
  EXPECT_EQ(c.post(url, R"({"begin":"2026-01-01T00:00:00Z"})").status, 400);
  EXPECT_EQ(c.post(url, "[1]").status, 400);
  EXPECT_EQ(c.post(url, R"({"start":"2026-01-01T02:00:00Z","end":"2026-01-01T01:00:00Z"})").status, 400);
  EXPECT_EQ(c.post("/api/v1/rules/nope/_run", "").status, 404);
  EXPECT_EQ(c.get("/api/v1/alerts?limit=0").status, 400);
  EXPECT_EQ(c.get("/api/v1/alerts?limit=abc").status, 400);
  EXPECT_EQ(c.get("/api/v1/alerts?bogus=1").status, 400);
  EXPECT_EQ(c.get("/api/v1/rules/" + kRuleId + "/runs?limit=100000").status, 400);
}

TEST(RulesApi, AnInvalidRuleStopsStartupWithFileLineAndColumn) {
  TempDir dir;
  std::filesystem::create_directories(dir / "rules");
  std::ofstream(dir / "rules" / "bad.toml") << "[metadata]\nmaturity = \"production\"\n\n[rule]\nrule_id = \"x\"\n"
                                               "name = \"bad\"\ndescription = \"d\"\ntype = \"eql\"\nlanguage = \"eql\"\n"
                                               "risk_score = 10\nseverity = \"low\"\nindex = [\"a-*\"]\n"
                                               "query = '''\nprocess where process.name == \n'''\n";
  auto r = run_vigild({"--rules-dir", (dir / "rules").string(), "--data-dir", (dir / "data").string(), "--check-rules"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find((dir / "rules" / "bad.toml").string() + ":15:1: error: invalid EQL query"), std::string::npos) << r.output;
  auto good = run_vigild({"--data-dir", (dir / "data2").string(), "--check-rules"});
  EXPECT_EQ(good.exit_code, 0) << good.output;
}

}  // namespace
}  // namespace vigil::test
