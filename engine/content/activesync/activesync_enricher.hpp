#pragma once

#include <nlohmann/json.hpp>

namespace vigil::engine::content::activesync {

// The alert enricher of the ActiveSync module: when the event's command
// line passes -ActiveSyncAllowedDeviceIDs, or an Exchange Online audit
// record's parameters include it, adds activesync {device_ids, identity}
// plus removed_device_ids when the command removes any
// (activesync_extractor.hpp). Pure; thread-safe.
void enrich_alert(const nlohmann::json& event, nlohmann::json& alert);

}  // namespace vigil::engine::content::activesync
