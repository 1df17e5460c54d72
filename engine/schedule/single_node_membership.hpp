#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "engine/schedule/clock.hpp"
#include "engine/schedule/cluster_membership.hpp"

namespace vigil::engine {

// The cluster of a vigild alone on its database (SQLite): itself, alive,
// its heartbeats kept in memory by its own clock, holding the leases
// `leased_rules` lists (every rule it schedules). The clock and whatever
// `leased_rules` reads must outlive it. Thread-safe.
class SingleNodeMembership final : public ClusterMembership {
 public:
  SingleNodeMembership(std::string node_id, const Clock& clock, std::function<std::vector<std::string>()> leased_rules);

  const std::string& node_id() const override { return node_id_; }
  void heartbeat() override { last_heartbeat_.store(clock_.now()); }
  void set_kafka_partitions(std::vector<KafkaPartition> partitions) override;
  std::vector<ClusterNode> nodes() override;

 private:
  const std::string node_id_;
  const Clock& clock_;
  const TimeMs started_at_;
  std::function<std::vector<std::string>()> leased_rules_;
  std::atomic<TimeMs> last_heartbeat_;
  mutable std::mutex partitions_mutex_;
  std::vector<KafkaPartition> partitions_;  // guarded by partitions_mutex_
};

}  // namespace vigil::engine
