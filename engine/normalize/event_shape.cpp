#include "engine/normalize/event_shape.hpp"

namespace vigil::engine {

std::string_view to_string(EventShape shape) {
  switch (shape) {
    case EventShape::kSysmonProcessCreate:
      return "sysmon_process_create";
    case EventShape::kSecurity4688:
      return "security_4688";
    case EventShape::kWinlogOther:
      return "winlog_other";
    case EventShape::kDefenderProcess:
      return "defender_process";
    case EventShape::kDefenderTable:
      return "defender_table";
    case EventShape::kEcs:
      return "ecs";
    case EventShape::kUnknown:
      break;
  }
  return "unknown";
}

}  // namespace vigil::engine
