#pragma once

#include <string_view>

namespace vigil::engine {

// What normalization recognised an event as (see normalizer.hpp).
enum class EventShape {
  kSysmonProcessCreate,  // Winlogbeat 8.x raw Sysmon event 1
  kSecurity4688,         // Winlogbeat 8.x raw Security event 4688
  kWinlogOther,          // any other Windows event-log record
  kDefenderProcess,      // an Advanced Hunting process start
  kDefenderTable,        // any other Advanced Hunting row
  kEcs,                  // already ECS
  kUnknown,              // anything else, stored all the same
};

// "sysmon_process_create", "security_4688", "winlog_other",
// "defender_process", "defender_table", "ecs", "unknown": the `source`
// label of the ingest metrics.
std::string_view to_string(EventShape shape);

}  // namespace vigil::engine
