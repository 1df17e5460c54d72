#include "engine/detect/alert_builder.hpp"

#include "engine/detect/alert_reason.hpp"
#include "engine/detect/content_registry.hpp"
#include "engine/detect/field_text.hpp"
#include "engine/detect/sha256.hpp"
#include "engine/event/field_lookup.hpp"

namespace vigil::engine::detect {
namespace {

nlohmann::json value_or_null(const nlohmann::json& document, std::string_view path) {
  const auto* value = find_field(document, path);
  return value ? *value : nlohmann::json(nullptr);
}

}  // namespace

std::string alert_id(std::string_view rule_id, std::string_view index, std::string_view event_id) {
  std::string key;
  key.reserve(rule_id.size() + index.size() + event_id.size() + 2);
  key.append(rule_id).append("\n").append(index).append("\n").append(event_id);
  return sha256_hex(key);
}

Alert build_alert(const RuleDefinition& rule, const StoredEvent& event, const nlohmann::json& document,
                  TimeMs created_at) {
  Alert alert;
  alert.id = alert_id(rule.rule_id, event.index, event.id);
  alert.rule_id = rule.rule_id;
  alert.created_at = created_at;
  alert.original_time = event.timestamp;
  alert.severity = rule.severity;
  alert.risk_score = rule.risk_score;
  alert.status = triage::AlertStatus::kOpen;
  alert.host_name = field_text(document, "host.name").value_or("");
  alert.user_name = field_text(document, "user.name").value_or("");
  alert.mitre = mitre_technique_ids(rule.threat);
  alert.tactics = mitre_tactic_ids(rule.threat);

  auto& doc = alert.document;
  doc = {
      {"id", alert.id},
      {"rule", alert_rule_reference(rule)},
      {"created_at", format_timestamp(created_at)},
      {"original_time", event.timestamp ? nlohmann::json(format_timestamp(*event.timestamp)) : nlohmann::json(nullptr)},
      {"reason", alert_reason(document, rule.severity, rule.name)},
      {"status", to_string(alert.status)},
      {"host", {{"name", value_or_null(document, "host.name")}}},
      {"user", {{"name", value_or_null(document, "user.name")}}},
      {"process",
       {{"name", value_or_null(document, "process.name")},
        {"executable", value_or_null(document, "process.executable")},
        {"command_line", value_or_null(document, "process.command_line")},
        {"args", value_or_null(document, "process.args")},
        {"pid", value_or_null(document, "process.pid")},
        {"parent", {{"name", value_or_null(document, "process.parent.name")}}}}},
      {"threat", rule.threat},
      {"mitre", alert.mitre},
      {"source", {{"index", event.index}, {"id", event.id}}},
      {"event", document},
  };
  content_registry().alert_enrichers.enrich(document, doc);
  return alert;
}

}  // namespace vigil::engine::detect
