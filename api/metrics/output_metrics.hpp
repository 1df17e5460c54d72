#pragma once

#include "api/metrics/metrics_registry.hpp"
#include "engine/outputs/outbox.hpp"
#include "engine/outputs/output_dispatcher.hpp"

namespace vigil::api::metrics {

// One configured output's delivery, read at scrape time, labelled
// output="<name>" (one series per configured output, so bounded):
//   vigil_output_queued                       outbox entries the output has not reached yet
//   vigil_output_delivered_total              entries its receiver accepted
//   vigil_output_failed_total                 failed attempts (each retry counts)
//   vigil_output_dead_lettered_total          entries given up on
//   vigil_output_oldest_retry_age_seconds     how long the entry being retried has failed (0: none)
// `dispatcher` and `outbox` must outlive the registry's last render().
void add_output_metrics(MetricsRegistry& registry, const engine::outputs::OutputDispatcher& dispatcher,
                        engine::outputs::Outbox& outbox);

}  // namespace vigil::api::metrics
