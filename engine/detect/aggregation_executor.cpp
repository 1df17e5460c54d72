#include "engine/detect/aggregation_executor.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "engine/analytics/aggregation_evidence.hpp"
#include "engine/analytics/bin_plan.hpp"
#include "engine/analytics/connector_change.hpp"
#include "engine/analytics/connector_change_index.hpp"
#include "engine/detect/aggregation_findings.hpp"
#include "engine/detect/aggregation_rows.hpp"
#include "engine/detect/aggregation_scan.hpp"
#include "engine/detect/alert_episodes.hpp"
#include "engine/detect/eql_executor.hpp"
#include "engine/detect/ingest_matcher.hpp"
#include "engine/detect/message_indicator_scan.hpp"
#include "engine/detect/sha256.hpp"

namespace vigil::engine::detect {
namespace {

using analytics::AggregationSpec;
using analytics::Bin;
using analytics::ConnectorChangeIndex;

// With required connector changes, only entries naming a connector changed
// in the lookback before the bin's end group.
class ChangedConnectors final : public GroupValueFilter {
 public:
  ChangedConnectors(const analytics::ConnectorChanges& settings, const ConnectorChangeIndex& changes)
      : settings_(settings), changes_(changes) {}

  void restrict(std::string_view field, const Bin& bin, std::vector<std::string_view>& values) const override {
    if (field != settings_.field) return;
    std::erase_if(values, [&](std::string_view name) { return !changes_.changed(name, bin.end, settings_.lookback); });
  }

 private:
  const analytics::ConnectorChanges& settings_;
  const ConnectorChangeIndex& changes_;
};

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

// Reads the connector changes in the lookback before the bins that end in
// (oldest_end, last_end] into `changes`; a change that arrived since the
// last run puts the bins it bears on into `late`, where mail may have been
// stored long before it.
void read_connector_changes(EventStore& events, const CompiledRule& rule, const AggregationSpec& spec,
                            const RunWindow& window, TimeMs oldest_end, TimeMs last_end, ConnectorChangeIndex& changes,
                            std::set<TimeMs>& late) {
  const auto lookback = spec.connector_changes->lookback;
  const auto query = dataset_query(rule, spec.connector_changes->dataset, oldest_end - lookback, last_end - 1);
  const RowSource source{nullptr, true, connector_changes_match_id(rule.definition.rule_id)};
  scan_rows(events, rule, query, source, [&](const Row& row, TimeMs, TimeMs ingested) {
    auto change = analytics::read_connector_change(row.document);
    if (!change) return;
    if (ingested >= window.start && ingested <= window.end) {
      for (TimeMs t = change->time; t < std::min(change->time + lookback, last_end); t += spec.bin) {
        late.insert(analytics::bin_of(t, spec.bin).start);
      }
    }
    changes.add(std::move(*change));
  });
}

// The URL and attachment rows of the found groups' messages. Defender writes
// a message's URL and attachment rows with its EmailEvents row, give or take
// minutes: the alerting bins and an hour after them.
analytics::MessageIndicators message_indicators(EventStore& events, const CompiledRule& rule,
                                                const AggregationSpec& spec, const std::vector<FoundGroup>& found) {
  std::vector<std::string> wanted;
  TimeMs first_bin = found.front().bin_start;
  TimeMs last_bin = first_bin;
  for (const auto& f : found) {
    for (const auto id : f.group->facts.distinct_values()) wanted.emplace_back(id);
    first_bin = std::min(first_bin, f.bin_start);
    last_bin = std::max(last_bin, f.bin_start);
  }
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  return read_message_indicators(events, rule, dataset_query(rule, "", first_bin, last_bin + spec.bin + kHourMs),
                                 std::move(wanted));
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
  run.status = "partial";
  run.warnings.emplace_back(kMaxSignalsWarning);
}

}  // namespace

// What a run judges: its bins, and the connector changes they bear on.
struct AggregationExecutor::Plan {
  std::vector<Bin> bins;
  ConnectorChangeIndex changes;
};

std::string aggregation_alert_id(std::string_view rule_id, const nlohmann::json& group, TimeMs bin_start) {
  std::string key(rule_id);
  key.append("\n").append(group.dump()).append("\n").append(std::to_string(bin_start));
  return sha256_hex(key);
}

std::shared_ptr<const AggregationSpec> AggregationExecutor::spec_for(const CompiledRule& rule) {
  std::lock_guard lock(specs_mutex_);
  auto& cached = specs_[rule.definition.rule_id];
  if (!cached.spec || cached.settings != rule.definition.extra) {
    auto read = analytics::read_aggregation_spec(rule.definition.extra);
    if (const auto* error = std::get_if<std::string>(&read)) {
      specs_.erase(rule.definition.rule_id);
      throw std::invalid_argument("invalid aggregation settings: " + *error);
    }
    cached = {rule.definition.extra,
              std::make_shared<const AggregationSpec>(std::move(std::get<AggregationSpec>(read)))};
  }
  return cached.spec;
}

AggregationExecutor::Plan AggregationExecutor::plan_run(const CompiledRule& rule, const AggregationSpec& spec,
                                                        const RunWindow& window, TimeMs created_at) {
  Plan plan;
  const auto planned = analytics::bins_to_evaluate(window.start, window.end, created_at, spec);
  const TimeMs last_end = analytics::last_complete_end(window.end, created_at, spec);
  const TimeMs oldest_end = std::min(planned.empty() ? last_end : planned.front().end, created_at - spec.lookback);
  auto late = arrival_bins(events_, rule, spec, window);
  if (spec.connector_changes) {
    read_connector_changes(events_, rule, spec, window, oldest_end, last_end, plan.changes, late);
  }
  plan.bins = analytics::with_late_bins(planned, {late.begin(), late.end()}, window.end, created_at, spec);
  return plan;
}

std::vector<Alert> AggregationExecutor::alerts_for(const CompiledRule& rule, const AggregationSpec& spec,
                                                   const Plan& plan, const Scan& scan, TimeMs created_at) {
  const auto found = groups_over_threshold(scan.groups, spec);
  std::optional<analytics::MessageIndicators> indicators;
  if (spec.mail_evidence && !found.empty()) indicators = message_indicators(events_, rule, spec, found);

  std::vector<Alert> alerts;
  std::vector<std::int64_t> successes;  // with followed_by, per alert: the following events in its window
  for (const auto& f : found) {
    analytics::GroupFinding finding{f.object, analytics::bin_of(f.bin_start, spec.bin), &f.group->facts, {}, {}, {}, {}, {}};
    if (indicators) finding.message_indicators = indicators->evidence(f.group->facts.distinct_values());
    if (spec.followed_by) {
      const auto next = following_events(spec, scan.following, f);
      if (next.empty()) continue;
      finding.follow_up = next.front()->row;
      finding.follow_up_time = next.front()->time;
      successes.push_back(static_cast<std::int64_t>(next.size()));
    }
    if (spec.connector_changes) {
      const auto name = f.object.value(spec.connector_changes->field, std::string());
      finding.connector_history = plan.changes.history(name, finding.bin.end, spec.connector_changes->lookback);
      finding.other_connector_changes = plan.changes.others(name, finding.bin.end, spec.connector_changes->lookback,
                                                            analytics::kMaxOtherConnectorChanges);
    }
    alerts.push_back(analytics::build_aggregation_alert(rule.definition, spec, finding,
                                                        aggregation_alert_id(rule.definition.rule_id, f.object, f.bin_start),
                                                        created_at, evidence_));
  }
  if (!spec.alert_per.empty()) alerts = fold_into_episodes(rule.definition, spec, std::move(alerts), successes, runs_);
  return alerts;
}

std::vector<Alert> AggregationExecutor::execute(const CompiledRule& rule, const RunWindow& window, TimeMs created_at,
                                                RunRecord& run) {
  const auto spec = spec_for(rule);
  const auto plan = plan_run(rule, *spec, window, created_at);
  if (plan.bins.empty()) return {};
  std::optional<ChangedConnectors> changed;
  std::vector<const GroupValueFilter*> filters;
  if (spec->connector_changes && spec->connector_changes->required) {
    filters.push_back(&changed.emplace(*spec->connector_changes, plan.changes));
  }
  const auto scan = scan_groups(events_, rule, *spec, plan.bins, scan_threads_, filters);
  run.events_scanned += scan.scanned;
  run.matches += scan.matches;
  run.excepted += scan.excepted;
  auto alerts = alerts_for(rule, *spec, plan, scan, created_at);
  keep_max_signals(rule, alerts, run);
  return alerts;
}

}  // namespace vigil::engine::detect
