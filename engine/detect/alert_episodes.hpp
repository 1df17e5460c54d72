#pragma once

#include <cstdint>
#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/rules/rule.hpp"
#include "engine/store/alert_store.hpp"
#include "engine/store/run_store.hpp"

namespace vigil::engine::detect {

// Folds an aggregation run's alerts, one per group and bin (`parts`, with
// `successes[i]` follow-ups in the window of parts[i]), into one per
// alert_per values and episode (analytics/alert_summary.hpp).
//
// An episode starts at a follow-up that no alert of the same values covers;
// a follow-up within spec.lookback of an alert's first one joins that
// alert, whichever run stored it, which is then updated (replace_existing:
// the analyst's triage stays) with its figures recomputed from all its
// bursts. A new alert's id is the lowercase hex SHA-256 of "<rule_id>\n<key
// as compact JSON>\n<first follow-up ms>", and it keeps that id when a late
// burst adds an earlier follow-up. Reads the stored alerts through `runs`;
// thread-safe as RunStore is.
std::vector<Alert> fold_into_episodes(const RuleDefinition& rule, const analytics::AggregationSpec& spec,
                                      std::vector<Alert> parts, const std::vector<std::int64_t>& successes,
                                      RunStore& runs);

}  // namespace vigil::engine::detect
