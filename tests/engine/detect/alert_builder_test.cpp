#include "engine/detect/alert_builder.hpp"

#include <gtest/gtest.h>

#include "engine/content/register_all.hpp"
#include "engine/detect/alert_reason.hpp"
#include "engine/detect/sha256.hpp"
#include "tests/engine/detect/detect_test_support.hpp"

namespace vigil::engine::detect {
namespace {

using testing::kT0;

const char* const kRuleName = "New ActiveSyncAllowedDeviceID Added via PowerShell";

// The seed rule, with the ActiveSync content its alerts report through registered.
RuleDefinition activesync_rule() {
  content::register_all(content_registry());
  auto rule = testing::powershell_rule("ce64d965-6cb0-466d-b74f-8d2c76f47f05");
  rule.name = kRuleName;
  rule.version = 3;
  rule.tags = {"Tactic: Persistence"};
  rule.references = {"https://learn.microsoft.com/en-us/powershell/module/exchange/set-casmailbox"};
  rule.false_positives = {"Administrators adding a user's phone"};
  rule.author = {"Vigil"};
  rule.threat = nlohmann::json::parse(R"([
    {"framework": "MITRE ATT&CK",
     "tactic": {"id": "TA0003", "name": "Persistence", "reference": "https://attack.mitre.org/tactics/TA0003/"},
     "technique": [{"id": "T1098", "name": "Account Manipulation", "reference": "https://attack.mitre.org/techniques/T1098/",
                    "subtechnique": [{"id": "T1098.002", "name": "Additional Email Delegate Permissions",
                                      "reference": "https://attack.mitre.org/techniques/T1098/002/"}]}]}
  ])");
  return rule;
}

nlohmann::json activesync_doc() {
  auto doc = testing::process_doc(kT0 - kMinuteMs);
  doc["process"]["command_line"] =
      "powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='ID1','ID2'}\"";
  doc["process"]["args"] = {"powershell.exe", "-Command",
                            "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='ID1','ID2'}"};
  return doc;
}

TEST(AlertBuilderTest, Sha256KnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(AlertBuilderTest, AlertIdHashesRuleIndexAndEventId) {
  // printf 'rule-1\nwinlogbeat-8.15.0\nevt-1' | sha256sum
  EXPECT_EQ(alert_id("rule-1", "winlogbeat-8.15.0", "evt-1"),
            "12df191b382661614be583dd143fa5572e9e35eb0713363f0976bc0711f67298");
  EXPECT_NE(alert_id("rule-1", "winlogbeat-8.15.0", "evt-1"), alert_id("rule-2", "winlogbeat-8.15.0", "evt-1"));
  EXPECT_NE(alert_id("r", "ab", "c"), alert_id("r", "a", "bc"));
}

TEST(AlertBuilderTest, ReasonMatchesKibanasSentence) {
  const auto doc = testing::process_doc(kT0);
  EXPECT_EQ(alert_reason(doc, "medium", kRuleName),
            "process event with process powershell.exe, parent process explorer.exe, by bob on WS01 created medium "
            "alert New ActiveSyncAllowedDeviceID Added via PowerShell.");
}

TEST(AlertBuilderTest, ReasonLeavesOutAbsentParts) {
  EXPECT_EQ(alert_reason(nlohmann::json::object(), "low", "R"), "event created low alert R.");
  EXPECT_EQ(alert_reason({{"host", {{"name", "WS01"}}}, {"user", {{"name", "-"}}}}, "low", "R"),
            "event on WS01 created low alert R.");
  // Flat dotted keys, arrays joined with ", ", numbers spelled as JSON.
  const auto network = nlohmann::json::parse(R"({
    "event.category": ["network", "process"], "process.name": "svc.exe",
    "source": {"ip": "10.0.0.1", "port": 4444}, "destination": {"address": "example.org", "port": 443},
    "file": {"name": "a.dll"}, "user.name": ["bob", "alice"]})");
  EXPECT_EQ(alert_reason(network, "high", "R"),
            "network, process event with process svc.exe, file a.dll, source 10.0.0.1:4444, destination "
            "example.org:443, by bob, alice created high alert R.");
  EXPECT_EQ(alert_reason({{"source", {{"ip", "10.0.0.1"}}}, {"destination", {{"port", 53}}}}, "low", "R"),
            "event with source 10.0.0.1, created low alert R.");
}

TEST(AlertBuilderTest, BuildsTheDocument) {
  const auto rule = activesync_rule();
  const auto doc = activesync_doc();
  const StoredEvent event{"winlogbeat-8.15.0", "evt-1", kT0 - kMinuteMs, kT0, doc.dump()};

  const auto alert = build_alert(rule, event, doc, kT0 + 5 * kSecondMs);

  EXPECT_EQ(alert.id, alert_id(rule.rule_id, "winlogbeat-8.15.0", "evt-1"));
  EXPECT_EQ(alert.rule_id, rule.rule_id);
  EXPECT_EQ(alert.created_at, kT0 + 5 * kSecondMs);
  EXPECT_EQ(alert.original_time, kT0 - kMinuteMs);
  EXPECT_EQ(alert.severity, "medium");
  EXPECT_EQ(alert.risk_score, 47);
  EXPECT_EQ(alert.status, engine::triage::AlertStatus::kOpen);
  EXPECT_EQ(alert.host_name, "WS01");
  EXPECT_EQ(alert.user_name, "bob");
  EXPECT_EQ(alert.mitre, (std::vector<std::string>{"T1098", "T1098.002"}));

  const auto& d = alert.document;
  EXPECT_EQ(d["id"], alert.id);
  EXPECT_EQ(d["rule"], nlohmann::json::parse(R"({"id": "ce64d965-6cb0-466d-b74f-8d2c76f47f05",
      "name": "New ActiveSyncAllowedDeviceID Added via PowerShell", "type": "eql", "version": 3,
      "severity": "medium", "risk_score": 47, "tags": ["Tactic: Persistence"],
      "references": ["https://learn.microsoft.com/en-us/powershell/module/exchange/set-casmailbox"],
      "false_positives": ["Administrators adding a user's phone"], "author": ["Vigil"]})"));
  EXPECT_EQ(d["created_at"], "2024-03-04T00:00:05.000Z");
  EXPECT_EQ(d["original_time"], "2024-03-03T23:59:00.000Z");
  EXPECT_EQ(d["reason"], alert_reason(doc, "medium", kRuleName));
  EXPECT_EQ(d["status"], "open");
  EXPECT_EQ(d["host"], nlohmann::json({{"name", "WS01"}}));
  EXPECT_EQ(d["user"], nlohmann::json({{"name", "bob"}}));
  EXPECT_EQ(d["process"]["name"], "powershell.exe");
  EXPECT_EQ(d["process"]["executable"], "C:\\Windows\\System32\\powershell.exe");
  EXPECT_EQ(d["process"]["command_line"], doc["process"]["command_line"]);
  EXPECT_EQ(d["process"]["args"], doc["process"]["args"]);
  EXPECT_EQ(d["process"]["pid"], 4242);
  EXPECT_EQ(d["process"]["parent"], nlohmann::json({{"name", "explorer.exe"}}));
  EXPECT_EQ(d["threat"], rule.threat);
  EXPECT_EQ(d["mitre"], nlohmann::json({"T1098", "T1098.002"}));
  EXPECT_EQ(d["source"], nlohmann::json({{"index", "winlogbeat-8.15.0"}, {"id", "evt-1"}}));
  EXPECT_EQ(d["event"], doc);
  EXPECT_EQ(d["activesync"], nlohmann::json::parse(R"({"device_ids": ["ID1", "ID2"], "identity": "bob"})"));
}

TEST(AlertBuilderTest, AbsentFieldsAreNullAndNoActiveSyncWithoutTheParameter) {
  const auto rule = activesync_rule();
  const nlohmann::json doc = {
      {"event", {{"category", {"process"}}}},
      {"process", {{"args", {"powershell.exe", "/c", "echo", "Set-CASMailbox ActiveSyncAllowedDeviceIDs"}}}}};
  const StoredEvent event{"winlogbeat-8.15.0", "evt-2", std::nullopt, kT0, doc.dump()};

  const auto alert = build_alert(rule, event, doc, kT0);

  EXPECT_EQ(alert.original_time, std::nullopt);
  EXPECT_EQ(alert.host_name, "");
  EXPECT_TRUE(alert.document["original_time"].is_null());
  EXPECT_TRUE(alert.document["host"]["name"].is_null());
  EXPECT_TRUE(alert.document["process"]["name"].is_null());
  EXPECT_TRUE(alert.document["process"]["parent"]["name"].is_null());
  EXPECT_FALSE(alert.document.contains("activesync"));
}

TEST(AlertBuilderTest, ActiveSyncFromArgsWhenNoCommandLine) {
  const auto rule = activesync_rule();
  auto doc = activesync_doc();
  doc["process"].erase("command_line");
  doc["process"]["args"] = {"powershell.exe", "-Command",
                            "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Remove='OLD'}"};
  const StoredEvent event{"winlogbeat-8.15.0", "evt-3", kT0, kT0, doc.dump()};

  const auto alert = build_alert(rule, event, doc, kT0);

  EXPECT_EQ(alert.document["activesync"],
            nlohmann::json::parse(R"({"device_ids": [], "identity": "bob", "removed_device_ids": ["OLD"]})"));
}

}  // namespace
}  // namespace vigil::engine::detect
