// The RetentionStore contract (engine/store/retention_store.hpp), on every
// storage backend: events aged out by arrival or by @timestamp, alerts with
// their tags and history, and old runs, a batch at a time.
#include <gtest/gtest.h>

#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/storage/store_backend.hpp"

namespace vigil::storage::testing {
namespace {

class RetentionStoreContract : public ::testing::TestWithParam<BackendFactory> {
 protected:
  std::unique_ptr<StoreBackend> backend = GetParam().make();
  engine::EventStore& events = backend->events();
  engine::RetentionStore& retention = backend->retention();

  void store(const std::vector<engine::EventRecord>& batch) { events.write_batch(batch); }
};

TEST_P(RetentionStoreContract, DeletesEventsByArrivalTimeInBatches) {
  store({make_event("arrived-old1", 5000, 100),  // stamped recently, stored long ago
         make_event("arrived-old2", std::nullopt, 900), make_event("arrived-old3", 200, 300),
         make_event("backlog", 100, 1500),  // stamped long ago, stored recently
         make_event("arrived-new", 1200, 1100)});

  EXPECT_EQ(retention.delete_events_before(1000, engine::RetentionBasis::kIngested, 2), 2u);
  EXPECT_EQ(retention.delete_events_before(1000, engine::RetentionBasis::kIngested, 2), 1u);
  EXPECT_EQ(retention.delete_events_before(1000, engine::RetentionBasis::kIngested, 2), 0u);
  for (const char* id : {"arrived-old1", "arrived-old2", "arrived-old3"})
    EXPECT_FALSE(events.get("winlogbeat-8", id)) << id;
  for (const char* id : {"backlog", "arrived-new"}) EXPECT_TRUE(events.get("winlogbeat-8", id)) << id;
  // A deleted event's id is free again: its create stores a new event.
  const std::vector<engine::EventRecord> again = {make_event("arrived-old1", 5000, 2000)};
  EXPECT_EQ(events.write_batch(again).front().outcome, engine::WriteOutcome::kCreated);
}

TEST_P(RetentionStoreContract, DeletesEventsByTimestampOrIngestionTimeInBatches) {
  store({make_event("old1", 100, 5000), make_event("old2", 200, 5000), make_event("old3", 300, 5000),
         make_event("new", 1500, 100),  // ingested long ago, but its @timestamp is recent
         make_event("undated-old", std::nullopt, 900), make_event("undated-new", std::nullopt, 1100)});

  EXPECT_EQ(retention.delete_events_before(1000, engine::RetentionBasis::kTimestamp, 2), 2u);
  EXPECT_EQ(retention.delete_events_before(1000, engine::RetentionBasis::kTimestamp, 2), 2u);
  EXPECT_EQ(retention.delete_events_before(1000, engine::RetentionBasis::kTimestamp, 2), 0u);
  for (const char* id : {"old1", "old2", "old3", "undated-old"}) EXPECT_FALSE(events.get("winlogbeat-8", id)) << id;
  for (const char* id : {"new", "undated-new"}) EXPECT_TRUE(events.get("winlogbeat-8", id)) << id;
}

TEST_P(RetentionStoreContract, DeletesAlertsWithTagsHistoryAndOldRuns) {
  const auto runs = backend->open_runs();
  const auto alerts = backend->open_alerts();
  std::vector<engine::Alert> batch;
  for (int i = 0; i < 5; ++i)
    batch.push_back(make_alert(
        {.id = "a" + std::to_string(i), .created_at = 1000 * (i + 1), .mitre = {"T1098.002"}, .tactics = {"TA0003"}}));
  runs->commit_run(seed_run(500), batch);
  runs->commit_run(seed_run(4500), {});
  engine::AlertChange note;
  note.note = "seen";
  alerts->update_many(std::nullopt, {}, note, {"analyst", 6000});

  EXPECT_EQ(retention.delete_alerts_before(3500, 2), 2u);  // a0, a1; the run started at 500
  EXPECT_EQ(retention.delete_alerts_before(3500, 2), 1u);  // a2
  EXPECT_EQ(retention.delete_alerts_before(3500, 2), 0u);
  EXPECT_FALSE(alerts->get("a2"));
  EXPECT_TRUE(alerts->get("a3"));
  EXPECT_EQ(backend->sql_number("SELECT count(*) FROM alerts"), 2);
  EXPECT_EQ(backend->sql_number("SELECT count(*) FROM alert_tags"), 2 * 3);  // T1098.002, T1098, TA0003 each
  EXPECT_EQ(backend->sql_number("SELECT count(*) FROM alert_history"), 2);
  EXPECT_EQ(runs->recent_runs("seed", 10).size(), 1u);
  engine::AlertQuery query;
  query.filter.technique = "T1098";
  EXPECT_EQ(alerts->list(query).total, 2u);
}

INSTANTIATE_TEST_SUITE_P(SQLite, RetentionStoreContract, ::testing::Values(sqlite_backend()), backend_name);
INSTANTIATE_TEST_SUITE_P(PostgreSQL, RetentionStoreContract, ::testing::Values(postgresql_backend()), backend_name);

}  // namespace
}  // namespace vigil::storage::testing
