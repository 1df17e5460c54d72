#include "inputs/kafka/client_settings.hpp"

namespace vigil::inputs::kafka {

Settings client_settings(const config::KafkaInputOptions& o) {
  std::string brokers;
  for (const auto& b : o.brokers) brokers += (brokers.empty() ? "" : ",") + b;
  Settings s = {
      {"client.id", "vigil-" + o.name},
      // librdkafka's own fetch queue is the only queue in front of the
      // store: bounded here, and fetching stops while the input pauses.
      // With librdkafka's defaults (64 MiB queued, fetches of up to 50 MiB
      // a broker) vigild peaked at 255-299 MB draining a 192 MiB backlog
      // over 64 partitions; with these at 172-180 MB, draining as fast
      // (tests/reliability/kafka_backlog_memory_test.cpp, docs/OPERATIONS.md).
      {"queued.max.messages.kbytes", "16384"},
      {"fetch.max.bytes", "8388608"},
      {"bootstrap.servers", brokers},
      {"group.id", o.group_id},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"auto.offset.reset", o.start_offset},
      {"reconnect.backoff.ms", std::to_string(o.initial_backoff_ms)},
      {"reconnect.backoff.max.ms", std::to_string(o.max_backoff_ms)},
      {"security.protocol", o.security},
  };
  if (o.security == "sasl_ssl") {
    s.emplace_back("sasl.mechanisms", o.sasl_mechanism);
    s.emplace_back("sasl.username", o.sasl_username);
    s.emplace_back("sasl.password", o.sasl_password);
  }
  if (!o.ca_file.empty()) s.emplace_back("ssl.ca.location", o.ca_file.string());
  for (const auto& [key, value] : o.librdkafka) s.emplace_back(key, value);
  return s;
}

bool is_secret_setting(const std::string& key) {
  return key.find("password") != std::string::npos || key.find("secret") != std::string::npos ||
         key == "ssl.key.pem" || key == "ssl.keystore.password";
}

}  // namespace vigil::inputs::kafka
