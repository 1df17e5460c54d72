#include "engine/rules/rule.hpp"

namespace vigil::engine {

nlohmann::json alert_rule_reference(const RuleDefinition& rule) {
  return {{"id", rule.rule_id},
          {"name", rule.name},
          {"type", rule.type},
          {"version", rule.version},
          {"severity", rule.severity},
          {"risk_score", rule.risk_score}};
}

}  // namespace vigil::engine
