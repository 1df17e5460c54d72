#include "engine/normalize/security_normalizer.hpp"

#include <gtest/gtest.h>

#include "tests/engine/normalize/expect_fields.hpp"

namespace vigil::engine {
namespace {

// The Winlogbeat 8.x 4688 skeleton from research/elastic.md section 5, with
// a quoted PowerShell command: the case Elastic's splitter gets wrong.
nlohmann::json winlogbeat_4688_event() {
  return nlohmann::json::parse(R"json({
    "@timestamp": "2024-03-05T10:11:12.345Z",
    "event": {"code": "4688", "kind": "event", "provider": "Microsoft-Windows-Security-Auditing", "outcome": "success"},
    "winlog": {
      "channel": "Security", "event_id": "4688", "provider_name": "Microsoft-Windows-Security-Auditing",
      "keywords": ["Audit Success"], "task": "Process Creation", "version": 2, "record_id": "5010",
      "computer_name": "ws01.corp.example",
      "event_data": {
        "SubjectUserSid": "S-1-5-21-1004336348-1177238915-682003330-1105",
        "SubjectUserName": "bob", "SubjectDomainName": "CORP", "SubjectLogonId": "0x274a2",
        "NewProcessId": "0x11cc",
        "NewProcessName": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "TokenElevationType": "%%1937", "ProcessId": "0x122c",
        "CommandLine": "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -NoProfile -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='X'}\"",
        "TargetUserSid": "S-1-0-0", "TargetUserName": "-", "TargetDomainName": "-", "TargetLogonId": "0x0",
        "ParentProcessName": "C:\\Windows\\explorer.exe", "MandatoryLabel": "S-1-16-12288"
      }
    },
    "host": {"name": "ws01"},
    "message": "A new process has been created."
  })json");
}

TEST(SecurityNormalizerTest, RecognisesChannelAndEventId) {
  auto doc = winlogbeat_4688_event();
  EXPECT_TRUE(is_security_process_create(doc));
  doc["winlog"]["event_id"] = 4688;
  EXPECT_TRUE(is_security_process_create(doc));
  doc["winlog"]["event_id"] = "4624";
  EXPECT_FALSE(is_security_process_create(doc));
  auto sysmon = winlogbeat_4688_event();
  sysmon["winlog"]["channel"] = "Microsoft-Windows-Sysmon/Operational";
  EXPECT_FALSE(is_security_process_create(sysmon));
}

TEST(SecurityNormalizerTest, GoldenWinlogbeatSkeleton) {
  auto doc = winlogbeat_4688_event();
  const auto original_event_data = doc["winlog"]["event_data"];
  normalize_security_process_create(doc);

  test::expect_fields(doc, {
                               {"@timestamp", "2024-03-05T10:11:12.345Z"},
                               {"event.category", {"process"}},
                               {"event.type", {"start"}},
                               {"event.action", "created-process"},
                               {"event.module", "security"},
                               {"event.code", "4688"},
                               {"process.executable", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"},
                               {"process.name", "powershell.exe"},
                               {"process.pid", 0x11cc},
                               {"process.parent.pid", 0x122c},
                               {"process.parent.executable", "C:\\Windows\\explorer.exe"},
                               {"process.parent.name", "explorer.exe"},
                               // Unquoted, so `process.args : "Set-CASMailbox*ActiveSyncAllowedDeviceIDs*"`
                               // matches; Elastic would keep the quotes here.
                               {"process.args",
                                {"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "-NoProfile",
                                 "-Command", "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='X'}"}},
                               {"process.args_count", 4},
                               {"user.id", "S-1-5-21-1004336348-1177238915-682003330-1105"},
                               {"user.name", "bob"},
                               {"user.domain", "CORP"},
                               {"host.os.type", "windows"},
                           });
  EXPECT_EQ(doc["winlog"]["event_data"], original_event_data);
}

TEST(SecurityNormalizerTest, CommandLineAuditingOffLeavesNoArgs) {
  auto doc = winlogbeat_4688_event();
  doc["winlog"]["event_data"].erase("CommandLine");
  doc["winlog"]["event_data"]["NewProcessId"] = "not hex";
  normalize_security_process_create(doc);
  test::expect_fields(doc, {
                               {"process.command_line", nullptr},
                               {"process.args", nullptr},
                               {"process.args_count", nullptr},
                               {"process.pid", nullptr},
                               {"process.name", "powershell.exe"},
                           });
}

}  // namespace
}  // namespace vigil::engine
