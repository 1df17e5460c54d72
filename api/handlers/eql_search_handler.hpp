#pragma once

#include "api/http/router.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::api {

// POST|GET /{index}/_eql/search: Elasticsearch's EQL search over the stored
// events, through the engine the rules run on (engine/eql), so an analyst
// trying a rule's query by hand sees what the rule would match. Event
// queries only (a sequence is a 400 saying so); the request is
// parse_eql_search_request's. The answer is Elasticsearch's: is_partial,
// is_running, took, timed_out, hits.total and hits.events (_index, _id,
// _source) in time order. Bounded: at most kMaxEqlSearchSize events, at
// most kMaxEqlSearchBytes of sources (is_partial when cut), the store's
// read deadline (503), and the request memory budget (429).
inline constexpr std::size_t kMaxEqlSearchBytes = std::size_t{32} * 1024 * 1024;
void add_eql_search_routes(Router& router, engine::EventStore& events, const engine::Clock& clock);

}  // namespace vigil::api
