#include "api/ingest/ingest_reporter.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "api/metrics/ingest_metrics.hpp"
#include "engine/ingest/ingest_pipeline.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "tests/api/metrics/exposition.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::api {
namespace {

using engine::ingest::IncomingEvent;
using engine::ingest::IngestPipeline;
using engine::ingest::IngestResult;

std::vector<IncomingEvent> one_event(std::string id) {
  std::vector<IncomingEvent> events;
  events.push_back({nlohmann::json{{"n", 1}}, "logs-x", std::move(id), engine::WriteMode::kCreate});
  return events;
}

// The pipeline over a real database, reporting to the metrics as vigild wires it.
TEST(IngestReporter, ABatchWaitingForTheDatabaseIsQueueDepthAndTheNextIsRejectedAndCounted) {
  test::TempDir dir;
  storage::Database db{storage::Database::Options{dir / "vigil.db"}};
  storage::SqliteEventStore store{db};
  engine::ManualClock clock{1'000'000};
  metrics::MetricsRegistry registry;
  metrics::IngestMetrics metrics(registry);
  IngestReporter reporter(&metrics);
  IngestPipeline pipeline(store, clock, 1, {&reporter});

  std::future<IngestResult> waiting;
  db.write([&](storage::Connection&) {
    // Holding the pipeline connection: the batch below waits for it.
    waiting = std::async(std::launch::async, [&] { return pipeline.ingest(one_event("a"), engine::SourceHint::kAuto); });
    while (pipeline.pending() == 0) std::this_thread::yield();
    EXPECT_EQ(pipeline.pending(), 1u);
    EXPECT_TRUE(pipeline.ingest(one_event("b"), engine::SourceHint::kAuto).saturated);
    return 0;
  });
  EXPECT_EQ(waiting.get().items.front().outcome, engine::WriteOutcome::kCreated);
  EXPECT_EQ(pipeline.pending(), 0u);
  pipeline.ingest(one_event("a"), engine::SourceHint::kAuto);  // a duplicate: refused, not counted as stored

  const auto text = test::parse_exposition(registry.render());
  ASSERT_TRUE(text.errors.empty()) << text.errors.front();
  EXPECT_EQ(text.value("vigil_ingest_rejections_total"), 1);
  EXPECT_EQ(text.value(R"(vigil_ingest_events_total{index="logs-x",source="unknown"})"), 1);
  EXPECT_EQ(pipeline.unrecognised_total(), 1u);
}

TEST(IngestReporter, ABatchTheDatabaseRefusesIsCountedByReasonAndNothingIsStored) {
  test::TempDir dir;
  storage::Database db{storage::Database::Options{dir / "vigil.db", "normal", 50}};
  storage::SqliteEventStore store{db};
  engine::ManualClock clock{1'000'000};
  metrics::MetricsRegistry registry;
  metrics::IngestMetrics metrics(registry);
  IngestReporter reporter(&metrics);
  IngestPipeline pipeline(store, clock, 4, {&reporter});
  {
    // Another process holding the write lock past the busy timeout.
    storage::Connection holder(dir / "vigil.db", {5000, "normal", false});
    storage::Transaction held(holder);
    try {
      pipeline.ingest(one_event("a"), engine::SourceHint::kAuto);
      FAIL() << "the batch was written under another connection's lock";
    } catch (const engine::StoreError& e) {
      EXPECT_EQ(e.kind(), engine::StoreErrorKind::kLocked) << e.what();
    }
  }
  EXPECT_EQ(pipeline.pending(), 0u);
  EXPECT_EQ(store.count({}), 0u);
  EXPECT_EQ(pipeline.ingest(one_event("a"), engine::SourceHint::kAuto).items.front().outcome,
            engine::WriteOutcome::kCreated);

  const auto text = test::parse_exposition(registry.render());
  ASSERT_TRUE(text.errors.empty()) << text.errors.front();
  EXPECT_EQ(text.value(R"(vigil_ingest_store_failures_total{reason="locked"})"), 1);
}

}  // namespace
}  // namespace vigil::api
