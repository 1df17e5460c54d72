#include "engine/analytics/aggregation_evidence.hpp"

#include <algorithm>

#include "engine/analytics/column.hpp"

namespace vigil::engine::analytics {
namespace {

std::string group_text(const nlohmann::json& group) {
  std::string text;
  for (const auto& [field, value] : group.items()) {
    if (!text.empty()) text += ", ";
    text += field + " " + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return text;
}

std::string reason(const RuleDefinition& rule, const AggregationSpec& spec, const GroupFinding& finding) {
  return spec.metric_name() + " " + std::to_string(finding.facts->metric()) + " (threshold " +
         (spec.strictly_greater ? "> " : ">= ") + std::to_string(spec.threshold) + ") for " +
         group_text(finding.group) + " from " + format_timestamp(finding.bin.start) + " to " +
         format_timestamp(finding.bin.end) + " created " + rule.severity + " alert " + rule.name + ".";
}

// The value_sets columns' values of the group's events and of the follow-up
// (a success may come from another country than the failures). Columns
// with no value are left out, so mail alerts carry no empty sets.
nlohmann::json value_sets(const GroupFacts& facts, const std::optional<nlohmann::json>& follow_up) {
  auto sets = facts.value_sets();
  nlohmann::json present = nlohmann::json::object();
  for (auto& [column, values] : sets.items()) {
    if (follow_up) {
      if (auto extra = column_text(*follow_up, column);
          extra && std::find(values.begin(), values.end(), *extra) == values.end()) {
        values.push_back(*extra);
      }
    }
    if (!values.empty()) present[column] = std::move(values);
  }
  return present;
}

}  // namespace

Alert build_aggregation_alert(const RuleDefinition& rule, const AggregationSpec& spec, const GroupFinding& finding,
                              std::string id, TimeMs created_at) {
  Alert alert;
  alert.id = std::move(id);
  alert.rule_id = rule.rule_id;
  alert.created_at = created_at;
  alert.original_time = finding.bin.start;
  alert.severity = rule.severity;
  alert.risk_score = rule.risk_score;
  alert.mitre = mitre_technique_ids(rule.threat);
  alert.tactics = mitre_tactic_ids(rule.threat);
  alert.replace_existing = true;

  const auto& facts = *finding.facts;
  auto& doc = alert.document;
  doc = {
      {"id", alert.id},
      {"rule", alert_rule_reference(rule)},
      {"created_at", format_timestamp(created_at)},
      {"original_time", format_timestamp(finding.bin.start)},
      {"reason", reason(rule, spec, finding)},
      {"status", to_string(alert.status)},
      {"group", finding.group},
      {"bin", {{"start", format_timestamp(finding.bin.start)}, {"end", format_timestamp(finding.bin.end)}}},
      {"metric",
       {{"name", spec.metric_name()},
        {"value", facts.metric()},
        {"threshold", spec.threshold},
        {"comparison", spec.strictly_greater ? ">" : ">="}}},
      {"first_event", format_timestamp(facts.first())},
      {"last_event", format_timestamp(facts.last())},
      {"threat", rule.threat},
      {"mitre", alert.mitre},
      {"remediation", spec.remediation},
  };
  if (auto sets = value_sets(facts, finding.follow_up); !sets.empty()) doc["sets"] = std::move(sets);
  if (finding.follow_up_time) {
    doc["followed_by"] = {{"time", format_timestamp(*finding.follow_up_time)},
                          {"event", finding.follow_up.value_or(nlohmann::json(nullptr))}};
  }
  return alert;
}

}  // namespace vigil::engine::analytics
