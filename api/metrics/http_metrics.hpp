#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>

#include <chrono>
#include <string>

#include "api/http/types.hpp"
#include "api/metrics/metrics_registry.hpp"

namespace vigil::api::metrics {

// Request counts and latency, grouped by the matched route pattern
// ("/{index}/_bulk"), never by the raw path, so the number of series stays
// bounded whatever clients ask for:
//   vigil_http_requests_total{route,method,status}
//   vigil_http_request_duration_seconds{route}   (histogram)
// A request no route matched (404, 405) counts under route "unmatched";
// a method Beast does not know counts as "other". Thread-safe.
class HttpMetrics {
 public:
  explicit HttpMetrics(MetricsRegistry& registry);

  // Has the shape of api::RequestObserver.
  void observe(const Request& request, const Response& response, const std::string& route,
               std::chrono::microseconds took);

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& duration_;
};

}  // namespace vigil::api::metrics
