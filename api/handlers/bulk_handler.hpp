#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "api/http/router.hpp"
#include "api/metrics/ingest_metrics.hpp"
#include "engine/ingest/ingest_pipeline.hpp"

namespace vigil::api {

struct BulkOptions {
  std::size_t body_limit = 100 * 1024 * 1024;  // after inflation
  std::size_t max_document_bytes = 10 * 1024 * 1024;
  // Index patterns (ingest.overwrite_indices) whose events an `index`
  // action may replace; none by default.
  std::vector<std::string> overwrite_indices;
  // Items one request may hold (ingest.max_items_per_request); more is 413.
  std::size_t max_items = 100000;
};

// POST|PUT /_bulk and /{index}/_bulk, as Elasticsearch answers them: HTTP
// 200 with one item per action, in order, under the action's own key; a bad
// item gets its own 4xx status and error while the others are stored; the
// response is sent only after the batch is committed. `metrics`, when
// given, counts the items answered with an error, by type.
// Indices are append-only, as Elasticsearch data streams are: an `index`
// action whose id is stored gets 409, as `create` does, and the stored
// event stays, unless its index matches overwrite_indices; even then the
// replaced version stays for rule runs (engine::EventStore::write_batch).
void add_bulk_routes(Router& router, engine::ingest::IngestPipeline& pipeline, BulkOptions options,
                     metrics::IngestMetrics* metrics = nullptr);

}  // namespace vigil::api
