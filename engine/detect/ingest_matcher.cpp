#include "engine/detect/ingest_matcher.hpp"

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/analytics/column_row.hpp"
#include "engine/analytics/row_values.hpp"
#include "engine/detect/content_registry.hpp"
#include "engine/detect/sha256.hpp"
#include "engine/eql/evaluator.hpp"

namespace vigil::engine::detect {
namespace {

// Raised whenever what is recorded for an EQL rule's match changes, so that
// every rule's earlier ingest matches are dropped and its stored events
// rescanned. The evaluator's own changes raise eql::kEvaluatorVersion, which
// the fingerprint also holds.
constexpr const char* kMatcherVersion = "vigil-ingest-match/1";
// Raised whenever what is recorded for an aggregation rule changes
// (row_values.hpp's encoding, or which events match).
constexpr const char* kValuesVersion = "vigil-ingest-values/1";

std::string fingerprint(const CompiledRule& rule, TimeField time_field) {
  const auto& d = rule.definition;
  return sha256_hex(std::string(kMatcherVersion) + '\n' + std::string(eql::kEvaluatorVersion) + '\n' + d.language +
                    '\n' + (time_field == TimeField::kIngested ? "event.ingested" : "@timestamp") + '\n' + d.query);
}

// What an aggregation rule's recorded matches depend on: `version`, the
// events matched (dataset, indices) and the columns recorded, if any.
std::string dataset_fingerprint(std::string_view version, const CompiledRule& rule, const std::string& dataset,
                                const std::vector<std::string>& columns) {
  std::string key = std::string(version) + '\n' + dataset + '\n';
  for (const auto& pattern : rule.definition.index) key.append(pattern).append(",");
  key += '\n';
  for (const auto& column : columns) key.append(column).append(",");
  return sha256_hex(key);
}

}  // namespace

TimeField window_time_field(const RuleDefinition& rule) {
  return rule.timestamp_override == "event.ingested" ? TimeField::kIngested : TimeField::kTimestamp;
}

IngestMatcher::IngestMatcher(const RuleSet& rules) {
  for (const auto& rule : rules.rules()) {
    if (rule.definition.type == "eql" && rule.query) {
      const auto time_field = window_time_field(rule.definition);
      entries_.push_back({&rule, time_field});
      versions_.push_back({rule.definition.rule_id, fingerprint(rule, time_field)});
    } else if (rule.definition.type == "aggregation") {
      // A rule whose settings do not read fails its runs with the reason;
      // there is nothing to record for it.
      auto spec = analytics::read_aggregation_spec(rule.definition.extra, content_registry().aggregation_extensions);
      const auto* read = std::get_if<analytics::AggregationSpec>(&spec);
      if (read == nullptr) continue;
      for (auto& candidates : content_registry().aggregation_follow_ups.ingest_candidates(rule, *read)) {
        versions_.push_back(
            {candidates.match_id, dataset_fingerprint(candidates.version, rule, candidates.dataset, {})});
        candidates_entries_.push_back({&rule, std::move(candidates)});
      }
      if (auto columns = analytics::recorded_columns(*read)) {
        versions_.push_back(
            {rule.definition.rule_id, dataset_fingerprint(kValuesVersion, rule, read->dataset, *columns)});
        values_entries_.push_back({&rule, read->dataset, std::move(*columns)});
      }
    }
  }
}

std::vector<RuleMatch> IngestMatcher::match(const nlohmann::json& document, std::string_view index,
                                            std::string_view dataset) const {
  std::vector<RuleMatch> matches;
  for (const auto& e : entries_) {
    if (e.rule->query->matches(document)) matches.push_back({e.rule->definition.rule_id, e.time_field, {}});
  }
  std::optional<analytics::ColumnRow> row;  // read once, for the first rule that needs it
  for (const auto& e : values_entries_) {
    if (e.dataset != dataset || !e.rule->indices.selects(index)) continue;
    if (!row) row.emplace(document);
    matches.push_back({e.rule->definition.rule_id, TimeField::kTimestamp, analytics::encode_row_values(*row, e.columns)});
  }
  for (const auto& e : candidates_entries_) {
    if (e.candidates.dataset != dataset || !e.rule->indices.selects(index)) continue;
    if (e.candidates.matches(document)) matches.push_back({e.candidates.match_id, TimeField::kTimestamp, {}});
  }
  return matches;
}

}  // namespace vigil::engine::detect
