#include "engine/rules/rule_loader.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "engine/rules/kibana_export_reader.hpp"
#include "engine/rules/rule_compiler.hpp"
#include "engine/rules/toml_rule_reader.hpp"

namespace vigil::engine {
namespace {

bool is_rule_file(const std::filesystem::path& path) {
  const auto extension = path.extension();
  return extension == ".toml" || extension == ".ndjson";
}

std::optional<std::string> read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

}  // namespace

RuleLoader::RuleLoader(std::unordered_set<std::string> disabled_rule_ids,
                       std::unordered_map<std::string, nlohmann::json> overrides)
    : disabled_(std::move(disabled_rule_ids)), overrides_(std::move(overrides)) {}

void RuleLoader::apply_overrides(RuleDefinition& definition) {
  const auto it = overrides_.find(definition.rule_id);
  if (it == overrides_.end()) return;
  for (const auto& [key, value] : it->second.items()) {
    if (!definition.extra.contains(key)) {
      loaded_.result.add_error(LoadCode::kInvalidValue, definition.location,
                               "configured override of rule \"" + definition.rule_id + "\" sets '" + key +
                                   "', which the rule does not have");
      continue;
    }
    definition.extra[key] = value;
  }
  overrides_.erase(it);
}

void RuleLoader::add_text(std::string_view text, std::string_view name) {
  if (name.ends_with(".ndjson")) {
    for (auto& definition : read_kibana_export(text, name, loaded_.result)) add_definition(std::move(definition));
  } else if (auto definition = read_toml_rule(text, name, loaded_.result)) {
    add_definition(std::move(*definition));
  }
}

void RuleLoader::add_definition(RuleDefinition definition) {
  const auto [first, inserted] = defined_at_.emplace(definition.rule_id, definition.location);
  if (!inserted) {
    loaded_.result.add_error(LoadCode::kDuplicateRuleId, definition.location,
                             "duplicate rule_id \"" + definition.rule_id + "\": already defined at " +
                                 to_string(first->second) + "; this definition is not loaded");
    return;
  }
  if (disabled_.contains(definition.rule_id)) {
    definition.enabled = false;
    disabled_seen_.insert(definition.rule_id);
  }
  apply_overrides(definition);
  if (auto rule = compile_rule(std::move(definition), loaded_.result)) loaded_.rules.add(std::move(*rule));
}

void RuleLoader::add_directory(const std::filesystem::path& directory) {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  std::filesystem::recursive_directory_iterator it(directory, error);
  for (; !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file(error) && is_rule_file(it->path())) files.push_back(it->path());
  }
  if (error) {
    loaded_.result.add_error(LoadCode::kFileUnreadable, {directory.string(), 0, 0},
                             "cannot read rule directory: " + error.message());
    return;
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    if (const auto text = read_whole_file(file)) {
      add_text(*text, file.string());
    } else {
      loaded_.result.add_error(LoadCode::kFileUnreadable, {file.string(), 0, 0}, "cannot read rule file");
    }
  }
}

LoadedRules RuleLoader::finish() && {
  for (const auto& [id, settings] : overrides_)
    loaded_.result.add_error(LoadCode::kInvalidValue, {},
                             "a configured override names rule \"" + id + "\", which no loaded rule has");
  std::vector<std::string> unmatched;
  for (const auto& id : disabled_) {
    if (!disabled_seen_.contains(id)) unmatched.push_back(id);
  }
  std::sort(unmatched.begin(), unmatched.end());  // the set's order is not stable across runs
  for (const auto& id : unmatched) {
    loaded_.result.add_warning(LoadCode::kUnknownDisabledRule, {},
                               "disabled rule_id \"" + id + "\" matches no loaded rule");
  }
  return std::move(loaded_);
}

LoadedRules load_rule_directories(const std::vector<std::filesystem::path>& directories,
                                  std::unordered_set<std::string> disabled_rule_ids,
                                  std::unordered_map<std::string, nlohmann::json> overrides) {
  RuleLoader loader(std::move(disabled_rule_ids), std::move(overrides));
  for (const auto& directory : directories) loader.add_directory(directory);
  return std::move(loader).finish();
}

}  // namespace vigil::engine
