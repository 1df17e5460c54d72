#include "engine/rules/rule.hpp"

namespace vigil::engine {

nlohmann::json alert_rule_reference(const RuleDefinition& rule) {
  return {{"id", rule.rule_id},
          {"name", rule.name},
          {"type", rule.type},
          {"version", rule.version},
          {"severity", rule.severity},
          {"risk_score", rule.risk_score},
          // Kibana copies these into every alert (kibana.alert.rule.tags, ...):
          // analysts filter and route alerts by tag and open the references.
          {"tags", rule.tags},
          {"references", rule.references},
          {"false_positives", rule.false_positives},
          {"author", rule.author}};
}

}  // namespace vigil::engine
