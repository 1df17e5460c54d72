#include "daemon/kafka_inputs.hpp"

namespace vigil::daemon {

KafkaInputs::KafkaInputs(const std::vector<config::KafkaInputOptions>& inputs, engine::ingest::IngestPipeline& pipeline,
                         engine::ingest::DeadLetterStore& dead_letters, const engine::Clock& clock,
                         api::metrics::MetricsRegistry& metrics, engine::ClusterMembership& membership)
    : lag_metrics_(metrics), membership_(membership) {
  using prometheus::MetricType;
  using Counters = inputs::kafka::InputCounters;
  const std::vector<std::tuple<const char*, const char*, std::atomic<std::uint64_t> Counters::*, double>> counters = {
      {"vigil_kafka_messages_total", "Messages a Kafka input consumed and stored or set aside.", &Counters::messages,
       1},
      {"vigil_kafka_records_total", "Events a Kafka input stored (an Event Hubs message holds many).",
       &Counters::records, 1},
      {"vigil_kafka_duplicate_records_total", "Records delivered again and found stored already.",
       &Counters::duplicates, 1},
      {"vigil_kafka_bytes_total", "Bytes of the messages a Kafka input consumed.", &Counters::bytes, 1},
      {"vigil_kafka_dead_letters_total", "Messages a Kafka input set aside as dead letters.", &Counters::dead_letters,
       1},
      {"vigil_kafka_commit_failures_total", "Offset commits the brokers refused.", &Counters::commit_failures, 1},
      {"vigil_kafka_offset_resets_total",
       "Partitions moved to their log's start or end because the broker no longer had their offset.",
       &Counters::offset_resets, 1},
      {"vigil_kafka_paused_seconds_total", "Time a Kafka input's partitions were paused for a saturated writer.",
       &Counters::paused_ms, 0.001},
  };
  for (const auto& o : inputs) {
    auto input = std::make_unique<inputs::kafka::KafkaInput>(
        o, pipeline, dead_letters, clock, [this, name = o.name](const std::vector<inputs::kafka::PartitionLag>& lags) {
          for (const auto& l : lags) lag_metrics_.set_partition_lag(name, l.topic, l.partition, l.lag);
          set_partitions(name, lags);
        });
    for (const auto& [name, help, member, scale] : counters) {
      const auto* c = &(input->counters().*member);
      metrics.add_callback(name, help, MetricType::Counter, {{"input", o.name}},
                           [c, scale = scale] { return static_cast<double>(c->load()) * scale; });
    }
    inputs_.push_back(std::move(input));
  }
}

KafkaInputs::~KafkaInputs() { stop(); }

void KafkaInputs::set_partitions(const std::string& input, const std::vector<inputs::kafka::PartitionLag>& lags) {
  std::vector<engine::KafkaPartition> all;
  {
    std::lock_guard lock(partitions_mutex_);
    auto& mine = partitions_[input];
    mine.clear();
    for (const auto& l : lags) mine.push_back({input, l.topic, l.partition});
    for (const auto& [name, partitions] : partitions_) all.insert(all.end(), partitions.begin(), partitions.end());
  }
  membership_.set_kafka_partitions(std::move(all));
}

void KafkaInputs::start() {
  for (auto& input : inputs_) input->start();
}

void KafkaInputs::stop() {
  for (auto& input : inputs_) input->stop();
}

nlohmann::json KafkaInputs::degraded() const {
  auto out = nlohmann::json::object();
  for (const auto& input : inputs_)
    if (auto reason = input->degraded(); !reason.empty()) out[input->name()] = std::move(reason);
  return out;
}

}  // namespace vigil::daemon
