#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>

#include <memory>
#include <mutex>
#include <vector>

#include "api/metrics/metrics_registry.hpp"
#include "engine/rules/rule_set.hpp"
#include "engine/store/run_store.hpp"

namespace vigil::api::metrics {

// What rule runs did, by rule id:
//   vigil_rule_runs_total{rule,status}              status: succeeded | partial | failed
//   vigil_rule_run_duration_seconds{rule}           (histogram)
//   vigil_alerts_created_total{rule,severity}       alerts stored by runs
//   vigil_rule_gaps_total{rule}                     runs that reported time no run will search
// Alerts carry their rule's severity, which `rules` supplies; rules must
// outlive this object, or be replaced (set_rules) first. Thread-safe.
class DetectionMetrics {
 public:
  DetectionMetrics(MetricsRegistry& registry, const engine::RuleSet& rules);

  // Has the shape of SchedulerOptions::on_runs, which every run (scheduled or
  // manual) reaches. Never throws but std::bad_alloc.
  void observe(const std::vector<engine::RunRecord>& runs);

  // The rules severities are read from from now on (a rule reload).
  void set_rules(std::shared_ptr<const engine::RuleSet> rules);

 private:
  std::mutex rules_mutex_;
  std::shared_ptr<const engine::RuleSet> rules_;
  prometheus::Family<prometheus::Counter>& runs_;
  prometheus::Family<prometheus::Histogram>& duration_;
  prometheus::Family<prometheus::Counter>& alerts_;
  prometheus::Family<prometheus::Counter>& gaps_;
};

}  // namespace vigil::api::metrics
