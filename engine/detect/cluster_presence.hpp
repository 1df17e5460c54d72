#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/detect/scheduler.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/schedule/cluster_membership.hpp"

namespace vigil::engine::detect {

// What a node's heartbeats have done since it started, for metrics.
struct PresenceFigures {
  std::uint64_t heartbeats = 0;
  std::uint64_t heartbeat_failures = 0;
  std::optional<TimeMs> last_heartbeat;  // the last one recorded, by this node's clock
};

// Keeps this node present in its cluster (docs/CLUSTER.md): each beat()
// records a heartbeat and renews the scheduler's rule leases, so a thread
// calling it more often than leases expire keeps every rule this node runs.
// Both references must outlive it. beat() and figures() may be called from
// any thread.
class ClusterPresence {
 public:
  ClusterPresence(ClusterMembership& membership, Scheduler& scheduler, const Clock& clock)
      : membership_(membership), scheduler_(scheduler), clock_(clock) {}

  // Never throws: returns why the heartbeat failed (the database is
  // unreachable), for the log; the leases are renewed regardless, since
  // each is judged on its own.
  std::optional<std::string> beat();
  PresenceFigures figures() const;

 private:
  ClusterMembership& membership_;
  Scheduler& scheduler_;
  const Clock& clock_;
  std::atomic<std::uint64_t> heartbeats_{0};
  std::atomic<std::uint64_t> failures_{0};
  std::atomic<TimeMs> last_heartbeat_{0};  // 0: none yet
};

}  // namespace vigil::engine::detect
