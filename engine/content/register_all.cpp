#include "engine/content/register_all.hpp"

#include <memory>
#include <string>

#include "engine/content/activesync/activesync_enricher.hpp"
#include "engine/content/m365/connector_alert_enricher.hpp"
#include "engine/content/m365/connector_follow_up.hpp"
#include "engine/content/m365/connector_settings.hpp"
#include "engine/content/m365/mail_checks.hpp"
#include "engine/content/m365/mail_evidence.hpp"
#include "engine/content/m365/mail_follow_up.hpp"

namespace vigil::engine::content {

void register_all(detect::ContentRegistry& registry, const ContentSettings& settings) {
  auto& aggregation = registry.aggregation_extensions;
  aggregation.row_checks.add("sender_domain_mismatch", m365::sender_domain_mismatch());
  aggregation.row_checks.add("recipient_outside_sender_domain", m365::recipient_outside_sender_domain());
  aggregation.group_evidence.add(std::string(m365::kMailEvidence), std::make_shared<m365::MailEvidenceKind>());
  aggregation.settings_checks.add("m365.connector_changes", m365::check_connector_changes);
  registry.alert_enrichers.add("activesync", activesync::enrich_alert);
  registry.alert_enrichers.add("m365.connector", m365::enrich_connector_alert);
  registry.aggregation_follow_ups.add("m365.connector_changes", std::make_shared<m365::ConnectorFollowUp>());
  registry.aggregation_follow_ups.add("m365.mail", std::make_shared<m365::MailFollowUp>(settings.m365));
}

}  // namespace vigil::engine::content
