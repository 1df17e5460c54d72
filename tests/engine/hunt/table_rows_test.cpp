// DeviceProcessEvents holds Defender's rows and the Windows process starts
// Winlogbeat shipped (Sysmon 1, Security 4688), under Defender's columns.
#include "engine/hunt/table_rows.hpp"

#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

nlohmann::json winlogbeat(const std::string& channel, const std::string& event_id, nlohmann::json data) {
  return {{"@timestamp", at(kNow - kHourMs)},
          {"agent", {{"type", "winlogbeat"}}},
          {"winlog", {{"channel", channel}, {"event_id", event_id}, {"computer_name", "ws1.corp.example"},
                      {"event_data", std::move(data)}}}};
}

TEST(TableRowsTest, DeviceProcessEventsHoldsSysmonAndSecurityProcessStartsUnderDefendersColumns) {
  HuntStore store;
  store.add_raw(winlogbeat("Microsoft-Windows-Sysmon/Operational", "1",
                           {{"UtcTime", "2024-03-11 11:00:00.000"},
                            {"Image", "C:\\Windows\\System32\\cmd.exe"},
                            {"CommandLine", "cmd.exe /c whoami"},
                            {"ProcessId", "4242"},
                            {"ParentImage", "C:\\Windows\\explorer.exe"},
                            {"User", "CORP\\bob"}}));
  store.add_raw(winlogbeat("Security", "4688",
                           {{"NewProcessName", "C:\\Windows\\System32\\whoami.exe"},
                            {"CommandLine", "whoami /all"},
                            {"SubjectUserName", "alice"},
                            {"SubjectDomainName", "CORP"}}));
  // A Sysmon network connection (event 3): not a process start, not a row.
  store.add_raw(winlogbeat("Microsoft-Windows-Sysmon/Operational", "3",
                           {{"UtcTime", "2024-03-11 11:00:00.000"}, {"Image", "C:\\x.exe"}}));
  store.add("DeviceProcessEvents", {{"Timestamp", at(kNow - kHourMs)},
                                    {"ActionType", "ProcessCreated"},
                                    {"DeviceName", "mac1"},
                                    {"FileName", "bash"},
                                    {"FolderPath", "/bin/bash"},
                                    {"ProcessCommandLine", "bash -c id"}});
  const auto rows = rows_of(store.run(
      "DeviceProcessEvents | project DeviceName, ActionType, FileName, FolderPath, ProcessCommandLine, AccountName, "
      "InitiatingProcessFileName | sort by FileName asc"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], nlohmann::json::parse(R"({"DeviceName":"mac1","ActionType":"ProcessCreated","FileName":"bash",
      "FolderPath":"/bin/bash","ProcessCommandLine":"bash -c id","AccountName":"","InitiatingProcessFileName":""})"));
  EXPECT_EQ(rows[1]["FileName"], "cmd.exe");
  EXPECT_EQ(rows[1]["FolderPath"], "C:\\Windows\\System32\\cmd.exe");
  EXPECT_EQ(rows[1]["ProcessCommandLine"], "cmd.exe /c whoami");
  EXPECT_EQ(rows[1]["DeviceName"], "ws1.corp.example");
  EXPECT_EQ(rows[1]["ActionType"], "ProcessCreated");
  EXPECT_EQ(rows[1]["InitiatingProcessFileName"], "explorer.exe");
  EXPECT_EQ(rows[2]["FileName"], "whoami.exe");
  EXPECT_EQ(rows[2]["AccountName"], "alice");
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
