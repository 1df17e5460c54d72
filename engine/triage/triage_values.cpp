#include "engine/triage/triage_values.hpp"

#include <utility>
#include <vector>

namespace vigil::engine::triage {
namespace {

// One field's domain: its canonical values (listed in errors, in order) and
// other accepted spellings with the canonical value each stands for.
struct Domain {
  std::string_view field;
  std::vector<std::string_view> values;
  std::vector<std::pair<std::string_view, std::string_view>> aliases = {};
  std::string_view aliases_note = {};
};

ParsedValue parse_in(const Domain& domain, std::string_view text) {
  for (const auto value : domain.values)
    if (text == value) return {std::string(value), {}};
  for (const auto& [alias, canonical] : domain.aliases)
    if (text == alias) return {std::string(canonical), {}};
  std::string error = std::string(domain.field) + " must be one of ";
  for (std::size_t i = 0; i < domain.values.size(); ++i) error.append(i ? ", " : "").append(domain.values[i]);
  if (!domain.aliases_note.empty()) error.append(" (").append(domain.aliases_note).append(")");
  return {{}, error.append("; got '").append(text).append("'")};
}

}  // namespace

ParsedValue parse_status(std::string_view text) {
  static const Domain kDomain{"status", {"open", "acknowledged", "closed"}};
  return parse_in(kDomain, text);
}

ParsedValue parse_classification(std::string_view text) {
  static const Domain kDomain{"classification",
                              {"true_positive", "false_positive", "benign_positive", "null"},
                              {{"truePositive", "true_positive"},
                               {"falsePositive", "false_positive"},
                               {"informationalExpectedActivity", "benign_positive"},
                               {"none", kUnsetClassification}},
                              "or Defender's truePositive, falsePositive, informationalExpectedActivity"};
  auto parsed = parse_in(kDomain, text);
  if (parsed.value == "null") parsed.value = kUnsetClassification;
  return parsed;
}

ParsedValue parse_determination(std::string_view text) {
  static const Domain kDomain{
      "determination",
      {"apt", "malware", "securityPersonnel", "securityTesting", "unwantedSoftware", "multiStagedAttack",
       "compromisedAccount", "phishing", "maliciousUserActivity", "notMalicious", "notEnoughDataToValidate",
       "confirmedActivity", "lineOfBusinessApplication", "other"}};
  return parse_in(kDomain, text);
}

ParsedValue parse_severity(std::string_view text) {
  static const Domain kDomain{"severity", {"low", "medium", "high", "critical"}};
  return parse_in(kDomain, text);
}

}  // namespace vigil::engine::triage
