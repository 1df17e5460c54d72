#include "api/metrics/cluster_metrics.hpp"

namespace vigil::api::metrics {

void add_cluster_metrics(MetricsRegistry& registry, const engine::detect::Scheduler& scheduler,
                         const engine::detect::ClusterPresence& presence) {
  using prometheus::MetricType;
  const auto* s = &scheduler;
  const auto* p = &presence;
  registry.add_callback("vigil_cluster_rule_leases_held", "Rule leases this node holds: the rules it runs.",
                        MetricType::Gauge, [s] { return static_cast<double>(s->lease_figures().held); });
  registry.add_callback("vigil_cluster_rule_leases_acquired_total", "Rule leases this node took.", MetricType::Counter,
                        [s] { return static_cast<double>(s->lease_figures().acquired); });
  registry.add_callback("vigil_cluster_rule_leases_lost_total",
                        "Rule leases this node lost: taken by another node after they expired, or not renewable.",
                        MetricType::Counter, [s] { return static_cast<double>(s->lease_figures().lost); });
  registry.add_callback("vigil_cluster_heartbeats_total", "Heartbeats this node recorded.", MetricType::Counter,
                        [p] { return static_cast<double>(p->figures().heartbeats); });
  registry.add_callback("vigil_cluster_heartbeat_failures_total",
                        "Heartbeats this node could not record (the database unreachable).", MetricType::Counter,
                        [p] { return static_cast<double>(p->figures().heartbeat_failures); });
  registry.add_callback("vigil_cluster_last_heartbeat_timestamp_seconds",
                        "When this node last recorded a heartbeat, by its own clock; 0 before the first.",
                        MetricType::Gauge,
                        [p] { return static_cast<double>(p->figures().last_heartbeat.value_or(0)) / 1000.0; });
}

}  // namespace vigil::api::metrics
