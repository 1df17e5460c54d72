// The librdkafka configuration an [[inputs.kafka]] becomes: offsets left to
// the input, security mapped, the pass-through table applied last.
#include "inputs/kafka/client_settings.hpp"

#include <gtest/gtest.h>

#include <map>

namespace vigil::inputs::kafka {
namespace {

std::map<std::string, std::string> as_map(const Settings& settings) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : settings) out[k] = v;  // later settings win, as rd_kafka_conf_set
  return out;
}

TEST(ClientSettings, APlaintextInputCommitsNothingByItself) {
  config::KafkaInputOptions o;
  o.name = "beats";
  o.brokers = {"k1:9092", "k2:9092"};
  o.topics = {"winlogbeat"};
  const auto s = as_map(client_settings(o));
  EXPECT_EQ(s.at("bootstrap.servers"), "k1:9092,k2:9092");
  EXPECT_EQ(s.at("group.id"), "vigil");
  EXPECT_EQ(s.at("enable.auto.commit"), "false");
  EXPECT_EQ(s.at("enable.auto.offset.store"), "false");
  EXPECT_EQ(s.at("auto.offset.reset"), "earliest");
  EXPECT_EQ(s.at("security.protocol"), "plaintext");
  EXPECT_EQ(s.at("client.id"), "vigil-beats");
  EXPECT_EQ(s.at("reconnect.backoff.ms"), "500");
  EXPECT_EQ(s.at("reconnect.backoff.max.ms"), "30000");
  EXPECT_FALSE(s.contains("sasl.username"));
  EXPECT_FALSE(s.contains("ssl.ca.location"));
}

TEST(ClientSettings, EventHubsIsSaslPlainOverTlsWithTheConnectionString) {
  config::KafkaInputOptions o;
  o.name = "defender";
  o.brokers = {"corp.servicebus.windows.net:9093"};
  o.security = "sasl_ssl";
  o.sasl_username = "$ConnectionString";
  o.sasl_password = "Endpoint=sb://corp/;SharedAccessKey=k";
  o.ca_file = "/etc/ssl/certs/ca-certificates.crt";
  o.start_offset = "latest";
  o.librdkafka = {{"client.id", "soc-vigil"}, {"fetch.max.bytes", "1048576"}};
  const auto s = as_map(client_settings(o));
  EXPECT_EQ(s.at("security.protocol"), "sasl_ssl");
  EXPECT_EQ(s.at("sasl.mechanisms"), "PLAIN");
  EXPECT_EQ(s.at("sasl.username"), "$ConnectionString");
  EXPECT_EQ(s.at("sasl.password"), "Endpoint=sb://corp/;SharedAccessKey=k");
  EXPECT_EQ(s.at("ssl.ca.location"), "/etc/ssl/certs/ca-certificates.crt");
  EXPECT_EQ(s.at("auto.offset.reset"), "latest");
  EXPECT_EQ(s.at("client.id"), "soc-vigil");  // the pass-through table comes last
  EXPECT_EQ(s.at("fetch.max.bytes"), "1048576");
  EXPECT_TRUE(is_secret_setting("sasl.password"));
  EXPECT_FALSE(is_secret_setting("sasl.username"));
}

}  // namespace
}  // namespace vigil::inputs::kafka
