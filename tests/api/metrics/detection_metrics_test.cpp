#include "api/metrics/detection_metrics.hpp"

#include <gtest/gtest.h>

#include "tests/api/metrics/exposition.hpp"

namespace vigil::api::metrics {
namespace {

engine::RunRecord run(std::string rule, engine::RunStatus status, std::uint64_t alerts, std::int64_t duration_ms,
                      std::vector<engine::RunWarning> warnings = {}) {
  engine::RunRecord r;
  r.rule_id = std::move(rule);
  r.status = status;
  r.alerts_created = alerts;
  r.duration_ms = duration_ms;
  r.warnings = std::move(warnings);
  return r;
}

engine::RuleSet rules_with(std::string id, std::string severity) {
  engine::CompiledRule rule;
  rule.definition.rule_id = std::move(id);
  rule.definition.severity = std::move(severity);
  engine::RuleSet rules;
  rules.add(std::move(rule));
  return rules;
}

TEST(DetectionMetrics, CountsRunsAlertsBySeverityAndGaps) {
  const auto rules = rules_with("r1", "high");
  MetricsRegistry registry;
  DetectionMetrics metrics(registry, rules);
  using engine::RunStatus;
  using engine::RunWarningKind;
  metrics.observe(
      {run("r1", RunStatus::kSucceeded, 2, 1500),
       run("r1", RunStatus::kPartial, 0, 20, {{RunWarningKind::kGap, "gap of 5 minutes not covered: events from ..."}}),
       run("r1", RunStatus::kPartial, 1, 20, {{RunWarningKind::kMaxSignals, "alerts were cut at max_signals (100)"}})});
  metrics.observe({run("r1", RunStatus::kFailed, 0, 5), run("gone", RunStatus::kSucceeded, 1, 40)});

  const auto text = test::parse_exposition(registry.render());
  ASSERT_TRUE(text.errors.empty()) << text.errors.front();
  EXPECT_EQ(text.value(R"(vigil_rule_runs_total{rule="r1",status="succeeded"})"), 1);
  EXPECT_EQ(text.value(R"(vigil_rule_runs_total{rule="r1",status="partial"})"), 2);
  EXPECT_EQ(text.value(R"(vigil_rule_runs_total{rule="r1",status="failed"})"), 1);
  EXPECT_EQ(text.value(R"(vigil_rule_runs_total{rule="gone",status="succeeded"})"), 1);
  EXPECT_EQ(text.value(R"(vigil_alerts_created_total{rule="r1",severity="high"})"), 3);
  // A rule no longer loaded still has its alerts counted.
  EXPECT_EQ(text.value(R"(vigil_alerts_created_total{rule="gone",severity="unknown"})"), 1);
  EXPECT_EQ(text.value(R"(vigil_rule_gaps_total{rule="r1"})"), 1);
  EXPECT_FALSE(text.has(R"(vigil_rule_gaps_total{rule="gone"})"));
  EXPECT_EQ(text.value(R"(vigil_rule_run_duration_seconds_count{rule="r1"})"), 4);
  EXPECT_DOUBLE_EQ(text.value(R"(vigil_rule_run_duration_seconds_sum{rule="r1"})"), 1.545);
  EXPECT_EQ(text.value(R"(vigil_rule_run_duration_seconds_bucket{rule="r1",le="0.01"})"), 1);
  EXPECT_EQ(text.value(R"(vigil_rule_run_duration_seconds_bucket{rule="r1",le="1"})"), 3);
  EXPECT_EQ(text.value(R"(vigil_rule_run_duration_seconds_bucket{rule="r1",le="2.5"})"), 4);
  EXPECT_EQ(text.types.at("vigil_rule_run_duration_seconds"), "histogram");
}

}  // namespace
}  // namespace vigil::api::metrics
