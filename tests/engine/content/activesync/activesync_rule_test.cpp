// The seed rule end to end: its rule file, raw events through normalize(),
// the SQLite event store, a scheduled run, the alerts.
#include <gtest/gtest.h>

#include <map>

#include "engine/content/register_all.hpp"
#include "engine/detect/alert_builder.hpp"
#include "engine/detect/scheduler.hpp"
#include "engine/ingest/record_builder.hpp"
#include "engine/normalize/normalizer.hpp"
#include "engine/rules/rule_loader.hpp"
#include "tests/engine/detect/detect_test_support.hpp"
#include "tests/support/test_data.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::detect {
namespace {

using testing::kT0;

const char* const kRuleId = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";
const char* const kRuleFile = "rules/windows/persistence_new_activesync_allowed_device_id_via_powershell.toml";

// Winlogbeat 8.x ships Sysmon event 1 raw (research/elastic.md section 5).
nlohmann::json sysmon_event(const std::string& image, const std::string& command_line) {
  auto event = nlohmann::json::parse(R"({
    "@timestamp": "2024-03-03T23:57:00.000Z",
    "agent": {"type": "winlogbeat", "version": "8.15.0"},
    "ecs": {"version": "8.0.0"},
    "host": {"name": "WS01", "hostname": "ws01"},
    "event": {"code": "1", "kind": "event", "provider": "Microsoft-Windows-Sysmon", "created": "2024-03-03T23:57:00.500Z"},
    "message": "Process Create:",
    "winlog": {
      "channel": "Microsoft-Windows-Sysmon/Operational", "provider_name": "Microsoft-Windows-Sysmon",
      "event_id": "1", "record_id": 20, "computer_name": "WS01", "api": "wineventlog",
      "event_data": {
        "RuleName": "-", "UtcTime": "2024-03-03 23:57:00.000",
        "ProcessGuid": "{42f11c3b-7c0e-5f98-0a00-000000000d00}", "ProcessId": "3616",
        "CurrentDirectory": "C:\\Users\\bob\\", "User": "CORP\\bob", "IntegrityLevel": "High",
        "ParentProcessGuid": "{42f11c3b-6e1a-5f98-5600-000000000d00}", "ParentProcessId": "4212",
        "ParentImage": "C:\\Windows\\explorer.exe", "ParentCommandLine": "C:\\Windows\\Explorer.EXE"
      }
    }
  })");
  event["winlog"]["event_data"]["Image"] = image;
  event["winlog"]["event_data"]["CommandLine"] = command_line;
  return event;
}

const std::string kPowerShell = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";

// Winlogbeat 8.x ships Security 4688 raw too.
nlohmann::json security_4688_event() {
  return nlohmann::json::parse(R"({
    "@timestamp": "2024-03-03T23:57:10.000Z",
    "event": {"code": "4688", "kind": "event", "provider": "Microsoft-Windows-Security-Auditing", "outcome": "success"},
    "winlog": {
      "channel": "Security", "event_id": "4688", "provider_name": "Microsoft-Windows-Security-Auditing",
      "task": "Process Creation", "record_id": "5010", "computer_name": "ws02.corp.example",
      "event_data": {
        "SubjectUserSid": "S-1-5-21-1004336348-1177238915-682003330-1105",
        "SubjectUserName": "bob", "SubjectDomainName": "CORP", "SubjectLogonId": "0x274a2",
        "NewProcessId": "0x11cc",
        "NewProcessName": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "ProcessId": "0x122c",
        "CommandLine": "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -NoProfile -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='SEC4688'}\"",
        "ParentProcessName": "C:\\Windows\\explorer.exe"
      }
    },
    "host": {"name": "ws02"}
  })");
}

// The project's Windows DeviceProcessEvents streaming record
// (tests/data/defender/streaming_api_records.ndjson), in the streaming API's
// envelope, with the device, account, times and an ActiveSync command
// swapped in.
nlohmann::json defender_event() {
  for (auto record : test::read_json_lines(test::data_dir() / "defender/streaming_api_records.ndjson")) {
    if (record["category"] != "AdvancedHunting-DeviceProcessEvents" ||
        record["properties"]["DeviceName"] != "ws-fin-014.contoso.com")
      continue;
    record["time"] = "2024-03-03T23:57:30.000Z";
    record["properties"].update(nlohmann::json::parse(R"({
      "AccountDomain": "corp", "AccountName": "dave", "AccountSid": "S-1-5-21-1874808502-2282282112-3464708742-1107",
      "DeviceId": "999b6fd7c532534ba50b3232fa992c38a273d4fb", "DeviceName": "exch01.corp.example",
      "FileName": "powershell.exe", "FolderPath": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
      "ProcessVersionInfoOriginalFileName": "PowerShell.EXE",
      "InitiatingProcessFileName": "explorer.exe", "InitiatingProcessFolderPath": "c:\\windows\\explorer.exe",
      "InitiatingProcessCommandLine": "Explorer.EXE", "InitiatingProcessId": 996,
      "ProcessCommandLine": "powershell.exe -NoProfile -Command \"Set-CASMailbox -Identity dave@contoso.com -ActiveSyncAllowedDeviceIDs @{Add='DEF1','DEF2'}\"",
      "ProcessId": 6412, "ProcessCreationTime": "2024-03-03T23:57:29.000Z", "Timestamp": "2024-03-03T23:57:29.000Z"
    })"));
    return record;
  }
  throw std::runtime_error("no Windows DeviceProcessEvents record in tests/data/defender");
}

// Already ECS (Elastic Agent, or a document re-shipped from Elasticsearch).
nlohmann::json ecs_event() {
  return nlohmann::json::parse(R"({
    "@timestamp": "2024-03-03T23:57:40.000Z",
    "event": {"category": ["process"], "type": ["start"], "kind": "event", "module": "endpoint"},
    "host": {"name": "WS03", "os": {"type": "windows", "family": "windows"}},
    "user": {"name": "erin"},
    "process": {
      "name": "powershell.exe", "executable": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
      "command_line": "powershell.exe -Command \"Set-CASMailbox -Identity erin -ActiveSyncAllowedDeviceIDs 'ECS1','ECS2'\"",
      "args": ["powershell.exe", "-Command", "Set-CASMailbox -Identity erin -ActiveSyncAllowedDeviceIDs 'ECS1','ECS2'"],
      "pid": 5120, "parent": {"name": "explorer.exe"}
    }
  })");
}

struct RawEvent {
  std::string id;
  std::string index;
  nlohmann::json raw;
  bool alerts;
};

std::vector<RawEvent> raw_events() {
  auto linux_pwsh = ecs_event();  // differs from the positive only in host.os.type
  linux_pwsh["host"]["os"] = {{"type", "linux"}, {"family", "debian"}};
  auto process_end = ecs_event();
  process_end["event"]["type"] = {"end"};
  return {
      {"sysmon-powershell", "winlogbeat-8.15.0",
       sysmon_event(kPowerShell,
                    "powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='X'}\""),
       true},
      {"sysmon-pwsh", "winlogbeat-8.15.0",
       sysmon_event("C:\\Program Files\\PowerShell\\7\\pwsh.exe",
                    "\"C:\\Program Files\\PowerShell\\7\\pwsh.exe\" -c \"Set-CASMailbox -Identity alice "
                    "-ActiveSyncAllowedDeviceIDs @{Add='PWSH1'}\""),
       true},
      {"sysmon-ise", "winlogbeat-8.15.0",
       sysmon_event("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell_ise.exe",
                    "powershell_ise.exe \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs ISE1\""),
       true},
      {"sysmon-mixed-case", "winlogbeat-8.15.0",
       sysmon_event(kPowerShell,
                    "POWERSHELL.EXE -command \"set-casmailbox -identity carol -activesyncalloweddeviceids "
                    "@{add='lower1'}\""),
       true},
      {"sysmon-rta", "winlogbeat-8.15.0",
       sysmon_event(kPowerShell, "powershell.exe /c echo \"Set-CASMailbox ActiveSyncAllowedDeviceIDs\""), true},
      {"security-4688", "logs-system.security-default", security_4688_event(), true},
      {"defender", "logs-m365_defender.event-default", defender_event(), true},
      {"ecs", "logs-endpoint.events.process-default", ecs_event(), true},

      {"ecs-linux-pwsh", "logs-endpoint.events.process-default", linux_pwsh, false},
      {"ecs-process-end", "logs-endpoint.events.process-default", process_end, false},
      // Unquoted, the words are separate arguments and none starts with Set-CASMailbox and holds the parameter.
      {"sysmon-unquoted", "winlogbeat-8.15.0",
       sysmon_event(kPowerShell, "powershell.exe Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs X"), false},
      {"sysmon-cmd", "winlogbeat-8.15.0",
       sysmon_event("C:\\Windows\\System32\\cmd.exe",
                    "cmd.exe /c \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs X\""),
       false},
      // Right process, wrong place: an index the rule does not search.
      {"unlisted-index", "logs-custom-default",
       sysmon_event(kPowerShell,
                    "powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='X'}\""),
       false},
  };
}

class ActiveSyncRuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    content::register_all(content_registry());
    const auto path = test::source_dir() / kRuleFile;
    RuleLoader loader;
    loader.add_text(test::read_file(path), path.string());
    auto loaded = std::move(loader).finish();
    ASSERT_TRUE(loaded.result.ok()) << loaded.result.to_string();
    rules = std::move(loaded.rules);
    ASSERT_NE(rules.find(kRuleId), nullptr);

    // Everything arrived two minutes before the run.
    std::vector<EventRecord> records;
    for (auto& e : raw_events()) {
      records.push_back(ingest::to_event_record(normalize(e.raw, kT0 - 2 * kMinuteMs), e.index, e.id));
    }
    stores.events.write_batch(records);
  }

  nlohmann::json alert_for(const std::string& index, const std::string& id) {
    return stores.alerts.get(alert_id(kRuleId, index, id)).value_or(nullptr);
  }

  test::TempDir dir;
  testing::Stores stores{dir / "vigil.db"};
  ManualClock clock{kT0};
  RuleSet rules;
};

TEST_F(ActiveSyncRuleTest, RuleLoadsWithElasticsSchedule) {
  const auto& rule = *rules.find(kRuleId);
  EXPECT_EQ(rule.lookback_ms, 9 * kMinuteMs);
  EXPECT_EQ(rule.definition.interval, 5 * kMinuteMs);
  EXPECT_EQ(rule.definition.max_signals, 100);
  EXPECT_EQ(rule.definition.timestamp_override, "event.ingested");
}

TEST_F(ActiveSyncRuleTest, AlertsOnEveryShapeOfTheCommandAndNothingElse) {
  Scheduler scheduler(rules, stores.events, stores.runs, clock);
  const auto records = scheduler.tick();

  ASSERT_EQ(records.size(), 1u);
  const auto& run = records[0];
  EXPECT_EQ(run.status, engine::RunStatus::kSucceeded);
  EXPECT_EQ(run.window_start, kT0 - 9 * kMinuteMs);
  EXPECT_EQ(run.alerts_created, 8u);
  for (const auto& e : raw_events()) {
    EXPECT_EQ(stores.runs.alerts().get(alert_id(kRuleId, e.index, e.id)).has_value(), e.alerts) << e.id;
  }

  // A second run over the overlapping window finds the same events: no duplicates.
  clock.advance(5 * kMinuteMs);
  const auto again = scheduler.tick();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].alerts_created, 0u);
  EXPECT_EQ(again[0].duplicates_skipped, 8u);
}

TEST_F(ActiveSyncRuleTest, AlertDocumentsCarryTheChange) {
  Scheduler scheduler(rules, stores.events, stores.runs, clock);
  scheduler.tick();

  const auto sysmon = alert_for("winlogbeat-8.15.0", "sysmon-powershell");
  ASSERT_FALSE(sysmon.is_null());
  EXPECT_EQ(sysmon["reason"],
            "process event with process powershell.exe, parent process explorer.exe, by bob on WS01 created medium "
            "alert New ActiveSyncAllowedDeviceID Added via PowerShell.");
  EXPECT_EQ(sysmon["rule"]["id"], kRuleId);
  EXPECT_EQ(sysmon["rule"]["severity"], "medium");
  EXPECT_EQ(sysmon["rule"]["risk_score"], 47);
  // The rule file's tags and references, as Kibana copies them into alerts.
  EXPECT_EQ(sysmon["rule"]["tags"].size(), 10u);
  EXPECT_EQ(sysmon["rule"]["tags"][0], "Domain: Endpoint");
  EXPECT_EQ(sysmon["rule"]["references"][1], "https://learn.microsoft.com/en-us/powershell/module/exchange/set-casmailbox");
  EXPECT_EQ(sysmon["original_time"], "2024-03-03T23:57:00.000Z");
  EXPECT_EQ(sysmon["mitre"], nlohmann::json({"T1098", "T1098.002", "T1059", "T1059.001", "T1114", "T1114.002"}));
  EXPECT_EQ(sysmon["threat"].size(), 3u);
  EXPECT_EQ(sysmon["source"], nlohmann::json({{"index", "winlogbeat-8.15.0"}, {"id", "sysmon-powershell"}}));

  const std::map<std::pair<std::string, std::string>, nlohmann::json> activesync = {
      {{"winlogbeat-8.15.0", "sysmon-powershell"}, {{"device_ids", {"X"}}, {"identity", "bob"}}},
      {{"winlogbeat-8.15.0", "sysmon-pwsh"}, {{"device_ids", {"PWSH1"}}, {"identity", "alice"}}},
      {{"winlogbeat-8.15.0", "sysmon-ise"}, {{"device_ids", {"ISE1"}}, {"identity", "bob"}}},
      {{"winlogbeat-8.15.0", "sysmon-mixed-case"}, {{"device_ids", {"lower1"}}, {"identity", "carol"}}},
      {{"logs-system.security-default", "security-4688"}, {{"device_ids", {"SEC4688"}}, {"identity", "bob"}}},
      {{"logs-m365_defender.event-default", "defender"},
       {{"device_ids", {"DEF1", "DEF2"}}, {"identity", "dave@contoso.com"}}},
      {{"logs-endpoint.events.process-default", "ecs"}, {{"device_ids", {"ECS1", "ECS2"}}, {"identity", "erin"}}},
  };
  for (const auto& [source, fields] : activesync) {
    const auto alert = alert_for(source.first, source.second);
    ASSERT_FALSE(alert.is_null()) << source.second;
    EXPECT_EQ(alert["activesync"], fields) << source.second;
  }
  // Elastic's RTA only echoes the words: it alerts, but changes no mailbox.
  const auto rta = alert_for("winlogbeat-8.15.0", "sysmon-rta");
  ASSERT_FALSE(rta.is_null());
  EXPECT_FALSE(rta.contains("activesync"));

  const auto defender = alert_for("logs-m365_defender.event-default", "defender");
  EXPECT_EQ(defender["host"]["name"], "exch01.corp.example");
  EXPECT_EQ(defender["user"]["name"], "dave");
}

}  // namespace
}  // namespace vigil::engine::detect
