#include "engine/content/m365/connector_alert_enricher.hpp"

#include "engine/analytics/connector_change.hpp"

namespace vigil::engine::content::m365 {

void enrich_connector_alert(const nlohmann::json& event, nlohmann::json& alert) {
  const auto change = analytics::read_connector_change(event);
  if (!change) return;
  alert["connector"] = analytics::to_json(*change);
  alert["remediation"] = analytics::connector_remediation();
}

}  // namespace vigil::engine::content::m365
