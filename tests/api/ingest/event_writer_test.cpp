#include "api/ingest/event_writer.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "api/metrics/ingest_metrics.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "tests/api/metrics/exposition.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::api {
namespace {

std::vector<IncomingEvent> one_event(std::string id) {
  std::vector<IncomingEvent> events;
  events.push_back({nlohmann::json{{"n", 1}}, "logs-x", std::move(id), engine::WriteMode::kCreate});
  return events;
}

TEST(EventWriter, ABatchWaitingForTheDatabaseIsQueueDepthAndTheNextIsRejectedAndCounted) {
  test::TempDir dir;
  storage::Database db{storage::Database::Options{dir / "vigil.db"}};
  storage::SqliteEventStore store{db};
  engine::ManualClock clock{1'000'000};
  metrics::MetricsRegistry registry;
  metrics::IngestMetrics metrics(registry);
  EventWriter writer(store, clock, 1, &metrics);

  std::future<std::vector<WrittenEvent>> waiting;
  db.write([&](storage::Connection&) {
    // Holding the writer connection: the batch below waits for it.
    waiting = std::async(std::launch::async, [&] { return writer.write(one_event("a"), engine::SourceHint::kAuto); });
    while (writer.pending() == 0) std::this_thread::yield();
    EXPECT_EQ(writer.pending(), 1u);
    EXPECT_THROW(writer.write(one_event("b"), engine::SourceHint::kAuto), WriterSaturated);
    return 0;
  });
  EXPECT_EQ(waiting.get().front().outcome, engine::WriteOutcome::kCreated);
  EXPECT_EQ(writer.pending(), 0u);
  writer.write(one_event("a"), engine::SourceHint::kAuto);  // a duplicate: refused, not counted as stored

  const auto text = test::parse_exposition(registry.render());
  ASSERT_TRUE(text.errors.empty()) << text.errors.front();
  EXPECT_EQ(text.value("vigil_ingest_rejections_total"), 1);
  EXPECT_EQ(text.value(R"(vigil_ingest_events_total{index="logs-x",source="unknown"})"), 1);
  EXPECT_EQ(writer.unrecognised_total(), 1u);
}

TEST(EventWriter, ABatchTheDatabaseRefusesIsCountedByReasonAndNothingIsStored) {
  test::TempDir dir;
  storage::Database db{storage::Database::Options{dir / "vigil.db", "normal", 50}};
  storage::SqliteEventStore store{db};
  engine::ManualClock clock{1'000'000};
  metrics::MetricsRegistry registry;
  metrics::IngestMetrics metrics(registry);
  EventWriter writer(store, clock, 4, &metrics);
  {
    // Another process holding the write lock past the busy timeout.
    storage::Connection holder(dir / "vigil.db", {5000, "normal", false});
    storage::Transaction held(holder);
    try {
      writer.write(one_event("a"), engine::SourceHint::kAuto);
      FAIL() << "the batch was written under another connection's lock";
    } catch (const engine::StoreError& e) {
      EXPECT_EQ(e.kind(), engine::StoreErrorKind::kLocked) << e.what();
    }
  }
  EXPECT_EQ(writer.pending(), 0u);
  EXPECT_EQ(store.count({}), 0u);
  EXPECT_EQ(writer.write(one_event("a"), engine::SourceHint::kAuto).front().outcome, engine::WriteOutcome::kCreated);

  const auto text = test::parse_exposition(registry.render());
  ASSERT_TRUE(text.errors.empty()) << text.errors.front();
  EXPECT_EQ(text.value(R"(vigil_ingest_store_failures_total{reason="locked"})"), 1);
}

}  // namespace
}  // namespace vigil::api
