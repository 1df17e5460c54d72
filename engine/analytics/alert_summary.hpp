#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/rules/rule.hpp"
#include "engine/store/alert_store.hpp"

namespace vigil::engine::analytics {

// One alert per `alert_per` values and episode instead of one per group and
// bin, as the playbook's final `summarize ... by AccountObjectId,
// AccountUpn` does for logon failures then success. Each finding (a group
// over threshold in one bin, with its follow-up) is a "burst"; an alert
// holds the bursts of one episode, and its figures are recomputed from them
// whenever a run adds or re-judges one. Pure; thread-safe.

// What one finding, as build_aggregation_alert made its alert, adds to a
// summary: {"group", "bin", "failed" (its metric), "first_event",
// "last_event", "success": {"time", "ReportId", "count", "event"}}, where
// `successes` is the number of follow-ups in its window.
nlohmann::json burst_of(const nlohmann::json& part, std::int64_t successes);

// The finding's alert_per values, {"<field>": value}: each from its group,
// else from its follow-up event, else "".
nlohmann::json summary_key(const AggregationSpec& spec, const nlohmann::json& part);

// When the burst's follow-up happened.
TimeMs success_time(const nlohmann::json& burst);

// `stored` (a summary alert's "bursts") with `fresh` in place of those of
// the same group and bin, ordered by success time.
std::vector<nlohmann::json> merge_bursts(const nlohmann::json& stored, const std::vector<nlohmann::json>& fresh);

// The summary alert of `bursts` (non-empty, ordered by success time), built
// on `part`, the alert of one of its findings, for what all share (rule,
// threat, remediation). The document keeps part's keys and sets: group (the
// key); original_time and first_success {time, ReportId} (the earliest
// follow-up); counts {failed, success}; metric.value (the failures); bin
// (first bin start to last bin end); first_event, last_event; followed_by
// (the earliest follow-up); sets (the other group fields' values, the
// follow-ups' included); bursts; reason.
Alert summary_alert(const RuleDefinition& rule, const AggregationSpec& spec, const nlohmann::json& key,
                    const std::vector<nlohmann::json>& bursts, Alert part, std::string id);

}  // namespace vigil::engine::analytics
