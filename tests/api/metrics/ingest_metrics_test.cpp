#include "api/metrics/ingest_metrics.hpp"

#include <gtest/gtest.h>

#include "engine/ingest/ingest_batch.hpp"
#include "tests/api/metrics/exposition.hpp"

namespace vigil::api::metrics {
namespace {

using engine::EventShape;
using engine::WriteOutcome;
using engine::ingest::WrittenEvent;

WrittenEvent written(std::string index, EventShape shape, std::size_t bytes, WriteOutcome outcome) {
  return {std::move(index), "id", outcome, shape, bytes};
}

TEST(IngestMetrics, CountsStoredEventsAndBytesBySourceAndIndexButNotConflicts) {
  MetricsRegistry registry;
  IngestMetrics metrics(registry);
  const std::vector<WrittenEvent> batch = {
      written("winlogbeat-8", EventShape::kSysmonProcessCreate, 100, WriteOutcome::kCreated),
      written("winlogbeat-8", EventShape::kSysmonProcessCreate, 50, WriteOutcome::kCreated),
      written("winlogbeat-8", EventShape::kSysmonProcessCreate, 70, WriteOutcome::kConflict),
      written("logs-x", EventShape::kUnknown, 10, WriteOutcome::kUpdated),
      written("winlogbeat-8", EventShape::kSysmonProcessCreate, 30, WriteOutcome::kCreated),
      written("logs-y", EventShape::kEcs, 5, WriteOutcome::kConflict),
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

// Issue 33: 60,000 index names made /metrics 32 MB. The index label keeps
// the first 100 names; the rest count under "other", nothing lost.
TEST(IngestMetrics, SixtyThousandIndexNamesLeaveAtMost101IndexSeries) {
  MetricsRegistry registry;
  IngestMetrics metrics(registry);
  constexpr std::size_t kIndices = 60'000;
  std::vector<WrittenEvent> batch;
  for (std::size_t i = 0; i < kIndices; ++i)
    batch.push_back(written("index-" + std::to_string(i), EventShape::kEcs, 1, WriteOutcome::kCreated));
  metrics.count_stored(batch);

  const auto text = registry.render();
  const auto parsed = test::parse_exposition(text);
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front();
  std::size_t series = 0;
  double events = 0;
  for (const auto& [name, value] : parsed.samples)
    if (name.starts_with("vigil_ingest_events_total{")) {
      ++series;
      events += value;
    }
  EXPECT_EQ(series, IngestMetrics::kMaxIndexLabels + 1);
  EXPECT_EQ(events, kIndices) << "every event is still counted";
  EXPECT_EQ(parsed.value("vigil_ingest_events_total{index=\"index-0\",source=\"ecs\"}"), 1);
  EXPECT_EQ(parsed.value("vigil_ingest_events_total{index=\"other\",source=\"ecs\"}"),
            kIndices - IngestMetrics::kMaxIndexLabels);
  EXPECT_LT(text.size(), 64u * 1024) << "the exposition stays small";
}

}  // namespace
}  // namespace vigil::api::metrics
