#pragma once

#include <cstddef>

#include "api/http/router.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/store/alert_store.hpp"

namespace vigil::api {

// Triage, Elastic's workflow status plus Defender's classification:
//   PATCH /api/v1/alerts/{id}                any of status, classification, determination, assignee, note
//                                            → the updated alert
//   POST  /api/v1/alerts/_bulk_update        {"ids": [...]} or {"filter": {...}} plus the change → {"updated": N}
//   GET   /api/v1/alerts/{id}/history        {"id", "history": [{"at","author","field","from","to"}],
//                                             "next_cursor"}, oldest first; ?cursor=next_cursor goes on
// Every change is recorded with the request's principal and the clock's time.
// A history page ends, with a next_cursor, before its body would exceed
// `max_response_bytes` (server.max_response_bytes): notes are 10,000
// characters each, and an alert may have any number of them.
void add_alert_triage_routes(Router& router, engine::AlertStore& alerts, const engine::Clock& clock,
                             std::size_t max_response_bytes);

}  // namespace vigil::api
