#pragma once

#include <cstddef>
#include <functional>

#include "api/http/router.hpp"
#include "engine/rules/load_result.hpp"

namespace vigil::api {

// What a rule reload did: with errors nothing was replaced and the set
// loaded before keeps running.
struct RuleReloadOutcome {
  engine::LoadResult result;
  std::size_t rules = 0;    // in the set running now
  std::size_t enabled = 0;  // of those
};

// POST /api/v1/rules/_reload (admin): calls `reload`, which loads the rule
// directories again and swaps the set in between runs (daemon/rule_reloader.hpp).
//   200 {"reloaded":true,"rules":N,"enabled":M,"warnings":[...]}
//   422 {"error":{"type":"rule_load_exception","reason":..,"errors":[{code,severity,file,line,column,message}],
//        "warnings":[...]},"status":422}
// `reload` may throw (a store failure while swapping): 500, the old set running.
void add_rules_reload_route(Router& router, std::function<RuleReloadOutcome()> reload);

}  // namespace vigil::api
