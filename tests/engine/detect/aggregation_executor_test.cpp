// The aggregation executor on rules built in code and rows stored directly
// (no shared data needed): limits, invalid settings, counters.
#include "engine/detect/aggregation_executor.hpp"

#include <gtest/gtest.h>

#include "engine/detect/rule_runner.hpp"
#include "engine/schedule/clock.hpp"
#include "tests/engine/detect/detect_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::detect {
namespace {

using testing::kT0;

constexpr TimeMs kRun = kT0 + kHourMs + 5 * kMinuteMs;  // judges the bin [kT0, kT0 + 1h)

RuleDefinition count_rule() {
  RuleDefinition rule;
  rule.rule_id = "agg";
  rule.name = "Many rows per user";
  rule.description = "test rule";
  rule.type = "aggregation";
  rule.severity = "medium";
  rule.risk_score = 47;
  rule.interval = kHourMs;
  rule.from = "now-1h";
  rule.extra = {{"dataset", "test.rows"}, {"group_by", {"user"}}, {"bin", "1h"},
                {"metric", "count"},      {"threshold", 3},       {"filter", "Kind == \"hit\""}};
  return rule;
}

class AggregationExecutorTest : public ::testing::Test {
 protected:
  void row(const std::string& user, TimeMs t, const std::string& kind = "hit",
           const std::string& dataset = "test.rows") {
    EventRecord r;
    r.index = "logs-test";
    r.id = "r" + std::to_string(next_id++);
    r.timestamp = t;
    r.ingested = t;
    r.dataset = dataset;
    r.document = nlohmann::json{{"@timestamp", format_timestamp(t)}, {"user", user}, {"kind", kind}}.dump();
    stores.events.write_batch(std::vector{r});
  }

  RunRecord run(const CompiledRule& rule, TimeMs now = kRun) {
    clock.set(now);
    return runner.run(rule, RunRequest{{now - kHourMs, now}, std::nullopt});
  }

  int next_id = 0;
  test::TempDir dir;
  testing::Stores stores{dir / "vigil.db"};
  ManualClock clock{kT0};
  RuleRunner runner{stores.events, stores.runs, clock};
};

TEST_F(AggregationExecutorTest, CountsMatchingRowsOfTheDatasetOnly) {
  const auto rule = testing::compile(count_rule());
  for (int i = 0; i < 3; ++i) row("alice", kT0 + i);
  row("alice", kT0 + 10, "miss");               // the filter (column names case-insensitive) drops it
  row("alice", kT0 + 20, "hit", "other.rows");  // another dataset
  row("bob", kT0 + 30);

  const auto record = run(rule);
  EXPECT_EQ(record.status, "succeeded");
  EXPECT_EQ(record.events_scanned, 5u);
  EXPECT_EQ(record.matches, 4u);
  EXPECT_EQ(record.alerts_created, 1u);
  const auto alert = stores.alerts.get(aggregation_alert_id("agg", {{"user", "alice"}}, kT0));
  ASSERT_TRUE(alert);
  EXPECT_EQ((*alert)["metric"],
            (nlohmann::json{{"name", "count"}, {"value", 3}, {"threshold", 3}, {"comparison", ">="}}));
  EXPECT_EQ((*alert)["rule"]["type"], "aggregation");
}

TEST_F(AggregationExecutorTest, MaxSignalsKeepsTheHighestFiguresAndWarns) {
  auto definition = count_rule();
  definition.max_signals = 2;
  const auto rule = testing::compile(definition);
  for (int user = 0; user < 4; ++user) {
    for (int i = 0; i < 3 + user; ++i) row("u" + std::to_string(user), kT0 + i);
  }
  const auto record = run(rule);
  EXPECT_EQ(record.alerts_created, 2u);
  EXPECT_TRUE(record.truncated);
  EXPECT_EQ(record.status, "partial");
  EXPECT_TRUE(stores.runs.alert_exists(aggregation_alert_id("agg", {{"user", "u3"}}, kT0)));
  EXPECT_TRUE(stores.runs.alert_exists(aggregation_alert_id("agg", {{"user", "u2"}}, kT0)));
}

TEST_F(AggregationExecutorTest, InvalidSettingsFailTheRunWithTheReason) {
  auto definition = count_rule();
  definition.extra["metric"] = "sum(bytes)";
  const auto rule = testing::compile(definition);
  const auto record = run(rule);
  EXPECT_EQ(record.status, "failed");
  ASSERT_TRUE(record.error);
  EXPECT_NE(record.error->find("'metric'"), std::string::npos);
}

TEST_F(AggregationExecutorTest, ExceptionsRemoveRowsBeforeTheyAreCounted) {
  auto definition = count_rule();
  definition.exceptions = {ExceptionItem{"svc", {ExceptionEntry{"user", ExceptionOperator::kIs, {"svc"}}}}};
  const auto rule = testing::compile(definition);
  for (int i = 0; i < 5; ++i) row("svc", kT0 + i);
  const auto record = run(rule);
  EXPECT_EQ(record.matches, 5u);
  EXPECT_EQ(record.excepted, 5u);
  EXPECT_EQ(record.alerts_created, 0u);
}

}  // namespace
}  // namespace vigil::engine::detect
