#include "engine/triage/alert_status.hpp"

namespace vigil::engine::triage {

std::string_view to_string(AlertStatus status) {
  switch (status) {
    case AlertStatus::kOpen:
      return "open";
    case AlertStatus::kAcknowledged:
      return "acknowledged";
    case AlertStatus::kClosed:
      return "closed";
  }
  return "open";
}

std::optional<AlertStatus> parse_alert_status(std::string_view text) {
  for (const auto status : {AlertStatus::kOpen, AlertStatus::kAcknowledged, AlertStatus::kClosed})
    if (to_string(status) == text) return status;
  return std::nullopt;
}

}  // namespace vigil::engine::triage
