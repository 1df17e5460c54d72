#include "api/metrics/ingest_metrics.hpp"

namespace vigil::api::metrics {

IngestMetrics::IngestMetrics(MetricsRegistry& registry)
    : events_(registry.counters("vigil_ingest_events_total",
                                "Events stored, by the source normalization recognised and by index.")),
      bytes_(registry.counters("vigil_ingest_event_bytes_total",
                               "Bytes of normalized documents stored, by source and index.")),
      bulk_item_errors_(
          registry.counters("vigil_bulk_item_errors_total", "_bulk items answered with an error, by error type.")),
      rejections_(registry
                      .counters("vigil_ingest_rejections_total",
                                "Ingest batches refused with 429 because too many writes were waiting.")
                      .Add({})),
      store_failures_(registry.counters("vigil_ingest_store_failures_total",
                                        "Ingest batches the database refused, by reason (locked, disk_full, "
                                        "io_error, unreachable...); all but \"failed\" were answered 503.")) {}

void IngestMetrics::count_stored(std::span<const engine::ingest::WrittenEvent> batch) {
  std::size_t i = 0;
  while (i < batch.size()) {
    const auto& first = batch[i];
    double events = 0;
    double bytes = 0;
    for (; i < batch.size() && batch[i].shape == first.shape && batch[i].index == first.index; ++i) {
      if (batch[i].outcome == engine::WriteOutcome::kConflict) continue;
      events += 1;
      bytes += static_cast<double>(batch[i].bytes);
    }
    if (events == 0) continue;
    const prometheus::Labels labels{{"source", std::string(to_string(first.shape))},
                                    {"index", indices_.admit(first.index)}};
    events_.Add(labels).Increment(events);
    bytes_.Add(labels).Increment(bytes);
  }
}

void IngestMetrics::count_store_failure(engine::StoreErrorKind kind) {
  store_failures_.Add({{"reason", std::string(engine::store_error_name(kind))}}).Increment();
}

void IngestMetrics::count_bulk_item_error(const std::string& type) {
  bulk_item_errors_.Add({{"type", type}}).Increment();
}

}  // namespace vigil::api::metrics
