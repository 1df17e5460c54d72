#include "daemon/maintenance_windows.hpp"

#include "config/config_loader.hpp"

namespace vigil::daemon {
namespace {

std::optional<engine::TimeMs> bound(const std::string& text, std::size_t index, const char* field) {
  if (text.empty()) return std::nullopt;
  const auto t = engine::parse_timestamp(text);
  if (!t)
    throw config::ConfigError("maintenance_windows[" + std::to_string(index) + "]." + field + ": '" + text +
                              "' is not an RFC 3339 timestamp");
  return t;
}

int weekday_number(const std::string& day) {
  static const char* kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  for (int i = 0; i < 7; ++i)
    if (day == kDays[i]) return i;
  return -1;  // the config loader already rejected other names
}

}  // namespace

std::vector<engine::detect::MaintenanceWindow> to_maintenance_windows(
    const std::vector<config::MaintenanceWindowOptions>& options) {
  std::vector<engine::detect::MaintenanceWindow> out;
  for (std::size_t i = 0; i < options.size(); ++i) {
    const auto& o = options[i];
    engine::detect::MaintenanceWindow w;
    w.name = o.name;
    w.start = bound(o.start, i, "start");
    w.end = bound(o.end, i, "end");
    if (!o.weekdays.empty()) {
      engine::detect::WeeklyRecurrence weekly;
      for (const auto& d : o.weekdays) weekly.weekdays.insert(weekday_number(d));
      weekly.start_minute = std::stoi(o.start_time.substr(0, 2)) * 60 + std::stoi(o.start_time.substr(3));
      weekly.duration_ms = static_cast<engine::TimeMs>(o.duration_minutes) * engine::kMinuteMs;
      w.weekly = weekly;
    }
    w.rule_ids = o.rule_ids;
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace vigil::daemon
