#include "engine/health/health_monitor.hpp"

#include <gtest/gtest.h>

#include "engine/detect/scheduler.hpp"
#include "tests/engine/detect/detect_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::health {
namespace {

using detect::testing::kT0;
constexpr TimeMs kMin = kMinuteMs;

class HealthMonitorTest : public ::testing::Test {
 protected:
  HealthMonitor monitor(HealthPolicy policy) { return HealthMonitor(std::move(policy), activity, stores.runs, clock); }

  test::TempDir dir;
  detect::testing::Stores stores{dir / "vigil.db"};
  ManualClock clock{kT0};
  SourceActivity activity;
};

TEST_F(HealthMonitorTest, ASilentSourceAlertsAtTheConfiguredTimeAndNotBefore) {
  auto health = monitor({{{"winlogbeat-*", 30 * kMin, false}}});
  activity.record_stored(kT0, {{"winlogbeat-8.15.0", "dc01"}, {"other", "dc01"}});

  clock.set(kT0 + 30 * kMin - 1);
  EXPECT_EQ(health.check(), 0u);
  clock.set(kT0 + 30 * kMin);
  EXPECT_EQ(health.check(), 1u);
  clock.set(kT0 + 45 * kMin);
  EXPECT_EQ(health.check(), 0u);  // the same silence alerts once
  EXPECT_EQ(stores.alert_count(kSilentSourceRule), 1u);

  // It sends again, then falls silent again: a new silence, a new alert.
  activity.record_stored(kT0 + 50 * kMin, {{"winlogbeat-8.15.0", "dc01"}});
  clock.set(kT0 + 79 * kMin);
  EXPECT_EQ(health.check(), 0u);
  clock.set(kT0 + 80 * kMin);
  EXPECT_EQ(health.check(), 1u);

  AlertQuery query;
  query.filter.rule_ids = {kSilentSourceRule};
  const auto alerts = stores.alerts.list(query);
  ASSERT_EQ(alerts.total, 2u);
  const auto document = nlohmann::json::parse(alerts.alerts.front());
  EXPECT_EQ(document["health"]["index"], "winlogbeat-8.15.0");
  EXPECT_EQ(document["rule"]["type"], "health");
  EXPECT_NE(document["reason"].get<std::string>().find("no event since"), std::string::npos);
  // Stored as a run of its built-in rule, like any rule's alerts.
  EXPECT_EQ(stores.runs.recent_runs(kSilentSourceRule, 10).size(), 2u);
}

TEST_F(HealthMonitorTest, PerHostEachHostIsASourceOfItsOwn) {
  auto health = monitor({{{"winlogbeat-*", 10 * kMin, true}}});
  activity.record_stored(kT0, {{"winlogbeat-a", "dc01"}, {"winlogbeat-a", "ws17"}});
  activity.record_stored(kT0 + 5 * kMin, {{"winlogbeat-b", "ws17"}});
  clock.set(kT0 + 10 * kMin);
  EXPECT_EQ(health.check(), 1u);  // dc01; ws17 sent 5 minutes ago
  AlertQuery query;
  query.filter.host = "dc01";
  EXPECT_EQ(stores.alerts.list(query).total, 1u);
}

TEST_F(HealthMonitorTest, IngestRefusingForTheConfiguredTimeAlertsOncePerSpell) {
  HealthPolicy policy;
  policy.ingest_refused_after = 5 * kMin;
  auto health = monitor(policy);
  activity.record_refused(kT0);
  activity.record_refused(kT0 + 2 * kMin);
  clock.set(kT0 + 5 * kMin - 1);
  EXPECT_EQ(health.check(), 0u);
  clock.set(kT0 + 5 * kMin);
  EXPECT_EQ(health.check(), 1u);
  EXPECT_EQ(health.check(), 0u);

  activity.record_stored(kT0 + 6 * kMin, {});  // accepted again: the spell ends
  clock.set(kT0 + 20 * kMin);
  EXPECT_EQ(health.check(), 0u);
  EXPECT_EQ(stores.alert_count(kIngestRefusedRule), 1u);
}

// A rule whose runs fail (here: its events table is gone) raises one alert
// per failing spell, through the scheduler's on_runs like the daemon's.
TEST_F(HealthMonitorTest, AFailingRuleRaisesOneAlertPerSpell) {
  auto health = monitor({});
  const auto rules = detect::testing::rule_set({detect::testing::powershell_rule()});
  detect::SchedulerOptions options;
  options.on_runs = [&](const std::vector<RunRecord>& runs) { health.observe_runs(runs); };
  detect::Scheduler scheduler(rules, stores.events, stores.runs, clock, std::move(options));
  const auto rename = [&](const char* sql) { stores.db.write([&](storage::Connection& c) { c.exec(sql); }); };

  rename("ALTER TABLE events RENAME TO events_gone");
  ASSERT_EQ(scheduler.tick().front().status, engine::RunStatus::kFailed);
  clock.advance(5 * kMin);
  ASSERT_EQ(scheduler.tick().front().status, engine::RunStatus::kFailed);
  EXPECT_EQ(stores.alert_count(kRuleFailingRule), 1u);

  rename("ALTER TABLE events_gone RENAME TO events");
  clock.advance(5 * kMin);
  ASSERT_NE(scheduler.tick().front().status, engine::RunStatus::kFailed);
  rename("ALTER TABLE events RENAME TO events_gone");
  clock.advance(5 * kMin);
  ASSERT_EQ(scheduler.tick().front().status, engine::RunStatus::kFailed);
  EXPECT_EQ(stores.alert_count(kRuleFailingRule), 2u);

  AlertQuery query;
  query.filter.rule_ids = {kRuleFailingRule};
  const auto alerts = stores.alerts.list(query);
  const auto document = nlohmann::json::parse(alerts.alerts.front());
  EXPECT_EQ(document["health"]["rule_id"], "rule-1");
  EXPECT_NE(document["reason"].get<std::string>().find("events"), std::string::npos) << document.dump();
}

TEST_F(HealthMonitorTest, TheDatabaseWithinTenPercentOfItsLimitAlertsOncePerSpell) {
  std::uint64_t used = 0;
  HealthPolicy policy;
  policy.disk_limit_bytes = 1000 << 20;
  policy.disk_used = [&] { return used; };
  auto health = monitor(std::move(policy));

  used = (900 << 20) - 1;  // just under 90%
  EXPECT_EQ(health.check(), 0u);
  used = 900 << 20;
  clock.set(kT0 + kMin);
  EXPECT_EQ(health.check(), 1u);
  used = 990 << 20;
  clock.set(kT0 + 2 * kMin);
  EXPECT_EQ(health.check(), 0u);  // the same spell alerts once
  used = 500 << 20;               // retention freed space
  clock.set(kT0 + 3 * kMin);
  EXPECT_EQ(health.check(), 0u);
  used = 950 << 20;  // full again: a new spell
  clock.set(kT0 + 4 * kMin);
  EXPECT_EQ(health.check(), 1u);

  AlertQuery query;
  query.filter.rule_ids = {kDiskRule};
  const auto alerts = stores.alerts.list(query);
  ASSERT_EQ(alerts.total, 2u);
  const auto document = nlohmann::json::parse(alerts.alerts.front());
  EXPECT_EQ(document["health"]["check"], "disk");
  EXPECT_EQ(document["health"]["limit_bytes"], 1000 << 20);
  EXPECT_NE(document["reason"].get<std::string>().find("of its 1000 MiB limit"), std::string::npos);
}

TEST_F(HealthMonitorTest, WithoutALimitTheDiskIsNotChecked) {
  HealthPolicy policy;
  policy.disk_used = [] { return std::uint64_t{1} << 40; };
  EXPECT_EQ(monitor(std::move(policy)).check(), 0u);
}

}  // namespace
}  // namespace vigil::engine::health
