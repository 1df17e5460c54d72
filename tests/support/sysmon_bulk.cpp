#include "tests/support/sysmon_bulk.hpp"

#include <nlohmann/json.hpp>

namespace vigil::test {

std::string sysmon_bulk_lines(const SysmonStart& e) {
  auto timestamp = e.utc_time;
  timestamp[10] = 'T';
  const nlohmann::json source = {{"@timestamp", timestamp + "Z"},
                                 {"host", {{"name", "WS01"}}},
                                 {"winlog",
                                  {{"channel", "Microsoft-Windows-Sysmon/Operational"},
                                   {"event_id", "1"},
                                   {"event_data",
                                    {{"UtcTime", e.utc_time},
                                     {"Image", e.image},
                                     {"CommandLine", e.command_line},
                                     {"ParentImage", "C:\\Windows\\explorer.exe"},
                                     {"User", e.user}}}}}};
  return nlohmann::json({{e.action, {{"_index", e.index}, {"_id", e.id}}}}).dump() + "\n" + source.dump() + "\n";
}

}  // namespace vigil::test
