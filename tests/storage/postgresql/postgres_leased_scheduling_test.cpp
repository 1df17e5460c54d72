// Two schedulers, as two vigild nodes would run them, on one real
// PostgreSQL database through PostgresRuleLeases: each rule window is
// committed once, and when the lease's holder dies or pauses the other node
// takes over from the rule's stored last window end.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include "engine/detect/alert_builder.hpp"
#include "engine/detect/scheduler.hpp"
#include "storage/postgresql/migrations.hpp"
#include "storage/postgresql/postgres_event_store.hpp"
#include "storage/postgresql/postgres_rule_leases.hpp"
#include "storage/postgresql/postgres_run_store.hpp"
#include "tests/engine/detect/detect_test_support.hpp"
#include "tests/support/postgres_server.hpp"

namespace vigil::storage::postgresql {
namespace {

using engine::kMinuteMs;
using engine::kSecondMs;
using engine::TimeMs;
using engine::detect::testing::kT0;

// Short enough to wait out in a test. Each node renews its leases at every
// step, and the nodes step in turn on one thread, so a lease expires only
// while its holder is left out of the steps.
constexpr std::int64_t kTtlMs = 200;
const std::string kIndex = "winlogbeat-8.15.0";

// One vigild's share of the work: its own connections, stores, lease client,
// clock and scheduler, on the common database.
struct Node {
  Node(const std::string& conninfo, const std::string& id, const engine::RuleSet& rules, std::int64_t ttl_ms = kTtlMs)
      : pool(conninfo, 2),
        events(pool),
        runs(pool),
        leases(pool, id, ttl_ms),
        scheduler(rules, events, runs, clock, engine::detect::SchedulerOptions{.leases = &leases}) {}

  // A tick when a rule is due, then a renewal, as the daemon's lease thread would make.
  std::vector<engine::RunRecord> step() {
    std::vector<engine::RunRecord> made;
    if (scheduler.next_due() <= clock.now()) made = scheduler.tick();
    scheduler.renew_leases();
    return made;
  }

  ConnectionPool pool;
  PostgresEventStore events;
  PostgresRunStore runs;
  PostgresRuleLeases leases;
  engine::ManualClock clock{kT0};
  engine::detect::Scheduler scheduler;
};

class PostgresLeasedScheduling : public ::testing::Test {
 protected:
  // Every 10 simulated seconds up to `until`: an event every 4 minutes
  // arrives 20 seconds after it happened, then each live node steps.
  void simulate(TimeMs until, const std::vector<Node*>& live) {
    for (TimeMs t = now; t <= until; t += 10 * kSecondMs) {
      if ((t - kT0) % (4 * kMinuteMs) == 20 * kSecondMs) {
        const auto id = "e" + std::to_string(events_sent++);
        const std::vector<engine::EventRecord> batch = {
            engine::detect::testing::record(kIndex, id, engine::detect::testing::process_doc(t - 20 * kSecondMs), t)};
        a->events.write_batch(batch);
      }
      for (auto* node : live) {
        node->clock.set(t);
        auto made = node->step();
        for (auto& r : made) made_by[node].push_back(std::move(r));
      }
    }
    now = until + 10 * kSecondMs;
  }

  // The rule's committed windows, oldest commit first: each after the one
  // before it, none twice, and no time between them left unsearched.
  std::vector<engine::RunRecord> committed_chain() {
    auto runs = a->runs.recent_runs("rule-1", 1000);
    std::reverse(runs.begin(), runs.end());
    for (std::size_t i = 1; i < runs.size(); ++i) {
      EXPECT_GT(runs[i].window_end, runs[i - 1].window_end) << "run " << i << " repeats or goes back";
      EXPECT_LE(runs[i].window_start, runs[i - 1].window_end) << "a gap before run " << i;
      EXPECT_EQ(runs[i].status, engine::RunStatus::kSucceeded) << i;
    }
    return runs;
  }

  // Every event sent was alerted on exactly once.
  void expect_each_event_alerted_once() {
    for (std::uint64_t n = 0; n < events_sent; ++n)
      EXPECT_TRUE(a->runs.alerts().get(engine::detect::alert_id("rule-1", kIndex, "e" + std::to_string(n))))
          << "e" << n;
    EXPECT_EQ(number("SELECT count(*) FROM alerts"), static_cast<std::int64_t>(events_sent));
  }

  std::int64_t number(const std::string& sql) {
    return a->pool.with([&](Connection& c) { return c.query(sql).int8(0, 0); });
  }

  static void wait_out(std::int64_t ttl_ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ttl_ms + 50)); }

  const std::string conninfo = [] {
    auto info = test::PostgresServer::shared().create_database();
    Connection c(info);
    migrate(c);
    return info;
  }();
  const engine::RuleSet rules = engine::detect::testing::rule_set({engine::detect::testing::powershell_rule()});
  std::unique_ptr<Node> a = std::make_unique<Node>(conninfo, "node-a", rules);
  std::unique_ptr<Node> b = std::make_unique<Node>(conninfo, "node-b", rules);
  std::map<Node*, std::vector<engine::RunRecord>> made_by;
  TimeMs now = kT0;
  std::uint64_t events_sent = 0;
};

TEST_F(PostgresLeasedScheduling, WhileItsHolderLivesOnlyItRunsTheRule) {
  simulate(kT0 + 60 * kMinuteMs, {a.get(), b.get()});

  // The first node to tick took the lease and kept it; the other skipped every due time.
  const auto chain = committed_chain();
  EXPECT_EQ(chain.size(), 13u);  // kT0, kT0 + 5m, ..., kT0 + 60m
  EXPECT_EQ(made_by[a.get()].size(), 13u);
  EXPECT_TRUE(made_by[b.get()].empty());
  EXPECT_EQ(a->scheduler.leased_rule_ids(), std::vector<std::string>{"rule-1"});
  EXPECT_TRUE(b->scheduler.leased_rule_ids().empty());
  expect_each_event_alerted_once();
}

TEST_F(PostgresLeasedScheduling, WhenTheHolderDiesTheOtherNodeCatchesUpFromTheLastWindow) {
  // a's lease lives long enough for b's due times up to 80m to pass while
  // it holds, however slow the machine.
  constexpr std::int64_t kTtlOfAMs = 1000;
  a = std::make_unique<Node>(conninfo, "node-a", rules, kTtlOfAMs);
  simulate(kT0 + 62 * kMinuteMs, {a.get(), b.get()});
  // a dies without releasing its lease (it steps no more).
  simulate(kT0 + 80 * kMinuteMs, {b.get()});
  wait_out(kTtlOfAMs);
  simulate(kT0 + 120 * kMinuteMs, {b.get()});

  const auto chain = committed_chain();
  ASSERT_FALSE(chain.empty());
  EXPECT_EQ(chain.back().window_end, kT0 + 120 * kMinuteMs);
  EXPECT_EQ(made_by[a.get()].size(), 13u);
  ASSERT_FALSE(made_by[b.get()].empty());
  // b took over at 85m: catch-up windows from where a's last one ended, then the normal one.
  ASSERT_GE(made_by[b.get()].size(), 3u);
  EXPECT_EQ(made_by[b.get()][0].window_start, kT0 + 60 * kMinuteMs);
  EXPECT_EQ(made_by[b.get()][0].window_end, kT0 + 69 * kMinuteMs);
  EXPECT_EQ(made_by[b.get()][2].window_end, kT0 + 85 * kMinuteMs);
  EXPECT_EQ(b->scheduler.lease_figures().acquired, 1u);
  expect_each_event_alerted_once();
}

TEST_F(PostgresLeasedScheduling, AHolderThatPausedPastItsLeaseFindsItTakenAndStops) {
  simulate(kT0 + 30 * kMinuteMs, {a.get(), b.get()});
  // a pauses (no tick, no renewal) long enough for its lease to expire; b takes it.
  wait_out(kTtlMs);
  simulate(kT0 + 45 * kMinuteMs, {b.get()});
  // a comes back: its renewal fails, so it counts the lease lost and leaves the rule to b.
  simulate(kT0 + 60 * kMinuteMs, {a.get(), b.get()});

  committed_chain();
  EXPECT_EQ(made_by[a.get()].size(), 7u);  // kT0 .. kT0 + 30m
  EXPECT_EQ(made_by[b.get()].size(), 6u);  // 35m .. 60m
  EXPECT_EQ(a->scheduler.lease_figures().lost, 1u);
  EXPECT_EQ(a->scheduler.lease_figures().held, 0u);
  EXPECT_EQ(b->scheduler.lease_figures().held, 1u);
  expect_each_event_alerted_once();
}

// A rule a reload removes leaves its lease at once: the other node takes it
// at its next due time, with no wait for expiry.
TEST_F(PostgresLeasedScheduling, ARuleAReloadRemovesIsReleasedToTheOtherNode) {
  b = std::make_unique<Node>(conninfo, "node-b", rules, 60000);
  a = std::make_unique<Node>(conninfo, "node-a", rules, 60000);
  simulate(kT0 + 10 * kMinuteMs, {a.get(), b.get()});
  ASSERT_EQ(a->scheduler.leased_rule_ids(), std::vector<std::string>{"rule-1"});

  a->scheduler.replace_rules(std::make_shared<const engine::RuleSet>());
  EXPECT_TRUE(a->scheduler.leased_rule_ids().empty());
  simulate(kT0 + 15 * kMinuteMs, {a.get(), b.get()});

  EXPECT_EQ(b->scheduler.leased_rule_ids(), std::vector<std::string>{"rule-1"});
  ASSERT_EQ(made_by[b.get()].size(), 1u);
  EXPECT_EQ(made_by[b.get()][0].window_end, kT0 + 15 * kMinuteMs);
  committed_chain();
}

// A lease the database cannot grant is a failed run, reported but not
// recorded (the database that would record it is the one failing), and the
// rule's window is left to the next run's catch-up.
TEST_F(PostgresLeasedScheduling, ALeaseTheDatabaseCannotGrantFailsTheRunWithoutRecordingIt) {
  a->pool.with([](Connection& c) { c.exec("ALTER TABLE rule_leases RENAME TO rule_leases_away"); });
  a->clock.set(kT0);
  const auto made = a->scheduler.tick();
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].status, engine::RunStatus::kFailed);
  EXPECT_NE(made[0].error.value_or("").find("could not take or renew the rule's lease"), std::string::npos)
      << made[0].error.value_or("");
  ASSERT_EQ(made[0].warnings.size(), 1u);
  EXPECT_EQ(made[0].warnings[0].kind, engine::RunWarningKind::kRecordFailed);
  EXPECT_TRUE(a->runs.recent_runs("rule-1", 10).empty());
  EXPECT_EQ(a->scheduler.lease_figures().held, 0u);
}

}  // namespace
}  // namespace vigil::storage::postgresql
