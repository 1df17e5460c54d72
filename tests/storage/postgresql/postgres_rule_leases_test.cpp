// Rule leases on the real PostgreSQL server: two nodes' lease clients on
// one database, expiry by the server's clock, and the fence a run's commit
// passes through.
#include "storage/postgresql/postgres_rule_leases.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "engine/store/store_error.hpp"
#include "storage/postgresql/postgres_run_store.hpp"
#include "tests/storage/postgresql/migrated_database.hpp"

namespace vigil::storage::postgresql {
namespace {

constexpr std::int64_t kLongTtlMs = 60000;
// Short enough to wait out in a test, long enough to outlast the calls made
// while it must hold on a loaded machine.
constexpr std::int64_t kShortTtlMs = 200;

void wait_out(std::int64_t ttl_ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ttl_ms + 50)); }

engine::RunRecord run_under(const engine::RuleLease& lease, engine::TimeMs end) {
  engine::RunRecord r;
  r.rule_id = lease.rule_id;
  r.started_at = end;
  r.window_start = end - 9 * engine::kMinuteMs;
  r.window_end = end;
  r.lease_token = lease.token;
  return r;
}

engine::Alert alert(const std::string& id) {
  engine::Alert a;
  a.id = id;
  a.rule_id = "r";
  a.created_at = 1;
  a.severity = "medium";
  a.risk_score = 47;
  a.document = {{"id", id}, {"rule", {{"id", "r"}}}};
  return a;
}

class PostgresRuleLeasesTest : public testing::MigratedDatabase {};

TEST_F(PostgresRuleLeasesTest, OnlyOneNodeHoldsARulesLease) {
  PostgresRuleLeases a(pool, "node-a", kLongTtlMs);
  PostgresRuleLeases b(pool, "node-b", kLongTtlMs);

  const auto held = a.try_acquire("r");
  ASSERT_TRUE(held);
  EXPECT_EQ(held->rule_id, "r");
  EXPECT_EQ(held->token, 1);
  EXPECT_FALSE(b.try_acquire("r"));
  EXPECT_FALSE(b.renew(*held));  // b is not its holder
  EXPECT_TRUE(a.renew(*held));
  EXPECT_FALSE(b.try_acquire("r"));
  // Another rule is free for b.
  const auto other = b.try_acquire("other");
  ASSERT_TRUE(other);
  EXPECT_FALSE(a.try_acquire("other"));
  EXPECT_EQ(number("SELECT count(*) FROM rule_leases"), 2);
}

TEST_F(PostgresRuleLeasesTest, AnExpiredLeaseGoesToTheNextNodeWithAHigherToken) {
  PostgresRuleLeases a(pool, "node-a", kShortTtlMs);
  PostgresRuleLeases b(pool, "node-b", kLongTtlMs);
  const auto first = a.try_acquire("r");
  ASSERT_TRUE(first);
  EXPECT_FALSE(b.try_acquire("r"));

  wait_out(kShortTtlMs);
  const auto second = b.try_acquire("r");
  ASSERT_TRUE(second);
  EXPECT_GT(*second->token, *first->token);
  // a, back from its pause, finds the lease gone and cannot take it back.
  EXPECT_FALSE(a.renew(*first));
  EXPECT_FALSE(a.try_acquire("r"));
  EXPECT_TRUE(b.renew(*second));
}

// Expiry is the server's judgement: a lease whose expiry the server's clock
// has passed is free whatever the nodes' clocks say, and one it has not is held.
TEST_F(PostgresRuleLeasesTest, ExpiryIsJudgedByTheServersClock) {
  PostgresRuleLeases a(pool, "node-a", kLongTtlMs);
  PostgresRuleLeases b(pool, "node-b", kLongTtlMs);
  ASSERT_TRUE(a.try_acquire("r"));
  pool.with([](Connection& c) { c.exec("UPDATE rule_leases SET expires_at = now() - interval '1 millisecond'"); });
  const auto taken = b.try_acquire("r");
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->token, 2);
  EXPECT_EQ(number("SELECT count(*) FROM rule_leases WHERE holder = 'node-b' AND expires_at > now() + "
                   "interval '50 seconds'"),
            1);
}

TEST_F(PostgresRuleLeasesTest, AReleasedLeaseIsFreeAtOnceAndARestartedNodeTakesItsOwnBack) {
  PostgresRuleLeases a(pool, "node-a", kLongTtlMs);
  PostgresRuleLeases b(pool, "node-b", kLongTtlMs);
  const auto first = a.try_acquire("r");
  ASSERT_TRUE(first);
  a.release(*first);
  const auto second = b.try_acquire("r");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->token, 2);
  a.release(*first);  // no longer a's: nothing happens
  EXPECT_TRUE(b.renew(*second));

  // b restarts under the same node id: its new process takes the lease at
  // once, under a new token that fences off anything the old one still runs.
  PostgresRuleLeases b_again(pool, "node-b", kLongTtlMs);
  const auto third = b_again.try_acquire("r");
  ASSERT_TRUE(third);
  EXPECT_EQ(third->token, 3);
  EXPECT_FALSE(b.renew(*second));
}

TEST_F(PostgresRuleLeasesTest, ACommitWithAStaleTokenIsRefusedAndStoresNothing) {
  PostgresRuleLeases a(pool, "node-a", kShortTtlMs);
  PostgresRuleLeases b(pool, "node-b", kLongTtlMs);
  PostgresRunStore runs(pool);
  const auto stale = a.try_acquire("r");
  ASSERT_TRUE(stale);
  wait_out(kShortTtlMs);
  const auto current = b.try_acquire("r");
  ASSERT_TRUE(current);

  const std::vector<engine::Alert> alerts = {alert("a1")};
  try {
    runs.commit_run(run_under(*stale, 600000), alerts);
    ADD_FAILURE() << "a commit under a stale token was accepted";
  } catch (const engine::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("node node-b holds it with token 2"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(runs.recent_runs("r", 10).empty());
  EXPECT_FALSE(runs.last_window_end("r"));
  EXPECT_FALSE(runs.alerts().get("a1"));

  EXPECT_EQ(runs.commit_run(run_under(*current, 600000), alerts).created, 1u);
  EXPECT_EQ(runs.last_window_end("r"), 600000);
  EXPECT_TRUE(runs.alerts().get("a1"));
}

TEST_F(PostgresRuleLeasesTest, ACommitUnderALeaseNeverTakenIsRefused) {
  PostgresRunStore runs(pool);
  EXPECT_THROW(runs.commit_run(run_under({"r", 1}, 600000), {}), engine::StoreError);
  EXPECT_TRUE(runs.recent_runs("r", 10).empty());
  // Without a token (one node, or a manual run over an explicit window) the commit is not fenced.
  auto unfenced = run_under({"r", std::nullopt}, 600000);
  runs.commit_run(unfenced, {});
  EXPECT_EQ(runs.last_window_end("r"), 600000);
}

}  // namespace
}  // namespace vigil::storage::postgresql
