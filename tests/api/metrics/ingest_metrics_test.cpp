#include "api/metrics/ingest_metrics.hpp"

#include <gtest/gtest.h>

#include "api/ingest/event_writer.hpp"

namespace vigil::api::metrics {
namespace {

using engine::WriteOutcome;

WrittenEvent written(std::string index, std::string shape, std::size_t bytes, WriteOutcome outcome) {
  return {std::move(index), "id", outcome, std::move(shape), bytes};
}

TEST(IngestMetrics, CountsStoredEventsAndBytesBySourceAndIndexButNotConflicts) {
  MetricsRegistry registry;
  IngestMetrics metrics(registry);
  const std::vector<WrittenEvent> batch = {
      written("winlogbeat-8", "sysmon_process_create", 100, WriteOutcome::kCreated),
      written("winlogbeat-8", "sysmon_process_create", 50, WriteOutcome::kCreated),
      written("winlogbeat-8", "sysmon_process_create", 70, WriteOutcome::kConflict),
      written("logs-x", "unknown", 10, WriteOutcome::kUpdated),
      written("winlogbeat-8", "sysmon_process_create", 30, WriteOutcome::kCreated),
      written("logs-y", "ecs", 5, WriteOutcome::kConflict),
  };
  metrics.count_stored(batch);
  metrics.count_bulk_item_error("document_parsing_exception");
  metrics.count_bulk_item_error("document_parsing_exception");
  metrics.count_bulk_item_error("version_conflict_engine_exception");
  metrics.count_rejection();

  EXPECT_EQ(registry.render(),
            "# HELP vigil_bulk_item_errors_total _bulk items answered with an error, by error type.\n"
            "# TYPE vigil_bulk_item_errors_total counter\n"
            "vigil_bulk_item_errors_total{type=\"document_parsing_exception\"} 2\n"
            "vigil_bulk_item_errors_total{type=\"version_conflict_engine_exception\"} 1\n"
            "# HELP vigil_ingest_event_bytes_total Bytes of normalized documents stored, by source and index.\n"
            "# TYPE vigil_ingest_event_bytes_total counter\n"
            "vigil_ingest_event_bytes_total{index=\"logs-x\",source=\"unknown\"} 10\n"
            "vigil_ingest_event_bytes_total{index=\"winlogbeat-8\",source=\"sysmon_process_create\"} 180\n"
            "# HELP vigil_ingest_events_total Events stored, by the source normalization recognised and by index.\n"
            "# TYPE vigil_ingest_events_total counter\n"
            "vigil_ingest_events_total{index=\"logs-x\",source=\"unknown\"} 1\n"
            "vigil_ingest_events_total{index=\"winlogbeat-8\",source=\"sysmon_process_create\"} 3\n"
            "# HELP vigil_ingest_rejections_total Ingest batches refused with 429 because too many writes were "
            "waiting.\n"
            "# TYPE vigil_ingest_rejections_total counter\n"
            "vigil_ingest_rejections_total 1\n");
}

}  // namespace
}  // namespace vigil::api::metrics
