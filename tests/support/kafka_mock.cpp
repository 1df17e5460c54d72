#include "tests/support/kafka_mock.hpp"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <stdexcept>

namespace vigil::test {
namespace {

rd_kafka_t* make_client(rd_kafka_type_t type, const std::vector<std::pair<std::string, std::string>>& settings) {
  auto* conf = rd_kafka_conf_new();
  char error[512];
  for (const auto& [k, v] : settings)
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK)
      throw std::runtime_error("kafka mock: " + k + ": " + error);
  auto* rk = rd_kafka_new(type, conf, error, sizeof error);
  if (!rk) throw std::runtime_error(std::string("kafka mock: ") + error);
  return rk;
}

}  // namespace

KafkaMock::KafkaMock(int brokers) : brokers_(brokers) {
  host_ = make_client(RD_KAFKA_PRODUCER, {{"log_level", "0"}});
  cluster_ = rd_kafka_mock_cluster_new(host_, brokers);
  if (!cluster_) throw std::runtime_error("kafka mock: cannot start the mock cluster");
  bootstrap_ = rd_kafka_mock_cluster_bootstraps(cluster_);
  producer_ = make_producer();
}

rd_kafka_t* KafkaMock::make_producer() const {
  return make_client(RD_KAFKA_PRODUCER, {{"bootstrap.servers", bootstrap_}, {"linger.ms", "5"}, {"log_level", "0"}});
}

KafkaMock::~KafkaMock() {
  if (producer_) rd_kafka_destroy(producer_);
  if (cluster_) rd_kafka_mock_cluster_destroy(cluster_);
  if (host_) rd_kafka_destroy(host_);
}

void KafkaMock::create_topic(const std::string& topic, int partitions) {
  if (const auto err = rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, 1))
    throw std::runtime_error("kafka mock: cannot create " + topic + ": " + rd_kafka_err2str(err));
}

void KafkaMock::produce(const std::string& topic, const std::vector<std::string>& payloads, int partition) {
  for (const auto& payload : payloads) {
    while (true) {
      const auto err = rd_kafka_producev(producer_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
                                         RD_KAFKA_V_VALUE(const_cast<char*>(payload.data()), payload.size()),
                                         RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
        throw std::runtime_error(std::string("kafka mock: produce: ") + rd_kafka_err2str(err));
      rd_kafka_poll(producer_, 10);
    }
  }
  if (rd_kafka_flush(producer_, 30000) != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw std::runtime_error("kafka mock: messages not acknowledged within 30 s");
}

void KafkaMock::set_brokers_down(bool down) {
  for (int id = 1; id <= brokers_; ++id) {
    if (down)
      rd_kafka_mock_broker_set_down(cluster_, id);
    else
      rd_kafka_mock_broker_set_up(cluster_, id);
  }
  // A producer that lived through the outage sometimes never gets its
  // messages acknowledged again by the mock: the tests produce with a new one.
  if (!down) {
    rd_kafka_destroy(producer_);
    producer_ = make_producer();
  }
}

template <typename Call>
void KafkaMock::with_group_client(const std::string& group, const std::string& topic, int partition, const char* what,
                                  Call call) const {
  auto* client =
      make_client(RD_KAFKA_CONSUMER, {{"bootstrap.servers", bootstrap_}, {"group.id", group}, {"log_level", "0"}});
  auto* list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(list, topic.c_str(), partition);
  const rd_kafka_resp_err_t err = call(client, list);
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_destroy(client);
  if (err) throw std::runtime_error(std::string("kafka mock: ") + what + ": " + rd_kafka_err2str(err));
}

std::string KafkaMock::brokers_toml() const {
  std::string out = "[\"";
  for (const char c : bootstrap_) out += c == ',' ? std::string("\", \"") : std::string(1, c);
  return out + "\"]";
}

std::optional<std::int64_t> KafkaMock::committed(const std::string& group, const std::string& topic, int partition) {
  std::int64_t offset = -1;
  with_group_client(group, topic, partition, "committed offsets", [&](rd_kafka_t* client, auto* list) {
    const auto err = rd_kafka_committed(client, list, 10000);
    offset = list->elems[0].offset;
    return err;
  });
  return offset >= 0 ? std::optional<std::int64_t>(offset) : std::nullopt;
}

void KafkaMock::commit(const std::string& group, const std::string& topic, int partition, std::int64_t offset) {
  with_group_client(group, topic, partition, "commit", [&](rd_kafka_t* client, auto* list) {
    list->elems[0].offset = offset;
    return rd_kafka_commit(client, list, 0);
  });
}

}  // namespace vigil::test
