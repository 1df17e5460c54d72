#pragma once

#include "api/http/router.hpp"
#include "engine/schedule/cluster_membership.hpp"

namespace vigil::api {

// GET /api/v1/cluster: the vigild nodes sharing this node's database
// (docs/CLUSTER.md), as the database records them:
// → {"node_id": this node's id,
//    "nodes": [{"id", "started_at", "last_heartbeat" (RFC 3339, by the
//    database's clock), "alive", "leases": [rule ids it runs]}]}.
// On SQLite the answer is this node alone, holding every scheduled rule.
// A store failure is the session's 503 or 500. `membership` must outlive
// the router.
void add_cluster_routes(Router& router, engine::ClusterMembership& membership);

}  // namespace vigil::api
