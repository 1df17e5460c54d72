#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "engine/schedule/cluster_membership.hpp"
#include "storage/postgresql/connection_pool.hpp"

namespace vigil::storage::postgresql {

// Node heartbeats in the cluster_nodes table (migration 5), stamped and
// judged by the server's clock (now()), with the Kafka partitions the node
// consumed at the time (migration 6), and the rule leases each node holds
// (rule_leases). A node is alive while its last heartbeat is younger than
// `node_timeout_ms`; one silent for a day is forgotten. The schema must be
// migrated. Thread-safe.
class PostgresClusterMembership final : public engine::ClusterMembership {
 public:
  PostgresClusterMembership(ConnectionPool& pool, std::string node_id, std::int64_t node_timeout_ms)
      : pool_(pool), node_id_(std::move(node_id)), node_timeout_ms_(node_timeout_ms) {}

  const std::string& node_id() const override { return node_id_; }
  void heartbeat() override;
  void set_kafka_partitions(std::vector<engine::KafkaPartition> partitions) override;
  std::vector<engine::ClusterNode> nodes() override;

 private:
  ConnectionPool& pool_;
  const std::string node_id_;
  const std::int64_t node_timeout_ms_;
  // The first heartbeat of this process (re)starts the node's started_at.
  std::atomic<bool> announced_{false};
  std::mutex partitions_mutex_;
  std::string partitions_ = "[]";  // as the kafka_partitions column holds them; guarded by partitions_mutex_
};

}  // namespace vigil::storage::postgresql
