#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/time/timestamp.hpp"

namespace vigil::engine {

// A position in a rule file, for load errors ("rules/x.toml:12:5: ...").
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

// Kibana's exception operators ("is", "is one of", "matches", ... and their negations).
enum class ExceptionOperator {
  kIs,
  kIsNot,
  kIsOneOf,
  kIsNotOneOf,
  kMatches,
  kDoesNotMatch,
  kExists,
  kDoesNotExist,
};

// One condition of an exception item; all entries of an item must hold.
struct ExceptionEntry {
  std::string field;
  ExceptionOperator op = ExceptionOperator::kIs;
  std::vector<std::string> values;  // one for is/matches, several for is_one_of, none for exists
};

// An event that fully matches any item makes no alert.
struct ExceptionItem {
  std::string name;  // optional label, shown in run records
  std::vector<ExceptionEntry> entries;
};

// A detection rule as written in an Elastic detection-rules TOML file or a
// Kibana rule export, with Kibana's defaults applied.
struct RuleDefinition {
  std::string rule_id;
  std::string name;
  std::string description;
  std::string type = "eql";  // "eql" or "aggregation"
  std::string language = "eql";
  std::string query;
  SourceLocation query_location;  // where the query text starts in its file
  std::vector<std::string> index;
  TimeMs interval = 5 * kMinuteMs;
  std::string from = "now-6m";  // Kibana default; rule files usually set it
  std::string to = "now";
  int max_signals = 100;
  std::optional<std::string> timestamp_override;
  int risk_score = 21;
  std::string severity = "low";
  int version = 1;
  std::vector<std::string> tags;
  std::vector<std::string> references;
  std::vector<std::string> false_positives;
  std::vector<std::string> author;
  std::string license;
  std::string note;
  std::string setup;
  nlohmann::json threat = nlohmann::json::array();  // [[rule.threat]] verbatim
  std::vector<ExceptionItem> exceptions;
  nlohmann::json extra = nlohmann::json::object();  // type-specific settings (aggregation rules)
  SourceLocation location;  // the rule file
  bool enabled = true;
};

// MITRE ids in a rule's threat mapping, technique then its sub-techniques,
// in file order, without duplicates: ["T1098","T1098.002","T1059","T1059.001"].
std::vector<std::string> mitre_technique_ids(const nlohmann::json& threat);

// MITRE tactic ids in a rule's threat mapping, in file order, without
// duplicates: ["TA0003","TA0002"].
std::vector<std::string> mitre_tactic_ids(const nlohmann::json& threat);

}  // namespace vigil::engine

namespace vigil::engine {

// The rule as every alert names it: {"id","name","type","version","severity","risk_score",
// "tags","references","false_positives","author"} (the last four as arrays, [] when unset).
nlohmann::json alert_rule_reference(const RuleDefinition& rule);

}  // namespace vigil::engine
