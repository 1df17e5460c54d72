#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/time/timestamp.hpp"

namespace vigil::engine {

// A Kafka partition a node's input consumes, as its consumer group assigned it.
struct KafkaPartition {
  std::string input;  // the [[inputs.kafka]] name
  std::string topic;
  std::int32_t partition = 0;

  bool operator==(const KafkaPartition&) const = default;
};

// One vigild as the cluster knows it.
struct ClusterNode {
  std::string id;
  TimeMs started_at = 0;      // its first heartbeat since it started
  TimeMs last_heartbeat = 0;  // by the database's clock
  // Its last heartbeat is recent enough, by the database's clock.
  bool alive = false;
  // The rules whose unexpired leases it holds, sorted.
  std::vector<std::string> leased_rules;
  // The Kafka partitions it consumed at its last heartbeat.
  std::vector<KafkaPartition> kafka_partitions;
};

// The vigild nodes sharing one database, each recording its heartbeats
// there (docs/CLUSTER.md). Implementations are thread-safe; calls may throw
// engine::StoreError.
class ClusterMembership {
 public:
  virtual ~ClusterMembership() = default;

  // This node's id, as heartbeats and leases name it.
  virtual const std::string& node_id() const = 0;
  // Records that this node is alive now, with the Kafka partitions it
  // consumes as last set.
  virtual void heartbeat() = 0;
  // The Kafka partitions this node consumes now; the next heartbeat records them.
  virtual void set_kafka_partitions(std::vector<KafkaPartition> partitions) = 0;
  // Every node that recorded a heartbeat (this one included once it has),
  // ordered by id.
  virtual std::vector<ClusterNode> nodes() = 0;
};

}  // namespace vigil::engine
