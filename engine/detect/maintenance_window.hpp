#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/time/timestamp.hpp"

namespace vigil::engine::detect {

// A weekly recurring period, in UTC: starts at `start_minute` past midnight
// on each listed weekday and lasts `duration_ms` (it may run past midnight).
struct WeeklyRecurrence {
  std::set<int> weekdays;  // 0 = Sunday ... 6 = Saturday
  int start_minute = 0;    // minutes after 00:00 UTC, 0..1439
  TimeMs duration_ms = 0;
};

// A period during which rules run but create no alerts (planned changes,
// patching). Each constraint that is set narrows the window:
//   - `start` / `end`: absolute bounds, start inclusive and end exclusive;
//     either may be open;
//   - `weekly`: only inside one of its occurrences (bounded by start/end
//     when those are set too, like an rrule's dtstart/until);
//   - `rule_ids`: only these rules; empty means every rule.
// A window with no time constraint at all is always active for its rules,
// which mutes them until the window is removed.
//
// Kibana's maintenance windows still create alerts and only hold back their
// notifications; Vigil has no notifications yet, so its windows hold back the
// alerts themselves. Plain value; thread-safe to read.
struct MaintenanceWindow {
  std::string name;
  std::optional<TimeMs> start;
  std::optional<TimeMs> end;
  std::optional<WeeklyRecurrence> weekly;
  std::vector<std::string> rule_ids;

  bool active(TimeMs t, const std::string& rule_id) const;
};

// The first window of `windows` active at `t` for `rule_id`, or nullptr.
const MaintenanceWindow* active_window(const std::vector<MaintenanceWindow>& windows, TimeMs t,
                                       const std::string& rule_id);

}  // namespace vigil::engine::detect
