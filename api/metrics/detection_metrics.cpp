#include "api/metrics/detection_metrics.hpp"

#include <algorithm>
#include <string>

namespace vigil::api::metrics {
namespace {

// From a rule over a quiet window to one scanning millions of events.
const prometheus::Histogram::BucketBoundaries kRunDurationBuckets = {0.01, 0.05, 0.1, 0.25, 0.5, 1,
                                                                  2.5,  5,    10,  30,   60,  300};

}  // namespace

DetectionMetrics::DetectionMetrics(MetricsRegistry& registry, const engine::RuleSet& rules)
    // Not owned until set_rules: an aliasing pointer with no control block.
    : rules_(std::shared_ptr<const engine::RuleSet>(), &rules),
      runs_(
          registry.counters("vigil_rule_runs_total", "Rule runs, by rule id and status (succeeded, partial, failed).")),
      duration_(registry.histograms("vigil_rule_run_duration_seconds",
                                    "Time one rule run took, search and commit, by rule id.")),
      alerts_(registry.counters("vigil_alerts_created_total", "Alerts stored by rule runs, by rule id and severity.")),
      gaps_(
          registry.counters("vigil_rule_gaps_total",
                            "Runs that reported a gap: time older than the catch-up limit that no run will search.")) {}

void DetectionMetrics::set_rules(std::shared_ptr<const engine::RuleSet> rules) {
  std::lock_guard lock(rules_mutex_);
  rules_ = std::move(rules);
}

void DetectionMetrics::observe(const std::vector<engine::RunRecord>& runs) {
  const auto rules = [this] {
    std::lock_guard lock(rules_mutex_);
    return rules_;
  }();
  for (const auto& run : runs) {
    runs_.Add({{"rule", run.rule_id}, {"status", std::string(to_string(run.status))}}).Increment();
    duration_.Add({{"rule", run.rule_id}}, kRunDurationBuckets).Observe(static_cast<double>(run.duration_ms) / 1000.0);
    if (run.alerts_created > 0) {
      const auto* rule = rules->find(run.rule_id);
      alerts_.Add({{"rule", run.rule_id}, {"severity", rule ? rule->definition.severity : "unknown"}})
          .Increment(static_cast<double>(run.alerts_created));
    }
    if (std::any_of(run.warnings.begin(), run.warnings.end(),
                    [](const engine::RunWarning& w) { return w.kind == engine::RunWarningKind::kGap; }))
      gaps_.Add({{"rule", run.rule_id}}).Increment();
  }
}

}  // namespace vigil::api::metrics
