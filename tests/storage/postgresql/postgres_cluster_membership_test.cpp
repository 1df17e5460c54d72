// Node heartbeats on the real PostgreSQL server: two nodes' membership
// clients on one database, liveness by the server's clock, and the leases
// each holds.
#include "storage/postgresql/postgres_cluster_membership.hpp"

#include <gtest/gtest.h>

#include "engine/detect/cluster_presence.hpp"
#include "engine/store/store_error.hpp"
#include "storage/postgresql/postgres_event_store.hpp"
#include "storage/postgresql/postgres_rule_leases.hpp"
#include "storage/postgresql/postgres_run_store.hpp"
#include "tests/storage/postgresql/migrated_database.hpp"

namespace vigil::storage::postgresql {
namespace {

constexpr std::int64_t kTimeoutMs = 60000;

class PostgresClusterMembershipTest : public testing::MigratedDatabase {
 protected:
  PostgresClusterMembership a{pool, "node-a", kTimeoutMs};
  PostgresClusterMembership b{pool, "node-b", kTimeoutMs};
};

TEST_F(PostgresClusterMembershipTest, EachNodeIsListedOnceItBeatsWithTheLeasesItHolds) {
  EXPECT_TRUE(a.nodes().empty());
  b.heartbeat();
  a.heartbeat();
  a.heartbeat();
  PostgresRuleLeases a_leases(pool, "node-a", 60000);
  ASSERT_TRUE(a_leases.try_acquire("rule-2"));
  ASSERT_TRUE(a_leases.try_acquire("rule-1"));

  const auto nodes = b.nodes();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].id, "node-a");
  EXPECT_EQ(nodes[1].id, "node-b");
  EXPECT_TRUE(nodes[0].alive);
  EXPECT_TRUE(nodes[1].alive);
  EXPECT_EQ(nodes[0].leased_rules, (std::vector<std::string>{"rule-1", "rule-2"}));
  EXPECT_TRUE(nodes[1].leased_rules.empty());
  EXPECT_LE(nodes[0].started_at, nodes[0].last_heartbeat);
  EXPECT_EQ(a.node_id(), "node-a");

  // A released lease is no longer listed.
  a_leases.release({"rule-1", 2});
  a_leases.release({"rule-1", 1});
  EXPECT_EQ(b.nodes()[0].leased_rules, std::vector<std::string>{"rule-2"});
}

// Each heartbeat records the Kafka partitions last set, and the next one
// what was set since: a rebalance shows at the node's next beat.
TEST_F(PostgresClusterMembershipTest, EachHeartbeatRecordsTheKafkaPartitionsTheNodeConsumes) {
  a.heartbeat();
  EXPECT_TRUE(b.nodes()[0].kafka_partitions.empty());
  const std::vector<engine::KafkaPartition> two = {{"shippers", "winlogbeat", 0}, {"shippers", "winlogbeat", 3}};
  a.set_kafka_partitions(two);
  EXPECT_TRUE(b.nodes()[0].kafka_partitions.empty()) << "recorded before a heartbeat";
  a.heartbeat();
  EXPECT_EQ(b.nodes()[0].kafka_partitions, two);
  a.set_kafka_partitions({{"hubs", "defender", 1}});
  a.heartbeat();
  EXPECT_EQ(b.nodes()[0].kafka_partitions, (std::vector<engine::KafkaPartition>{{"hubs", "defender", 1}}));
}

// Liveness is the server's judgement: a heartbeat older than the timeout
// by the server's clock is not alive, whatever the nodes' clocks say.
TEST_F(PostgresClusterMembershipTest, ANodeWhoseHeartbeatIsOlderThanTheTimeoutIsNotAlive) {
  a.heartbeat();
  b.heartbeat();
  pool.with([](Connection& c) {
    c.exec("UPDATE cluster_nodes SET last_heartbeat = now() - interval '61 seconds' WHERE node_id = 'node-a'");
  });
  const auto nodes = b.nodes();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_FALSE(nodes[0].alive);
  EXPECT_TRUE(nodes[1].alive);
  // Its next heartbeat brings it back; a restarted process's first one starts it anew.
  PostgresClusterMembership restarted(pool, "node-a", kTimeoutMs);
  restarted.heartbeat();
  const auto back = b.nodes();
  EXPECT_TRUE(back[0].alive);
  EXPECT_GT(back[0].started_at, nodes[0].started_at);
}

TEST_F(PostgresClusterMembershipTest, ANodeSilentForADayIsForgotten) {
  a.heartbeat();
  pool.with([](Connection& c) {
    c.exec("UPDATE cluster_nodes SET last_heartbeat = now() - interval '25 hours' WHERE node_id = 'node-a'");
  });
  EXPECT_EQ(b.nodes().size(), 1u);
  b.heartbeat();
  const auto nodes = b.nodes();
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].id, "node-b");
}

TEST_F(PostgresClusterMembershipTest, AHeartbeatTheDatabaseCannotTakeThrowsAndThePresenceCountsIt) {
  PostgresEventStore events(pool);
  PostgresRunStore runs(pool);
  const engine::RuleSet no_rules;
  engine::ManualClock clock(1709510400000);
  engine::detect::Scheduler scheduler(no_rules, events, runs, clock);
  engine::detect::ClusterPresence presence(a, scheduler, clock);
  EXPECT_FALSE(presence.beat());

  pool.with([](Connection& c) { c.exec("DROP TABLE cluster_nodes"); });
  EXPECT_THROW(a.heartbeat(), engine::StoreError);
  EXPECT_THROW(a.nodes(), engine::StoreError);
  const auto failure = presence.beat();
  ASSERT_TRUE(failure);
  EXPECT_NE(failure->find("cluster_nodes"), std::string::npos) << *failure;
  EXPECT_EQ(presence.figures().heartbeats, 1u);
  EXPECT_EQ(presence.figures().heartbeat_failures, 1u);
  EXPECT_EQ(presence.figures().last_heartbeat, 1709510400000);
}

}  // namespace
}  // namespace vigil::storage::postgresql
