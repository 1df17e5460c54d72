#pragma once

#include <string>

namespace vigil::test {

// A Sysmon process start (event 1) as Winlogbeat ships it raw, for tests
// that feed rules through _bulk.
struct SysmonStart {
  std::string id;  // the _id
  std::string image;
  std::string command_line;
  std::string utc_time = "2026-11-22 10:00:00.000";  // Sysmon's UtcTime; also @timestamp
  std::string user = "CORP\\bob";
  std::string index = "winlogbeat-8.15.0";
  std::string action = "create";  // the _bulk action: create or index
};

// The _bulk action line and source line of `event`, each ending in '\n'.
std::string sysmon_bulk_lines(const SysmonStart& event);

}  // namespace vigil::test
