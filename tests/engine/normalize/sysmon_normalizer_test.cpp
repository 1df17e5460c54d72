#include "engine/normalize/sysmon_normalizer.hpp"

#include <gtest/gtest.h>

#include "engine/event/field_lookup.hpp"
#include "tests/engine/normalize/expect_fields.hpp"

namespace vigil::engine {
namespace {

// The Winlogbeat 8.x wire skeleton from research/elastic.md section 5
// (after sysmon-12-processcreate.evtx.golden.json), with the research note's
// ActiveSync command line.
nlohmann::json winlogbeat_sysmon_event() {
  return nlohmann::json::parse(R"json({
    "@timestamp": "2020-10-27T20:00:14.999Z",
    "agent": {"type": "winlogbeat", "version": "8.11.0"},
    "ecs": {"version": "8.0.0"},
    "host": {"name": "WS01", "hostname": "ws01"},
    "event": {"code": "1", "kind": "event", "provider": "Microsoft-Windows-Sysmon", "created": "2020-10-27T20:00:15.100Z"},
    "log": {"level": "information"},
    "message": "Process Create:",
    "winlog": {
      "channel": "Microsoft-Windows-Sysmon/Operational",
      "provider_name": "Microsoft-Windows-Sysmon",
      "provider_guid": "{5770385f-c22a-43e0-bf4c-06f5698ffbd9}",
      "event_id": "1", "record_id": 20, "computer_name": "WS01", "api": "wineventlog",
      "process": {"pid": 7144, "thread": {"id": 6876}},
      "user": {"identifier": "S-1-5-18"},
      "version": 5,
      "event_data": {
        "RuleName": "-",
        "UtcTime": "2020-10-27 20:00:14.320",
        "ProcessGuid": "{42f11c3b-7c0e-5f98-0a00-000000000d00}",
        "ProcessId": "3616",
        "Image": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "FileVersion": "10.0.17763.1 (WinBuild.160101.0800)",
        "Description": "Windows PowerShell",
        "Product": "Microsoft® Windows® Operating System",
        "Company": "Microsoft Corporation",
        "OriginalFileName": "PowerShell.EXE",
        "CommandLine": "powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='X'}\"",
        "CurrentDirectory": "C:\\Users\\bob\\",
        "User": "CORP\\bob",
        "LogonGuid": "{42f11c3b-6e1a-5f98-e7c9-020000000000}",
        "LogonId": "0x2c9e7",
        "TerminalSessionId": "1",
        "IntegrityLevel": "High",
        "Hashes": "SHA1=6CBCE4A295C163791B60FC23D285E6D84F28EE4C,MD5=7353F60B1739074EB17C5F4DDDEFE239,SHA256=DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C,IMPHASH=741776AACCFC5B71FF59832DCDCACE0F",
        "ParentProcessGuid": "{42f11c3b-6e1a-5f98-5600-000000000d00}",
        "ParentProcessId": "4212",
        "ParentImage": "C:\\Windows\\explorer.exe",
        "ParentCommandLine": "C:\\Windows\\Explorer.EXE",
        "ParentUser": "CORP\\bob"
      }
    }
  })json");
}

TEST(SysmonNormalizerTest, RecognisesChannelAndEventId) {
  auto doc = winlogbeat_sysmon_event();
  EXPECT_TRUE(is_sysmon_process_create(doc));

  doc["winlog"]["event_id"] = 1;  // Winlogbeat 7.x writes an integer
  EXPECT_TRUE(is_sysmon_process_create(doc));

  doc["winlog"]["channel"] = "microsoft-windows-sysmon/operational";
  EXPECT_TRUE(is_sysmon_process_create(doc));

  doc["winlog"].erase("event_id");  // event.code "1" still says so
  EXPECT_TRUE(is_sysmon_process_create(doc));

  doc["event"]["code"] = "3";
  EXPECT_FALSE(is_sysmon_process_create(doc));

  auto security = winlogbeat_sysmon_event();
  security["winlog"]["channel"] = "Security";
  EXPECT_FALSE(is_sysmon_process_create(security));
}

TEST(SysmonNormalizerTest, GoldenWinlogbeatSkeleton) {
  auto doc = winlogbeat_sysmon_event();
  const auto original_event_data = doc["winlog"]["event_data"];
  normalize_sysmon_process_create(doc);

  test::expect_fields(
      doc, {
               {"event.category", {"process"}},
               {"event.type", {"start"}},
               {"event.module", "sysmon"},
               {"event.kind", "event"},
               {"event.code", "1"},
               {"event.action", "Process creation"},
               {"@timestamp", "2020-10-27T20:00:14.320Z"},
               {"process.executable", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"},
               {"process.name", "powershell.exe"},
               {"process.command_line",
                "powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='X'}\""},
               {"process.args",
                {"powershell.exe", "-Command", "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='X'}"}},
               {"process.args_count", 3},
               {"process.pid", 3616},
               {"process.entity_id", "{42f11c3b-7c0e-5f98-0a00-000000000d00}"},
               {"process.working_directory", "C:\\Users\\bob\\"},
               {"process.pe.original_file_name", "PowerShell.EXE"},
               {"process.pe.company", "Microsoft Corporation"},
               {"process.pe.imphash", "741776aaccfc5b71ff59832dcdcace0f"},
               {"process.hash.sha1", "6cbce4a295c163791b60fc23d285e6d84f28ee4c"},
               {"process.hash.md5", "7353f60b1739074eb17c5f4dddefe239"},
               {"process.hash.sha256", "de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c"},
               {"process.hash.imphash", nullptr},
               {"process.parent.executable", "C:\\Windows\\explorer.exe"},
               {"process.parent.name", "explorer.exe"},
               {"process.parent.command_line", "C:\\Windows\\Explorer.EXE"},
               {"process.parent.args", {"C:\\Windows\\Explorer.EXE"}},
               {"process.parent.args_count", 1},
               {"process.parent.pid", 4212},
               {"process.parent.entity_id", "{42f11c3b-6e1a-5f98-5600-000000000d00}"},
               {"user.domain", "CORP"},
               {"user.name", "bob"},
               {"user.id", "S-1-5-18"},
               {"host.os.type", "windows"},
               {"host.name", "WS01"},
           });
  EXPECT_EQ(doc["winlog"]["event_data"], original_event_data) << "the shipped event data is kept intact";
}

TEST(SysmonNormalizerTest, NotApplicableValuesAreNotMapped) {
  auto doc = winlogbeat_sysmon_event();
  auto& data = doc["winlog"]["event_data"];
  data["OriginalFileName"] = "-";
  data["ParentProcessGuid"] = "{00000000-0000-0000-0000-000000000000}";
  data["CommandLine"] = "";
  data.erase("ProcessId");
  data["Hashes"] = "MD5=00000000000000000000000000000000,SHA256=AB";
  data["User"] = "SYSTEM";
  doc["winlog"].erase("user");
  normalize_sysmon_process_create(doc);

  test::expect_fields(doc, {
                               {"process.pe.original_file_name", nullptr},
                               {"process.parent.entity_id", nullptr},
                               {"process.command_line", nullptr},
                               {"process.args", nullptr},
                               {"process.pid", nullptr},
                               {"process.hash.md5", nullptr},
                               {"process.hash.sha256", "ab"},
                               {"user.name", nullptr},
                               {"user.id", nullptr},
                               {"process.name", "powershell.exe"},
                           });
}

TEST(SysmonNormalizerTest, KeepsAnExistingOsTypeAndReadsFlatKeys) {
  nlohmann::json doc = {
      {"winlog.channel", "Microsoft-Windows-Sysmon/Operational"},
      {"winlog.event_id", "1"},
      {"winlog.event_data", {{"Image", "C:\\x\\a.exe"}, {"UtcTime", "bad time"}}},
      {"host", {{"os", {{"type", "linux"}}}}},
  };
  ASSERT_TRUE(is_sysmon_process_create(doc));
  normalize_sysmon_process_create(doc);
  test::expect_fields(doc, {{"process.name", "a.exe"}, {"host.os.type", "linux"}, {"@timestamp", nullptr}});
}

}  // namespace
}  // namespace vigil::engine
