#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/analytics/bin_plan.hpp"
#include "engine/analytics/connector_change.hpp"
#include "engine/analytics/evidence_options.hpp"
#include "engine/analytics/group_facts.hpp"
#include "engine/rules/rule.hpp"
#include "engine/store/alert_store.hpp"

namespace vigil::engine::analytics {

// How many changes of other connectors an alert lists.
inline constexpr std::size_t kMaxOtherConnectorChanges = 20;

// One group over threshold in one bin, with everything its alert reports.
struct GroupFinding {
  nlohmann::json group;  // {"<group_by field as in the data>": value, ...}
  Bin bin;
  const GroupFacts* facts = nullptr;
  std::vector<ConnectorChange> connector_history;  // oldest first
  std::optional<nlohmann::json> follow_up;         // the event that followed (logon success)
  std::optional<TimeMs> follow_up_time;
  std::vector<ConnectorChange> other_connector_changes;  // newest first
  // MessageIndicators::evidence() for the group's messages, merged into `mail`.
  std::optional<nlohmann::json> message_indicators;
};

// Builds the alert for a finding. The document holds: id; rule
// (alert_rule_reference, with the rule's tags and references); created_at; original_time (the bin
// start); reason; status "open"; group; bin {start, end}; metric {name,
// value, threshold, comparison}; first_event / last_event times; threat;
// mitre; remediation; plus sets (the ISP and Location values of the
// group's events and follow-up, each column only when seen) and, when
// they apply, mail (see GroupFacts::mail_evidence, with the message
// indicators' urls and attachments merged in), connector_changes [{name,
// operation, enabled, actor, ip, time}], connector (connector_summary:
// created, last_change), other_connector_changes (same shape as
// connector_changes, newest first, up to kMaxOtherConnectorChanges) and
// followed_by {time, event}. `replace_existing` is set: a later run
// re-evaluating the bin updates this alert. Pure; thread-safe.
Alert build_aggregation_alert(const RuleDefinition& rule, const AggregationSpec& spec, const GroupFinding& finding,
                              std::string id, TimeMs created_at, const EvidenceOptions& options);

}  // namespace vigil::engine::analytics
