#include "engine/detect/ingest_matcher.hpp"

#include <gtest/gtest.h>

#include "engine/analytics/column_row.hpp"
#include "engine/analytics/row_values.hpp"
#include "engine/content/m365/connector_follow_up.hpp"
#include "engine/content/register_all.hpp"
#include "engine/detect/alert_builder.hpp"
#include "engine/detect/ingest_matching.hpp"
#include "engine/detect/rule_runner.hpp"
#include "engine/schedule/clock.hpp"
#include "tests/engine/detect/detect_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::detect {
namespace {

using testing::kT0;
using testing::powershell_rule;
using testing::process_doc;

RuleDefinition cmd_rule() {
  auto rule = powershell_rule("cmd");
  rule.query = R"(process where process.name : "cmd.exe")";
  return rule;
}

RuleDefinition on_ingested(RuleDefinition rule) {
  rule.timestamp_override = "event.ingested";
  return rule;
}

std::string fingerprint_of(RuleDefinition rule) {
  const auto rules = testing::rule_set({std::move(rule)});
  return IngestMatcher(rules).versions().at(0).fingerprint;
}

TEST(IngestMatcher, NamesEachEqlRuleWhoseQueryMatchesWithItsWindowField) {
  const auto rules =
      testing::rule_set({powershell_rule("ps"), cmd_rule(), on_ingested(powershell_rule("ps-ingested"))});
  const IngestMatcher matcher(rules);

  const auto matches = matcher.match(process_doc(kT0), "winlogbeat-8.15.0", "windows.sysmon_operational");
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].rule_id, "ps");
  EXPECT_EQ(matches[0].time_field, TimeField::kTimestamp);
  EXPECT_EQ(matches[1].rule_id, "ps-ingested");
  EXPECT_EQ(matches[1].time_field, TimeField::kIngested);
  EXPECT_EQ(matcher.match(process_doc(kT0, "cmd.exe"), "winlogbeat-8.15.0", "windows.sysmon_operational").at(0).rule_id, "cmd");
  EXPECT_TRUE(matcher.match(process_doc(kT0, "notepad.exe"), "winlogbeat-8.15.0", "windows.sysmon_operational").empty());
  EXPECT_EQ(matcher.versions().size(), 3u);
}

TEST(IngestMatcher, TheVersionChangesWithWhatTheRuleMatchesAndNothingElse) {
  const auto base = fingerprint_of(powershell_rule());
  auto renamed = powershell_rule();
  renamed.name = "another name";
  renamed.severity = "high";
  renamed.max_signals = 5;
  EXPECT_EQ(fingerprint_of(renamed), base);
  EXPECT_NE(fingerprint_of(cmd_rule()), base);
  EXPECT_NE(fingerprint_of(on_ingested(powershell_rule())), base);
}

RuleDefinition per_user_rule(nlohmann::json extra = nlohmann::json::object()) {
  auto rule = powershell_rule("per-user");
  rule.type = "aggregation";
  rule.language.clear();
  rule.query.clear();
  rule.index = {"logs-*", "-logs-noisy*"};
  rule.extra = {{"dataset", "test.rows"}, {"group_by", {"User"}}, {"bin", "1h"}, {"metric", "count"}, {"threshold", 3}};
  rule.extra.update(extra);
  return rule;
}

TEST(IngestMatcher, RecordsAnAggregationRulesColumnsForEventsOfItsDatasetAndIndices) {
  const auto rules = testing::rule_set({per_user_rule(), powershell_rule("ps")});
  const IngestMatcher matcher(rules);
  const nlohmann::json row = {{"user", "alice"}, {"Subject", "not read"}};

  const auto matches = matcher.match(row, "logs-test", "test.rows");
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].rule_id, "per-user");
  ASSERT_TRUE(matches[0].values);
  analytics::ColumnRow read;
  ASSERT_TRUE(read.assign_values(*analytics::recorded_columns(std::get<analytics::AggregationSpec>(
                                     analytics::read_aggregation_spec(per_user_rule().extra, {}))),
                                 *matches[0].values));
  EXPECT_EQ(read.text("User"), "alice");
  EXPECT_EQ(read.text("Subject"), std::nullopt);

  EXPECT_TRUE(matcher.match(row, "logs-test", "other.rows").empty());
  EXPECT_TRUE(matcher.match(row, "logs-noisy-1", "test.rows").empty());  // an excluded index
  EXPECT_TRUE(matcher.match(row, "winlogbeat-1", "test.rows").empty());
  // A filter may read any field: that rule's runs read documents.
  EXPECT_TRUE(IngestMatcher(testing::rule_set({per_user_rule({{"filter", R"(Kind == "hit")"}})})).versions().empty());
}

TEST(IngestMatcher, AnAggregationRulesVersionChangesWithItsColumnsDatasetAndIndicesOnly) {
  const auto base = fingerprint_of(per_user_rule());
  EXPECT_EQ(fingerprint_of(per_user_rule({{"threshold", 30}})), base);
  EXPECT_NE(fingerprint_of(per_user_rule({{"group_by", {"Host"}}})), base);
  EXPECT_NE(fingerprint_of(per_user_rule({{"dataset", "test.other"}})), base);
  auto narrower = per_user_rule();
  narrower.index = {"logs-*"};
  EXPECT_NE(fingerprint_of(narrower), base);
}

TEST(IngestMatcher, RecordsTheConnectorChangesAnAggregationRuleFollows) {
  content::register_all(content_registry());  // the Microsoft 365 content names the changes
  const auto rule = per_user_rule({{"group_by", {"Connectors"}},
                                   {"connector_changes", {{"field", "Connectors"}, {"dataset", "test.changes"}}}});
  const auto rules = testing::rule_set({rule});
  const IngestMatcher matcher(rules);
  const nlohmann::json change = {{"ActionType", "New-InboundConnector"},
                                 {"Timestamp", "2026-11-22T10:00:00Z"},
                                 {"RawEventData", {{"Parameters", {{{"Name", "Name"}, {"Value", "Relay"}}}}}}};
  const nlohmann::json other = {{"ActionType", "Set-Mailbox"}, {"Timestamp", "2026-11-22T10:00:00Z"}};

  const auto matches = matcher.match(change, "logs-test", "test.changes");
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].rule_id, "per-user#connector_changes");
  EXPECT_EQ(matches[0].rule_id, content::m365::connector_changes_match_id("per-user"));
  EXPECT_FALSE(matches[0].values);
  EXPECT_TRUE(matcher.match(other, "logs-test", "test.changes").empty());
  EXPECT_TRUE(matcher.match(change, "logs-noisy-1", "test.changes").empty());  // an excluded index
  EXPECT_EQ(matcher.match(change, "logs-test", "test.rows").size(), 1u);  // a row of the rule's own dataset
  EXPECT_EQ(matcher.versions().size(), 2u);  // the rule's values, and its changes
}

// A run reads the rule's ingest matches plus the events stored before its
// matching began, and evaluates the rule on each, as without matching.
class IngestMatchedRunTest : public ::testing::Test {
 protected:
  void write(const std::string& id, nlohmann::json document, TimeMs at, const IngestMatcher* matcher) {
    auto r = testing::record("winlogbeat-8.15.0", id, document, at);
    if (matcher) r.rule_matches = matcher->match(document, r.index, r.dataset);
    std::vector<EventRecord> batch = {std::move(r)};
    stores->events.write_batch(batch);
  }

  RunRecord run_at(const CompiledRule& rule, TimeMs run_time) {
    clock.set(run_time);
    RuleRunner runner{stores->events, stores->runs, clock};
    return runner.run(rule, RunRequest{{run_time - 9 * kMinuteMs, run_time}, std::nullopt});
  }

  test::TempDir dir;
  std::unique_ptr<testing::Stores> stores = std::make_unique<testing::Stores>(dir / "vigil.db");
  ManualClock clock{kT0};
  RuleSet rules = testing::rule_set({powershell_rule()});
  IngestMatcher matcher{rules};
};

TEST_F(IngestMatchedRunTest, ReadsMatchesAndEventsStoredBeforeMatchingBegan) {
  const auto& rule = rules.rules().at(0);
  write("before-1", process_doc(kT0 - 4 * kMinuteMs), kT0 - 4 * kMinuteMs, nullptr);
  write("before-cmd", process_doc(kT0 - 4 * kMinuteMs, "cmd.exe"), kT0 - 4 * kMinuteMs, nullptr);
  engine::detect::begin_ingest_matching(stores->events.rule_matches(), matcher.versions());
  write("matched", process_doc(kT0 - 2 * kMinuteMs), kT0 - 2 * kMinuteMs, &matcher);
  write("cmd", process_doc(kT0 - 2 * kMinuteMs, "cmd.exe"), kT0 - 2 * kMinuteMs, &matcher);
  // Written without the matcher after matching began (no writer does that):
  // left unread, which shows the run reads matches rather than its window.
  write("unread", process_doc(kT0 - kMinuteMs), kT0 - kMinuteMs, nullptr);

  const auto run = run_at(rule, kT0);
  EXPECT_EQ(run.events_scanned, 3u);  // before-1, before-cmd, matched
  EXPECT_EQ(run.matches, 2u);
  EXPECT_EQ(run.alerts_created, 2u);
  EXPECT_TRUE(stores->runs.alerts().get(alert_id("rule-1", "winlogbeat-8.15.0", "before-1")).has_value());
  EXPECT_TRUE(stores->runs.alerts().get(alert_id("rule-1", "winlogbeat-8.15.0", "matched")).has_value());
  EXPECT_FALSE(stores->runs.alerts().get(alert_id("rule-1", "winlogbeat-8.15.0", "unread")).has_value());
}

TEST_F(IngestMatchedRunTest, ARestartWithTheSameRulesKeepsReadingOnlyMatches) {
  const auto& rule = rules.rules().at(0);
  engine::detect::begin_ingest_matching(stores->events.rule_matches(), matcher.versions());
  write("m1", process_doc(kT0 - 2 * kMinuteMs), kT0 - 2 * kMinuteMs, &matcher);
  write("cmd", process_doc(kT0 - 2 * kMinuteMs, "cmd.exe"), kT0 - 2 * kMinuteMs, &matcher);

  stores = std::make_unique<testing::Stores>(dir / "vigil.db");  // vigild restarts
  EXPECT_TRUE(engine::detect::begin_ingest_matching(stores->events.rule_matches(), matcher.versions()).empty());
  write("m2", process_doc(kT0 + kMinuteMs), kT0 + kMinuteMs, &matcher);

  const auto run = run_at(rule, kT0 + 2 * kMinuteMs);
  EXPECT_EQ(run.events_scanned, 2u);  // m1 and m2; cmd is never read
  EXPECT_EQ(run.alerts_created, 2u);
}

TEST_F(IngestMatchedRunTest, AChangedRuleFindsEverythingStoredBeforeTheChange) {
  engine::detect::begin_ingest_matching(stores->events.rule_matches(), matcher.versions());
  write("cmd", process_doc(kT0 - 2 * kMinuteMs, "cmd.exe"), kT0 - 2 * kMinuteMs, &matcher);

  // The rule now looks for cmd.exe: the event matched nothing when it came in.
  const auto changed = testing::rule_set({[] {
    auto d = powershell_rule();
    d.query = R"(process where process.name : "cmd.exe")";
    return d;
  }()});
  const IngestMatcher changed_matcher(changed);
  EXPECT_EQ(engine::detect::begin_ingest_matching(stores->events.rule_matches(), changed_matcher.versions()),
            (std::vector<std::string>{"rule-1"}));

  const auto run = run_at(changed.rules().at(0), kT0);
  EXPECT_EQ(run.alerts_created, 1u);
  EXPECT_TRUE(stores->runs.alerts().get(alert_id("rule-1", "winlogbeat-8.15.0", "cmd")).has_value());
}

// A database whose matches were recorded by the three-valued evaluator (before
// issue 27) did not record events that lack an exclusion's field. The
// evaluator's version is part of the fingerprint, so such a rule restarts and
// its runs find those events; alerts already triaged are left as they are.
TEST_F(IngestMatchedRunTest, MatchesRecordedByAnEarlierEvaluatorAreRecomputedAndTriageIsKept) {
  auto definition = powershell_rule();
  definition.query =
      R"(process where process.name : "powershell.exe" and not process.parent.args : "*IntuneDriveMapping*")";
  const auto excluding = testing::rule_set({definition});
  const auto& rule = excluding.rules().at(0);
  // What vigild recorded for this rule before the evaluator's version was in the fingerprint.
  const std::vector<IngestRuleVersion> before_issue_27 = {
      {"rule-1", "e13e77ff887a06ee678189ea3f7baf8300de4d9081350b2fe98f3348fd54b1be"}};

  write("stored-earlier", process_doc(kT0 - 3 * kMinuteMs), kT0 - 3 * kMinuteMs, nullptr);
  engine::detect::begin_ingest_matching(stores->events.rule_matches(), before_issue_27);
  // process_doc has no parent args: the three-valued evaluator matched nothing here.
  write("missed", process_doc(kT0 - 2 * kMinuteMs), kT0 - 2 * kMinuteMs, nullptr);
  run_at(rule, kT0);
  const auto triaged = alert_id("rule-1", "winlogbeat-8.15.0", "stored-earlier");
  ASSERT_TRUE(stores->alerts.update(triaged, AlertChange{.status = engine::triage::AlertStatus::kClosed},
                                    AlertActor{"analyst", kT0}));

  stores = std::make_unique<testing::Stores>(dir / "vigil.db");  // vigild restarts with this evaluator
  const IngestMatcher matcher_now(excluding);
  EXPECT_EQ(engine::detect::begin_ingest_matching(stores->events.rule_matches(), matcher_now.versions()),
            (std::vector<std::string>{"rule-1"}));

  const auto run = run_at(rule, kT0 + kMinuteMs);
  EXPECT_EQ(run.alerts_created, 1u);
  EXPECT_TRUE(stores->runs.alerts().get(alert_id("rule-1", "winlogbeat-8.15.0", "missed")).has_value());
  EXPECT_EQ(stores->alerts.get(triaged).value()["status"], "closed");
}

}  // namespace
}  // namespace vigil::engine::detect
