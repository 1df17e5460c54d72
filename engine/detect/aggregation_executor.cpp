#include "engine/detect/aggregation_executor.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "engine/analytics/aggregation_evidence.hpp"
#include "engine/analytics/bin_plan.hpp"
#include "engine/detect/aggregation_findings.hpp"
#include "engine/detect/aggregation_follow_up.hpp"
#include "engine/detect/aggregation_rows.hpp"
#include "engine/detect/aggregation_scan.hpp"
#include "engine/detect/alert_episodes.hpp"
#include "engine/detect/content_registry.hpp"
#include "engine/detect/eql_executor.hpp"
#include "engine/detect/sha256.hpp"

namespace vigil::engine::detect {
namespace {

using analytics::AggregationSpec;
using analytics::Bin;
using FollowUpRuns = std::vector<std::unique_ptr<AggregationFollowUpRun>>;

// The bin starts of what arrived since the last run (the window, on
// event.ingested): their bins go back on the plan, however late the events
// came (docs/RULES.md, "Late-arriving data"). Kept as bin starts: an hour's
// arrivals are a million times in a few bins.
std::set<TimeMs> arrival_bins(EventStore& events, const CompiledRule& rule, const AggregationSpec& spec,
                              const RunWindow& window) {
  std::set<TimeMs> late;
  auto arrivals = dataset_query(rule, spec.dataset, window.start, window.end);
  arrivals.time_field = TimeField::kIngested;
  events.scan_times(arrivals, [&](TimeMs t) {
    late.insert(analytics::bin_of(t, spec.bin).start);
    return true;
  });
  return late;
}

// Steps 1 and 2: the bins to judge, once the follow-ups have read what they
// bear on.
std::vector<Bin> plan_bins(EventStore& events, const CompiledRule& rule, const AggregationSpec& spec,
                           const RunWindow& window, TimeMs created_at, FollowUpRuns& follow_ups) {
  const auto planned = analytics::bins_to_evaluate(window.start, window.end, created_at, spec);
  const TimeMs last_end = analytics::last_complete_end(window.end, created_at, spec);
  const TimeMs oldest_end = std::min(planned.empty() ? last_end : planned.front().end, created_at - spec.lookback);
  auto late = arrival_bins(events, rule, spec, window);
  for (auto& follow_up : follow_ups) follow_up->before_scan(oldest_end, last_end, late);
  return analytics::with_late_bins(planned, {late.begin(), late.end()}, window.end, created_at, spec);
}

// The follow-ups' narrowing of the groups rows join.
std::vector<const GroupValueFilter*> group_filters(const FollowUpRuns& follow_ups) {
  std::vector<const GroupValueFilter*> filters;
  for (const auto& follow_up : follow_ups) {
    if (const auto* filter = follow_up->group_filter()) filters.push_back(filter);
  }
  return filters;
}

// Keeps the rule's max_signals alerts, newest bins and highest values first,
// and marks the run partial when some are dropped.
void keep_max_signals(const CompiledRule& rule, std::vector<Alert>& alerts, RunRecord& run) {
  const auto limit = static_cast<std::size_t>(rule.definition.max_signals);
  if (alerts.size() <= limit) return;
  std::stable_sort(alerts.begin(), alerts.end(), [](const Alert& a, const Alert& b) {
    const auto value = [](const Alert& x) { return x.document["metric"]["value"].get<std::int64_t>(); };
    return a.original_time != b.original_time ? a.original_time > b.original_time : value(a) > value(b);
  });
  alerts.resize(limit);
  run.truncated = true;
  run.status = RunStatus::kPartial;
  run.warnings.push_back({RunWarningKind::kMaxSignals, kMaxSignalsWarning});
}

}  // namespace

std::string aggregation_alert_id(std::string_view rule_id, const nlohmann::json& group, TimeMs bin_start) {
  std::string key(rule_id);
  key.append("\n").append(group.dump()).append("\n").append(std::to_string(bin_start));
  return sha256_hex(key);
}

std::shared_ptr<const AggregationSpec> AggregationExecutor::spec_for(const CompiledRule& rule) {
  std::lock_guard lock(specs_mutex_);
  auto& cached = specs_[rule.definition.rule_id];
  if (!cached.spec || cached.settings != rule.definition.extra) {
    auto read = analytics::read_aggregation_spec(rule.definition.extra, content_registry().aggregation_extensions);
    if (const auto* error = std::get_if<std::string>(&read)) {
      specs_.erase(rule.definition.rule_id);
      throw std::invalid_argument("invalid aggregation settings: " + *error);
    }
    cached = {rule.definition.extra,
              std::make_shared<const AggregationSpec>(std::move(std::get<AggregationSpec>(read)))};
  }
  return cached.spec;
}

std::vector<Alert> AggregationExecutor::alerts_for(const AggregationRun& context, const Scan& scan,
                                                   FollowUpRuns& follow_ups) {
  const auto& rule = context.rule;
  const auto& spec = context.spec;
  const auto found = groups_over_threshold(scan.groups, spec);
  if (!found.empty()) {
    for (auto& follow_up : follow_ups) follow_up->after_grouping(found);
  }
  std::vector<Alert> alerts;
  std::vector<std::int64_t> successes;  // with followed_by, per alert: the following events in its window
  for (const auto& f : found) {
    analytics::GroupFinding finding{f.object, analytics::bin_of(f.bin_start, spec.bin), &f.group->facts, {}, {}};
    if (spec.followed_by) {
      const auto next = following_events(spec, scan.following, f);
      if (next.empty()) continue;
      finding.follow_up = next.front()->row;
      finding.follow_up_time = next.front()->time;
      successes.push_back(static_cast<std::int64_t>(next.size()));
    }
    auto& alert = alerts.emplace_back(analytics::build_aggregation_alert(
        rule.definition, spec, finding, aggregation_alert_id(rule.definition.rule_id, f.object, f.bin_start),
        context.created_at));
    for (const auto& follow_up : follow_ups) follow_up->enrich(f, finding.bin, alert.document);
  }
  if (!spec.alert_per.empty()) alerts = fold_into_episodes(rule.definition, spec, std::move(alerts), successes, runs_);
  return alerts;
}

std::vector<Alert> AggregationExecutor::execute(const CompiledRule& rule, const RunWindow& window, TimeMs created_at,
                                                RunRecord& run) {
  const auto spec = spec_for(rule);
  const AggregationRun context{events_, rule, *spec, window, created_at};
  auto follow_ups = content_registry().aggregation_follow_ups.start(context);
  const auto bins = plan_bins(events_, rule, *spec, window, created_at, follow_ups);
  if (bins.empty()) return {};
  const auto scan = scan_groups(events_, rule, *spec, bins, scan_threads_, group_filters(follow_ups));
  run.events_scanned += scan.scanned;
  run.matches += scan.matches;
  run.excepted += scan.excepted;
  auto alerts = alerts_for(context, scan, follow_ups);
  keep_max_signals(rule, alerts, run);
  return alerts;
}

}  // namespace vigil::engine::detect
