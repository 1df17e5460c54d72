#pragma once

#include "api/handlers/hunt_request.hpp"
#include "api/http/router.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/store/hunt_source.hpp"

namespace vigil::api {

// Microsoft's two advanced-hunting routes, so that scripts written for
// Defender need only another host and credential:
// - Graph's POST /v1.0/security/runHuntingQuery: {"Query", "Timespan"}
//   (default: the last graph_timespan days) → {"schema": [{"name",
//   "type"}], "results": [...]}, types spelled "DateTime", "String", ...;
// - Defender's POST /api/advancedhunting/run: {"Query"} → {"Stats",
//   "Schema": [{"Name", "Type"}], "Results"}.
// Same engine, limits and errors as POST /api/v1/hunt (hunt_handler.hpp).
void add_microsoft_hunting_routes(Router& router, engine::HuntSource& source, const engine::Clock& clock,
                                  HuntLimitsConfig limits);

}  // namespace vigil::api
