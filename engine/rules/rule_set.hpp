#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/rules/compiled_rule.hpp"

namespace vigil::engine {

// The compiled rules Vigil runs, in load order, with lookup by rule_id.
// Built once by the loader, then read-only and safe to share between threads.
class RuleSet {
 public:
  // Precondition: no rule with the same rule_id was added (the loader
  // reports duplicates as load errors before adding).
  void add(CompiledRule rule);

  const std::vector<CompiledRule>& rules() const { return rules_; }
  std::size_t size() const { return rules_.size(); }
  // nullptr when no rule has that id.
  const CompiledRule* find(std::string_view rule_id) const;

 private:
  std::vector<CompiledRule> rules_;
  std::unordered_map<std::string, std::size_t> by_id_;
};

}  // namespace vigil::engine
