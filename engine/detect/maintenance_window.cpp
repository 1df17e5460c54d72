#include "engine/detect/maintenance_window.hpp"

#include <algorithm>

namespace vigil::engine::detect {
namespace {

// Floor division, so times before 1970 fall on the right day.
TimeMs floor_div(TimeMs a, TimeMs b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// 1970-01-01 was a Thursday (weekday 4).
int weekday_of_day(TimeMs day) { return static_cast<int>(((day + 4) % 7 + 7) % 7); }

bool in_recurrence(const WeeklyRecurrence& weekly, TimeMs t) {
  if (weekly.duration_ms <= 0) return false;
  const TimeMs today = floor_div(t, kDayMs);
  // An occurrence that began on an earlier day may still be running: look
  // back as many days as the duration spans.
  const TimeMs days_back = floor_div(weekly.duration_ms + weekly.start_minute * kMinuteMs, kDayMs);
  for (TimeMs day = today - days_back; day <= today; ++day) {
    if (!weekly.weekdays.contains(weekday_of_day(day))) continue;
    const TimeMs begin = day * kDayMs + weekly.start_minute * kMinuteMs;
    if (t >= begin && t < begin + weekly.duration_ms) return true;
  }
  return false;
}

}  // namespace

bool MaintenanceWindow::active(TimeMs t, const std::string& rule_id) const {
  if (!rule_ids.empty() && std::find(rule_ids.begin(), rule_ids.end(), rule_id) == rule_ids.end()) return false;
  if (start && t < *start) return false;
  if (end && t >= *end) return false;
  return !weekly || in_recurrence(*weekly, t);
}

const MaintenanceWindow* active_window(const std::vector<MaintenanceWindow>& windows, TimeMs t,
                                       const std::string& rule_id) {
  const auto it =
      std::find_if(windows.begin(), windows.end(), [&](const MaintenanceWindow& w) { return w.active(t, rule_id); });
  return it == windows.end() ? nullptr : &*it;
}

}  // namespace vigil::engine::detect
