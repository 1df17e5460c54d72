#pragma once

#include "api/metrics/metrics_registry.hpp"
#include "engine/detect/cluster_presence.hpp"
#include "engine/detect/scheduler.hpp"

namespace vigil::api::metrics {

// This node's part in its cluster (docs/CLUSTER.md), read at scrape time:
//   vigil_cluster_rule_leases_held                  rule leases this node holds now
//   vigil_cluster_rule_leases_acquired_total        leases it took
//   vigil_cluster_rule_leases_lost_total            leases it found taken by another node or could not renew
//   vigil_cluster_heartbeats_total                  heartbeats it recorded
//   vigil_cluster_heartbeat_failures_total          heartbeats the database did not take
//   vigil_cluster_last_heartbeat_timestamp_seconds  when it last recorded one (0: never), by its clock
// Both references must outlive the registry's last render().
void add_cluster_metrics(MetricsRegistry& registry, const engine::detect::Scheduler& scheduler,
                         const engine::detect::ClusterPresence& presence);

}  // namespace vigil::api::metrics
