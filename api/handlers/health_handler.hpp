#pragma once

#include <atomic>

#include "api/http/router.hpp"

namespace vigil::api {

// GET /healthz: the process answers (never needs a key).
// GET /readyz: 200 once storage is open and rules are loaded, 503 before
// that and from the moment shutdown starts (`ready` is owned by the daemon).
void add_health_routes(Router& router, const std::atomic<bool>& ready);

}  // namespace vigil::api
