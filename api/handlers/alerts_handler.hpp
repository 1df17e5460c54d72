#pragma once

#include "api/http/router.hpp"
#include "engine/store/alert_store.hpp"

namespace vigil::api {

// A first alert listing (the full query API comes later):
//   GET /api/v1/alerts?rule_id=ID&limit=N   newest first: {"total","alerts","next_cursor":null}
//   GET /api/v1/alerts/{id}                 one whole alert, with its source event
void add_alerts_routes(Router& router, engine::AlertStore& alerts);

}  // namespace vigil::api
