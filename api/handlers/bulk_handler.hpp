#pragma once

#include <cstddef>

#include "api/http/router.hpp"
#include "api/ingest/event_writer.hpp"
#include "api/metrics/ingest_metrics.hpp"

namespace vigil::api {

struct BulkOptions {
  std::size_t body_limit = 100 * 1024 * 1024;  // after inflation
  std::size_t max_document_bytes = 10 * 1024 * 1024;
};

// POST|PUT /_bulk and /{index}/_bulk, as Elasticsearch answers them: HTTP
// 200 with one item per action, in order, under the action's own key; a bad
// item gets its own 4xx status and error while the others are stored; the
// response is sent only after the batch is committed. `metrics`, when
// given, counts the items answered with an error, by type.
void add_bulk_routes(Router& router, EventWriter& writer, BulkOptions options,
                     metrics::IngestMetrics* metrics = nullptr);

}  // namespace vigil::api
