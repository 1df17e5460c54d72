#include "api/metrics/http_metrics.hpp"

namespace vigil::api::metrics {
namespace {

// From half a millisecond (a health check) to ten seconds (a large _bulk
// waiting for the database).
const prometheus::Histogram::BucketBoundaries kRequestDurationBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                                  0.1,    0.25,  0.5,    1,     2.5,  5,     10};

}  // namespace

HttpMetrics::HttpMetrics(MetricsRegistry& registry)
    : requests_(registry.counters("vigil_http_requests_total",
                                  "HTTP requests answered, by route pattern, method and status code.")),
      duration_(registry.histograms(
          "vigil_http_request_duration_seconds",
          "Time from the end of reading a request to the end of writing its response, by route.")) {}

void HttpMetrics::observe(const Request& request, const Response& response, const std::string& route,
                          std::chrono::microseconds took) {
  const std::string route_label = route.empty() ? "unmatched" : route;
  const auto method = request.method();
  requests_
      .Add({{"route", route_label},
            {"method", method == http::verb::unknown ? "other" : std::string(http::to_string(method))},
            {"status", std::to_string(response.result_int())}})
      .Increment();
  duration_.Add({{"route", route_label}}, kRequestDurationBuckets).Observe(std::chrono::duration<double>(took).count());
}

}  // namespace vigil::api::metrics
