#include "api/metrics/input_metrics.hpp"

namespace vigil::api::metrics {

InputMetrics::InputMetrics(MetricsRegistry& registry)
    : lag_(prometheus::BuildGauge()
               .Name("vigil_kafka_partition_lag")
               .Help("Messages between a Kafka input's position and the end of the partition.")
               .Register(registry.families())) {}

void InputMetrics::set_partition_lag(const std::string& input, const std::string& topic, std::int32_t partition,
                                     std::int64_t lag) {
  lag_.Add({{"input", input}, {"topic", topic}, {"partition", std::to_string(partition)}})
      .Set(static_cast<double>(lag));
}

}  // namespace vigil::api::metrics
