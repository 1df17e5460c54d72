#include "storage/postgresql/postgres_cluster_membership.hpp"

#include <map>
#include <nlohmann/json.hpp>

namespace vigil::storage::postgresql {
namespace {

// A node silent this long is taken for gone for good (renamed, scaled
// down), and its row is deleted by the others' heartbeats.
constexpr const char* kForgetAfter = "1 day";

}  // namespace

void PostgresClusterMembership::set_kafka_partitions(std::vector<engine::KafkaPartition> partitions) {
  auto rows = nlohmann::json::array();
  for (const auto& p : partitions) rows.push_back({p.input, p.topic, p.partition});
  std::lock_guard lock(partitions_mutex_);
  partitions_ = rows.dump();
}

void PostgresClusterMembership::heartbeat() {
  const bool first = !announced_.load();
  std::string partitions;
  {
    std::lock_guard lock(partitions_mutex_);
    partitions = partitions_;
  }
  pool_.with([&](Connection& c) {
    c.query(std::string("INSERT INTO cluster_nodes (node_id, started_at, last_heartbeat, kafka_partitions) "
                        "VALUES ($1, now(), now(), $2) "
                        "ON CONFLICT (node_id) DO UPDATE SET last_heartbeat = now(), kafka_partitions = $2") +
                (first ? ", started_at = now()" : ""),
            Params().add_text(node_id_).add_text(partitions));
    c.query(std::string("DELETE FROM cluster_nodes WHERE last_heartbeat < now() - interval '") + kForgetAfter + "'");
  });
  announced_.store(true);
}

std::vector<engine::ClusterNode> PostgresClusterMembership::nodes() {
  return pool_.with([&](Connection& c) {
    // One snapshot for both reads, so a lease and its holder's heartbeat agree.
    Transaction tx(c);
    c.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    const auto rows = c.query(
        "SELECT node_id, (extract(epoch FROM started_at) * 1000)::int8, "
        "(extract(epoch FROM last_heartbeat) * 1000)::int8, "
        "last_heartbeat > now() - $1::float8 * interval '1 millisecond', kafka_partitions "
        "FROM cluster_nodes ORDER BY node_id",
        Params().add(node_timeout_ms_));
    std::vector<engine::ClusterNode> nodes;
    std::map<std::string, std::size_t, std::less<>> by_id;
    for (int row = 0; row < rows.rows(); ++row) {
      by_id.emplace(std::string(rows.bytes(row, 0)), nodes.size());
      std::vector<engine::KafkaPartition> partitions;
      for (const auto& p : nlohmann::json::parse(rows.bytes(row, 4)))
        partitions.push_back({p[0].get<std::string>(), p[1].get<std::string>(), p[2].get<std::int32_t>()});
      nodes.push_back({std::string(rows.bytes(row, 0)),
                       rows.int8(row, 1),
                       rows.int8(row, 2),
                       rows.boolean(row, 3),
                       {},
                       std::move(partitions)});
    }
    const auto leases =
        c.query("SELECT holder, rule_id FROM rule_leases WHERE expires_at > now() ORDER BY holder, rule_id");
    for (int row = 0; row < leases.rows(); ++row)
      if (const auto node = by_id.find(leases.bytes(row, 0)); node != by_id.end())
        nodes[node->second].leased_rules.emplace_back(leases.bytes(row, 1));
    tx.commit();
    return nodes;
  });
}

}  // namespace vigil::storage::postgresql
