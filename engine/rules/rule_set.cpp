#include "engine/rules/rule_set.hpp"

namespace vigil::engine {

void RuleSet::add(CompiledRule rule) {
  by_id_.emplace(rule.definition.rule_id, rules_.size());
  rules_.push_back(std::move(rule));
}

const CompiledRule* RuleSet::find(std::string_view rule_id) const {
  const auto it = by_id_.find(std::string(rule_id));
  return it == by_id_.end() ? nullptr : &rules_[it->second];
}

}  // namespace vigil::engine
