#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/analytics/aggregation_extensions.hpp"
#include "engine/analytics/group_evidence.hpp"
#include "engine/analytics/row_check.hpp"
#include "engine/eql/query.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::analytics {

// How long after a bin ends its events are taken to have arrived.
inline constexpr TimeMs kDefaultSettle = 5 * kMinuteMs;

// A second event that must follow each group's last event (failures then success).
struct FollowedBy {
  std::optional<eql::CompiledQuery> filter;
  std::vector<std::string> same;  // fields that must equal the group's
  TimeMs within = 0;              // inclusive: [last, last + within]
};

// The settings of a `type = "aggregation"` rule, read from the rule's own keys
// (RuleDefinition::extra). docs/RULES.md documents each key.
struct AggregationSpec {
  std::string dataset;
  std::optional<eql::CompiledQuery> filter;  // column names case-insensitive
  std::vector<std::string> non_empty;        // columns that must hold a value
  std::vector<RowCheck> checks;              // `checks`, by name (AggregationExtensions)
  std::vector<std::string> group_by;
  std::vector<std::string> multi_valued;  // group-by fields holding comma-separated lists
  TimeMs bin = kHourMs;
  std::optional<std::string> distinct_field;  // distinct_count(field); count when absent
  std::int64_t threshold = 0;
  bool strictly_greater = false;  // comparison ">" rather than ">="
  TimeMs settle = kDefaultSettle;
  int bins_back = 3;
  // How far back a run re-judges bins that received events since the last
  // run (late arrivals, found from event.ingested; bin_plan.hpp).
  TimeMs lookback = 7 * kDayMs;
  std::optional<FollowedBy> followed_by;
  // Set: one alert per these fields' values (from the group, else from the
  // follow-up event) and episode, instead of one per group and bin
  // (analytics/alert_summary.hpp). Requires followed_by.
  std::vector<std::string> alert_per;
  // Columns whose distinct values the alert lists under `sets`.
  std::vector<std::string> value_sets;
  // `evidence = "<name>"`: what content gathers per group, or null.
  std::string evidence_name;
  std::shared_ptr<const GroupEvidenceKind> evidence;
  std::vector<std::string> remediation;

  // "count" or "distinct_count(NetworkMessageId)".
  std::string metric_name() const;
  bool meets_threshold(std::int64_t value) const;
};

// Reads and validates the settings, resolving the names in `checks` and
// `evidence` against `extensions`; the error names the key at fault.
std::variant<AggregationSpec, std::string> read_aggregation_spec(const nlohmann::json& extra,
                                                                 const AggregationExtensions& extensions);

}  // namespace vigil::engine::analytics
