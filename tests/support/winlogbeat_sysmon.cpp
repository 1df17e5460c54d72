#include "tests/support/winlogbeat_sysmon.hpp"

#include <nlohmann/json.hpp>

#include "tests/support/recent_time.hpp"

namespace vigil::test {

std::string winlogbeat_sysmon(const std::string& host, const std::string& command_line, std::size_t padding) {
  return nlohmann::json{{"@timestamp", recent_rfc3339()},
                        {"host", {{"name", host}}},
                        {"winlog",
                         {{"channel", "Microsoft-Windows-Sysmon/Operational"},
                          {"event_id", "1"},
                          {"event_data",
                           {{"Image", "C:\\Windows\\System32\\cmd.exe"},
                            {"CommandLine", command_line},
                            {"ParentCommandLine", std::string(padding, 'p')}}}}}}
      .dump();
}

std::string winlogbeat_process_start(const std::string& command_line, const std::string& image) {
  return nlohmann::json{{"@timestamp", recent_rfc3339()},
                        {"@metadata", {{"beat", "winlogbeat"}, {"type", "_doc"}, {"version", "8.15.0"}}},
                        {"host", {{"name", "WS01"}}},
                        {"winlog",
                         {{"channel", "Microsoft-Windows-Sysmon/Operational"},
                          {"event_id", "1"},
                          {"event_data",
                           {{"UtcTime", recent_sysmon_utc_time()},
                            {"Image", image},
                            {"CommandLine", command_line},
                            {"ParentImage", "C:\\Windows\\explorer.exe"},
                            {"User", "CORP\\mallory"}}}}}}
      .dump();
}

}  // namespace vigil::test
