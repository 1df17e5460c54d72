#pragma once

#include <prometheus/family.h>
#include <prometheus/gauge.h>

#include <cstdint>
#include <string>

#include "api/metrics/metrics_registry.hpp"

namespace vigil::api::metrics {

// What pulling inputs report as they go, beside the counters they keep
// themselves (read at scrape time):
//   vigil_kafka_partition_lag{input,topic,partition}  messages behind the partition's end
// Thread-safe.
class InputMetrics {
 public:
  explicit InputMetrics(MetricsRegistry& registry);

  void set_partition_lag(const std::string& input, const std::string& topic, std::int32_t partition,
                         std::int64_t lag);

 private:
  prometheus::Family<prometheus::Gauge>& lag_;
};

}  // namespace vigil::api::metrics
