#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace vigil::test {

// librdkafka's mock Kafka cluster (rdkafka_mock.h), in this process,
// listening on loopback ports of its own: produce, fetch, offsets and
// consumer groups over the real protocol, no SASL or TLS. Each partition's
// log keeps only about 5 MiB, so tests stay well under that. Also a
// producer into it and a reader of a group's committed offsets.
class KafkaMock {
 public:
  explicit KafkaMock(int brokers = 3);
  ~KafkaMock();
  KafkaMock(const KafkaMock&) = delete;
  KafkaMock& operator=(const KafkaMock&) = delete;

  // "127.0.0.1:port,..." of every broker.
  const std::string& bootstrap() const { return bootstrap_; }
  // The same as a TOML array, for a vigild's `brokers`: ["127.0.0.1:port", ...].
  std::string brokers_toml() const;
  void create_topic(const std::string& topic, int partitions);
  // Produces each payload (to `partition`, or spread by the partitioner when
  // -1) and waits until the cluster acknowledged all of them.
  void produce(const std::string& topic, const std::vector<std::string>& payloads, int partition = -1);
  // Every broker refuses connections (down) or takes them again (up).
  void set_brokers_down(bool down);
  // The offset `group` committed for the partition; nullopt when none.
  std::optional<std::int64_t> committed(const std::string& group, const std::string& topic, int partition);
  // Commits `offset` for `group` as a client outside the group would (the
  // group must have no members): a committed offset from before a topic
  // was recreated, say.
  void commit(const std::string& group, const std::string& topic, int partition, std::int64_t offset);

 private:
  rd_kafka_s* make_producer() const;
  // Calls `call(client, list)` with a consumer of `group` that is no member
  // of it and a list holding the partition; throws when it returns an error.
  template <typename Call>
  void with_group_client(const std::string& group, const std::string& topic, int partition, const char* what,
                         Call call) const;

  rd_kafka_s* host_ = nullptr;  // the client handle the cluster lives in
  rd_kafka_mock_cluster_s* cluster_ = nullptr;
  rd_kafka_s* producer_ = nullptr;
  int brokers_ = 0;
  std::string bootstrap_;
};

}  // namespace vigil::test
