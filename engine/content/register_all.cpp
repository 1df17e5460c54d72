#include "engine/content/register_all.hpp"

#include "engine/content/activesync/activesync_enricher.hpp"
#include "engine/content/m365/connector_alert_enricher.hpp"

namespace vigil::engine::content {

void register_all(detect::ContentRegistry& registry) {
  registry.alert_enrichers.add("activesync", activesync::enrich_alert);
  registry.alert_enrichers.add("m365.connector", m365::enrich_connector_alert);
}

}  // namespace vigil::engine::content
