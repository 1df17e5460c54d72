#pragma once

#include "api/http/router.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/store/alert_store.hpp"

namespace vigil::api {

// Triage, Elastic's workflow status plus Defender's classification:
//   PATCH /api/v1/alerts/{id}                any of status, classification, determination, assignee, note
//                                            → the updated alert
//   POST  /api/v1/alerts/_bulk_update        {"ids": [...]} or {"filter": {...}} plus the change → {"updated": N}
//   GET   /api/v1/alerts/{id}/history        {"id", "history": [{"at","author","field","from","to"}]}
// Every change is recorded with the request's principal and the clock's time.
void add_alert_triage_routes(Router& router, engine::AlertStore& alerts, const engine::Clock& clock);

}  // namespace vigil::api
