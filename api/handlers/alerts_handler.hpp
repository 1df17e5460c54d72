#pragma once

#include "api/http/router.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/store/alert_store.hpp"

namespace vigil::api {

// The alert API (docs/API.md walks through it):
//   GET   /api/v1/alerts                 filtered, sorted, keyset-paged; json | ndjson | csv
//   GET   /api/v1/alerts/_summary        counts by rule, severity, status, classification, technique
//   GET   /api/v1/alerts/{id}            one whole alert, with its source event
// and the triage routes of alert_triage_handler.hpp. `clock` resolves date
// math (since=now-24h) and stamps history entries. Both references must
// outlive the router.
void add_alerts_routes(Router& router, engine::AlertStore& alerts, const engine::Clock& clock);

}  // namespace vigil::api
