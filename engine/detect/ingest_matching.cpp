#include "engine/detect/ingest_matching.hpp"

#include <unordered_map>
#include <unordered_set>

namespace vigil::engine::detect {

IngestMatchingChange plan_matching_change(std::span<const IngestRuleVersion> recorded,
                                          std::span<const IngestRuleVersion> wanted) {
  std::unordered_map<std::string_view, std::string_view> fingerprints;  // rule_id -> fingerprint
  for (const auto& r : recorded) fingerprints.emplace(r.rule_id, r.fingerprint);
  std::unordered_set<std::string_view> wanted_ids;
  IngestMatchingChange change;
  for (const auto& r : wanted) {
    wanted_ids.insert(r.rule_id);
    const auto found = fingerprints.find(r.rule_id);
    if (found == fingerprints.end() || found->second != r.fingerprint) change.restarted.push_back(r);
  }
  for (const auto& r : recorded)
    if (!wanted_ids.contains(r.rule_id)) change.stopped.push_back(r.rule_id);
  return change;
}

std::vector<std::string> begin_ingest_matching(RuleMatchIndex& index, std::span<const IngestRuleVersion> rules) {
  const auto change = plan_matching_change(index.matched_rules(), rules);
  index.change_matching(change);
  std::vector<std::string> restarted;
  restarted.reserve(change.restarted.size());
  for (const auto& r : change.restarted) restarted.push_back(r.rule_id);
  return restarted;
}

}  // namespace vigil::engine::detect
