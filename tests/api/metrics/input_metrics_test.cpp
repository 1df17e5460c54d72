#include "api/metrics/input_metrics.hpp"

#include <gtest/gtest.h>

#include "tests/api/metrics/exposition.hpp"

namespace vigil::api::metrics {
namespace {

TEST(InputMetrics, KeepsTheLatestLagOfEachPartition) {
  MetricsRegistry registry;
  InputMetrics metrics(registry);
  metrics.set_partition_lag("beats", "winlogbeat", 0, 120);
  metrics.set_partition_lag("beats", "winlogbeat", 1, 7);
  metrics.set_partition_lag("beats", "winlogbeat", 0, 3);
  const auto e = test::parse_exposition(registry.render());
  EXPECT_TRUE(e.errors.empty());
  EXPECT_EQ(e.types.at("vigil_kafka_partition_lag"), "gauge");
  EXPECT_EQ(e.value(R"(vigil_kafka_partition_lag{input="beats",partition="0",topic="winlogbeat"})"), 3);
  EXPECT_EQ(e.value(R"(vigil_kafka_partition_lag{input="beats",partition="1",topic="winlogbeat"})"), 7);
}

}  // namespace
}  // namespace vigil::api::metrics
