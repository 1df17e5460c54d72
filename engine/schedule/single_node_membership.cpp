#include "engine/schedule/single_node_membership.hpp"

namespace vigil::engine {

SingleNodeMembership::SingleNodeMembership(std::string node_id, const Clock& clock,
                                           std::function<std::vector<std::string>()> leased_rules)
    : node_id_(std::move(node_id)),
      clock_(clock),
      started_at_(clock.now()),
      leased_rules_(std::move(leased_rules)),
      last_heartbeat_(started_at_) {}

void SingleNodeMembership::set_kafka_partitions(std::vector<KafkaPartition> partitions) {
  std::lock_guard lock(partitions_mutex_);
  partitions_ = std::move(partitions);
}

std::vector<ClusterNode> SingleNodeMembership::nodes() {
  std::lock_guard lock(partitions_mutex_);
  // Answering is proof enough that the one node is alive.
  return {ClusterNode{node_id_, started_at_, last_heartbeat_.load(), true, leased_rules_(), partitions_}};
}

}  // namespace vigil::engine
