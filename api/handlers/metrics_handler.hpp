#pragma once

#include "api/http/router.hpp"
#include "api/metrics/metrics_registry.hpp"

namespace vigil::api {

// GET /metrics: the registry in Prometheus text exposition format 0.0.4.
// Who may scrape is the access policy's business, not this handler's. The
// registry must outlive the router.
void add_metrics_routes(Router& router, const metrics::MetricsRegistry& registry);

}  // namespace vigil::api
