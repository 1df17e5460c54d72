#include "engine/detect/ingest_matcher.hpp"

#include "engine/detect/sha256.hpp"

namespace vigil::engine::detect {
namespace {

// Raised whenever the evaluator changes what a query matches, so that every
// rule's earlier ingest matches are dropped and its stored events rescanned.
constexpr const char* kMatcherVersion = "vigil-ingest-match/1";

std::string fingerprint(const CompiledRule& rule, TimeField time_field) {
  const auto& d = rule.definition;
  return sha256_hex(std::string(kMatcherVersion) + '\n' + d.language + '\n' +
                    (time_field == TimeField::kIngested ? "event.ingested" : "@timestamp") + '\n' + d.query);
}

}  // namespace

TimeField window_time_field(const RuleDefinition& rule) {
  return rule.timestamp_override == "event.ingested" ? TimeField::kIngested : TimeField::kTimestamp;
}

IngestMatcher::IngestMatcher(const RuleSet& rules) {
  for (const auto& rule : rules.rules()) {
    if (rule.definition.type != "eql" || !rule.query) continue;
    const auto time_field = window_time_field(rule.definition);
    entries_.push_back({&rule, time_field});
    versions_.push_back({rule.definition.rule_id, fingerprint(rule, time_field)});
  }
}

std::vector<RuleMatch> IngestMatcher::match(const nlohmann::json& document) const {
  std::vector<RuleMatch> matches;
  for (const auto& e : entries_) {
    if (e.rule->query->matches(document)) matches.push_back({e.rule->definition.rule_id, e.time_field});
  }
  return matches;
}

EventRecord to_matched_record(Normalized normalized, std::string index, std::string id, WriteMode mode,
                              const IngestMatcher* matcher) {
  auto matches = matcher ? matcher->match(normalized.document) : std::vector<RuleMatch>{};
  auto record = to_event_record(std::move(normalized), std::move(index), std::move(id), mode);
  record.rule_matches = std::move(matches);
  return record;
}

}  // namespace vigil::engine::detect
