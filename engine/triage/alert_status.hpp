#pragma once

#include <optional>
#include <string_view>

namespace vigil::engine::triage {

// Elastic's alert workflow status. Every alert starts kOpen.
enum class AlertStatus { kOpen, kAcknowledged, kClosed };

// "open" | "acknowledged" | "closed": the spelling of the API, the alert
// document and the alerts.status column.
std::string_view to_string(AlertStatus status);
std::optional<AlertStatus> parse_alert_status(std::string_view text);

}  // namespace vigil::engine::triage
