#pragma once

#include "api/http/router.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::api {

// Reading events back the Elasticsearch way: GET /{index}/_doc/{id} and
// GET /_count, /{index}/_count (the index may be a pattern or a
// comma-separated list, e.g. winlogbeat-*). A query parameter these
// Elasticsearch APIs do not take is answered 400, as Elasticsearch does.
void add_document_routes(Router& router, engine::EventStore& events);

}  // namespace vigil::api
