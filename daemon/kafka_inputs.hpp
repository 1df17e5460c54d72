#pragma once

#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/metrics/input_metrics.hpp"
#include "api/metrics/metrics_registry.hpp"
#include "config/options.hpp"
#include "engine/ingest/dead_letters.hpp"
#include "engine/ingest/ingest_pipeline.hpp"
#include "engine/schedule/clock.hpp"
#include "inputs/kafka/kafka_input.hpp"

namespace vigil::daemon {

// The [[inputs.kafka]] consumers, their metrics and their readiness: built
// with the routes (before the server), started once vigild listens,
// stopped before the pipeline they feed.
class KafkaInputs {
 public:
  KafkaInputs(const std::vector<config::KafkaInputOptions>& inputs, engine::ingest::IngestPipeline& pipeline,
              engine::ingest::DeadLetterStore& dead_letters, const engine::Clock& clock,
              api::metrics::MetricsRegistry& metrics);
  ~KafkaInputs();

  // Throws naming the input when librdkafka refuses its configuration.
  void start();
  void stop();
  // {"name": "why it does not consume"} for each degraded input.
  nlohmann::json degraded() const;

 private:
  api::metrics::InputMetrics lag_metrics_;
  std::vector<std::unique_ptr<inputs::kafka::KafkaInput>> inputs_;
};

}  // namespace vigil::daemon
