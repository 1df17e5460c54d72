#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>

#include <span>
#include <string>

#include "api/metrics/bounded_label.hpp"
#include "api/metrics/metrics_registry.hpp"
#include "engine/ingest/ingest_batch.hpp"
#include "engine/store/store_error.hpp"

namespace vigil::api::metrics {

// What happened to ingested events:
//   vigil_ingest_events_total{source,index}       events stored (created or replaced)
//   vigil_ingest_event_bytes_total{source,index}  bytes of their normalized documents
//   vigil_bulk_item_errors_total{type}            _bulk items answered with an error, by its type
//   vigil_ingest_rejections_total                 batches refused with 429 (write queue full)
//   vigil_ingest_store_failures_total{reason}     batches the database refused (503 when transient),
//                                                 by engine::store_error_name ("locked", "disk_full"...)
// `source` is the shape the normalizer recognised ("sysmon_process_create",
// "security_4688", "defender_process", "defender_table", "ecs",
// "winlog_other", or "unknown" for events stored unrecognised). `index`
// takes the first kMaxIndexLabels index names stored; events of any other
// index count under index="other", so clients naming new indices cannot
// grow /metrics without bound. Thread-safe.
class IngestMetrics {
 public:
  static constexpr std::size_t kMaxIndexLabels = 100;

  explicit IngestMetrics(MetricsRegistry& registry);

  // One committed batch: counts the events stored, not those refused with
  // a conflict. A run of events with the same source and index (the usual
  // batch) costs one label lookup.
  void count_stored(std::span<const engine::ingest::WrittenEvent> batch);
  void count_bulk_item_error(const std::string& type);
  void count_rejection() { rejections_.Increment(); }
  void count_store_failure(engine::StoreErrorKind kind);

 private:
  prometheus::Family<prometheus::Counter>& events_;
  prometheus::Family<prometheus::Counter>& bytes_;
  prometheus::Family<prometheus::Counter>& bulk_item_errors_;
  prometheus::Counter& rejections_;
  prometheus::Family<prometheus::Counter>& store_failures_;
  BoundedLabel indices_{kMaxIndexLabels};
};

}  // namespace vigil::api::metrics
