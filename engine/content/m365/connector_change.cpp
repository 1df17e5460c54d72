#include "engine/content/m365/connector_change.hpp"

#include <algorithm>
#include <array>

#include "engine/content/m365/audit_parameters.hpp"
#include "engine/analytics/column.hpp"

namespace vigil::engine::content::m365 {
namespace {

constexpr std::array<std::string_view, 6> kOperations{"new-inboundconnector",    "set-inboundconnector",
                                                      "remove-inboundconnector", "new-outboundconnector",
                                                      "set-outboundconnector",   "remove-outboundconnector"};

std::optional<bool> enabled_state(const nlohmann::json& list, std::string_view operation) {
  if (const auto value = audit_parameter_text(list, "Enabled")) return analytics::lowercase(*value) == "true";
  if (operation.starts_with("new-")) return true;
  if (operation.starts_with("remove-")) return false;
  return std::nullopt;
}

}  // namespace

bool is_connector_operation(std::string_view action_type) {
  const auto lowered = analytics::lowercase(action_type);
  return std::find(kOperations.begin(), kOperations.end(), lowered) != kOperations.end();
}

std::optional<ConnectorChange> read_connector_change(const nlohmann::json& row) {
  const auto operation = analytics::column_text(row, "ActionType");
  if (!operation || !is_connector_operation(*operation)) return std::nullopt;
  const auto lowered = analytics::lowercase(*operation);
  const auto list = audit_parameters(row);

  ConnectorChange change;
  const auto name = audit_parameter_text(list, "Name");
  const auto identity = audit_parameter_text(list, "Identity");
  if (lowered.starts_with("new-")) {
    if (!name) return std::nullopt;
    change.name = *name;
  } else {
    if (!identity && !name) return std::nullopt;
    change.name = identity.value_or(*name);
    if (identity && name && analytics::lowercase(*identity) != analytics::lowercase(*name)) change.renamed_to = name;
  }
  change.operation = *operation;
  change.enabled = enabled_state(list, lowered);
  change.actor_object_id = analytics::column_text(row, "AccountObjectId").value_or("");
  change.actor_display_name = analytics::column_text(row, "AccountDisplayName").value_or("");
  change.ip = analytics::column_text(row, "IPAddress").value_or("");
  for (const auto* column : {"Timestamp", "@timestamp"}) {
    if (const auto text = analytics::column_text(row, column)) {
      if (const auto t = parse_timestamp(*text)) {
        change.time = *t;
        break;
      }
    }
  }
  return change;
}

nlohmann::json to_json(const ConnectorChange& change) {
  nlohmann::json j = {
      {"name", change.name},
      {"operation", change.operation},
      {"enabled", change.enabled ? nlohmann::json(*change.enabled) : nlohmann::json(nullptr)},
      {"actor", {{"AccountObjectId", change.actor_object_id}, {"AccountDisplayName", change.actor_display_name}}},
      {"ip", change.ip},
      {"time", format_timestamp(change.time)},
  };
  if (change.renamed_to) j["renamed_to"] = *change.renamed_to;
  return j;
}

const std::vector<std::string>& connector_remediation() {
  static const std::vector<std::string> steps = {
      "Disable or remove the connector (Set-InboundConnector/Set-OutboundConnector -Enabled $false, or "
      "Remove-*Connector) until its owner confirms it.",
      "Reset the password of the admin account that changed it and revoke its sessions and refresh tokens.",
      "Enforce multifactor authentication for that admin and for every Exchange administrator.",
      "Review the admin's other activity in the same period (mailbox permissions, transport rules, app consents).",
  };
  return steps;
}

}  // namespace vigil::engine::content::m365
