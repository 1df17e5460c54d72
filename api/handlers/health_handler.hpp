#pragma once

#include <atomic>
#include <functional>

#include <nlohmann/json.hpp>

#include "api/http/router.hpp"

namespace vigil::api {

// GET /healthz: the process answers (never needs a key).
// GET /readyz: 200 once storage is open and rules are loaded, 503 before
// that and from the moment shutdown starts (`ready` is owned by the daemon).
// `degraded_inputs` (optional) names the inputs that do not consume now and
// why ({"name": "reason"}); while it names any, a ready /readyz answers 200
// {"status":"degraded","inputs":{...}}: HTTP ingest still works, so a load
// balancer keeps the node, and a monitor sees which input is stuck.
void add_health_routes(Router& router, const std::atomic<bool>& ready,
                       std::function<nlohmann::json()> degraded_inputs = {});

}  // namespace vigil::api
