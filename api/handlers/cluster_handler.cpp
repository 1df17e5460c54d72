#include "api/handlers/cluster_handler.hpp"

#include <nlohmann/json.hpp>

#include "api/http/json_response.hpp"

namespace vigil::api {

void add_cluster_routes(Router& router, engine::ClusterMembership& membership) {
  router.add(http::verb::get, "/api/v1/cluster", [&membership](const RequestContext& ctx) {
    nlohmann::json nodes = nlohmann::json::array();
    for (const auto& node : membership.nodes()) {
      auto partitions = nlohmann::json::array();
      for (const auto& p : node.kafka_partitions)
        partitions.push_back({{"input", p.input}, {"topic", p.topic}, {"partition", p.partition}});
      nodes.push_back({{"id", node.id},
                       {"started_at", engine::format_timestamp(node.started_at)},
                       {"last_heartbeat", engine::format_timestamp(node.last_heartbeat)},
                       {"alive", node.alive},
                       {"leases", node.leased_rules},
                       {"kafka_partitions", std::move(partitions)}});
    }
    return json_response(ctx.request, http::status::ok,
                         {{"node_id", membership.node_id()}, {"nodes", std::move(nodes)}});
  });
}

}  // namespace vigil::api
