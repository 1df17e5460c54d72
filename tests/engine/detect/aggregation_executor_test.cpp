// The aggregation executor on rules built in code and rows stored directly
// (no shared data needed): limits, invalid settings, counters.
#include "engine/detect/aggregation_executor.hpp"

#include <gtest/gtest.h>

#include "engine/content/register_all.hpp"
#include "engine/detect/ingest_matcher.hpp"
#include "engine/detect/ingest_matching.hpp"
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
  EXPECT_EQ(record.status, engine::RunStatus::kSucceeded);
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
  EXPECT_EQ(record.status, engine::RunStatus::kPartial);
  EXPECT_TRUE(stores.runs.alerts().get(aggregation_alert_id("agg", {{"user", "u3"}}, kT0)).has_value());
  EXPECT_TRUE(stores.runs.alerts().get(aggregation_alert_id("agg", {{"user", "u2"}}, kT0)).has_value());
}

TEST_F(AggregationExecutorTest, InvalidSettingsFailTheRunWithTheReason) {
  auto definition = count_rule();
  definition.extra["metric"] = "sum(bytes)";
  const auto rule = testing::compile(definition);
  const auto record = run(rule);
  EXPECT_EQ(record.status, engine::RunStatus::kFailed);
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

// A run's threads take slices of the window in turn; however the rows fall
// to them, the alerts are those of one scan: the same groups, metrics and
// evidence (samples first seen first), in the same order.
TEST_F(AggregationExecutorTest, ScanThreadsFindWhatOneScanFinds) {
  content::register_all(content_registry());  // the mail evidence is Microsoft 365 content
  auto definition = count_rule();
  definition.max_signals = 100;
  definition.extra = {{"dataset", "test.rows"},
                      {"group_by", {"user"}},
                      {"bin", "1h"},
                      {"metric", "distinct_count(NetworkMessageId)"},
                      {"threshold", 30},
                      {"evidence", "mail"}};
  const auto rule = testing::compile(definition);
  std::vector<EventRecord> rows;
  for (int n = 0; n < 1200; ++n) {
    // Over the three hours a run judges; ids repeat, and each group has more than 50.
    const TimeMs t = kT0 - 2 * kHourMs + n * 9000;
    EventRecord r;
    r.index = "logs-test";
    r.id = "m" + std::to_string(n);
    r.timestamp = t;
    r.ingested = t;
    r.dataset = "test.rows";
    r.document = nlohmann::json{{"@timestamp", format_timestamp(t)},
                                {"user", "u" + std::to_string(n % 3)},
                                {"NetworkMessageId", "msg-" + std::to_string(n % 240)},
                                {"RecipientEmailAddress", "r@d" + std::to_string(n % 7) + ".example"},
                                {"EmailDirection", n % 2 ? "Outbound" : "Intra-org"},
                                {"SenderMailFromAddress", "s" + std::to_string(n % 5) + "@contoso.com"},
                                {"SenderFromAddress", "s@contoso.com"},
                                {"ISP", "isp" + std::to_string(n % 4)}}
                     .dump();
    rows.push_back(std::move(r));
  }
  stores.events.write_batch(rows);

  const auto alerts_of = [&](unsigned threads) {
    AggregationExecutor executor(stores.events, stores.runs, threads);
    RunRecord record;
    auto alerts = executor.execute(rule, RunWindow{kRun - kHourMs, kRun}, kRun, record);
    EXPECT_EQ(record.events_scanned, 1200u) << threads << " threads";
    return alerts;
  };
  const auto one = alerts_of(1);
  ASSERT_EQ(one.size(), 9u);  // 3 users in 3 bins
  EXPECT_EQ(one.front().document["mail"]["samples"].size(), 50u);
  for (const unsigned threads : {2u, 3u}) {
    const auto many = alerts_of(threads);
    ASSERT_EQ(many.size(), one.size()) << threads << " threads";
    for (std::size_t i = 0; i < one.size(); ++i) {
      EXPECT_EQ(many[i].id, one[i].id) << threads << " threads";
      EXPECT_EQ(many[i].document, one[i].document) << threads << " threads";
    }
  }
}

// A rule that reads only columns: its matcher records them at ingest.
RuleDefinition columns_rule() {
  auto rule = count_rule();
  rule.extra.erase("filter");
  return rule;
}

class RecordedValuesTest : public AggregationExecutorTest {
 protected:
  // Rows of "test.rows" as vigild's writer stores them once `rules` are matched.
  void matched_rows(const RuleSet& rules, const std::string& user, int count) {
    const IngestMatcher matcher(rules);
    engine::detect::begin_ingest_matching(stores.events.rule_matches(), matcher.versions());
    for (int i = 0; i < count; ++i) {
      const TimeMs t = kT0 + i;
      const nlohmann::json document = {{"@timestamp", format_timestamp(t)}, {"User", user}};
      EventRecord r;
      r.index = "logs-test";
      r.id = "v" + std::to_string(next_id++);
      r.timestamp = t;
      r.ingested = t;
      r.dataset = "test.rows";
      r.document = document.dump();
      r.rule_matches = matcher.match(document, r.index, r.dataset);
      stores.events.write_batch(std::vector{r});
    }
  }

  // Every stored document replaced by another user's, as no writer would:
  // a run that reads documents now sees "mallory".
  void replace_documents() {
    stores.db.write([](storage::Connection& c) { c.exec(R"(UPDATE events SET doc = '{"User":"mallory"}')"); });
  }
};

TEST_F(RecordedValuesTest, RunsReadTheValuesRecordedAtIngestInsteadOfTheDocuments) {
  const auto rules = testing::rule_set({columns_rule()});
  matched_rows(rules, "alice", 3);
  replace_documents();

  const auto record = run(*rules.find("agg"));
  EXPECT_EQ(record.status, engine::RunStatus::kSucceeded);
  EXPECT_EQ(record.events_scanned, 3u);
  EXPECT_EQ(record.alerts_created, 1u);
  // The column is found as "user" names it, case-insensitively, as in a document.
  EXPECT_TRUE(stores.runs.alerts().get(aggregation_alert_id("agg", {{"user", "alice"}}, kT0)).has_value());
}

TEST_F(RecordedValuesTest, RulesWithExceptionsReadTheDocuments) {
  auto definition = columns_rule();
  definition.exceptions = {ExceptionItem{"svc", {ExceptionEntry{"user", ExceptionOperator::kIs, {"svc"}}}}};
  const auto rules = testing::rule_set({definition});
  matched_rows(rules, "alice", 3);
  replace_documents();

  const auto record = run(*rules.find("agg"));
  EXPECT_EQ(record.alerts_created, 1u);
  EXPECT_TRUE(stores.runs.alerts().get(aggregation_alert_id("agg", {{"user", "mallory"}}, kT0)).has_value());
}

TEST_F(RecordedValuesTest, EventsStoredBeforeMatchingBeganAreReadAsDocuments) {
  for (int i = 0; i < 2; ++i) row("alice", kT0 + 100 + i, "any");
  const auto rules = testing::rule_set({columns_rule()});
  matched_rows(rules, "alice", 1);

  const auto record = run(*rules.find("agg"));
  EXPECT_EQ(record.events_scanned, 3u);
  EXPECT_TRUE(stores.runs.alerts().get(aggregation_alert_id("agg", {{"user", "alice"}}, kT0)).has_value());
}

}  // namespace
}  // namespace vigil::engine::detect
