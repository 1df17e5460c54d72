#include "api/metrics/output_metrics.hpp"

namespace vigil::api::metrics {

void add_output_metrics(MetricsRegistry& registry, const engine::outputs::OutputDispatcher& dispatcher,
                        engine::outputs::Outbox& outbox) {
  using prometheus::MetricType;
  const std::map<std::string, std::string> labels = {{"output", dispatcher.output()}};
  const auto* d = &dispatcher;
  const auto& counters = dispatcher.counters();
  registry.add_callback("vigil_output_queued", "Outbox entries an output has not reached yet.", MetricType::Gauge,
                        labels, [d, &outbox] { return static_cast<double>(outbox.pending(d->output())); });
  registry.add_callback("vigil_output_delivered_total", "Outbox entries an output's receiver accepted.",
                        MetricType::Counter, labels,
                        [&counters] { return static_cast<double>(counters.delivered.load()); });
  registry.add_callback("vigil_output_failed_total", "Failed delivery attempts of an output, each retry counted.",
                        MetricType::Counter, labels,
                        [&counters] { return static_cast<double>(counters.failed.load()); });
  registry.add_callback("vigil_output_dead_lettered_total",
                        "Outbox entries an output gave up on (max_attempts reached, or refused by the receiver).",
                        MetricType::Counter, labels,
                        [&counters] { return static_cast<double>(counters.dead_lettered.load()); });
  registry.add_callback("vigil_output_oldest_retry_age_seconds",
                        "How long the entry an output is retrying has been failing; 0 when none is.", MetricType::Gauge,
                        labels, [d] { return static_cast<double>(d->oldest_retry_age()) / 1000.0; });
}

}  // namespace vigil::api::metrics
