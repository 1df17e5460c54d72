#pragma once

#include <cstddef>

#include "api/http/router.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/store/alert_store.hpp"

namespace vigil::api {

// The alert API (docs/API.md walks through it):
//   GET   /api/v1/alerts                 filtered, sorted, keyset-paged; json | ndjson | csv
//   GET   /api/v1/alerts/_summary        counts by rule, severity, status, classification, technique
//   GET   /api/v1/alerts/{id}            one alert, with its source event (long fields cut)
// and the triage routes of alert_triage_handler.hpp. `clock` resolves date
// math (since=now-24h) and stamps history entries. Both references must
// outlive the router. A page ends early, with a cursor, before its body
// would exceed `max_response_bytes` (server.max_response_bytes); each alert
// in it is bounded as alert_bounds.hpp says.
void add_alerts_routes(Router& router, engine::AlertStore& alerts, const engine::Clock& clock,
                       std::size_t max_response_bytes);

}  // namespace vigil::api
