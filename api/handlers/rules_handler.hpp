#pragma once

#include "api/http/router.hpp"
#include "engine/detect/scheduler.hpp"
#include "engine/store/run_store.hpp"

namespace vigil::api {

// The loaded rules, their run history and manual runs:
//   GET  /api/v1/rules                 every rule with its settings and last run
//   GET  /api/v1/rules/{id}            one rule (adds description, note, references...)
//   GET  /api/v1/rules/{id}/runs       recent runs, newest first (?limit, default 20, max 1000)
//   POST /api/v1/rules/{id}/_run       run now over the normal window, or over
//                                      {"start": RFC3339, "end": RFC3339}; returns the run record
// The rules are the scheduler's (Scheduler::rules()), so a reload shows at once.
void add_rules_routes(Router& router, engine::RunStore& runs, engine::detect::Scheduler& scheduler);

}  // namespace vigil::api
