#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::content::m365 {

// A rule's [rule.connector_changes] (docs/RULES.md): restricts (or
// annotates) its groups to connectors that CloudAppEvents show were
// created, changed or removed shortly before the bin.
struct ConnectorChanges {
  std::string field = "Connectors";  // the group-by field holding connector names
  std::string dataset = "m365_defender.CloudAppEvents";
  TimeMs lookback = 7 * kDayMs;  // changes in [bin end - lookback, bin end) count
  bool required = true;          // false: only attach the history as evidence
};

// The rule's connector_changes (nullopt when it has none), or the error
// naming the key at fault. `spec` is what the rest of `extra` reads as.
std::variant<std::optional<ConnectorChanges>, std::string> read_connector_changes(
    const nlohmann::json& extra, const analytics::AggregationSpec& spec);

// read_connector_changes's error, as content registers it (SettingsCheck).
std::optional<std::string> check_connector_changes(const nlohmann::json& extra, const analytics::AggregationSpec& spec);

}  // namespace vigil::engine::content::m365
