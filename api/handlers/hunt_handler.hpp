#pragma once

#include "api/handlers/hunt_request.hpp"
#include "api/http/router.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/store/hunt_source.hpp"

namespace vigil::api {

// POST /api/v1/hunt: runs a KQL query over the stored events (engine/hunt,
// docs/HUNTING.md). Body {"query", "timespan" (ISO 8601 duration, optional),
// "timeout_ms", "max_rows"}; answer {"schema": [{"name", "type"}],
// "results": [{column: value}], "stats": {"rows", "rows_scanned",
// "duration_ms", "truncated"}}, or with ?format=ndjson one result per line
// and ?format=csv a header row then one row per result (the stats in
// X-Hunt-* headers). Errors: hunt_request.hpp's run_hunt_request.
void add_hunt_routes(Router& router, engine::HuntSource& source, const engine::Clock& clock, HuntLimitsConfig limits);

}  // namespace vigil::api
