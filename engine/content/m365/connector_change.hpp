#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time/timestamp.hpp"

namespace vigil::engine::content::m365 {

// One Exchange Online connector operation, read from a CloudAppEvents row
// whose ActionType is the cmdlet: New-, Set- or Remove- InboundConnector /
// OutboundConnector.
struct ConnectorChange {
  // The connector operated on: the `Name` parameter for New-*, `Identity`
  // for Set-* and Remove-* (which take the connector by -Identity; the
  // playbook's query reads only Name and so misses them).
  std::string name;
  // Set-* with both -Identity and -Name renames the connector: the new name.
  std::optional<std::string> renamed_to;
  std::string operation;  // the ActionType, e.g. "Set-InboundConnector"
  // The `Enabled` parameter; New-* without it creates an enabled connector
  // (the cmdlet's default); Set-* without it leaves the state unknown here;
  // Remove-* leaves no connector, so false.
  std::optional<bool> enabled;
  std::string actor_object_id;     // AccountObjectId
  std::string actor_display_name;  // AccountDisplayName
  std::string ip;                  // IPAddress
  TimeMs time = 0;                 // Timestamp (else @timestamp)
};

// True for the six connector cmdlets (case-insensitive).
bool is_connector_operation(std::string_view action_type);

// Reads the change from a CloudAppEvents row. RawEventData may be an object
// or JSON text; its Parameters are [{"Name":...,"Value":...}] and parameter
// names match case-insensitively. nullopt when the row is not a connector
// operation or names no connector. Pure.
std::optional<ConnectorChange> read_connector_change(const nlohmann::json& row);

// {"name","operation","enabled","actor":{"AccountObjectId","AccountDisplayName"},"ip","time"}
// plus "renamed_to" on renames: the alert's `connector` object.
nlohmann::json to_json(const ConnectorChange& change);

// What the playbook tells an analyst to do about a suspicious connector.
const std::vector<std::string>& connector_remediation();

}  // namespace vigil::engine::content::m365
