// ClusterPresence over a SQLite scheduler (one node, every lease its own)
// and its SingleNodeMembership: each beat records a heartbeat and keeps the
// leases the scheduler took.
#include "engine/detect/cluster_presence.hpp"

#include <gtest/gtest.h>

#include "engine/schedule/single_node_membership.hpp"
#include "tests/engine/detect/detect_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::detect {
namespace {

using testing::kT0;

TEST(ClusterPresence, EachBeatRecordsAHeartbeatAndKeepsTheSchedulersLeases) {
  test::TempDir dir;
  testing::Stores stores(dir / "vigil.db");
  ManualClock clock(kT0);
  const auto rules = testing::rule_set({testing::powershell_rule("rule-1"), testing::powershell_rule("rule-2")});
  Scheduler scheduler(rules, stores.events, stores.runs, clock);
  SingleNodeMembership membership("vigil-1", clock, [&scheduler] { return scheduler.leased_rule_ids(); });
  ClusterPresence presence(membership, scheduler, clock);
  EXPECT_EQ(presence.figures().heartbeats, 0u);
  EXPECT_FALSE(presence.figures().last_heartbeat);

  scheduler.tick();
  clock.advance(10 * kSecondMs);
  EXPECT_FALSE(presence.beat());
  clock.advance(10 * kSecondMs);
  EXPECT_FALSE(presence.beat());

  const auto figures = presence.figures();
  EXPECT_EQ(figures.heartbeats, 2u);
  EXPECT_EQ(figures.heartbeat_failures, 0u);
  EXPECT_EQ(figures.last_heartbeat, kT0 + 20 * kSecondMs);
  const auto nodes = membership.nodes();
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].last_heartbeat, kT0 + 20 * kSecondMs);
  EXPECT_EQ(nodes[0].leased_rules, (std::vector<std::string>{"rule-1", "rule-2"}));
  EXPECT_EQ(scheduler.lease_figures().held, 2u);
  EXPECT_EQ(scheduler.lease_figures().acquired, 2u);
  EXPECT_EQ(scheduler.lease_figures().lost, 0u);
}

}  // namespace
}  // namespace vigil::engine::detect
