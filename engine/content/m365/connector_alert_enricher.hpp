#pragma once

#include <nlohmann/json.hpp>

namespace vigil::engine::content::m365 {

// The alert enricher for Exchange connector operations: when the event is
// one (a CloudAppEvents row, connector_change.hpp), adds connector {name,
// operation, enabled, actor, ip, time} and the playbook's remediation.
// Pure; thread-safe.
void enrich_connector_alert(const nlohmann::json& event, nlohmann::json& alert);

}  // namespace vigil::engine::content::m365
