// The RunStore contract (engine/store/run_store.hpp), on every storage
// backend: a run committed with its alerts, counted, and its window.
#include <gtest/gtest.h>

#include <tuple>

#include "tests/storage/store_backend.hpp"

namespace vigil::storage::testing {
namespace {

engine::Alert alert(const std::string& id, const std::string& rule) {
  engine::Alert a;
  a.id = id;
  a.rule_id = rule;
  a.created_at = 1;
  a.severity = "medium";
  a.risk_score = 47;
  a.mitre = {"T1098", "T1098.002"};
  a.document = {{"id", id}, {"rule", {{"id", rule}}}};
  return a;
}

engine::RunRecord run(const std::string& rule, engine::TimeMs end,
                      engine::RunStatus status = engine::RunStatus::kSucceeded) {
  engine::RunRecord r;
  r.rule_id = rule;
  r.started_at = end;
  r.window_start = end - 9 * engine::kMinuteMs;
  r.window_end = end;
  r.status = status;
  r.warnings = {{engine::RunWarningKind::kMaxSignals, "w"}};
  return r;
}

engine::AlertQuery by_rule(const std::string& rule, std::size_t limit) {
  engine::AlertQuery query;
  query.filter.rule_ids = {rule};
  query.limit = limit;
  return query;
}

class RunStoreContract : public ::testing::TestWithParam<BackendFactory> {
 protected:
  std::unique_ptr<StoreBackend> backend = GetParam().make();
  std::unique_ptr<engine::RunStore> run_store = backend->open_runs();
  engine::RunStore& runs = *run_store;
  std::unique_ptr<engine::AlertStore> alert_store = backend->open_alerts();
  engine::AlertStore& alerts = *alert_store;
};

TEST_P(RunStoreContract, CommitCountsNewAlertsAndDuplicates) {
  std::vector<engine::Alert> first = {alert("a1", "r"), alert("a2", "r")};
  auto counts = runs.commit_run(run("r", 600000), first);
  EXPECT_EQ(counts.created, 2u);
  EXPECT_EQ(counts.duplicates, 0u);
  std::vector<engine::Alert> second = {alert("a2", "r"), alert("a3", "r")};
  counts = runs.commit_run(run("r", 900000), second);
  EXPECT_EQ(counts.created, 1u);
  EXPECT_EQ(counts.duplicates, 1u);
  EXPECT_EQ(alerts.list(by_rule("r", 100)).total, 3u);
  EXPECT_TRUE(alerts.get("a3").has_value());

  const auto history = runs.recent_runs("r", 10);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].window_end, 900000);  // newest first
  EXPECT_EQ(history[0].alerts_created, 1u);
  EXPECT_EQ(history[0].duplicates_skipped, 1u);
  EXPECT_EQ(messages(history[0].warnings), std::vector<std::string>{"w"});
  EXPECT_EQ(history[0].warnings[0].kind, engine::RunWarningKind::kMaxSignals);
}

TEST_P(RunStoreContract, LastWindowEndAdvancesOnlyOnRunsThatDidNotFail) {
  EXPECT_FALSE(runs.last_window_end("r"));
  runs.commit_run(run("r", 600000), {});
  EXPECT_EQ(runs.last_window_end("r"), 600000);
  runs.commit_run(run("r", 900000, engine::RunStatus::kFailed), {});
  EXPECT_EQ(runs.last_window_end("r"), 600000);
  runs.commit_run(run("r", 300000), {});  // a manual run over an older window never moves it back
  EXPECT_EQ(runs.last_window_end("r"), 600000);
}

TEST_P(RunStoreContract, AlertsListNewestFirstFilteredByRule) {
  std::vector<engine::Alert> batch = {alert("x1", "r1"), alert("x2", "r2"), alert("x3", "r1")};
  runs.commit_run(run("r1", 1), batch);
  const auto page = alerts.list(by_rule("r1", 1));
  EXPECT_EQ(page.total, 2u);
  ASSERT_EQ(page.alerts.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(page.alerts[0])["id"], "x3");
  EXPECT_EQ(alerts.get("x2")->at("rule").at("id"), "r2");
  EXPECT_FALSE(alerts.get("nope"));
}

// Aggregation alerts: a re-evaluated bin replaces the stored figures, keeps
// the first created_at and the analyst's status, and an unchanged
// re-evaluation is a duplicate.
TEST_P(RunStoreContract, ReplaceExistingUpdatesChangedFiguresOnly) {
  auto first = alert("agg", "r");
  first.replace_existing = true;
  first.document["created_at"] = "first";
  first.document["status"] = "open";
  first.document["metric"] = {{"value", 100}};
  const auto created = runs.commit_run(run("r", 1), std::vector{first});
  EXPECT_EQ(created.created, 1u);
  backend->sql("UPDATE alerts SET status = 'acknowledged' WHERE id = 'agg'");

  auto same = first;
  same.created_at = 2;
  same.document["created_at"] = "second";
  const auto unchanged = runs.commit_run(run("r", 2), std::vector{same});
  EXPECT_EQ(unchanged.created, 0u);
  EXPECT_EQ(unchanged.duplicates, 1u);
  EXPECT_EQ(unchanged.updated, 0u);

  auto more = same;
  more.created_at = 3 * engine::kHourMs;
  more.document["metric"] = {{"value", 104}};
  const auto updated = runs.commit_run(run("r", 3), std::vector{more});
  EXPECT_EQ(updated.updated, 1u);
  EXPECT_EQ(updated.duplicates, 0u);
  EXPECT_EQ(alerts.list(by_rule("r", 10)).total, 1u);
  const auto stored = alerts.get("agg");
  ASSERT_TRUE(stored);
  EXPECT_EQ((*stored)["metric"]["value"], 104);
  EXPECT_EQ((*stored)["created_at"], "first");
  EXPECT_EQ((*stored)["status"], "acknowledged");
  EXPECT_EQ((*stored)["updated_at"], engine::format_timestamp(3 * engine::kHourMs));
  const auto history = runs.recent_runs("r", 1);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].warnings.back(), engine::alerts_updated_warning(1));
}

TEST_P(RunStoreContract, AlertsBetweenGivesTheRulesAlertsByOriginalTimeOldestFirst) {
  std::vector<engine::Alert> batch;
  for (const auto& [id, rule, time] : std::vector<std::tuple<std::string, std::string, engine::TimeMs>>{
           {"late", "r", 300}, {"early", "r", 100}, {"edge", "r", 400}, {"out", "r", 401}, {"other", "r2", 200}}) {
    batch.push_back(alert(id, rule));
    batch.back().original_time = time;
  }
  batch.push_back(alert("untimed", "r"));
  runs.commit_run(run("r", 1), batch);
  std::vector<std::string> ids;
  for (const auto& doc : runs.alerts().alerts_between("r", 100, 400)) ids.push_back(doc["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"early", "late", "edge"}));
}

TEST_P(RunStoreContract, WithoutReplaceExistingAChangedAlertStaysADuplicate) {
  runs.commit_run(run("r", 1), std::vector{alert("x", "r")});
  auto changed = alert("x", "r");
  changed.document["extra"] = 1;
  const auto counts = runs.commit_run(run("r", 2), std::vector{changed});
  EXPECT_EQ(counts.duplicates, 1u);
  EXPECT_EQ(counts.updated, 0u);
  EXPECT_FALSE(alerts.get("x")->contains("extra"));
}

TEST(RunRecordJson, HasExactlyTheContractFieldNames) {
  const auto j = run("r", 600000).to_json();
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"alerts_created", "duplicates_skipped", "duration_ms", "error",
                                            "events_scanned", "excepted", "matches", "rule_id", "started_at", "status",
                                            "truncated", "warnings", "window_end", "window_start"}));
  EXPECT_TRUE(j["error"].is_null());
  EXPECT_EQ(engine::RunRecord::from_json(j).to_json(), j);
}

INSTANTIATE_TEST_SUITE_P(SQLite, RunStoreContract, ::testing::Values(sqlite_backend()), backend_name);
INSTANTIATE_TEST_SUITE_P(PostgreSQL, RunStoreContract, ::testing::Values(postgresql_backend()), backend_name);

}  // namespace
}  // namespace vigil::storage::testing
