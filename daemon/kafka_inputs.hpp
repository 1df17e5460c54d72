#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/metrics/input_metrics.hpp"
#include "api/metrics/metrics_registry.hpp"
#include "config/options.hpp"
#include "engine/ingest/dead_letters.hpp"
#include "engine/ingest/ingest_pipeline.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/schedule/cluster_membership.hpp"
#include "inputs/kafka/kafka_input.hpp"

namespace vigil::daemon {

// The [[inputs.kafka]] consumers, their metrics and their readiness: built
// with the routes (before the server), started once vigild listens,
// stopped before the pipeline they feed. The partitions the inputs consume
// go to `membership`, for its heartbeats, as the inputs report them (about
// once a second); it must outlive the inputs' threads.
class KafkaInputs {
 public:
  KafkaInputs(const std::vector<config::KafkaInputOptions>& inputs, engine::ingest::IngestPipeline& pipeline,
              engine::ingest::DeadLetterStore& dead_letters, const engine::Clock& clock,
              api::metrics::MetricsRegistry& metrics, engine::ClusterMembership& membership);
  ~KafkaInputs();

  // Throws naming the input when librdkafka refuses its configuration.
  void start();
  void stop();
  // {"name": "why it does not consume"} for each degraded input.
  nlohmann::json degraded() const;

 private:
  // Records what one input reports it consumes, and hands the membership
  // what all of them do.
  void set_partitions(const std::string& input, const std::vector<inputs::kafka::PartitionLag>& lags);

  api::metrics::InputMetrics lag_metrics_;
  engine::ClusterMembership& membership_;
  std::mutex partitions_mutex_;
  std::map<std::string, std::vector<engine::KafkaPartition>> partitions_;  // by input; guarded by partitions_mutex_
  std::vector<std::unique_ptr<inputs::kafka::KafkaInput>> inputs_;
};

}  // namespace vigil::daemon
