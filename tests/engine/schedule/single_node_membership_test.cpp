#include "engine/schedule/single_node_membership.hpp"

#include <gtest/gtest.h>

namespace vigil::engine {
namespace {

constexpr TimeMs kT0 = 1709510400000;

TEST(SingleNodeMembership, IsThisNodeAloneAliveWithItsHeartbeatsByItsClockAndTheLeasesItHolds) {
  ManualClock clock(kT0);
  std::vector<std::string> leased = {"rule-1"};
  SingleNodeMembership membership("vigil-1", clock, [&leased] { return leased; });
  clock.advance(5000);

  auto nodes = membership.nodes();
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].id, "vigil-1");
  EXPECT_EQ(nodes[0].started_at, kT0);
  EXPECT_EQ(nodes[0].last_heartbeat, kT0);  // none since the start
  EXPECT_TRUE(nodes[0].alive);
  EXPECT_EQ(nodes[0].leased_rules, leased);

  membership.heartbeat();
  leased.push_back("rule-2");
  nodes = membership.nodes();
  EXPECT_EQ(nodes[0].last_heartbeat, kT0 + 5000);
  EXPECT_EQ(nodes[0].leased_rules, leased);
  EXPECT_EQ(membership.node_id(), "vigil-1");
}

}  // namespace
}  // namespace vigil::engine
