// GET /api/v1/cluster and the cluster's /metrics figures against the real
// daemon: on SQLite this node alone, on PostgreSQL (the api.on_postgresql
// run) the node as its heartbeats and leases in the database record it.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include "engine/time/timestamp.hpp"
#include "tests/api/metrics/exposition.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/kafka_mock.hpp"
#include "tests/support/winlogbeat_sysmon.hpp"

namespace vigil::test {
namespace {

const std::string kActiveSyncRule = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";

// A daemon named `node-under-test` that beats every 100 ms.
Daemon named_daemon(const TempDir& dir) {
  const auto config = dir.path() / "vigil.toml";
  std::ofstream(config) << "[retention]\nevents_days = 36500\n[cluster]\nnode_id = \"node-under-test\"\n"
                           "lease_ttl_ms = 1000\nheartbeat_interval_ms = 100\n";
  return Daemon({"--config", config.string()});
}

// The answer once the scheduler's first pass has taken every rule's lease
// (it runs on its own thread after start-up), or the last one after 20 s.
nlohmann::json cluster_once_running(Daemon& d, std::size_t rules) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (;;) {
    const auto res = d.client().get("/api/v1/cluster");
    EXPECT_EQ(res.status, 200) << res.body;
    auto body = res.json();
    const bool running = body["nodes"].size() == 1 && body["nodes"][0]["leases"].size() == rules;
    if (running || std::chrono::steady_clock::now() > deadline) return body;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

TEST(ClusterApi, ListsThisNodeAliveWithItsHeartbeatAndEveryRuleItRuns) {
  TempDir dir;
  auto d = named_daemon(dir);
  std::vector<std::string> enabled;
  const auto rules = d.client().get("/api/v1/rules").json();
  for (const auto& rule : rules["rules"])
    if (rule["enabled"] == true) enabled.push_back(rule["id"]);
  std::sort(enabled.begin(), enabled.end());
  ASSERT_FALSE(enabled.empty());

  const auto body = cluster_once_running(d, enabled.size());
  EXPECT_EQ(body["node_id"], "node-under-test");
  ASSERT_EQ(body["nodes"].size(), 1u) << body.dump();
  const auto& node = body["nodes"][0];
  EXPECT_EQ(node["id"], "node-under-test");
  EXPECT_EQ(node["alive"], true);
  EXPECT_EQ(node["leases"].get<std::vector<std::string>>(), enabled);
  EXPECT_EQ(node["kafka_partitions"], nlohmann::json::array()) << "no Kafka input";
  const auto started = engine::parse_timestamp(node["started_at"].get<std::string>());
  const auto beat = engine::parse_timestamp(node["last_heartbeat"].get<std::string>());
  ASSERT_TRUE(started && beat) << node.dump();
  EXPECT_LE(*started, *beat);

  // The heartbeats go on: a later answer has a later one.
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  const auto later = d.client().get("/api/v1/cluster").json()["nodes"][0];
  EXPECT_GT(*engine::parse_timestamp(later["last_heartbeat"].get<std::string>()), *beat);
  EXPECT_EQ(later["started_at"], node["started_at"]);
}

// A node consuming Kafka lists the partitions its consumer group gave it,
// as its input last reported them: those it has a position in, so each
// partition here gets a message.
TEST(ClusterApi, ListsTheKafkaPartitionsTheNodeConsumes) {
  KafkaMock kafka;
  kafka.create_topic("winlogbeat", 2);
  for (int p = 0; p < 2; ++p) kafka.produce("winlogbeat", {winlogbeat_sysmon("WS01", "cmd /c echo 0", 0)}, p);
  TempDir dir;
  const auto config = dir.path() / "vigil.toml";
  std::ofstream(config) << "[cluster]\nheartbeat_interval_ms = 100\n[[inputs.kafka]]\nname = \"shippers\"\nbrokers = "
                        << kafka.brokers_toml() << "\ntopics = [\"winlogbeat\"]\n";
  Daemon d({"--config", config.string()});
  const nlohmann::json expected = nlohmann::json::parse(
      R"([{"input":"shippers","topic":"winlogbeat","partition":0},{"input":"shippers","topic":"winlogbeat","partition":1}])");
  nlohmann::json listed;
  for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(std::chrono::milliseconds(50))) {
    listed = d.client().get("/api/v1/cluster").json()["nodes"][0]["kafka_partitions"];
    if (listed == expected) break;
  }
  EXPECT_EQ(listed, expected) << d.log();
}

TEST(ClusterApi, MetricsCountTheLeasesHeldAndTheHeartbeats) {
  TempDir dir;
  auto d = named_daemon(dir);
  const auto rules = d.client().get("/api/v1/rules").json()["rules"].size();
  cluster_once_running(d, rules);
  std::this_thread::sleep_for(std::chrono::milliseconds(250));

  const auto res = d.client().get("/metrics");
  ASSERT_EQ(res.status, 200);
  const auto text = parse_exposition(res.body);
  EXPECT_EQ(text.value("vigil_cluster_rule_leases_held"), static_cast<double>(rules));
  EXPECT_EQ(text.value("vigil_cluster_rule_leases_acquired_total"), static_cast<double>(rules));
  EXPECT_EQ(text.value("vigil_cluster_rule_leases_lost_total"), 0);
  EXPECT_GE(text.value("vigil_cluster_heartbeats_total"), 2);
  EXPECT_EQ(text.value("vigil_cluster_heartbeat_failures_total"), 0);
  EXPECT_GT(text.value("vigil_cluster_last_heartbeat_timestamp_seconds"), 1.7e9);
  EXPECT_EQ(text.types.at("vigil_cluster_rule_leases_lost_total"), "counter");
}

TEST(ClusterApi, WithoutANodeIdTheNodeIsNamedAfterItsHostAndProcess) {
  Daemon d;
  const auto body = d.client().get("/api/v1/cluster").json();
  const auto id = body["node_id"].get<std::string>();
  EXPECT_TRUE(id.ends_with("-" + std::to_string(d.pid()))) << id;
}

}  // namespace
}  // namespace vigil::test
