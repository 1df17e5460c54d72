#include "engine/content/register_all.hpp"

#include <memory>

#include "engine/content/activesync/activesync_enricher.hpp"
#include "engine/content/m365/connector_alert_enricher.hpp"
#include "engine/content/m365/connector_follow_up.hpp"
#include "engine/content/m365/mail_follow_up.hpp"

namespace vigil::engine::content {

void register_all(detect::ContentRegistry& registry) {
  registry.alert_enrichers.add("activesync", activesync::enrich_alert);
  registry.alert_enrichers.add("m365.connector", m365::enrich_connector_alert);
  registry.aggregation_follow_ups.add("m365.connector_changes", std::make_shared<m365::ConnectorFollowUp>());
  registry.aggregation_follow_ups.add("m365.mail", std::make_shared<m365::MailFollowUp>());
}

}  // namespace vigil::engine::content
