#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/rules/load_result.hpp"
#include "engine/rules/rule_set.hpp"

namespace vigil::engine {

struct LoadedRules {
  RuleSet rules;
  LoadResult result;
};

// Loads rule files into a RuleSet: reader (TOML or Kibana NDJSON) →
// duplicate check → compiler. A file or rule with errors is left out and the
// rest still load; the LoadResult says what was left out and why.
//
// The only part of engine/rules that touches the filesystem, and only to read
// files: everything else works from text, as add_text does. Not thread-safe;
// load on one thread, then share the finished RuleSet.
class RuleLoader {
 public:
  // Rules whose rule_id is listed load with enabled = false. `overrides`
  // maps a rule_id to settings that replace the rule file's type-specific
  // settings (RuleDefinition::extra, e.g. an aggregation threshold), so an
  // operator tunes a shipped rule without copying it. Overriding a setting
  // the rule does not have is an error: a typo must not pass silently.
  explicit RuleLoader(std::unordered_set<std::string> disabled_rule_ids = {},
                      std::unordered_map<std::string, nlohmann::json> overrides = {});

  // One file's text; a name ending in ".ndjson" is a Kibana export, any other TOML.
  void add_text(std::string_view text, std::string_view name);
  // Every *.toml and *.ndjson under `directory`, recursively, sorted by path
  // so that load order (and which of two duplicates wins) is deterministic.
  void add_directory(const std::filesystem::path& directory);

  // Warns about disabled ids that matched no rule, then hands over the result.
  LoadedRules finish() &&;

 private:
  void add_definition(RuleDefinition definition);

  void apply_overrides(RuleDefinition& definition);

  std::unordered_set<std::string> disabled_;
  std::unordered_set<std::string> disabled_seen_;
  std::unordered_map<std::string, nlohmann::json> overrides_;
  std::unordered_map<std::string, SourceLocation> defined_at_;  // rule_id → first definition
  LoadedRules loaded_;
};

// Loads every rule file under each directory, in the order given.
LoadedRules load_rule_directories(const std::vector<std::filesystem::path>& directories,
                                  std::unordered_set<std::string> disabled_rule_ids = {},
                                  std::unordered_map<std::string, nlohmann::json> overrides = {});

}  // namespace vigil::engine
