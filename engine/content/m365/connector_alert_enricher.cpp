#include "engine/content/m365/connector_alert_enricher.hpp"

#include "engine/content/m365/connector_change.hpp"

namespace vigil::engine::content::m365 {

void enrich_connector_alert(const nlohmann::json& event, nlohmann::json& alert) {
  const auto change = read_connector_change(event);
  if (!change) return;
  alert["connector"] = to_json(*change);
  alert["remediation"] = connector_remediation();
}

}  // namespace vigil::engine::content::m365
