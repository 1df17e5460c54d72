#include "engine/detect/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>

#include "engine/detect/alert_builder.hpp"
#include "tests/engine/detect/detect_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::detect {
namespace {

using testing::kT0;

constexpr TimeMs kMin = kMinuteMs;
const std::string kIndex = "winlogbeat-8.15.0";

// An event that happened at `happened` and reaches Vigil at `arrives`.
struct Arrival {
  std::string id;
  TimeMs happened;
  TimeMs arrives;
};

RunRequestErrorCode error_code(const std::function<void()>& call) {
  try {
    call();
  } catch (const RunRequestError& e) {
    return e.code();
  }
  ADD_FAILURE() << "no RunRequestError thrown";
  return RunRequestErrorCode::kUnknownRule;
}

class SchedulerTest : public ::testing::Test {
 protected:
  // Closes the database and opens it again, as a daemon restart does.
  void restart() {
    stores.reset();
    stores = std::make_unique<testing::Stores>(dir / "vigil.db");
  }

  void ingest(const Arrival& a) {
    const std::vector<EventRecord> batch = {testing::record(kIndex, a.id, testing::process_doc(a.happened), a.arrives)};
    stores->events.write_batch(batch);
  }

  // Moves simulated time to `until` in 10-second steps: each step delivers
  // the events that have arrived, then ticks when a rule is due.
  std::vector<RunRecord> simulate(Scheduler& scheduler, TimeMs until, const std::vector<Arrival>& arrivals) {
    std::vector<RunRecord> records;
    for (; clock.now() <= until; clock.advance(10 * kSecondMs)) {
      for (const auto& a : arrivals) {
        if (a.arrives == clock.now()) ingest(a);
      }
      if (scheduler.next_due() <= clock.now()) {
        for (auto& r : scheduler.tick()) records.push_back(std::move(r));
      }
    }
    clock.set(until);
    return records;
  }

  bool alerted(const std::string& rule_id, const std::string& event_id) {
    return stores->runs.alerts().get(alert_id(rule_id, kIndex, event_id)).has_value();
  }

  test::TempDir dir;
  std::unique_ptr<testing::Stores> stores = std::make_unique<testing::Stores>(dir / "vigil.db");
  ManualClock clock{kT0};
};

// Three hours of events: on time, late by up to the 4-minute overlap, and
// later than that. Runs happen at kT0 + 5k minutes and search [R-9m, R].
std::vector<Arrival> three_hours_of_arrivals() {
  std::vector<Arrival> arrivals;
  for (TimeMs t = kT0 + 40 * kSecondMs; t < kT0 + 3 * kHourMs - 10 * kMin; t += 7 * kMin + 10 * kSecondMs) {
    const auto n = std::to_string(arrivals.size());
    arrivals.push_back({"on-time-" + n, t, t + 20 * kSecondMs});
    arrivals.push_back({"late-4m-" + n, t, t + 4 * kMin});
    arrivals.push_back({"late-10m-" + n, t, t + 10 * kMin});
  }
  // 6 minutes late: what happens depends on where the event falls between runs.
  arrivals.push_back({"late-6m-missed", kT0 + 20 * kMin + 30 * kSecondMs, kT0 + 26 * kMin + 30 * kSecondMs});
  arrivals.push_back({"late-6m-seen", kT0 + 23 * kMin, kT0 + 29 * kMin});
  return arrivals;
}

TEST_F(SchedulerTest, SimulatedHoursOnTimestamp) {
  const auto rules = testing::rule_set({testing::powershell_rule()});
  Scheduler scheduler(rules, stores->events, stores->runs, clock);
  const auto arrivals = three_hours_of_arrivals();

  const auto records = simulate(scheduler, kT0 + 3 * kHourMs, arrivals);

  ASSERT_EQ(records.size(), 37u);  // kT0, kT0 + 5m, ..., kT0 + 180m
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].status, engine::RunStatus::kSucceeded);
    EXPECT_EQ(records[i].window_end, kT0 + static_cast<TimeMs>(i) * 5 * kMin);
    EXPECT_EQ(records[i].window_start, records[i].window_end - 9 * kMin);
  }
  std::uint64_t expected = 0;
  for (const auto& a : arrivals) {
    // Up to 4 minutes late, some window that runs after the event arrives
    // still covers its @timestamp: the 4-minute overlap. 10 minutes late, the
    // last window covering it ran before it arrived: missed, as in Elastic.
    // In between it depends on where the event falls: an event at 20:30
    // arriving at 26:30 is seen next by the 30:00 run, which starts at 21:00.
    const bool seen = a.id.starts_with("on-time") || a.id.starts_with("late-4m") || a.id == "late-6m-seen";
    EXPECT_EQ(alerted("rule-1", a.id), seen) << a.id;
    expected += seen;
  }
  EXPECT_EQ(stores->alert_count("rule-1"), expected);  // and so each exactly once
}

TEST_F(SchedulerTest, SimulatedHoursOnIngestTimeMissNothing) {
  auto definition = testing::powershell_rule();
  definition.timestamp_override = "event.ingested";
  const auto rules = testing::rule_set({definition});
  Scheduler scheduler(rules, stores->events, stores->runs, clock);
  const auto arrivals = three_hours_of_arrivals();

  simulate(scheduler, kT0 + 3 * kHourMs, arrivals);

  // The window is on arrival time, so lateness does not matter.
  for (const auto& a : arrivals) EXPECT_TRUE(alerted("rule-1", a.id)) << a.id;
  EXPECT_EQ(stores->alert_count("rule-1"), arrivals.size());
}

TEST_F(SchedulerTest, RestartAfterDowntimeCatchesUp) {
  const auto rules = testing::rule_set({testing::powershell_rule()});
  std::vector<Arrival> before;
  for (TimeMs t = kT0 + 30 * kSecondMs; t < kT0 + 60 * kMin; t += 4 * kMin) {
    before.push_back({"before-" + std::to_string(before.size()), t, t + 20 * kSecondMs});
  }
  {
    Scheduler scheduler(rules, stores->events, stores->runs, clock);
    simulate(scheduler, kT0 + 60 * kMin, before);
  }
  EXPECT_EQ(stores->runs.last_window_end("rule-1"), kT0 + 60 * kMin);

  // Down from 60m to 90m. The shipper kept what happened meanwhile and sends
  // it when Vigil is back.
  clock.set(kT0 + 90 * kMin);
  restart();
  const std::vector<TimeMs> during = {61, 62, 68, 70, 75, 80, 82, 85, 89};
  for (const auto minute : during) {
    ingest({"during-" + std::to_string(minute), kT0 + minute * kMin + 5 * kSecondMs, clock.now()});
  }
  Scheduler scheduler(rules, stores->events, stores->runs, clock);
  const auto first = scheduler.tick();

  // Catch-up windows of at most the 9-minute look-back, oldest first, then the normal window.
  ASSERT_EQ(first.size(), 4u);
  const std::vector<std::pair<TimeMs, TimeMs>> windows = {{60, 69}, {69, 78}, {78, 81}, {81, 90}};
  for (std::size_t i = 0; i < windows.size(); ++i) {
    EXPECT_EQ(first[i].window_start, kT0 + windows[i].first * kMin) << i;
    EXPECT_EQ(first[i].window_end, kT0 + windows[i].second * kMin) << i;
    EXPECT_EQ(first[i].status, engine::RunStatus::kSucceeded) << i;
    EXPECT_TRUE(first[i].warnings.empty()) << i;
  }
  std::vector<Arrival> after;
  for (TimeMs t = kT0 + 91 * kMin; t < kT0 + 120 * kMin; t += 3 * kMin) {
    after.push_back({"after-" + std::to_string(after.size()), t, t + 20 * kSecondMs});
  }
  simulate(scheduler, kT0 + 120 * kMin, after);

  for (const auto& a : before) EXPECT_TRUE(alerted("rule-1", a.id)) << a.id;
  for (const auto minute : during) EXPECT_TRUE(alerted("rule-1", "during-" + std::to_string(minute))) << minute;
  for (const auto& a : after) EXPECT_TRUE(alerted("rule-1", a.id)) << a.id;
  EXPECT_EQ(stores->alert_count("rule-1"), before.size() + during.size() + after.size());
}

TEST_F(SchedulerTest, GapBeyondMaxCatchupIsReportedAndTheRunIsPartial) {
  const auto rules = testing::rule_set({testing::powershell_rule()});
  const SchedulerOptions options{kHourMs, {}};
  {
    Scheduler scheduler(rules, stores->events, stores->runs, clock, options);
    scheduler.tick();
  }
  clock.set(kT0 + 3 * kHourMs);
  restart();
  ingest({"uncovered", kT0 + 30 * kMin, clock.now()});
  ingest({"covered", kT0 + 150 * kMin, clock.now()});
  Scheduler scheduler(rules, stores->events, stores->runs, clock, options);

  const auto records = scheduler.tick();

  // Catch-up reaches back one hour before the normal window's start
  // (180m - 9m - 60m = 111m); 0m to 111m is a gap.
  ASSERT_EQ(records.size(), 8u);  // 60 minutes in 9-minute windows, then the normal one
  EXPECT_EQ(records.front().window_start, kT0 + 111 * kMin);
  EXPECT_EQ(records.front().status, engine::RunStatus::kPartial);
  EXPECT_EQ(messages(records.front().warnings),
            std::vector<std::string>{"gap of 111 minutes not covered: events from 2024-03-04T00:00:00.000Z to "
                                     "2024-03-04T01:51:00.000Z were not searched (catch-up is limited to 60 minutes)"});
  EXPECT_EQ(records.front().warnings.front().kind, RunWarningKind::kGap);
  for (std::size_t i = 1; i < records.size(); ++i) EXPECT_EQ(records[i].status, engine::RunStatus::kSucceeded) << i;
  EXPECT_EQ(records.back().window_start, kT0 + 171 * kMin);
  EXPECT_FALSE(alerted("rule-1", "uncovered"));
  EXPECT_TRUE(alerted("rule-1", "covered"));
  EXPECT_EQ(stores->runs.recent_runs("rule-1", 100).back().status,
            engine::RunStatus::kSucceeded);  // the first run, before the gap
}

TEST_F(SchedulerTest, FailedRunsAreRetriedByTheNextRunsCatchUp) {
  const auto rules = testing::rule_set({testing::powershell_rule()});
  Scheduler scheduler(rules, stores->events, stores->runs, clock);
  scheduler.tick();
  ingest({"during-outage", kT0 + 3 * kMin, kT0 + 3 * kMin});

  stores->db.write([](storage::Connection& c) { c.exec("ALTER TABLE events RENAME TO events_away"); });
  for (const TimeMs minute : {5, 10, 15}) {
    clock.set(kT0 + minute * kMin);
    const auto records = scheduler.tick();
    ASSERT_EQ(records.size(), 1u);  // a failed catch-up window stops the rest
    EXPECT_EQ(records[0].status, engine::RunStatus::kFailed);
  }
  stores->db.write([](storage::Connection& c) { c.exec("ALTER TABLE events_away RENAME TO events"); });

  clock.set(kT0 + 20 * kMin);
  const auto records = scheduler.tick();

  ASSERT_EQ(records.size(), 3u);  // [0, 9], [9, 11], then [11, 20]
  EXPECT_EQ(records[0].window_start, kT0);
  EXPECT_EQ(records[0].alerts_created, 1u);
  EXPECT_TRUE(alerted("rule-1", "during-outage"));
}

TEST_F(SchedulerTest, RunNowWithAnExplicitWindowLeavesTheSchedule) {
  const auto rules = testing::rule_set({testing::powershell_rule()});
  Scheduler scheduler(rules, stores->events, stores->runs, clock);
  scheduler.tick();
  EXPECT_EQ(scheduler.next_due(), kT0 + 5 * kMin);
  ingest({"old", kT0 - 2 * kHourMs, kT0 - 2 * kHourMs});

  clock.set(kT0 + kMin);
  const auto manual = scheduler.run_now("rule-1", RunWindow{kT0 - 3 * kHourMs, kT0 - kHourMs});

  EXPECT_EQ(manual.window_start, kT0 - 3 * kHourMs);
  EXPECT_EQ(manual.window_end, kT0 - kHourMs);
  EXPECT_EQ(manual.started_at, kT0 + kMin);
  EXPECT_EQ(manual.alerts_created, 1u);
  EXPECT_TRUE(alerted("rule-1", "old"));
  EXPECT_EQ(scheduler.next_due(), kT0 + 5 * kMin);
}

// A manual window ending after the last scheduled window must not mark the
// time in between as covered: the next scheduled run still searches it.
TEST_F(SchedulerTest, RunNowWithAnExplicitWindowNeverAdvancesTheLastCompletedWindow) {
  const auto rules = testing::rule_set({testing::powershell_rule()});
  Scheduler scheduler(rules, stores->events, stores->runs, clock);
  scheduler.tick();
  ASSERT_EQ(stores->runs.last_window_end("rule-1"), kT0);

  clock.set(kT0 + 30 * kMin);
  scheduler.run_now("rule-1", RunWindow{kT0 + 20 * kMin, kT0 + 30 * kMin});
  EXPECT_EQ(stores->runs.last_window_end("rule-1"), kT0);
}

TEST_F(SchedulerTest, RunNowOverTheNormalWindowIsAScheduledRun) {
  const auto rules = testing::rule_set({testing::powershell_rule()});
  Scheduler scheduler(rules, stores->events, stores->runs, clock);
  scheduler.tick();
  clock.set(kT0 + 2 * kMin);

  const auto run = scheduler.run_now("rule-1");

  EXPECT_EQ(run.window_start, kT0 - 7 * kMin);
  EXPECT_EQ(run.window_end, kT0 + 2 * kMin);
  EXPECT_EQ(scheduler.next_due(), kT0 + 7 * kMin);
}

// Logs and metrics hang off on_runs, so manual runs must reach it as
// scheduled ones do, catch-up windows included.
TEST_F(SchedulerTest, EveryCommittedRunReachesOnRunsScheduledOrManual) {
  const auto rules = testing::rule_set({testing::powershell_rule()});
  std::vector<std::pair<TimeMs, TimeMs>> reported;
  SchedulerOptions options;
  options.on_runs = [&](const std::vector<RunRecord>& runs) {
    for (const auto& r : runs) reported.emplace_back(r.window_start, r.window_end);
  };
  Scheduler scheduler(rules, stores->events, stores->runs, clock, options);
  scheduler.tick();
  clock.set(kT0 + 2 * kMin);
  scheduler.run_now("rule-1");
  scheduler.run_now("rule-1", RunWindow{kT0 - kHourMs, kT0 - 30 * kMin});
  clock.set(kT0 + 2 * kMin + 20 * kMin);  // 20 minutes on: a catch-up window and the current one
  scheduler.run_now("rule-1");

  const std::vector<std::pair<TimeMs, TimeMs>> expected = {
      {kT0 - 9 * kMin, kT0},
      {kT0 - 7 * kMin, kT0 + 2 * kMin},
      {kT0 - kHourMs, kT0 - 30 * kMin},
      {kT0 + 2 * kMin, kT0 + 11 * kMin},  // catch-up, in windows no longer than the look-back
      {kT0 + 11 * kMin, kT0 + 13 * kMin},
      {kT0 + 13 * kMin, kT0 + 22 * kMin}};
  EXPECT_EQ(reported, expected);
}

TEST_F(SchedulerTest, RunNowRefusesWhatCannotRun) {
  auto disabled = testing::powershell_rule("off");
  disabled.enabled = false;
  // Every loadable type has an executor now; a type the loader would skip stands in.
  auto aggregation = testing::powershell_rule("agg");
  aggregation.type = "threshold";
  aggregation.query.clear();
  const auto rules = testing::rule_set({testing::powershell_rule(), disabled, aggregation});
  Scheduler scheduler(rules, stores->events, stores->runs, clock);

  EXPECT_EQ(scheduler.unsupported_rule_ids(), std::vector<std::string>{"agg"});
  const auto records = scheduler.tick();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].rule_id, "rule-1");

  EXPECT_EQ(error_code([&] { scheduler.run_now("no-such-rule"); }), RunRequestErrorCode::kUnknownRule);
  EXPECT_EQ(error_code([&] { scheduler.run_now("off"); }), RunRequestErrorCode::kRuleDisabled);
  EXPECT_EQ(error_code([&] { scheduler.run_now("agg"); }), RunRequestErrorCode::kUnsupportedRuleType);
  EXPECT_EQ(error_code([&] {
              scheduler.run_now("rule-1", RunWindow{kT0, kT0 - 1});
            }),
            RunRequestErrorCode::kInvalidWindow);
  EXPECT_EQ(error_code([&] {
              scheduler.run_now("rule-1", RunWindow{kT0, kT0 + kMin});
            }),
            RunRequestErrorCode::kInvalidWindow);
}

TEST_F(SchedulerTest, NextDueIsTheEarliestRule) {
  const RuleSet none;
  EXPECT_EQ(Scheduler(none, stores->events, stores->runs, clock).next_due(), std::nullopt);

  auto fast = testing::powershell_rule("fast");
  fast.interval = kMin;
  const auto rules = testing::rule_set({testing::powershell_rule(), fast});
  Scheduler scheduler(rules, stores->events, stores->runs, clock);
  EXPECT_EQ(scheduler.next_due(), kT0);  // every rule runs at the first tick
  EXPECT_EQ(scheduler.tick().size(), 2u);
  EXPECT_EQ(scheduler.next_due(), kT0 + kMin);

  clock.set(kT0 + kMin);
  const auto records = scheduler.tick();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].rule_id, "fast");
  EXPECT_TRUE(scheduler.tick().empty());
}

TEST_F(SchedulerTest, ConcurrentTicksAndManualRunsCreateEachAlertOnce) {
  const auto rules = testing::rule_set({testing::powershell_rule()});
  Scheduler scheduler(rules, stores->events, stores->runs, clock);
  for (int i = 0; i < 50; ++i) ingest({"e" + std::to_string(i), kT0 - kMin - i * kSecondMs, kT0 - kMin});

  std::vector<RunRecord> manual;
  std::vector<RunRecord> scheduled;
  std::thread api([&] {
    for (int i = 0; i < 10; ++i) manual.push_back(scheduler.run_now("rule-1", RunWindow{kT0 - kHourMs, kT0}));
  });
  for (int i = 0; i < 10; ++i) {
    for (auto& r : scheduler.tick()) scheduled.push_back(std::move(r));
    scheduled.push_back(scheduler.run_now("rule-1"));
  }
  api.join();

  std::uint64_t created = 0;
  for (const auto* runs : {&manual, &scheduled}) {
    for (const auto& r : *runs) {
      EXPECT_EQ(r.status, engine::RunStatus::kSucceeded);
      created += r.alerts_created;
    }
  }
  EXPECT_EQ(created, 50u);
  EXPECT_EQ(stores->alert_count("rule-1"), 50u);
}

TEST_F(SchedulerTest, ReplacedRulesKeepTheirDueTimesNewOnesRunAtOnceRemovedOnesStop) {
  Scheduler scheduler(std::make_shared<const RuleSet>(testing::rule_set({testing::powershell_rule("kept")})),
                      stores->events, stores->runs, clock);
  ASSERT_EQ(scheduler.tick().size(), 1u);  // "kept" is next due at kT0 + 5m

  clock.set(kT0 + kMin);
  scheduler.replace_rules(std::make_shared<const RuleSet>(
      testing::rule_set({testing::powershell_rule("kept"), testing::powershell_rule("new")})));
  EXPECT_EQ(scheduler.rules()->size(), 2u);
  EXPECT_EQ(scheduler.next_due(), kT0 + kMin);
  auto records = scheduler.tick();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].rule_id, "new");
  EXPECT_EQ(scheduler.next_due(), kT0 + 5 * kMin);

  scheduler.replace_rules(std::make_shared<const RuleSet>(testing::rule_set({testing::powershell_rule("new")})));
  clock.set(kT0 + 6 * kMin);
  records = scheduler.tick();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].rule_id, "new");
  EXPECT_EQ(error_code([&] { scheduler.run_now("kept"); }), RunRequestErrorCode::kUnknownRule);
}

TEST_F(SchedulerTest, AReplacementWhoseCallbackThrowsLeavesTheOldSet) {
  Scheduler scheduler(std::make_shared<const RuleSet>(testing::rule_set({testing::powershell_rule("old")})),
                      stores->events, stores->runs, clock);
  EXPECT_THROW(scheduler.replace_rules(
                   std::make_shared<const RuleSet>(testing::rule_set({testing::powershell_rule("new")})),
                   [] { throw std::runtime_error("the store refused"); }),
               std::runtime_error);
  EXPECT_NE(scheduler.rules()->find("old"), nullptr);
  const auto records = scheduler.tick();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].rule_id, "old");
}

// The callback runs while no run is in progress and none can start. A run
// is still in progress when it reports (on_runs), so a callback that ran
// beside runs would, sooner or later, find one reporting.
TEST_F(SchedulerTest, AReplacementWaitsForTheRunsInProgress) {
  std::atomic<bool> reporting{false};
  std::atomic<bool> overlapped{false};
  SchedulerOptions options;
  options.on_runs = [&](const std::vector<RunRecord>&) {
    reporting = true;
    std::this_thread::sleep_for(std::chrono::microseconds(500));
    reporting = false;
  };
  Scheduler scheduler(std::make_shared<const RuleSet>(testing::rule_set({testing::powershell_rule()})),
                      stores->events, stores->runs, clock, std::move(options));
  std::atomic<bool> done{false};
  std::thread api([&] {
    while (!done) scheduler.run_now("rule-1", RunWindow{kT0 - kHourMs, kT0});
  });
  for (int i = 0; i < 200; ++i)
    scheduler.replace_rules(std::make_shared<const RuleSet>(testing::rule_set({testing::powershell_rule()})),
                            [&] { overlapped = overlapped || reporting; });
  done = true;
  api.join();
  EXPECT_FALSE(overlapped);
}

}  // namespace
}  // namespace vigil::engine::detect
