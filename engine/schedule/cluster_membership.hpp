#pragma once

#include <string>
#include <vector>

#include "engine/time/timestamp.hpp"

namespace vigil::engine {

// One vigild as the cluster knows it.
struct ClusterNode {
  std::string id;
  TimeMs started_at = 0;      // its first heartbeat since it started
  TimeMs last_heartbeat = 0;  // by the database's clock
  // Its last heartbeat is recent enough, by the database's clock.
  bool alive = false;
  // The rules whose unexpired leases it holds, sorted.
  std::vector<std::string> leased_rules;
};

// The vigild nodes sharing one database, each recording its heartbeats
// there (docs/CLUSTER.md). Implementations are thread-safe; calls may throw
// engine::StoreError.
class ClusterMembership {
 public:
  virtual ~ClusterMembership() = default;

  // This node's id, as heartbeats and leases name it.
  virtual const std::string& node_id() const = 0;
  // Records that this node is alive now.
  virtual void heartbeat() = 0;
  // Every node that recorded a heartbeat (this one included once it has),
  // ordered by id.
  virtual std::vector<ClusterNode> nodes() = 0;
};

}  // namespace vigil::engine
