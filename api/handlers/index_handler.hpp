#pragma once

#include "api/http/router.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::api {

// What Elasticsearch clients and shippers ask of an index before and after
// writing to it. Vigil's writes are visible once acknowledged, so refresh
// and flush only answer as Elasticsearch does:
//   POST|GET /_refresh, /{index}/_refresh, /_flush, /{index}/_flush
//   GET|HEAD /{index}        the selected indices (aliases, mappings,
//                             settings); 404 index_not_found_exception
//                             when the pattern selects no stored event
//   GET /_mapping, /{index}/_mapping   the fields seen in the first
//                             stored events of each index
// {index} is a pattern or a comma-separated list, as for _count.
void add_index_routes(Router& router, engine::EventStore& events);

}  // namespace vigil::api
