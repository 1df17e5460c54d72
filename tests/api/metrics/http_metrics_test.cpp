#include "api/metrics/http_metrics.hpp"

#include <gtest/gtest.h>

#include "tests/api/metrics/exposition.hpp"

namespace vigil::api::metrics {
namespace {

Request request(http::verb method) { return Request{method, "/whatever?x=1", 11}; }
Response response(http::status status) { return Response{status, 11}; }

TEST(HttpMetrics, CountsByRoutePatternMethodAndStatusWithALatencyHistogramPerRoute) {
  MetricsRegistry registry;
  HttpMetrics metrics(registry);
  metrics.observe(request(http::verb::post), response(http::status::ok), "/{index}/_bulk",
                  std::chrono::microseconds(1500));
  EXPECT_EQ(registry.render(),
            "# HELP vigil_http_request_duration_seconds Time from the end of reading a request to the end of writing "
            "its response, by route.\n"
            "# TYPE vigil_http_request_duration_seconds histogram\n"
            "vigil_http_request_duration_seconds_count{route=\"/{index}/_bulk\"} 1\n"
            "vigil_http_request_duration_seconds_sum{route=\"/{index}/_bulk\"} 0.0015\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"0.0005\"} 0\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"0.001\"} 0\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"0.0025\"} 1\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"0.005\"} 1\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"0.01\"} 1\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"0.025\"} 1\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"0.05\"} 1\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"0.1\"} 1\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"0.25\"} 1\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"0.5\"} 1\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"1\"} 1\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"2.5\"} 1\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"5\"} 1\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"10\"} 1\n"
            "vigil_http_request_duration_seconds_bucket{route=\"/{index}/_bulk\",le=\"+Inf\"} 1\n"
            "# HELP vigil_http_requests_total HTTP requests answered, by route pattern, method and status code.\n"
            "# TYPE vigil_http_requests_total counter\n"
            "vigil_http_requests_total{method=\"POST\",route=\"/{index}/_bulk\",status=\"200\"} 1\n");
}

TEST(HttpMetrics, UnmatchedRoutesAndUnknownMethodsKeepTheSeriesBounded) {
  MetricsRegistry registry;
  HttpMetrics metrics(registry);
  Request brew = request(http::verb::unknown);
  brew.method_string("BREW");
  for (int i = 0; i < 3; ++i)
    metrics.observe(brew, response(http::status::not_found), "", std::chrono::microseconds(10));
  metrics.observe(request(http::verb::get), response(http::status::not_found), "", std::chrono::microseconds(10));
  metrics.observe(request(http::verb::get), response(http::status::not_found), "/{index}/_doc/{id}",
                  std::chrono::microseconds(10));

  const auto text = test::parse_exposition(registry.render());
  ASSERT_TRUE(text.errors.empty()) << text.errors.front();
  EXPECT_EQ(text.value(R"(vigil_http_requests_total{method="other",route="unmatched",status="404"})"), 3);
  EXPECT_EQ(text.value(R"(vigil_http_requests_total{method="GET",route="unmatched",status="404"})"), 1);
  EXPECT_EQ(text.value(R"(vigil_http_requests_total{method="GET",route="/{index}/_doc/{id}",status="404"})"), 1);
  EXPECT_EQ(text.value(R"(vigil_http_request_duration_seconds_count{route="unmatched"})"), 4);
}

}  // namespace
}  // namespace vigil::api::metrics
