#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/analytics/bin_plan.hpp"
#include "engine/analytics/group_facts.hpp"
#include "engine/rules/rule.hpp"
#include "engine/store/alert_store.hpp"

namespace vigil::engine::analytics {

// One group over threshold in one bin, with everything its alert reports.
struct GroupFinding {
  nlohmann::json group;  // {"<group_by field as in the data>": value, ...}
  Bin bin;
  const GroupFacts* facts = nullptr;
  std::optional<nlohmann::json> follow_up;  // the event that followed (logon success)
  std::optional<TimeMs> follow_up_time;
};

// Builds the alert for a finding. The document holds: id; rule
// (alert_rule_reference, with the rule's tags and references); created_at; original_time (the bin
// start); reason; status "open"; group; bin {start, end}; metric {name,
// value, threshold, comparison}; first_event / last_event times; threat;
// mitre; remediation; plus sets (the ISP and Location values of the
// group's events and follow-up, each column only when seen) and, with
// followed_by, followed_by {time, event}; content follow-ups add their own
// evidence to it (detect/aggregation_follow_up.hpp). `replace_existing` is set: a later run
// re-evaluating the bin updates this alert. Pure; thread-safe.
Alert build_aggregation_alert(const RuleDefinition& rule, const AggregationSpec& spec, const GroupFinding& finding,
                              std::string id, TimeMs created_at);

}  // namespace vigil::engine::analytics
