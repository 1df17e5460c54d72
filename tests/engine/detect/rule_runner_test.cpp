#include "engine/detect/rule_runner.hpp"

#include <gtest/gtest.h>

#include "engine/detect/alert_builder.hpp"
#include "engine/detect/eql_executor.hpp"
#include "engine/schedule/clock.hpp"
#include "tests/engine/detect/detect_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::detect {
namespace {

using testing::kT0;
using testing::process_doc;
using testing::record;

class RuleRunnerTest : public ::testing::Test {
 protected:
  void store(std::vector<EventRecord> records) { stores.events.write_batch(records); }

  // One run at `run_time` over [run_time - 9m, run_time], as the scheduler would.
  RunRecord run_at(const CompiledRule& rule, TimeMs run_time) {
    clock.set(run_time);
    return runner.run(rule, RunRequest{{run_time - 9 * kMinuteMs, run_time}, std::nullopt});
  }

  bool alerted(const CompiledRule& rule, const std::string& index, const std::string& id) {
    return stores.runs.alerts().get(alert_id(rule.definition.rule_id, index, id)).has_value();
  }

  test::TempDir dir;
  testing::Stores stores{dir / "vigil.db"};
  ManualClock clock{kT0};
  RuleRunner runner{stores.events, stores.runs, clock};
};

TEST_F(RuleRunnerTest, RecordsEveryFieldAndStoresTheRun) {
  const auto rule = testing::compile(testing::powershell_rule());
  store({record("winlogbeat-8.15.0", "e1", process_doc(kT0 - 2 * kMinuteMs), kT0 - 2 * kMinuteMs),
         record("winlogbeat-8.15.0", "e2", process_doc(kT0 - kMinuteMs, "cmd.exe"), kT0 - kMinuteMs)});

  const auto run = run_at(rule, kT0);

  EXPECT_EQ(run.rule_id, "rule-1");
  EXPECT_EQ(run.started_at, kT0);
  EXPECT_EQ(run.window_start, kT0 - 9 * kMinuteMs);
  EXPECT_EQ(run.window_end, kT0);
  EXPECT_EQ(run.status, engine::RunStatus::kSucceeded);
  EXPECT_EQ(run.events_scanned, 2u);
  EXPECT_EQ(run.matches, 1u);
  EXPECT_EQ(run.alerts_created, 1u);
  EXPECT_EQ(run.duplicates_skipped, 0u);
  EXPECT_EQ(run.excepted, 0u);
  EXPECT_FALSE(run.truncated);
  EXPECT_GE(run.duration_ms, 0);
  EXPECT_TRUE(run.warnings.empty());
  EXPECT_EQ(run.error, std::nullopt);

  const auto history = stores.runs.recent_runs("rule-1", 10);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].to_json(), run.to_json());
  EXPECT_EQ(stores.runs.last_window_end("rule-1"), kT0);
  EXPECT_TRUE(alerted(rule, "winlogbeat-8.15.0", "e1"));
  const auto alert = stores.alerts.get(alert_id("rule-1", "winlogbeat-8.15.0", "e1"));
  ASSERT_TRUE(alert);
  EXPECT_EQ((*alert)["created_at"], format_timestamp(kT0));
}

TEST_F(RuleRunnerTest, AReplacedEventAlertsOnceOnTheVersionItsRuleMatchedFirst) {
  const auto rule = testing::compile(testing::powershell_rule());
  const auto t = kT0 - 2 * kMinuteMs;
  store({record("winlogbeat-8.15.0", "e1", process_doc(t, "powershell.exe", "mallory"), t)});
  for (const auto& [process, user] : {std::pair{"cmd.exe", "harmless"}, std::pair{"powershell.exe", "later"}}) {
    auto replacement = record("winlogbeat-8.15.0", "e1", process_doc(t, process, user), t);
    replacement.mode = WriteMode::kIndex;
    store({replacement});
  }

  const auto run = run_at(rule, kT0);

  EXPECT_EQ(run.matches, 2u);  // the first version and the last; the one between does not match
  EXPECT_EQ(run.alerts_created, 1u);
  EXPECT_EQ(run.duplicates_skipped, 1u);
  const auto alert = stores.alerts.get(alert_id("rule-1", "winlogbeat-8.15.0", "e1"));
  ASSERT_TRUE(alert);
  EXPECT_EQ((*alert)["event"]["user"]["name"], "mallory");
}

TEST_F(RuleRunnerTest, MaxSignalsKeepsTheNewestAndLaterOverlappingRunsTakeTheRest) {
  auto definition = testing::powershell_rule();
  definition.max_signals = 100;
  const auto rule = testing::compile(definition);
  // 250 matches within the minute before kT0, one every 200 ms; e249 is the newest.
  std::vector<EventRecord> records;
  for (int i = 0; i < 250; ++i) {
    const TimeMs t = kT0 - kMinuteMs + i * 200;
    records.push_back(record("winlogbeat-8.15.0", "e" + std::to_string(i), process_doc(t), t));
  }
  store(records);

  const auto first = run_at(rule, kT0);
  EXPECT_EQ(first.matches, 250u);
  EXPECT_EQ(first.alerts_created, 100u);
  EXPECT_TRUE(first.truncated);
  EXPECT_EQ(first.status, engine::RunStatus::kPartial);
  EXPECT_EQ(messages(first.warnings), std::vector<std::string>{kMaxSignalsWarning});
  for (int i = 0; i < 250; ++i) {
    EXPECT_EQ(alerted(rule, "winlogbeat-8.15.0", "e" + std::to_string(i)), i >= 150) << "e" << i;
  }

  // Each later window still holds all 250; already-alerted events are
  // dropped before the cut, so the next newest 100 alert.
  const auto second = run_at(rule, kT0 + kMinuteMs);
  EXPECT_EQ(second.duplicates_skipped, 100u);
  EXPECT_EQ(second.alerts_created, 100u);
  EXPECT_TRUE(second.truncated);
  EXPECT_TRUE(alerted(rule, "winlogbeat-8.15.0", "e50"));
  EXPECT_FALSE(alerted(rule, "winlogbeat-8.15.0", "e49"));

  const auto third = run_at(rule, kT0 + 2 * kMinuteMs);
  EXPECT_EQ(third.duplicates_skipped, 200u);
  EXPECT_EQ(third.alerts_created, 50u);
  EXPECT_FALSE(third.truncated);
  EXPECT_EQ(third.status, engine::RunStatus::kSucceeded);
  EXPECT_TRUE(third.warnings.empty());

  const auto fourth = run_at(rule, kT0 + 3 * kMinuteMs);
  EXPECT_EQ(fourth.duplicates_skipped, 250u);
  EXPECT_EQ(fourth.alerts_created, 0u);
  EXPECT_EQ(stores.alert_count("rule-1"), 250u);
}

TEST_F(RuleRunnerTest, RerunningAWindowCreatesNoDuplicates) {
  const auto rule = testing::compile(testing::powershell_rule());
  store({record("winlogbeat-8.15.0", "e1", process_doc(kT0 - kMinuteMs), kT0)});

  EXPECT_EQ(run_at(rule, kT0).alerts_created, 1u);
  const auto again = run_at(rule, kT0);
  EXPECT_EQ(again.matches, 1u);
  EXPECT_EQ(again.alerts_created, 0u);
  EXPECT_EQ(again.duplicates_skipped, 1u);
  EXPECT_EQ(stores.alert_count("rule-1"), 1u);
}

TEST_F(RuleRunnerTest, ExceptionsAreCountedAndMakeNoAlert) {
  auto definition = testing::powershell_rule();
  definition.exceptions = {
      ExceptionItem{"admins", {ExceptionEntry{"user.name", ExceptionOperator::kIs, {"svc-admin"}}}}};
  const auto rule = testing::compile(definition);
  std::vector<EventRecord> records;
  for (int i = 0; i < 5; ++i) {
    const auto user = i < 2 ? "svc-admin" : "bob";
    records.push_back(record("winlogbeat-8.15.0", "e" + std::to_string(i),
                             process_doc(kT0 - kMinuteMs, "powershell.exe", user), kT0));
  }
  store(records);

  const auto run = run_at(rule, kT0);
  EXPECT_EQ(run.matches, 5u);
  EXPECT_EQ(run.excepted, 2u);
  EXPECT_EQ(run.alerts_created, 3u);
  EXPECT_FALSE(alerted(rule, "winlogbeat-8.15.0", "e0"));
  EXPECT_TRUE(alerted(rule, "winlogbeat-8.15.0", "e2"));
}

TEST_F(RuleRunnerTest, OnlyTheRulesIndicesAreSearched) {
  auto definition = testing::powershell_rule();
  definition.index = {"winlogbeat-*", "-winlogbeat-test*"};
  const auto rule = testing::compile(definition);
  const auto doc = process_doc(kT0 - kMinuteMs);
  store({record("winlogbeat-8.15.0", "listed", doc, kT0), record("logs-system.security-default", "unlisted", doc, kT0),
         record("winlogbeat-test-1", "excluded", doc, kT0)});

  const auto run = run_at(rule, kT0);
  EXPECT_EQ(run.events_scanned, 1u);
  EXPECT_EQ(run.alerts_created, 1u);
  EXPECT_TRUE(alerted(rule, "winlogbeat-8.15.0", "listed"));
  EXPECT_FALSE(alerted(rule, "logs-system.security-default", "unlisted"));
  EXPECT_FALSE(alerted(rule, "winlogbeat-test-1", "excluded"));
}

TEST_F(RuleRunnerTest, TheQueryCategoryIsPushedDownToTheStore) {
  const auto rule = testing::compile(testing::powershell_rule());
  auto file_doc = process_doc(kT0 - kMinuteMs);
  file_doc["event"]["category"] = {"file"};
  store({record("winlogbeat-8.15.0", "process", process_doc(kT0 - kMinuteMs), kT0),
         record("winlogbeat-8.15.0", "file", file_doc, kT0)});

  const auto run = run_at(rule, kT0);
  EXPECT_EQ(run.events_scanned, 1u);
  EXPECT_EQ(run.alerts_created, 1u);
}

TEST_F(RuleRunnerTest, TimestampOverrideWindowsOnIngestTime) {
  auto on_timestamp = testing::powershell_rule("on-timestamp");
  auto on_ingested = testing::powershell_rule("on-ingested");
  on_ingested.timestamp_override = "event.ingested";
  const auto timestamp_rule = testing::compile(on_timestamp);
  const auto ingested_rule = testing::compile(on_ingested);
  // Happened two hours ago, arrived a minute ago; and the other way round.
  store({record("winlogbeat-8.15.0", "late", process_doc(kT0 - 2 * kHourMs), kT0 - kMinuteMs),
         record("winlogbeat-8.15.0", "future-ingest", process_doc(kT0 - kMinuteMs), kT0 + kHourMs)});

  run_at(timestamp_rule, kT0);
  run_at(ingested_rule, kT0);

  EXPECT_FALSE(alerted(timestamp_rule, "winlogbeat-8.15.0", "late"));
  EXPECT_TRUE(alerted(timestamp_rule, "winlogbeat-8.15.0", "future-ingest"));
  EXPECT_TRUE(alerted(ingested_rule, "winlogbeat-8.15.0", "late"));
  EXPECT_FALSE(alerted(ingested_rule, "winlogbeat-8.15.0", "future-ingest"));
}

TEST_F(RuleRunnerTest, MaintenanceWindowCountsMatchesButCreatesNoAlerts) {
  const MaintenanceWindow window{"patch tuesday", kT0 - kHourMs, kT0 + kHourMs, std::nullopt, {}};
  RuleRunner muted(stores.events, stores.runs, clock, {window});
  const auto rule = testing::compile(testing::powershell_rule());
  store({record("winlogbeat-8.15.0", "e1", process_doc(kT0 - kMinuteMs), kT0)});

  const auto run = muted.run(rule, RunRequest{{kT0 - 9 * kMinuteMs, kT0}, std::nullopt});

  EXPECT_EQ(run.status, engine::RunStatus::kSucceeded);
  EXPECT_EQ(run.matches, 1u);
  EXPECT_EQ(run.alerts_created, 0u);
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_EQ(run.warnings[0].message, "maintenance window \"patch tuesday\" is active: 1 alerts not created");
  EXPECT_EQ(stores.alert_count("rule-1"), 0u);
  EXPECT_EQ(stores.runs.last_window_end("rule-1"), kT0);

  clock.set(kT0 + 2 * kHourMs);  // after the window the same event alerts if a window still covers it
  EXPECT_EQ(muted.run(rule, RunRequest{{kT0 - 9 * kMinuteMs, kT0}, std::nullopt}).alerts_created, 1u);
}

TEST_F(RuleRunnerTest, GapWarningMakesTheRunPartial) {
  const auto rule = testing::compile(testing::powershell_rule());
  const auto run = runner.run(
      rule, RunRequest{{kT0 - 9 * kMinuteMs, kT0}, RunWarning{RunWarningKind::kGap, "gap of 5 minutes not covered"}});
  EXPECT_EQ(run.status, engine::RunStatus::kPartial);
  EXPECT_EQ(messages(run.warnings), std::vector<std::string>{"gap of 5 minutes not covered"});
}

TEST_F(RuleRunnerTest, StoreFailureFailsTheRunWithoutAdvancingTheWindow) {
  const auto rule = testing::compile(testing::powershell_rule());
  store({record("winlogbeat-8.15.0", "e1", process_doc(kT0 - kMinuteMs), kT0)});
  stores.db.write([](storage::Connection& c) { c.exec("ALTER TABLE events RENAME TO events_away"); });

  const auto run = run_at(rule, kT0);

  EXPECT_EQ(run.status, engine::RunStatus::kFailed);
  ASSERT_TRUE(run.error);
  EXPECT_NE(run.error->find("events"), std::string::npos) << *run.error;
  EXPECT_EQ(run.alerts_created, 0u);
  const auto history = stores.runs.recent_runs("rule-1", 10);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].status, engine::RunStatus::kFailed);
  EXPECT_EQ(history[0].error, run.error);
  EXPECT_EQ(stores.runs.last_window_end("rule-1"), std::nullopt);
}

TEST_F(RuleRunnerTest, FailureThatCannotBeRecordedIsStillReturned) {
  const auto rule = testing::compile(testing::powershell_rule());
  stores.db.write([](storage::Connection& c) {
    c.exec("ALTER TABLE events RENAME TO events_away");
    c.exec("ALTER TABLE rule_runs RENAME TO rule_runs_away");
  });

  const auto run = run_at(rule, kT0);

  EXPECT_EQ(run.status, engine::RunStatus::kFailed);
  EXPECT_TRUE(run.error);
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_TRUE(run.warnings[0].message.starts_with("the failed run could not be recorded")) << run.warnings[0].message;
}

TEST_F(RuleRunnerTest, RuleTypesWithoutAnExecutorAreRefused) {
  // Every loadable type has an executor now; a type the loader would skip stands in.
  auto definition = testing::powershell_rule("agg");
  definition.type = "threshold";
  definition.query.clear();
  const auto rule = testing::compile(definition);
  EXPECT_FALSE(runner.supports(rule));
  EXPECT_THROW(runner.run(rule, RunRequest{{kT0 - kMinuteMs, kT0}, std::nullopt}), std::invalid_argument);
}

}  // namespace
}  // namespace vigil::engine::detect
