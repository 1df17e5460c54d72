#include "bench/bench_events.hpp"

#include <nlohmann/json.hpp>

namespace vigil::bench {

std::string sysmon_event(std::uint64_t n, std::uint64_t powershell_every, std::uint64_t match_every,
                         const std::string& timestamp) {
  const bool match = match_every && n % match_every == 0;
  const bool powershell = match || (powershell_every && n % powershell_every == 0);
  const std::string image = powershell ? "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
                                       : "C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeC2RClient.exe";
  const std::string command_line =
      match ? "powershell.exe -NoProfile -Command \"Set-CASMailbox -Identity user" + std::to_string(n) +
                  " -ActiveSyncAllowedDeviceIDs @{Add='DEV" + std::to_string(n) + "'}\""
      : powershell ? "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\scripts\\inventory.ps1"
                   : "\"" + image + "\" /frequentupdate SCHEDULEDTASK displaylevel=False";
  nlohmann::json doc = {
      {"@timestamp", timestamp},
      {"agent", {{"type", "winlogbeat"}, {"version", "8.15.0"}, {"name", "WS" + std::to_string(n % 500)}}},
      {"ecs", {{"version", "8.0.0"}}},
      {"host", {{"name", "ws" + std::to_string(n % 500) + ".corp.example"}, {"os", {{"type", "windows"}, {"family", "windows"}}}}},
      {"event", {{"code", "1"}, {"kind", "event"}, {"provider", "Microsoft-Windows-Sysmon"}, {"created", timestamp}}},
      {"log", {{"level", "information"}}},
      {"winlog",
       {{"channel", "Microsoft-Windows-Sysmon/Operational"},
        {"provider_name", "Microsoft-Windows-Sysmon"},
        {"event_id", "1"},
        {"record_id", n},
        {"computer_name", "WS" + std::to_string(n % 500) + ".corp.example"},
        {"api", "wineventlog"},
        {"process", {{"pid", 3000 + n % 1000}, {"thread", {{"id", 4000 + n % 777}}}}},
        {"event_data",
         {{"RuleName", "-"},
          {"UtcTime", timestamp.substr(0, 10) + " " + timestamp.substr(11, 12)},
          {"ProcessGuid", "{a98268c1-9c2e-5f99-0000-0010" + std::to_string(100000 + n % 900000) + "}"},
          {"ProcessId", std::to_string(6000 + n % 3000)},
          {"Image", image},
          {"FileVersion", "10.0.19041.1"},
          {"Description", powershell ? "Windows PowerShell" : "Microsoft Office Click-to-Run"},
          {"Company", "Microsoft Corporation"},
          {"OriginalFileName", powershell ? "PowerShell.EXE" : "OfficeC2RClient.exe"},
          {"CommandLine", command_line},
          {"CurrentDirectory", "C:\\Windows\\system32\\"},
          {"User", "CORP\\user" + std::to_string(n % 2000)},
          {"LogonId", "0x3e7"},
          {"IntegrityLevel", "System"},
          {"Hashes", "SHA1=4A3A4C8F2B0E2F7C1A3E8A0F6C1D2B3A4C5D6E7F,MD5=8D2A1E0F3C4B5A69788796A5B4C3D2E1,"
                     "SHA256=9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"},
          {"ParentProcessId", "1234"},
          {"ParentImage", "C:\\Windows\\System32\\svchost.exe"},
          {"ParentCommandLine", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule"}}}}},
      {"message", "Process Create"}};
  return doc.dump();
}

}  // namespace vigil::bench
