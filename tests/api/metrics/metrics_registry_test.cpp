#include "api/metrics/metrics_registry.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/api/metrics/exposition.hpp"

namespace vigil::api::metrics {
namespace {

using prometheus::MetricType;

TEST(MetricsRegistry, RendersSortedFamiliesWithEscapedLabelsHistogramsAndCallbacks) {
  MetricsRegistry registry;
  auto& requests = registry.counters("t_requests_total", "Requests.");
  requests.Add({{"path", "/b"}}).Increment();
  requests.Add({{"path", "a\"q\\b\nc"}}).Increment(2);
  auto& latency = registry.histograms("t_latency_seconds", "Latency.");
  auto& histogram = latency.Add({{"route", "/x"}}, prometheus::Histogram::BucketBoundaries{0.1, 1});
  for (const double seconds : {0.25, 0.5, 4.0}) histogram.Observe(seconds);
  double depth = 3;
  registry.add_callback("t_depth", "Depth.", MetricType::Gauge, [&depth] { return depth; });
  registry.add_callback("t_seen_total", "Seen.", MetricType::Counter, [] { return 7.0; });

  EXPECT_EQ(registry.render(),
            "# HELP t_depth Depth.\n"
            "# TYPE t_depth gauge\n"
            "t_depth 3\n"
            "# HELP t_latency_seconds Latency.\n"
            "# TYPE t_latency_seconds histogram\n"
            "t_latency_seconds_count{route=\"/x\"} 3\n"
            "t_latency_seconds_sum{route=\"/x\"} 4.75\n"
            "t_latency_seconds_bucket{route=\"/x\",le=\"0.1\"} 0\n"
            "t_latency_seconds_bucket{route=\"/x\",le=\"1\"} 2\n"
            "t_latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n"
            "# HELP t_requests_total Requests.\n"
            "# TYPE t_requests_total counter\n"
            "t_requests_total{path=\"/b\"} 1\n"
            "t_requests_total{path=\"a\\\"q\\\\b\\nc\"} 2\n"
            "# HELP t_seen_total Seen.\n"
            "# TYPE t_seen_total counter\n"
            "t_seen_total 7\n");

  depth = 5;  // callbacks are read at each scrape
  const auto again = test::parse_exposition(registry.render());
  EXPECT_TRUE(again.errors.empty()) << again.errors.front();
  EXPECT_EQ(again.value("t_depth"), 5);
  EXPECT_EQ(again.value("t_requests_total{path=\"a\\\"q\\\\b\\nc\"}"), 2);
}

// One family per name, however many labelled callbacks share it: a second
// HELP/TYPE pair for the name would make Prometheus reject the scrape.
TEST(MetricsRegistry, LabelledCallbacksSharingANameAreOneFamily) {
  MetricsRegistry registry;
  registry.add_callback("t_queued", "Queued.", MetricType::Gauge, {{"output", "siem"}}, [] { return 2.0; });
  registry.add_callback("t_queued", "Queued.", MetricType::Gauge, {{"output", "chat"}}, [] { return 0.0; });
  EXPECT_EQ(registry.render(),
            "# HELP t_queued Queued.\n"
            "# TYPE t_queued gauge\n"
            "t_queued{output=\"chat\"} 0\n"
            "t_queued{output=\"siem\"} 2\n");
  const auto parsed = test::parse_exposition(registry.render());
  EXPECT_TRUE(parsed.errors.empty()) << parsed.errors.front();
}

TEST(MetricsRegistry, RefusesCallbacksWithBadNamesOrTypes) {
  MetricsRegistry registry;
  EXPECT_THROW(registry.add_callback("bad-name", "x", MetricType::Gauge, [] { return 0.0; }), std::invalid_argument);
  EXPECT_THROW(registry.add_callback("t_h", "x", MetricType::Histogram, [] { return 0.0; }), std::invalid_argument);
  EXPECT_EQ(registry.render(), "");
}

TEST(MetricsRegistry, CountsEveryIncrementFromConcurrentThreads) {
  MetricsRegistry registry;
  auto& family = registry.counters("t_total", "T.");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&family, t] {
      for (int i = 0; i < 10000; ++i) family.Add({{"thread", std::to_string(t % 2)}}).Increment();
    });
  }
  for (auto& t : threads) t.join();
  const auto text = test::parse_exposition(registry.render());
  EXPECT_EQ(text.value("t_total{thread=\"0\"}"), 20000);
  EXPECT_EQ(text.value("t_total{thread=\"1\"}"), 20000);
}

// The reader the API tests rely on must itself reject what a scraper would.
TEST(Exposition, ReportsWhatAScraperWouldReject) {
  EXPECT_TRUE(test::parse_exposition("# TYPE a counter\na{x=\"1\"} 2\n").errors.empty());
  for (const char* bad : {"a 1\n",                                                     // no TYPE
                          "# TYPE a counter\na{x=\"\\t\"} 1\n",                        // bad escape
                          "# TYPE a counter\na{x=\"1\"}\n",                            // no value
                          "# TYPE a counter\na one\n",                                 // not a number
                          "# TYPE a gauge\n# TYPE b gauge\na 1\nb 1\na{x=\"y\"} 2\n",  // split family
                          "# TYPE h histogram\nh_bucket 1\n",                          // bucket without le
                          "# TYPE a counter\na 1"}) {                                  // no final newline
    EXPECT_FALSE(test::parse_exposition(bad).errors.empty()) << bad;
  }
}

}  // namespace
}  // namespace vigil::api::metrics
