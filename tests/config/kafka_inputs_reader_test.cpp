// [[inputs.kafka]] as the config loader reads it: every key, the errors
// naming file:line:column and the key, the SASL password read from its file.
#include "config/kafka_inputs_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "config/config_loader.hpp"
#include "tests/config/config_error.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::config {
namespace {

using testing::error_of;

TEST(KafkaInputsReader, ReadsAnEventHubsInputWithItsPasswordFromAFile) {
  test::TempDir dir;
  const auto secret = dir / "hub.secret";
  std::ofstream(secret) << "Endpoint=sb://corp.servicebus.windows.net/;SharedAccessKeyName=vigil;SharedAccessKey=k\n";
  const auto ca = dir / "ca.pem";
  std::ofstream(ca) << "pem";
  const auto c = load_config_text(R"(
[[inputs.kafka]]
name = "defender"
brokers = ["corp.servicebus.windows.net:9093"]
topics = ["defender-events", "^mde-.*"]
group_id = "vigil-prod"
format = "defender"
index = "defender-kafka"
start_offset = "latest"
epoch = 2
security = "sasl_ssl"
sasl_mechanism = "PLAIN"
sasl_username = "$ConnectionString"
sasl_password_file = ")" + secret.string() + R"("
ca_file = ")" + ca.string() + R"("
max_batch_messages = 500
batch_wait_ms = 50
decode_threads = 3
initial_backoff_ms = 100
max_backoff_ms = 2000
[inputs.kafka.librdkafka]
"fetch.max.bytes" = 1048576
"socket.keepalive.enable" = true
"client.id" = "vigil"
)",
                                  "vigil.toml");
  ASSERT_EQ(c.inputs.kafka.size(), 1u);
  const auto& k = c.inputs.kafka[0];
  EXPECT_EQ(k.name, "defender");
  EXPECT_EQ(k.brokers, std::vector<std::string>{"corp.servicebus.windows.net:9093"});
  EXPECT_EQ(k.topics, (std::vector<std::string>{"defender-events", "^mde-.*"}));
  EXPECT_EQ(k.group_id, "vigil-prod");
  EXPECT_EQ(k.format, "defender");
  EXPECT_EQ(k.index, "defender-kafka");
  EXPECT_EQ(k.start_offset, "latest");
  EXPECT_EQ(k.epoch, 2u);
  EXPECT_EQ(k.security, "sasl_ssl");
  EXPECT_EQ(k.sasl_username, "$ConnectionString");
  // The file's trailing newline is no part of it.
  EXPECT_EQ(k.sasl_password, "Endpoint=sb://corp.servicebus.windows.net/;SharedAccessKeyName=vigil;SharedAccessKey=k");
  EXPECT_EQ(k.ca_file, ca);
  EXPECT_EQ(k.max_batch_messages, 500u);
  EXPECT_EQ(k.batch_wait_ms, 50u);
  EXPECT_EQ(k.decode_threads, 3u);
  EXPECT_EQ(k.initial_backoff_ms, 100u);
  EXPECT_EQ(k.max_backoff_ms, 2000u);
  EXPECT_EQ(k.librdkafka.at("fetch.max.bytes"), "1048576");
  EXPECT_EQ(k.librdkafka.at("socket.keepalive.enable"), "true");
  EXPECT_EQ(k.librdkafka.at("client.id"), "vigil");
}

TEST(KafkaInputsReader, DefaultsToAPlaintextAutoInputFromTheEarliestOffset) {
  const auto c = load_config_text("[[inputs.kafka]]\nname = \"beats\"\nbrokers = [\"k1:9092\", \"k2:9092\"]\n"
                                  "topics = [\"winlogbeat\"]\n",
                                  "vigil.toml");
  ASSERT_EQ(c.inputs.kafka.size(), 1u);
  const auto& k = c.inputs.kafka[0];
  EXPECT_EQ(k.group_id, "vigil");
  EXPECT_EQ(k.format, "auto");
  EXPECT_EQ(k.index, "");
  EXPECT_EQ(k.start_offset, "earliest");
  EXPECT_EQ(k.epoch, 0u);
  EXPECT_EQ(k.security, "plaintext");
  EXPECT_TRUE(k.librdkafka.empty());
}

TEST(KafkaInputsReader, RefusesWhatItCannotUseAtItsPosition) {
  const std::string head = "[[inputs.kafka]]\nname = \"k\"\nbrokers = [\"k1:9092\"]\ntopics = [\"t\"]\n";
  EXPECT_EQ(error_of("[[inputs.kafka]]\nbrokers = [\"k1:9092\"]\ntopics = [\"t\"]\n"),
            "vigil.toml:1:1: inputs.kafka[0].name: every Kafka input needs a name");
  EXPECT_EQ(error_of("[[inputs.kafka]]\nname = \"k\"\ntopics = [\"t\"]\n"),
            "vigil.toml:1:1: inputs.kafka[0].brokers: a Kafka input needs brokers (HOST:PORT)");
  EXPECT_EQ(error_of("[[inputs.kafka]]\nname = \"k\"\nbrokers = [\"k1\"]\n"),
            "vigil.toml:3:11: inputs.kafka[0].brokers: 'k1' is not HOST:PORT");
  EXPECT_EQ(error_of(head + "format = \"syslog\"\n"),
            "vigil.toml:5:10: inputs.kafka[0].format: 'syslog' is not one of: auto, beats, defender, ecs");
  EXPECT_EQ(error_of(head + "colour = 1\n"), "vigil.toml:5:1: inputs.kafka[0].colour: unknown key");
  EXPECT_EQ(error_of(head + "security = \"sasl_ssl\"\nsasl_username = \"u\"\n"),
            "vigil.toml:1:1: inputs.kafka[0].security: sasl_ssl needs sasl_username and sasl_password or "
            "sasl_password_file");
  EXPECT_EQ(error_of(head + "sasl_username = \"u\"\n"),
            "vigil.toml:5:17: inputs.kafka[0].sasl_username: is a setting of security = \"sasl_ssl\" only");
  EXPECT_EQ(error_of(head + "security = \"sasl_ssl\"\nsasl_password = \"p\"\nsasl_password_file = \"/x\"\n"),
            "vigil.toml:7:22: inputs.kafka[0].sasl_password_file: set sasl_password or sasl_password_file, not both");
  EXPECT_EQ(error_of(head + "security = \"sasl_ssl\"\nsasl_username = \"u\"\nsasl_password_file = \"/nonexistent/p\"\n"),
            "vigil.toml:7:22: inputs.kafka[0].sasl_password_file: cannot read '/nonexistent/p'");
  EXPECT_EQ(error_of(head + "[inputs.kafka.librdkafka]\n\"enable.auto.commit\" = true\n"),
            "vigil.toml:6:1: inputs.kafka[0].librdkafka.enable.auto.commit: is set by Vigil; use the input's own "
            "option instead");
  EXPECT_EQ(error_of(head + head),
            "vigil.toml:6:8: inputs.kafka[1].name: 'k' names another Kafka input already");
  EXPECT_EQ(error_of("[inputs.rabbitmq]\nname = \"r\"\n"), "vigil.toml:1:9: inputs.rabbitmq: unknown input kind");
}

}  // namespace
}  // namespace vigil::config
